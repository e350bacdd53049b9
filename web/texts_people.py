"""Page texts of appeals, reminders, satisfaction, supervision and statistics.

Kept apart from :mod:`web.i18n` (which merges them) so the words of these
pages live next to each other; (de, en, fr) like every other text.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "status_consultation": (
        "Andere Stellen werden beteiligt",
        "Other services are consulted",
        "Consultation des services",
    ),
    "next_consultation": (
        "Andere Stellen nehmen zu Ihrem Antrag Stellung; danach wird entschieden.",
        "Other services are giving their opinion on your application; then it is decided.",
        "D'autres services donnent leur avis sur votre demande ; la décision suivra.",
    ),
    # -- applicant: appeal
    "appeal_title": ("Entscheidung anfechten", "Contest the decision", "Contester la décision"),
    "appeal_intro": (
        "Sie können bis {deadline} widersprechen. Sagen Sie, warum die Entscheidung Ihrer "
        "Meinung nach falsch ist; eine andere Sachbearbeiterin oder ein anderer "
        "Sachbearbeiter als die entscheidende Person prüft sie erneut.",
        "You can contest this decision until {deadline}. Say why you think it is wrong; a "
        "caseworker other than the one who decided will examine it again.",
        "Vous pouvez contester cette décision jusqu'au {deadline}. Expliquez pourquoi elle "
        "vous paraît erronée ; un autre agent que celui qui a décidé la réexaminera.",
    ),
    "appeal_grounds": ("Ihre Begründung", "Your grounds", "Vos motifs"),
    "appeal_submit": ("Widerspruch einlegen", "Contest the decision", "Former un recours"),
    "appeal_pending": (
        "Ihr Widerspruch ist eingegangen. Eine andere Sachbearbeiterin oder ein anderer "
        "Sachbearbeiter prüft ihn; Sie werden benachrichtigt.",
        "Your appeal has been received. Another caseworker is examining it; you will be notified.",
        "Votre recours a été reçu. Un autre agent l'examine ; vous serez informé.",
    ),
    "appeal_upheld": (
        "Ihr Widerspruch wurde geprüft: die Entscheidung bleibt bestehen. Der neue Bescheid "
        "nennt die Gründe.",
        "Your appeal has been examined: the decision is upheld. The new letter gives the reasons.",
        "Votre recours a été examiné : la décision est maintenue. Le nouveau courrier en "
        "donne les motifs.",
    ),
    "appeal_revised": (
        "Ihr Widerspruch wurde geprüft: die Entscheidung wurde geändert. Lesen Sie den neuen "
        "Bescheid.",
        "Your appeal has been examined: the decision has been revised. Read the new letter.",
        "Votre recours a été examiné : la décision a été révisée. Lisez le nouveau courrier.",
    ),
    "appeal_refused": (
        "Die Entscheidung kann nicht mehr angefochten werden.",
        "The decision can no longer be contested.",
        "La décision ne peut plus être contestée.",
    ),
    "appeal_empty": (
        "Bitte geben Sie eine Begründung an.",
        "Please give your grounds.",
        "Merci d'indiquer vos motifs.",
    ),
    "reminder_notice": (
        "Erinnerung: die angeforderten Unterlagen müssen bis {date} eingehen, sonst wird "
        "der Antrag abgelehnt.",
        "Reminder: the requested documents must reach us by {date}, or the application "
        "will be refused.",
        "Rappel : les pièces demandées doivent nous parvenir au plus tard le {date}, faute "
        "de quoi la demande sera rejetée.",
    ),
    "deadline_completion_limit": (
        "Unterlagen nachreichen bis",
        "Documents due",
        "Pièces à fournir avant",
    ),
    "deadline_tacit_decision": (
        "Entscheidung durch Schweigen",
        "Decision by silence",
        "Décision tacite",
    ),
    "deadline_tacit_approval": (
        "Ohne Entscheidung bis dahin gilt der Antrag als bewilligt",
        "Without a decision by then, the application is deemed approved",
        "Sans décision à cette date, la demande est réputée acceptée",
    ),
    "deadline_tacit_rejection": (
        "Ohne Entscheidung bis dahin gilt der Antrag als abgelehnt",
        "Without a decision by then, the application is deemed refused",
        "Sans décision à cette date, la demande est réputée rejetée",
    ),
    "by_when_documents": (
        "Bitte reichen Sie die Unterlagen bis zum {date} ein.",
        "Please send the documents by {date}.",
        "Merci d'envoyer les pièces au plus tard le {date}.",
    ),
    "by_when_tacit_approval": (
        "Ergeht bis zum {date} keine Entscheidung, gilt Ihr Antrag als bewilligt.",
        "If there is no decision by {date}, your application is deemed approved.",
        "Sans décision au {date}, votre demande est réputée acceptée.",
    ),
    "by_when_tacit_rejection": (
        "Ergeht bis zum {date} keine Entscheidung, gilt Ihr Antrag als abgelehnt; "
        "Sie können dann widersprechen.",
        "If there is no decision by {date}, your application is deemed refused; you can "
        "then contest that.",
        "Sans décision au {date}, votre demande est réputée rejetée ; vous pourrez alors "
        "contester ce refus.",
    ),
    "by_when_tacit_decision": (
        "Spätestens am {date} ist über Ihren Antrag entschieden.",
        "Your application will be decided by {date} at the latest.",
        "Votre demande sera tranchée au plus tard le {date}.",
    ),
    "by_when_objection": (
        "Widerspruch ist bis zum {date} möglich.",
        "You can contest it until {date}.",
        "Vous pouvez la contester jusqu'au {date}.",
    ),
    "crit_checked": (
        "von der Sachbearbeitung geprüft",
        "checked by the caseworker",
        "vérifiée par l'agent",
    ),
    "crit_to_check": (
        "wird von der Sachbearbeitung geprüft",
        "to be checked by a caseworker",
        "à vérifier par un agent",
    ),
    "crit_checked_explain": (
        "Die Sachbearbeitung hat diesen Punkt geprüft; das Ergebnis steht in der Entscheidung.",
        "A caseworker checked this point; the decision gives the result.",
        "Un agent a vérifié ce point ; la décision en donne le résultat.",
    ),
    "case_changed": (
        "Ihr Antrag hat sich geändert.",
        "Your application has changed.",
        "Votre demande a évolué.",
    ),
    "see_changes": (
        "Neuigkeiten ansehen",
        "See what changed",
        "Voir les nouveautés",
    ),
    "status_updates": (
        "Diese Angaben aktualisieren sich von selbst.",
        "This part updates by itself.",
        "Cette partie se met à jour d'elle-même.",
    ),
    "deadline_third_party_appeal": (
        "Anfechtung durch Dritte",
        "Appeal by third parties",
        "Recours des tiers",
    ),
    # -- applicant: satisfaction and contact
    "satisfaction_title": (
        "Wie zufrieden sind Sie mit der Bearbeitung?",
        "How satisfied are you with how your application was handled?",
        "Êtes-vous satisfait du traitement de votre demande ?",
    ),
    "satisfaction_optional": (
        "Freiwillig und anonym ausgewertet.",
        "Optional; only counted in statistics.",
        "Facultatif ; seulement compté dans les statistiques.",
    ),
    "satisfaction_1": ("1 – sehr unzufrieden", "1 – very dissatisfied", "1 – très insatisfait"),
    "satisfaction_2": ("2 – unzufrieden", "2 – dissatisfied", "2 – insatisfait"),
    "satisfaction_3": ("3 – teils, teils", "3 – neutral", "3 – mitigé"),
    "satisfaction_4": ("4 – zufrieden", "4 – satisfied", "4 – satisfait"),
    "satisfaction_5": ("5 – sehr zufrieden", "5 – very satisfied", "5 – très satisfait"),
    "satisfaction_submit": ("Antwort senden", "Send my answer", "Envoyer ma réponse"),
    "satisfaction_thanks": (
        "Danke für Ihre Antwort ({score} von 5).",
        "Thank you for your answer ({score} out of 5).",
        "Merci pour votre réponse ({score} sur 5).",
    ),
    "contact_title": (
        "Benachrichtigung per E-Mail",
        "E-mail notifications",
        "Notifications par courriel",
    ),
    "contact_intro": (
        "Geben Sie eine Adresse an, um per E-Mail benachrichtigt zu werden, wenn etwas von "
        "Ihnen gebraucht oder entschieden wird.",
        "Give an address to be told by e-mail when something is asked of you or decided.",
        "Indiquez une adresse pour être prévenu par courriel lorsqu'on vous demande quelque "
        "chose ou qu'une décision est prise.",
    ),
    "contact_email": ("E-Mail-Adresse", "E-mail address", "Adresse électronique"),
    "contact_submit": ("Speichern", "Save", "Enregistrer"),
    "contact_saved": (
        "Benachrichtigungen gehen an {email}.",
        "Notifications go to {email}.",
        "Les notifications sont envoyées à {email}.",
    ),
    "contact_invalid": (
        "Das ist keine gültige E-Mail-Adresse.",
        "That is not a valid e-mail address.",
        "Cette adresse électronique n'est pas valide.",
    ),
    "not_the_decider": (
        "Sie haben die geprüfte Entscheidung getroffen: eine andere Person muss diese "
        "Aufgabe übernehmen.",
        "You took the decision under review: another caseworker must take this task.",
        "Vous avez pris la décision contestée : un autre agent doit prendre cette tâche.",
    ),
    # -- staff: navigation, supervision
    "nav_staff": ("Bereiche", "Sections", "Rubriques"),
    "supervision": ("Aufsicht", "Supervision", "Supervision"),
    "statistics": ("Statistik", "Statistics", "Statistiques"),
    "supervision_intro": (
        "Alle offenen und übernommenen Aufgaben Ihrer Verfahren. Übernahmen, die länger als "
        "{limit} gehalten werden, fallen an die Gruppe zurück.",
        "Every open and claimed task of your procedures. Claims held longer than {limit} "
        "return to the group.",
        "Toutes les tâches ouvertes et prises en charge de vos démarches. Une prise en "
        "charge de plus de {limit} revient au groupe.",
    ),
    "held_too_long": ("Zu lange gehalten", "Held too long", "Prise en charge trop longue"),
    "held_long": ("Bald zu lange", "Close to the limit", "Bientôt trop longue"),
    "held_for": ("Gehalten seit", "Held for", "Prise depuis"),
    "long_claims": ("Lange Übernahmen", "Claims held long", "Prises en charge longues"),
    "no_long_claims": (
        "Keine Übernahme nähert sich der Grenze.",
        "No claim is close to the limit.",
        "Aucune prise en charge n'approche de la limite.",
    ),
    "being_updated_text": (
        "Dieser Fall wird gerade aktualisiert. Laden Sie die Seite gleich neu.",
        "This case is being updated. Reload the page in a moment.",
        "Ce dossier est en cours de mise à jour. Rechargez la page dans un instant.",
    ),
    "stuck_cases": ("Hängende Fälle", "Stuck cases", "Dossiers bloqués"),
    "stuck_intro": (
        "Fälle, deren Schritt immer wieder fehlschlägt und wiederholt wird "
        "(ab dem dritten Versuch). Der Fehler ist nur mit seiner Art genannt.",
        "Cases whose step keeps failing and being retried (from the third attempt). "
        "The error is named by its type only.",
        "Dossiers dont une étape échoue encore et encore et est réessayée (dès la "
        "troisième tentative). L'erreur n'est nommée que par son type.",
    ),
    "no_stuck_cases": (
        "Kein Fall hängt.",
        "No stuck cases.",
        "Aucun dossier bloqué.",
    ),
    "stuck_unavailable": (
        "Die hängenden Fälle konnten gerade nicht gelesen werden; laden Sie die Seite gleich neu.",
        "The stuck cases could not be read just now; reload the page in a moment.",
        "Les dossiers bloqués n'ont pas pu être lus pour l'instant ; rechargez la page "
        "dans un moment.",
    ),
    "stuck_step": ("Schritt", "Step", "Étape"),
    "stuck_attempts": ("Versuche", "Attempts", "Tentatives"),
    "stuck_error": ("Letzter Fehler", "Last error", "Dernière erreur"),
    "stuck_since": ("Fehlschlagend seit", "Failing since", "En échec depuis"),
    "stuck_for": ("seit {duration}", "for {duration}", "depuis {duration}"),
    "holder": ("Bearbeitet von", "Holder", "Agent"),
    "all_groups": ("Alle Gruppen", "All groups", "Tous les groupes"),
    "all_holders": ("Alle", "Everyone", "Tous"),
    "unclaimed": ("Nicht übernommen", "Not claimed", "Non prises"),
    "release_claim": ("Freigeben", "Release", "Libérer"),
    "reassign_to": ("Zuweisen an", "Reassign to", "Réattribuer à"),
    "reassign_submit": ("Zuweisen", "Reassign", "Réattribuer"),
    "supervisors_only": (
        "Nur für Aufsicht und Revision.",
        "For supervisors and auditors only.",
        "Réservé à la supervision et à l'audit.",
    ),
    "action_refused": (
        "Die Aktion wurde abgelehnt: {code}",
        "The action was refused: {code}",
        "L'action a été refusée : {code}",
    ),
    # -- staff: statistics
    "period_from": ("Von", "From", "Du"),
    "period_to": ("Bis (ausschließlich)", "To (exclusive)", "Au (exclu)"),
    "show": ("Anzeigen", "Show", "Afficher"),
    "figure": ("Kennzahl", "Figure", "Indicateur"),
    "value": ("Wert", "Value", "Valeur"),
    "stat_cases": ("Begonnene Anträge", "Cases started", "Demandes commencées"),
    "stat_decided": ("Entschieden", "Decided", "Décidées"),
    "stat_processing_median": (
        "Bearbeitungszeit, Median (Tage)",
        "Processing time, median (days)",
        "Délai de traitement, médiane (jours)",
    ),
    "stat_processing_p90": (
        "Bearbeitungszeit, 90. Perzentil (Tage)",
        "Processing time, 90th percentile (days)",
        "Délai de traitement, 90e centile (jours)",
    ),
    "stat_automatic": (
        "Automatisch entschieden",
        "Decided automatically",
        "Décidées automatiquement",
    ),
    "stat_changed": (
        "Geändert (Zweitprüfung oder Widerspruch)",
        "Changed on second review or appeal",
        "Modifiées en second examen ou sur recours",
    ),
    "stat_appealed": ("Angefochten", "Appealed", "Contestées"),
    "stat_first_action": (
        "Zeit bis zur ersten Bearbeitung, Median (Stunden)",
        "Time to first caseworker action, median (hours)",
        "Délai avant la première action d'un agent, médiane (heures)",
    ),
    "stat_backlog": ("Offene Aufgaben (jetzt)", "Open tasks (now)", "Tâches en cours (maintenant)"),
    "stat_overdue": ("Davon überfällig", "Of which overdue", "Dont en retard"),
    "stat_satisfaction": (
        "Zufriedenheit, Mittel (Antworten)",
        "Satisfaction, mean (answers)",
        "Satisfaction, moyenne (réponses)",
    ),
    "chart_status": ("Anträge nach Status", "Cases by status", "Demandes par état"),
    "chart_outcome": (
        "Entscheidungen nach Ergebnis",
        "Decisions by outcome",
        "Décisions par issue",
    ),
    "chart_satisfaction": (
        "Antworten nach Zufriedenheit (1–5)",
        "Answers by satisfaction score (1–5)",
        "Réponses par note de satisfaction (1–5)",
    ),
    "chart_desc": (
        "Balkendiagramm; dieselben Zahlen stehen in der Tabelle darunter.",
        "Bar chart; the same numbers are in the table below it.",
        "Diagramme en barres ; les mêmes nombres figurent dans le tableau en dessous.",
    ),
    "no_data": ("Keine Daten", "No data", "Aucune donnée"),
    "invalid_period": (
        "Ungültiger Zeitraum (JJJJ-MM-TT, Beginn vor Ende).",
        "Invalid period (YYYY-MM-DD, start before end).",
        "Période invalide (AAAA-MM-JJ, début avant la fin).",
    ),
}
