"""What the assistant says, in each language.

Questions themselves come from the procedure's field specs; these are the
engine's own sentences around them.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "greeting": {
        "de": "Guten Tag! Ich helfe Ihnen mit dem Antrag: {title}. Ich stelle Ihnen "
        "nacheinander Fragen; Sie können jede Antwort später noch ändern.",
        "en": "Hello! I will help you with your application: {title}. I will ask you one "
        "question at a time; you can change any answer later.",
        "fr": "Bonjour ! Je vais vous aider pour votre demande : {title}. Je vous pose une "
        "question à la fois ; vous pourrez modifier chaque réponse plus tard.",
    },
    "noted": {
        "de": "Notiert: {label}: {value}.",
        "en": "Noted: {label}: {value}.",
        "fr": "C'est noté : {label} : {value}.",
    },
    "corrected": {
        "de": "Ich habe {label} auf {value} geändert.",
        "en": "I have changed {label} to {value}.",
        "fr": "J'ai modifié {label} : {value}.",
    },
    "confirm": {
        "de": "Habe ich Sie richtig verstanden – {label}: {value}? Bitte antworten Sie mit "
        "Ja oder Nein.",
        "en": "Did I understand you correctly – {label}: {value}? Please answer yes or no.",
        "fr": "Ai-je bien compris – {label} : {value} ? Répondez par oui ou par non, s'il "
        "vous plaît.",
    },
    "confirm_declined": {
        "de": "In Ordnung, das habe ich nicht übernommen.",
        "en": "All right, I have not kept that.",
        "fr": "D'accord, je ne l'ai pas retenu.",
    },
    "yes_or_no": {
        "de": "Bitte antworten Sie mit Ja oder Nein.",
        "en": "Please answer yes or no.",
        "fr": "Répondez par oui ou par non, s'il vous plaît.",
    },
    "review": {
        "de": "Bitte prüfen Sie Ihre Angaben:\n{summary}\nIst alles richtig? Antworten Sie "
        "mit „Ja“, um den Antrag einzureichen, oder sagen Sie mir, was ich ändern soll "
        "(zum Beispiel „Wir haben 14 Mitarbeiter“).",
        "en": 'Please check your answers:\n{summary}\nIs everything correct? Answer "yes" '
        'to submit, or tell me what to change (for example "we have 14 employees").',
        "fr": "Veuillez vérifier vos réponses :\n{summary}\nTout est-il exact ? Répondez "
        "« oui » pour déposer la demande, ou dites-moi quoi modifier (par exemple « nous "
        "avons 14 salariés »).",
    },
    "review_change": {
        "de": "Was soll ich ändern? Nennen Sie die Angabe und den neuen Wert, zum Beispiel "
        "„Wir haben 14 Mitarbeiter“.",
        "en": 'What should I change? Name the answer and the new value, for example "we '
        'have 14 employees".',
        "fr": "Que dois-je modifier ? Indiquez la réponse et la nouvelle valeur, par exemple "
        "« nous avons 14 salariés ».",
    },
    "not_editable": {
        "de": "Diese Angabe kann jetzt nicht geändert werden.",
        "en": "This answer cannot be changed now.",
        "fr": "Cette réponse ne peut pas être modifiée maintenant.",
    },
    "submitted": {
        "de": "Vielen Dank, Ihr Antrag ist eingereicht.",
        "en": "Thank you, your application has been submitted.",
        "fr": "Merci, votre demande a été déposée.",
    },
    "caseworker_question": {
        "de": "Eine Sachbearbeiterin oder ein Sachbearbeiter fragt: {question}",
        "en": "A caseworker asks: {question}",
        "fr": "Un agent instructeur demande : {question}",
    },
    "caseworker_answer_noted": {
        "de": "Danke, Ihre Antwort wird an die Sachbearbeitung weitergegeben.",
        "en": "Thank you, your answer will be passed on to the caseworker.",
        "fr": "Merci, votre réponse sera transmise à l'agent instructeur.",
    },
    "dropped": {
        "de": "Diese Angaben werden nicht mehr benötigt: {labels}.",
        "en": "These answers are no longer needed: {labels}.",
        "fr": "Ces réponses ne sont plus nécessaires : {labels}.",
    },
    "confirm_yes_no": {
        "de": "Habe ich Sie richtig verstanden? Auf die Frage „{question}“ antworten Sie: "
        "{value}. Bitte antworten Sie mit Ja oder Nein.",
        "en": 'Did I understand you correctly? To the question "{question}" your answer is: '
        "{value}. Please answer yes or no.",
        "fr": "Ai-je bien compris ? À la question « {question} », vous répondez : {value}. "
        "Répondez par oui ou par non, s'il vous plaît.",
    },
    "range_note": {
        "de": "Sie haben eine Spanne genannt ({detail}); ich würde den höheren Wert eintragen.",
        "en": "You gave a range ({detail}); I would note the higher value.",
        "fr": "Vous avez indiqué une fourchette ({detail}) ; je noterais la valeur haute.",
    },
    "unit_note": {
        "de": "Umgerechnet in die Einheit des Formulars.",
        "en": "Converted into the form's unit.",
        "fr": "Converti dans l'unité du formulaire.",
    },
    "converted_month": {
        "de": "(3 × {amount} im Monat)",
        "en": "(3 × {amount} a month)",
        "fr": "(3 × {amount} par mois)",
    },
    "converted_week": {
        "de": "(13 Wochen × {amount})",
        "en": "(13 weeks × {amount})",
        "fr": "(13 semaines × {amount})",
    },
    "converted_year": {
        "de": "(ein Viertel von {amount} im Jahr)",
        "en": "(a quarter of {amount} a year)",
        "fr": "(un quart de {amount} par an)",
    },
    "converted_week_month": {
        "de": "(52 Wochen × {amount} ÷ 12 Monate)",
        "en": "(52 weeks × {amount} ÷ 12 months)",
        "fr": "(52 semaines × {amount} ÷ 12 mois)",
    },
    "converted_year_month": {
        "de": "({amount} im Jahr ÷ 12)",
        "en": "({amount} a year ÷ 12)",
        "fr": "({amount} par an ÷ 12)",
    },
    "asked_back": {
        "de": "Rückfragen kann ich hier leider nicht beantworten; eine Sachbearbeiterin oder ein "
        "Sachbearbeiter hilft Ihnen gern. Antworten Sie so gut Sie können, oder antworten Sie "
        "„Sachbearbeitung“, dann wird diese Angabe mit Ihnen geklärt.",
        "en": "I cannot answer questions here, but a caseworker can. Please answer as well as "
        'you can, or answer "caseworker" and this point will be clarified with you.',
        "fr": "Je ne peux pas répondre aux questions ici, mais un agent instructeur le peut. "
        "Répondez du mieux que vous pouvez, ou répondez « agent » et ce point sera vu avec "
        "vous.",
    },
    "help": {
        "de": "{question}\n{hint} Wenn Sie es nicht wissen, antworten Sie „Sachbearbeitung“: "
        "dann klärt eine Sachbearbeiterin oder ein Sachbearbeiter diese Angabe mit Ihnen.",
        "en": '{question}\n{hint} If you do not know, answer "caseworker": a caseworker will '
        "then clarify this with you.",
        "fr": "{question}\n{hint} Si vous ne savez pas, répondez « agent » : un agent "
        "instructeur verra ce point avec vous.",
    },
    "left_to_caseworker": {
        "de": "In Ordnung: „{label}“ klärt die Sachbearbeitung mit Ihnen.",
        "en": 'All right: a caseworker will clarify "{label}" with you.',
        "fr": "D'accord : un agent instructeur verra « {label} » avec vous.",
    },
    "left_to_caseworker_value": {
        "de": "wird von der Sachbearbeitung geklärt",
        "en": "to be clarified by a caseworker",
        "fr": "à préciser avec l'agent instructeur",
    },
    "empty": {
        "de": "Ich habe keine Antwort erhalten.",
        "en": "I did not receive an answer.",
        "fr": "Je n'ai pas reçu de réponse.",
    },
}

YES_NO_WORDS: dict[str, tuple[str, str]] = {
    "de": ("Ja", "Nein"),
    "en": ("Yes", "No"),
    "fr": ("Oui", "Non"),
}


def say(key: str, language: str, **values: object) -> str:
    """Return message ``key`` in ``language`` (English fallback) filled with ``values``."""
    templates = MESSAGES[key]
    return (templates.get(language) or templates["en"]).format(**values)
