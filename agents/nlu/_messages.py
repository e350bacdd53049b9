"""Polite error messages: what was wrong with an answer and what to type instead."""

from __future__ import annotations

from agents.nlu._choices import choice_labels
from agents.nlu._result import bounds, format_number
from schemas.extraction import ParseError, ParseResult
from schemas.form import FieldKind, FieldSpec

# What a good answer looks like, per kind: the second half of most messages.
_HINTS: dict[FieldKind, dict[str, str]] = {
    FieldKind.INTEGER: {
        "de": "Bitte geben Sie eine ganze Zahl an, zum Beispiel 12.",
        "en": "Please give a whole number, for example 12.",
        "fr": "Veuillez indiquer un nombre entier, par exemple 12.",
    },
    FieldKind.DECIMAL: {
        "de": "Bitte geben Sie eine Zahl an, auch mit Komma, zum Beispiel 3,5.",
        "en": "Please give a number, decimals allowed, for example 3.5.",
        "fr": "Veuillez indiquer un nombre, décimales permises, par exemple 3,5.",
    },
    FieldKind.PERCENT: {
        "de": "Bitte geben Sie einen Prozentsatz an, zum Beispiel 40 %.",
        "en": "Please give a percentage, for example 40 %.",
        "fr": "Veuillez indiquer un pourcentage, par exemple 40 %.",
    },
    FieldKind.MONEY: {
        "de": "Bitte geben Sie einen Betrag in Euro an, zum Beispiel 1.234,56 €.",
        "en": "Please give an amount in euros, for example 1,234.56 €.",
        "fr": "Veuillez indiquer un montant en euros, par exemple 1 234,56 €.",
    },
    FieldKind.MONTH: {
        "de": "Bitte nennen Sie einen Monat, zum Beispiel „März 2026“ oder „03/2026“.",
        "en": "Please name a month, for example “March 2026” or “03/2026”.",
        "fr": "Veuillez indiquer un mois, par exemple « mars 2026 » ou « 03/2026 ».",
    },
    FieldKind.DATE: {
        "de": "Bitte nennen Sie ein Datum mit Tag, Monat und Jahr, zum Beispiel 01.03.2026.",
        "en": "Please give a date with day, month and year, for example 1 March 2026.",
        "fr": "Veuillez indiquer une date avec jour, mois et année, par exemple 01/03/2026.",
    },
    FieldKind.YES_NO: {
        "de": "Bitte antworten Sie mit Ja oder Nein.",
        "en": "Please answer yes or no.",
        "fr": "Veuillez répondre par oui ou par non.",
    },
    FieldKind.CHOICE: {
        "de": "Bitte wählen Sie eine der Möglichkeiten: {options}.",
        "en": "Please choose one of: {options}.",
        "fr": "Veuillez choisir l'une des possibilités : {options}.",
    },
    FieldKind.EMAIL: {
        "de": "Bitte geben Sie eine E-Mail-Adresse an, zum Beispiel name@beispiel.de.",
        "en": "Please give an e-mail address, for example name@example.org.",
        "fr": "Veuillez indiquer une adresse e-mail, par exemple nom@exemple.fr.",
    },
    FieldKind.TEXT: {
        "de": "Bitte antworten Sie mit einem kurzen Text.",
        "en": "Please answer with a short text.",
        "fr": "Veuillez répondre par un court texte.",
    },
    FieldKind.BETRIEBSNUMMER: {
        "de": "Die Betriebsnummer hat genau 8 Ziffern und beginnt nicht mit 000 bis 009 oder "
        "100 bis 109, zum Beispiel 0991 2342.",
        "en": "The Betriebsnummer has exactly 8 digits and does not start with 000 to 009 or "
        "100 to 109, for example 0991 2342.",
        "fr": "Le Betriebsnummer compte exactement 8 chiffres et ne commence pas par 000 à 009 "
        "ni par 100 à 109, par exemple 0991 2342.",
    },
    FieldKind.IBAN: {
        "de": "Eine IBAN beginnt mit dem Ländercode, zum Beispiel DE89 3704 0044 0532 0130 00.",
        "en": "An IBAN starts with the country code, for example DE89 3704 0044 0532 0130 00.",
        "fr": "Un IBAN commence par le code pays, par exemple FR76 3000 6000 0112 3456 7890 189.",
    },
    FieldKind.FILE: {
        "de": "Bitte laden Sie die Datei hoch (PDF, JPEG oder PNG, höchstens 10 MB) oder "
        "antworten Sie mit Nein, wenn sie noch fehlt.",
        "en": "Please upload the file (PDF, JPEG or PNG, at most 10 MB), or answer no if you "
        "do not have it yet.",
        "fr": "Veuillez téléverser le fichier (PDF, JPEG ou PNG, 10 Mo au plus), ou répondez "
        "non s'il vous manque encore.",
    },
}

_MESSAGES: dict[ParseError, dict[str, str]] = {
    ParseError.NOT_UNDERSTOOD: {
        "de": "Ich habe Ihre Angabe zu „{label}“ leider nicht verstanden. {hint}",
        "en": "Sorry, I could not understand your answer for “{label}”. {hint}",
        "fr": "Désolé, je n'ai pas compris votre réponse pour « {label} ». {hint}",
    },
    ParseError.OUT_OF_RANGE: {
        "de": "Der Wert für „{label}“ liegt außerhalb des zulässigen Bereichs. {range}",
        "en": "The value for “{label}” is outside the allowed range. {range}",
        "fr": "La valeur pour « {label} » est hors de la plage autorisée. {range}",
    },
    ParseError.INVALID_CHECKSUM: {
        "de": "Die Prüfziffer bei „{label}“ stimmt nicht, vermutlich hat sich ein Tippfehler "
        "eingeschlichen. Bitte prüfen Sie die Nummer und geben Sie sie noch einmal ein.",
        "en": "The check digit of “{label}” does not match, so the number probably contains a "
        "typo. Please check it and type it again.",
        "fr": "La clé de contrôle de « {label} » ne correspond pas ; le numéro contient "
        "probablement une faute de frappe. Veuillez le vérifier et le saisir à nouveau.",
    },
    ParseError.INVALID_FORMAT: {
        "de": "Die Angabe zu „{label}“ hat nicht das erwartete Format. {hint}",
        "en": "Your answer for “{label}” is not in the expected format. {hint}",
        "fr": "Votre réponse pour « {label} » n'a pas le format attendu. {hint}",
    },
    ParseError.UNKNOWN_CHOICE: {
        "de": "Ihre Antwort passt zu keiner Möglichkeit bei „{label}“. {hint}",
        "en": "Your answer does not match any option for “{label}”. {hint}",
        "fr": "Votre réponse ne correspond à aucune possibilité pour « {label} ». {hint}",
    },
    ParseError.TOO_LONG: {
        "de": "Die Angabe zu „{label}“ ist zu lang. {limit}",
        "en": "Your answer for “{label}” is too long. {limit}",
        "fr": "Votre réponse pour « {label} » est trop longue. {limit}",
    },
    ParseError.INCONSISTENT: {
        "de": "Die Angabe zu „{label}“ passt nicht zu Ihren früheren Antworten. {detail}",
        "en": "Your answer for “{label}” does not fit your earlier answers. {detail}",
        "fr": "Votre réponse pour « {label} » ne concorde pas avec vos réponses "
        "précédentes. {detail}",
    },
}

_RANGES = {
    "both": {
        "de": "Bitte geben Sie eine Zahl zwischen {low} und {high} an.",
        "en": "Please give a number between {low} and {high}.",
        "fr": "Veuillez indiquer un nombre entre {low} et {high}.",
    },
    "low": {
        "de": "Bitte geben Sie eine Zahl von mindestens {low} an.",
        "en": "Please give a number of at least {low}.",
        "fr": "Veuillez indiquer un nombre d'au moins {low}.",
    },
    "high": {
        "de": "Bitte geben Sie eine Zahl von höchstens {high} an.",
        "en": "Please give a number of at most {high}.",
        "fr": "Veuillez indiquer un nombre d'au plus {high}.",
    },
}
_LIMITS = {
    "de": "Bitte fassen Sie sich auf höchstens {n} Zeichen zusammen.",
    "en": "Please keep it to at most {n} characters.",
    "fr": "Veuillez vous limiter à {n} caractères au plus.",
}
_SHORTER = {
    "de": "Bitte fassen Sie sich kürzer.",
    "en": "Please make it shorter.",
    "fr": "Veuillez raccourcir votre réponse.",
}
# Whole numbers only, and a month alone is no date: say exactly that.
_SPECIFIC = {
    "integer": {
        "de": "Bitte geben Sie eine ganze Zahl ohne Nachkommastellen an, zum Beispiel 12.",
        "en": "Please give a whole number without decimals, for example 12.",
        "fr": "Veuillez indiquer un nombre entier sans décimales, par exemple 12.",
    },
    "day": {
        "de": "Bitte nennen Sie auch den Tag, zum Beispiel 01.03.2026.",
        "en": "Please include the day as well, for example 1 March 2026.",
        "fr": "Veuillez aussi préciser le jour, par exemple 01/03/2026.",
    },
}


def _range_text(spec: FieldSpec, language: str) -> str:
    low, high = bounds(spec)
    key = "both" if low is not None and high is not None else "low" if low is not None else "high"
    return _RANGES[key][language].format(
        low=format_number(low if low is not None else 0, language),
        high=format_number(high if high is not None else 0, language),
    )


def _limit_text(result: ParseResult, spec: FieldSpec, language: str) -> str:
    limit = result.detail or (str(spec.max_length) if spec.max_length is not None else None)
    return _LIMITS[language].format(n=limit) if limit else _SHORTER[language]


def _hint(result: ParseResult, spec: FieldSpec, language: str) -> str:
    if result.detail in _SPECIFIC:
        return _SPECIFIC[result.detail][language]
    hint = _HINTS.get(spec.kind, _HINTS[FieldKind.TEXT])[language]
    return hint.format(options=choice_labels(spec, language))


def error_message(result: ParseResult, spec: FieldSpec, language: str) -> str:
    """Explain politely why an answer could not be used and what to type instead.

    Args:
        result: A failed parse result.
        spec: The field the answer was for (its label names it).
        language: ``de``, ``en`` or ``fr``; other languages get English.

    Returns:
        One or two sentences, or ``""`` when ``result`` has no error.

    """
    if result.ok or result.error is None:
        return ""
    lang = language if language in ("de", "en", "fr") else "en"
    label = spec.label(lang)
    if result.error is ParseError.OUT_OF_RANGE and bounds(spec) == (None, None):
        template = _MESSAGES[ParseError.INVALID_FORMAT][lang]
    else:
        template = _MESSAGES[result.error][lang]
    text = template.format(
        label=label,
        hint=_hint(result, spec, lang),
        range=_range_text(spec, lang) if any(b is not None for b in bounds(spec)) else "",
        detail=result.detail or "",
        limit=_limit_text(result, spec, lang),
    )
    return " ".join(text.split())


def answer_hint(spec: FieldSpec, language: str) -> str:
    """What a good answer to ``spec`` looks like, with an example (the third asking)."""
    lang = language if language in ("de", "en", "fr") else "en"
    hint = _HINTS.get(spec.kind, _HINTS[FieldKind.TEXT])[lang]
    text = hint.format(options=choice_labels(spec, lang))
    low, high = bounds(spec)
    if spec.kind in (FieldKind.INTEGER, FieldKind.DECIMAL, FieldKind.MONEY) and (
        low is not None or high is not None
    ):
        text += " " + _range_text(spec, lang)
    return text
