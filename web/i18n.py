"""The web pages' own words in German, English and French.

The assistant's sentences come from the intake agent and the procedures;
these are the labels, buttons and explanations around them.
"""

from __future__ import annotations

from collections.abc import Callable

from web.texts_people import TEXTS

LANGUAGES: tuple[str, ...] = ("de", "en", "fr")
DEFAULT_LANGUAGE = "de"
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "fr": "Français"}

_T: dict[str, tuple[str, str, str]] = {
    # (de, en, fr)
    "skip": ("Zum Inhalt springen", "Skip to content", "Aller au contenu"),
    "language": ("Sprache", "Language", "Langue"),
    "home": ("Startseite", "Home", "Accueil"),
    "staff_area": ("Für Sachbearbeitung", "For caseworkers", "Espace agents"),
    "footer": (
        "Guichet – Anträge online stellen. Ihre Angaben werden vertraulich behandelt.",
        "Guichet – apply online. Your answers are treated confidentially.",
        "Guichet – vos démarches en ligne. Vos réponses sont traitées de façon confidentielle.",
    ),
    "start_title": ("Einen Antrag stellen", "Make an application", "Faire une demande"),
    "start_intro": (
        "Wählen Sie das Verfahren und die Sprache. Ein Assistent stellt Ihnen die Fragen "
        "des Formulars nacheinander; Sie können jederzeit unterbrechen und später weitermachen.",
        "Choose the procedure and the language. An assistant asks you the form's questions "
        "one at a time; you can stop at any time and continue later.",
        "Choisissez la démarche et la langue. Un assistant vous pose les questions du "
        "formulaire une par une ; vous pouvez vous arrêter et reprendre plus tard.",
    ),
    "procedure": ("Verfahren", "Procedure", "Démarche"),
    "conversation_language": (
        "Sprache des Gesprächs",
        "Language of the conversation",
        "Langue de l'échange",
    ),
    "start": ("Antrag beginnen", "Start the application", "Commencer la demande"),
    "resume_existing": (
        "Ihren begonnenen Antrag fortsetzen",
        "Continue your application",
        "Reprendre votre demande",
    ),
    "lost_link": (
        "Link verloren? Neuen Link anfordern",
        "Lost your link? Get a new one",
        "Lien perdu ? En recevoir un nouveau",
    ),
    "chat_title": ("Ihr Antrag", "Your application", "Votre demande"),
    "reference": ("Aktenzeichen", "Reference", "Référence"),
    "progress": (
        "{done} von {total} Angaben erledigt, {left} offen",
        "{done} of {total} answers done, {left} to go",
        "{done} réponses sur {total}, encore {left}",
    ),
    "progress_label": ("Fortschritt", "Progress", "Progression"),
    "conversation": ("Gespräch", "Conversation", "Échange"),
    "earlier_messages": (
        "Frühere Nachrichten anzeigen",
        "Show earlier messages",
        "Afficher les messages précédents",
    ),
    "latest_messages": (
        "Zu den neuesten Nachrichten und Ihrer Antwort",
        "Back to the latest messages and your answer",
        "Revenir aux derniers messages et à votre réponse",
    ),
    "assistant": ("Assistent", "Assistant", "Assistant"),
    "you": ("Sie", "You", "Vous"),
    "your_answer": ("Ihre Antwort", "Your answer", "Votre réponse"),
    "answer_hint": (
        "Antworten Sie in eigenen Worten, höchstens {limit} Zeichen.",
        "Answer in your own words, at most {limit} characters.",
        "Répondez avec vos mots, {limit} caractères au plus.",
    ),
    "message_too_long": (
        "Ihre Nachricht hat {n} Zeichen; eine Nachricht darf höchstens {limit} haben. "
        "Bitte kürzen Sie sie oder schicken Sie sie in Teilen.",
        "Your message has {n} characters; one message holds at most {limit}. "
        "Please shorten it or send it in parts.",
        "Votre message compte {n} caractères ; un message en contient {limit} au plus. "
        "Raccourcissez-le ou envoyez-le en plusieurs fois.",
    ),
    "send": ("Senden", "Send", "Envoyer"),
    "reading_answer": (
        "Ihre Antwort wird gelesen …",
        "Reading your answer …",
        "Lecture de votre réponse …",
    ),
    "upload_label": ("Dokument hochladen", "Upload the document", "Joindre le document"),
    "upload_named": (
        "Dokument hochladen: {document}",
        "Upload the document: {document}",
        "Joindre le document : {document}",
    ),
    "documents_sent": (
        "Ich sende die Unterlagen, zuerst: {document}.",
        "I am sending the documents, first: {document}.",
        "J'envoie les pièces, d'abord : {document}.",
    ),
    "upload_hint": (
        "PDF, JPEG oder PNG, höchstens 10 MB. "
        "Oder antworten Sie „nein“, wenn Sie es noch nicht haben.",
        "PDF, JPEG or PNG, at most 10 MB. Or answer “no” if you do not have it yet.",
        "PDF, JPEG ou PNG, 10 Mo au plus. Ou répondez « non » si vous ne l'avez pas encore.",
    ),
    "upload": ("Hochladen", "Upload", "Envoyer le fichier"),
    "upload_too_large": (
        "Die Datei ist zu groß (höchstens 10 MB).",
        "The file is too large (at most 10 MB).",
        "Le fichier est trop volumineux (10 Mo au plus).",
    ),
    "upload_wrong_type": (
        "Nur PDF-, JPEG- und PNG-Dateien werden angenommen.",
        "Only PDF, JPEG and PNG files are accepted.",
        "Seuls les fichiers PDF, JPEG et PNG sont acceptés.",
    ),
    "upload_invalid": (
        "Die Datei konnte nicht angenommen werden. Bitte wählen Sie sie erneut.",
        "The file could not be accepted. Please choose it again.",
        "Le fichier n'a pas pu être accepté. Veuillez le choisir à nouveau.",
    ),
    "back_to_chat": ("Zurück zum Gespräch", "Back to the conversation", "Retour à la conversation"),
    "unavailable_title": (
        "Einen Moment bitte",
        "One moment, please",
        "Un instant, s'il vous plaît",
    ),
    "unavailable_text": (
        "Der Dienst ist gerade kurz nicht erreichbar. Ihre Antwort ist vielleicht nicht "
        "angekommen: Gehen Sie in einer Minute zurück zum Gespräch und senden Sie sie noch "
        "einmal, sie wird nur einmal übernommen.",
        "The service is briefly unavailable. Your answer may not have arrived: go back to the "
        "conversation in a minute and send it again; it will be taken only once.",
        "Le service est momentanément indisponible. Votre réponse n'est peut-être pas arrivée : "
        "revenez à la conversation dans une minute et renvoyez-la ; elle ne sera prise en compte "
        "qu'une fois.",
    ),
    "stale_turn": (
        "Diese Frage wurde schon beantwortet. Bitte antworten Sie auf die Frage unten.",
        "That question was already answered. Please answer the question below.",
        "Cette question a déjà reçu une réponse. Répondez à la question ci-dessous.",
    ),
    "busy": (
        "Ihre vorige Antwort wird noch bearbeitet. Bitte senden Sie gleich noch einmal.",
        "Your previous answer is still being processed. Please send again in a moment.",
        "Votre réponse précédente est en cours de traitement. Renvoyez dans un instant.",
    ),
    "error": ("Fehler", "Error", "Erreur"),
    "review_title": ("Ihre Angaben prüfen", "Check your answers", "Vérifier vos réponses"),
    "review_intro": (
        "Ändern Sie jede Angabe hier oder im Gespräch; reichen Sie den Antrag ein, "
        "wenn alles stimmt.",
        "Change any answer here or in the conversation; submit when everything is right.",
        "Modifiez chaque réponse ici ou dans l'échange ; déposez la demande quand tout est exact.",
    ),
    "field": ("Angabe", "Answer", "Réponse"),
    "value": ("Wert", "Value", "Valeur"),
    "new_value": ("Neuer Wert für {label}", "New value for {label}", "Nouvelle valeur : {label}"),
    "change": ("Ändern", "Change", "Modifier"),
    "submit_application": ("Antrag einreichen", "Submit the application", "Déposer la demande"),
    "continue_later": ("Später weitermachen", "Continue later", "Reprendre plus tard"),
    "continue_later_intro": (
        "Sie können den Browser schließen. Mit Ihrem privaten Link machen Sie später "
        "hier weiter. Geben Sie ihn niemandem weiter; er gilt nur einmal.",
        "You can close the browser. Your private link brings you back here later. "
        "Do not share it; it works once.",
        "Vous pouvez fermer le navigateur. Votre lien privé vous ramène ici plus tard. "
        "Ne le partagez pas ; il ne sert qu'une fois.",
    ),
    "get_link": (
        "Privaten Link erstellen",
        "Create my private link",
        "Créer mon lien privé",
    ),
    "your_link": ("Ihr privater Link", "Your private link", "Votre lien privé"),
    "resend_title": (
        "Link per E-Mail erneut senden",
        "Send the link to my e-mail again",
        "Renvoyer le lien par courriel",
    ),
    "resend_intro": (
        "Geben Sie das Aktenzeichen und die E-Mail-Adresse an, die Sie im Antrag oder auf "
        "seiner Statusseite angegeben haben. Nur an diese Adresse senden wir einen neuen Link.",
        "Enter the reference and the e-mail address you gave in your application or on its "
        "status page. We send a new link to that address only.",
        "Indiquez la référence et l'adresse électronique donnée dans votre demande ou sur sa "
        "page de suivi. Nous n'envoyons un nouveau lien qu'à cette adresse.",
    ),
    "resend_done": (
        "Passen Aktenzeichen und Adresse zu einem Antrag, haben wir soeben einen neuen Link "
        "an diese Adresse gesendet. Sonst wurde nichts gesendet: Ohne hinterlegte Adresse "
        "können wir keinen Link senden – beginnen Sie dann einen neuen Antrag oder wenden Sie "
        "sich mit dem Aktenzeichen an die Behörde.",
        "If the reference and the address match an application, we have just sent a new "
        "link to that address. Otherwise nothing was sent: without an address on file we "
        "cannot send a link – start a new application, or contact the office with your "
        "reference.",
        "Si la référence et l'adresse correspondent à une demande, nous venons d'envoyer un "
        "nouveau lien à cette adresse. Sinon, rien n'a été envoyé : sans adresse enregistrée, "
        "nous ne pouvons pas envoyer de lien – commencez une nouvelle demande ou contactez "
        "le service avec votre référence.",
    ),
    "email": ("E-Mail-Adresse", "E-mail address", "Adresse électronique"),
    "resend": ("Link senden", "Send the link", "Envoyer le lien"),
    "link_no_email": (
        "Dieser Antrag fragt nach keiner E-Mail-Adresse: Geht der Link verloren, können wir "
        "Ihnen nur dann einen neuen senden, wenn Sie eine Adresse angeben.",
        "This application asks for no e-mail address: if you lose the link, we can send a "
        "new one only if you give an address.",
        "Cette démarche ne demande pas d'adresse électronique : si vous perdez le lien, nous "
        "ne pourrons vous en envoyer un nouveau que si vous en indiquez une.",
    ),
    "give_email": (
        "E-Mail-Adresse angeben",
        "Give an e-mail address",
        "Indiquer une adresse électronique",
    ),
    "start_afresh": (
        "Die vorige Seite war abgelaufen; es wurde nichts gesendet. Beginnen Sie hier neu.",
        "The previous page had expired; nothing was sent. Start again here.",
        "La page précédente avait expiré ; rien n'a été envoyé. Recommencez ici.",
    ),
    "link_invalid": (
        "Dieser Link ist nicht mehr gültig. Fordern Sie unten einen neuen an.",
        "This link is no longer valid. Ask for a new one below.",
        "Ce lien n'est plus valable. Demandez-en un nouveau ci-dessous.",
    ),
    "mail_subject": (
        "Ihr Link zum Antrag {reference}",
        "Your link to application {reference}",
        "Votre lien vers la demande {reference}",
    ),
    "mail_body": (
        "Guten Tag,\n\nmit diesem Link setzen Sie Ihren Antrag {reference} fort "
        "(er gilt einmal):\n{link}\n\nHaben Sie keinen Link angefordert, ignorieren Sie "
        "diese Nachricht.\n",
        "Hello,\n\nuse this link to continue your application {reference} (it works once):"
        "\n{link}\n\nIf you did not ask for a link, ignore this message.\n",
        "Bonjour,\n\nce lien vous permet de reprendre votre demande {reference} (il ne sert "
        "qu'une fois) :\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message.\n",
    ),
    "status_title": ("Stand Ihres Antrags", "Status of your application", "État de votre demande"),
    "status": ("Status", "Status", "État"),
    "next_steps": ("Wie es weitergeht", "What happens next", "La suite"),
    "deadlines": ("Fristen", "Deadlines", "Délais"),
    "no_deadlines": ("Keine Fristen", "No deadlines", "Aucun délai"),
    "decision": ("Entscheidung", "Decision", "Décision"),
    "read_letter": ("Bescheid lesen", "Read the decision letter", "Lire la décision"),
    "answer_question": (
        "Die Sachbearbeitung hat eine Frage an Sie. Antworten Sie im Gespräch.",
        "The caseworker has a question for you. Answer it in the conversation.",
        "L'agent instructeur vous pose une question. Répondez dans l'échange.",
    ),
    "go_to_chat": ("Zum Gespräch", "Go to the conversation", "Aller à l'échange"),
    "withdraw": ("Antrag zurückziehen", "Withdraw the application", "Retirer la demande"),
    "status_intake": ("Antrag wird ausgefüllt", "Being filled in", "En cours de saisie"),
    "status_submitted": ("Eingereicht", "Submitted", "Déposée"),
    "status_under_review": ("In Prüfung", "Under review", "En cours d'instruction"),
    "status_awaiting_applicant": (
        "Wartet auf Ihre Antwort",
        "Waiting for your answer",
        "En attente de votre réponse",
    ),
    "status_decided": ("Entschieden", "Decided", "Décidée"),
    "status_closed": ("Abgeschlossen", "Closed", "Clôturée"),
    "status_purged": ("Gelöscht", "Deleted", "Supprimée"),
    "next_intake": (
        "Beantworten Sie die restlichen Fragen und reichen Sie den Antrag ein.",
        "Answer the remaining questions and submit the application.",
        "Répondez aux questions restantes puis déposez la demande.",
    ),
    "next_submitted": (
        "Wir prüfen die Voraussetzungen. Das dauert nur einen Moment.",
        "We are checking the criteria. This takes a moment.",
        "Nous vérifions les conditions. Cela prend un instant.",
    ),
    "next_under_review": (
        "Eine Sachbearbeiterin oder ein Sachbearbeiter prüft Ihren Antrag. Sie werden "
        "benachrichtigt; Rückfragen erscheinen im Gespräch.",
        "A caseworker is reviewing your application. You will be notified; any question "
        "appears in the conversation.",
        "Un agent instruit votre demande. Vous serez informé ; ses questions apparaîtront "
        "dans l'échange.",
    ),
    "next_awaiting_applicant": (
        "Beantworten Sie die Frage der Sachbearbeitung im Gespräch.",
        "Answer the caseworker's question in the conversation.",
        "Répondez à la question de l'agent dans l'échange.",
    ),
    "next_decided": (
        "Die Entscheidung ist gefallen. Der Bescheid sagt, wie und bis wann Sie "
        "widersprechen können.",
        "The decision has been taken. The letter says how and by when you can contest it.",
        "La décision est prise. Le courrier indique comment et jusqu'à quand la contester.",
    ),
    "next_closed": (
        "Die Entscheidung ist bestandskräftig.",
        "The decision is final.",
        "La décision est définitive.",
    ),
    "audit_purged": (
        "Die Verläufe sind mit den personenbezogenen Daten gelöscht; "
        "die Archivkette bleibt prüfbar.",
        "Its histories were deleted with the personal data; the archive chain still verifies.",
        "Ses historiques ont été supprimés avec les données personnelles ; "
        "la chaîne d'archive reste vérifiable.",
    ),
    "next_purged": (
        "Die Aufbewahrungsfrist ist abgelaufen.",
        "The retention period has ended.",
        "La durée de conservation est écoulée.",
    ),
    "outcome_approved": ("Bewilligt", "Approved", "Accordée"),
    "outcome_rejected": ("Abgelehnt", "Rejected", "Refusée"),
    "outcome_withdrawn": ("Zurückgenommen", "Withdrawn", "Retirée"),
    "outcome_tacitly_approved": (
        "Als bewilligt geltend",
        "Tacitly approved",
        "Accordée tacitement",
    ),
    "outcome_tacitly_rejected": (
        "Als abgelehnt geltend",
        "Tacitly rejected",
        "Refusée tacitement",
    ),
    "deadline_objection": ("Widerspruchsfrist", "Objection deadline", "Délai de recours"),
    "deadline_retention": ("Löschung der Daten", "Data deletion", "Suppression des données"),
    # -- staff
    "sign_in": ("Anmelden", "Sign in", "Se connecter"),
    "sign_out": ("Abmelden", "Sign out", "Se déconnecter"),
    "username": ("Benutzername", "Username", "Identifiant"),
    "password": ("Passwort", "Password", "Mot de passe"),
    "bad_credentials": (
        "Benutzername oder Passwort ist falsch.",
        "Wrong username or password.",
        "Identifiant ou mot de passe incorrect.",
    ),
    "signed_in_as": ("Angemeldet als {user}", "Signed in as {user}", "Connecté : {user}"),
    "queue": ("Aufgaben", "Task queue", "File des tâches"),
    "queue_intro_groups": (
        "Ihre Gruppen: {groups}",
        "Your groups: {groups}",
        "Vos groupes : {groups}",
    ),
    "queue_all_groups": (
        "Sie sehen die Aufgaben aller Gruppen.",
        "You see every group's tasks.",
        "Vous voyez les tâches de tous les groupes.",
    ),
    "filter": ("Filtern", "Filter", "Filtrer"),
    "all": ("Alle", "All", "Tous"),
    "task_status": ("Aufgabenstatus", "Task status", "État de la tâche"),
    "task_open": ("offen", "open", "ouverte"),
    "task_claimed": ("übernommen", "claimed", "prise"),
    "task_done": ("erledigt", "done", "terminée"),
    "task_cancelled": ("storniert", "cancelled", "annulée"),
    "counts": ("Anzahl", "Counts", "Nombre"),
    "next_case": ("Nächsten Fall übernehmen", "Take the next case", "Prendre le cas suivant"),
    "no_tasks": ("Keine Aufgaben.", "No tasks.", "Aucune tâche."),
    "nothing_open": (
        "Keine offene Aufgabe in Ihren Gruppen.",
        "No open task in your groups.",
        "Aucune tâche ouverte dans vos groupes.",
    ),
    "task": ("Aufgabe", "Task", "Tâche"),
    "kind": ("Art", "Kind", "Type"),
    "group": ("Gruppe", "Group", "Groupe"),
    "priority": ("Priorität", "Priority", "Priorité"),
    "due": ("Fällig", "Due", "Échéance"),
    "summary": ("Grund", "Reason for review", "Motif"),
    "claimed_by": ("Bearbeitet von", "Held by", "Prise par"),
    "nobody": ("niemand", "nobody", "personne"),
    "badge_overdue": ("Überfällig", "Overdue", "En retard"),
    "badge_due_soon": ("Bald fällig", "Due soon", "Bientôt dû"),
    "badge_tacit": (
        "Achtung: fingierte Entscheidung am {date}",
        "Warning: tacit decision on {date}",
        "Attention : décision tacite le {date}",
    ),
    "open_task": ("Öffnen", "Open", "Ouvrir"),
    "claim": ("Übernehmen", "Claim", "Prendre"),
    "release": ("Zurückgeben", "Release", "Rendre"),
    "held_by_other": (
        "Diese Aufgabe bearbeitet {user}.",
        "{user} holds this task.",
        "{user} traite cette tâche.",
    ),
    "you_hold": (
        "Sie bearbeiten diese Aufgabe.",
        "You hold this task.",
        "Vous traitez cette tâche.",
    ),
    "not_claimed": (
        "Niemand bearbeitet diese Aufgabe.",
        "Nobody holds this task.",
        "Personne ne traite cette tâche.",
    ),
    "case": ("Fall", "Case", "Dossier"),
    "form": ("Formular", "Form", "Formulaire"),
    "source": ("Herkunft", "Source", "Origine"),
    "source_turn": (
        "Runde {turn}: „{text}“ ({method}, Sicherheit {confidence})",
        "turn {turn}: “{text}” ({method}, confidence {confidence})",
        "tour {turn} : « {text} » ({method}, confiance {confidence})",
    ),
    "criteria": ("Voraussetzungen", "Eligibility criteria", "Conditions"),
    "criterion": ("Voraussetzung", "Criterion", "Condition"),
    "result": ("Ergebnis", "Result", "Résultat"),
    "explanation": ("Erläuterung", "Explanation", "Explication"),
    "legal_basis": ("Rechtsgrundlage", "Legal basis", "Base légale"),
    "crit_met": ("erfüllt", "met", "remplie"),
    "crit_not_met": ("nicht erfüllt", "not met", "non remplie"),
    "crit_needs_review": ("zu prüfen", "to be reviewed", "à examiner"),
    "parameter_set": ("Parametersatz", "Parameter set", "Jeu de paramètres"),
    "history": ("Verlauf", "History", "Historique"),
    "audit": ("Prüfprotokoll", "Audit timeline", "Journal d'audit"),
    "audit_link": (
        "Vollständiges Prüfprotokoll aus der Historie",
        "Full audit timeline from the history",
        "Journal d'audit complet depuis l'historique",
    ),
    "replay_ok": (
        "Wiederholung der Historie mit dem aktuellen Code: in Ordnung ({events} Ereignisse).",
        "Replay of the history against the deployed code: OK ({events} events).",
        "Rejeu de l'historique avec le code déployé : conforme ({events} événements).",
    ),
    "replay_failed": (
        "Wiederholung der Historie: Abweichung – {divergence}",
        "Replay of the history: divergence – {divergence}",
        "Rejeu de l'historique : divergence – {divergence}",
    ),
    "notes": ("Interne Notizen", "Private notes", "Notes internes"),
    "no_notes": ("Keine Notizen.", "No notes.", "Aucune note."),
    "note": ("Notiz", "Note", "Note"),
    "add_note": ("Notiz speichern", "Save note", "Enregistrer la note"),
    "decide": ("Entscheiden", "Decide", "Décider"),
    "outcome": ("Ergebnis", "Outcome", "Issue"),
    "reason": (
        "Begründung für die antragstellende Person (bei Ablehnung erforderlich)",
        "Reason given to the applicant (required to reject)",
        "Motif communiqué au demandeur (obligatoire pour refuser)",
    ),
    "reason_hint": (
        "Sie steht im Bescheid und auf der Statusseite der antragstellenden Person.",
        "It appears in the letter and on the applicant's status page.",
        "Il figure dans le courrier et sur la page de suivi du demandeur.",
    ),
    "internal_note": ("Interne Notiz", "Internal note", "Note interne"),
    "internal_note_hint": (
        "Nur für die Sachbearbeitung: wird bei den internen Notizen gespeichert und der "
        "antragstellenden Person nie gezeigt.",
        "For staff only: kept with the private notes, never shown to the applicant.",
        "Réservée aux agents : conservée avec les notes internes, jamais montrée au demandeur.",
    ),
    "decision_not_sent": (
        "Die Entscheidung wurde nicht abgesendet. Bitte ergänzen Sie die markierten Angaben.",
        "The decision was not sent. Please complete the fields marked below.",
        "La décision n'a pas été envoyée. Complétez les champs signalés ci-dessous.",
    ),
    "choose_outcome_text": (
        "Wählen Sie ein Ergebnis.",
        "Choose an outcome.",
        "Choisissez une issue.",
    ),
    "reason_required_text": (
        "Geben Sie eine Begründung an: Sie ist für dieses Ergebnis erforderlich.",
        "Give a reason: this outcome needs one.",
        "Indiquez un motif : cette issue en exige un.",
    ),
    "question_required_text": (
        "Schreiben Sie die Frage an die antragstellende Person.",
        "Write the question to the applicant.",
        "Rédigez la question au demandeur.",
    ),
    "letter_preview": (
        "Vorschau des Bescheids",
        "Preview of the letter",
        "Aperçu du courrier",
    ),
    "letter_preview_hint": (
        "So erhält die antragstellende Person den Bescheid. Prüfen Sie ihn und unterzeichnen "
        "Sie dann; Änderungen oben zeigen eine neue Vorschau.",
        "This is the letter the applicant will receive. Read it, then sign; a change above "
        "shows a new preview first.",
        "Voici le courrier que recevra le demandeur. Relisez-le, puis signez ; toute "
        "modification ci-dessus affiche d'abord un nouvel aperçu.",
    ),
    "sign_and_send": (
        "Unterzeichnen und versenden",
        "Sign and send",
        "Signer et envoyer",
    ),
    "preview_again": ("Vorschau aktualisieren", "Update the preview", "Mettre à jour l'aperçu"),
    "question": (
        "Frage an die antragstellende Person (bei Rückfrage erforderlich)",
        "Question to the applicant (required to request information)",
        "Question au demandeur (obligatoire pour demander des informations)",
    ),
    "submit_decision": ("Entscheidung absenden", "Submit decision", "Valider la décision"),
    "case_data_purged": (
        "Die personenbezogenen Daten dieses Falls wurden nach Ablauf der Aufbewahrungsfrist "
        "gelöscht; Notizen sind nicht mehr möglich.",
        "This case's personal data was deleted at the end of its retention period; notes "
        "can no longer be added.",
        "Les données personnelles de ce dossier ont été supprimées à la fin de leur durée de "
        "conservation ; il n'est plus possible d'ajouter des notes.",
    ),
    "claim_to_decide": (
        "Übernehmen Sie die Aufgabe, um zu entscheiden.",
        "Claim the task to decide it.",
        "Prenez la tâche pour décider.",
    ),
    "decision_recorded": (
        "Die Entscheidung ist gespeichert.",
        "The decision is recorded.",
        "La décision est enregistrée.",
    ),
    "possible_duplicates": (
        "Mögliche Doppelanträge",
        "Possible duplicates",
        "Doublons possibles",
    ),
    "case_not_visible": (
        "Ein Fall einer anderen Gruppe",
        "A case of another group",
        "Un dossier d'un autre groupe",
    ),
    "shares": ("gemeinsam: {what}", "shares the {what}", "en commun : {what}"),
    "document_not_provided": (
        "nicht eingereicht",
        "not provided",
        "non fourni",
    ),
    "open_document": ("{name} öffnen", "Open {name}", "Ouvrir : {name}"),
    "letters": ("Bescheide", "Letters", "Courriers"),
    "correct_title": ("Einen Wert berichtigen", "Correct a value", "Corriger une valeur"),
    "correct_intro": (
        "Berichtigen Sie eine Angabe oder ergänzen Sie eine offene, mit Begründung; die "
        "Voraussetzungen werden danach neu geprüft.",
        "Correct an answer, or fill one left open, with a reason; the criteria are then "
        "assessed again.",
        "Corrigez une réponse ou complétez-en une restée ouverte, avec un motif ; les "
        "conditions sont ensuite réexaminées.",
    ),
    "correct_value": ("Neuer Wert", "New value", "Nouvelle valeur"),
    "correct_reason": ("Begründung", "Reason", "Motif"),
    "correct_submit": ("Berichtigen", "Correct", "Corriger"),
    "correct_unanswered": ("offen", "not answered", "sans réponse"),
    "correct_choose_field": (
        "Wählen Sie eine Angabe des Formulars (keine Unterlage).",
        "Choose a field of the form (not a document).",
        "Choisissez un champ du formulaire (pas une pièce).",
    ),
    "correct_reason_required": (
        "Geben Sie eine Begründung an.",
        "Give a reason.",
        "Indiquez un motif.",
    ),
    "corrected_done": (
        "Der Wert ist berichtigt; die Voraussetzungen wurden neu geprüft.",
        "The value is corrected; the criteria were assessed again.",
        "La valeur est corrigée ; les conditions ont été réexaminées.",
    ),
    "source_corrected": (
        "berichtigt von {user}:",
        "corrected by {user}:",
        "corrigé par {user} :",
    ),
    "back_to_status": (
        "Zurück zur Statusseite",
        "Back to the status page",
        "Retour à la page de suivi",
    ),
    "back_to_case": ("Zurück zum Fall", "Back to the case", "Retour au dossier"),
    "source_upload": (
        "Runde {turn}: hochgeladen",
        "turn {turn}: uploaded",
        "tour {turn} : téléversé",
    ),
    "letter_of": (
        "Bescheid vom {date}: {outcome}",
        "Letter of {date}: {outcome}",
        "Courrier du {date} : {outcome}",
    ),
    "letter_replaced": (
        "durch einen späteren Bescheid ersetzt",
        "replaced by a later letter",
        "remplacé par un courrier ultérieur",
    ),
    "reassign": ("Neu zuweisen", "Reassign", "Réattribuer"),
    "reassign_to": ("Zuweisen an", "Assign to", "Attribuer à"),
    "back_to_queue": ("Zurück zu den Aufgaben", "Back to the queue", "Retour à la file"),
    "act_approve": ("Bewilligen", "Approve", "Accorder"),
    "act_reject": ("Ablehnen", "Reject", "Refuser"),
    "act_request_info": ("Rückfrage stellen", "Request information", "Demander des informations"),
    "act_complete": ("Vollständig", "Complete", "Complet"),
    "act_request_documents": (
        "Unterlagen nachfordern",
        "Request documents",
        "Demander des pièces",
    ),
    "act_agree": ("Zustimmen", "Agree", "Avis favorable"),
    "act_agree_with_conditions": (
        "Mit Auflagen zustimmen",
        "Agree with conditions",
        "Avis favorable avec réserves",
    ),
    "act_object": ("Widersprechen", "Object", "Avis défavorable"),
    "act_uphold": ("Entscheidung bestätigen", "Uphold", "Maintenir"),
    "act_revise": ("Entscheidung ändern", "Revise", "Réviser"),
    "forbidden_title": ("Nicht erlaubt", "Not allowed", "Non autorisé"),
    "forbidden_text": (
        "Ihr Konto darf diese Aktion nicht ausführen.",
        "Your account may not do this.",
        "Votre compte ne peut pas effectuer cette action.",
    ),
    "page_not_found": ("Seite nicht gefunden", "Page not found", "Page introuvable"),
    "not_found_text": (
        "Diese Seite gibt es nicht, oder Sie dürfen sie nicht sehen.",
        "This page does not exist, or you may not see it.",
        "Cette page n'existe pas, ou vous ne pouvez pas la voir.",
    ),
}


_T.update(TEXTS)


def translate(key: str, language: str, **values: object) -> str:
    """Return UI text ``key`` in ``language`` (German when unknown), filled in."""
    texts = _T[key]
    index = LANGUAGES.index(language) if language in LANGUAGES else 0
    text = texts[index]
    return text.format(**values) if values else text


def translator(language: str) -> Callable[..., str]:
    """Return ``t(key, **values)`` bound to ``language``, for templates."""

    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    return t


def has_text(key: str) -> bool:
    """Whether ``key`` is a known UI text."""
    return key in _T


def pick_language(requested: str | None, cookie: str | None, accept: str | None) -> str:
    """Choose the UI language: explicit request, then cookie, then browser, then German."""
    for candidate in (requested, cookie):
        if candidate in LANGUAGES:
            return candidate
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE
