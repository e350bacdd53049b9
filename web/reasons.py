"""Words for the codes a task carries, in the caseworker's language.

A review task's summary is built by the workflow from stable codes
(``refusal``, ``cause_other``, ``low_confidence:headcount``,
``possible_duplicate:iban``...), consultation results and earlier opinions,
joined with ``"; "``. The workflow keeps codes (they are stable and carry no
language); the staff pages say them in words here. A part this module does
not know is shown as it is rather than hidden.
"""

from __future__ import annotations

import re

from procedures import PROCEDURES, get_procedure
from procedures.short_time_work.parameters import PARAMETER_SETS as STW_PARAMETERS
from web.i18n import LANGUAGES

_Texts = tuple[str, str, str]  # (de, en, fr)

CRITERIA: dict[str, _Texts] = {
    "cause_recognised": ("Anerkannte Ursache", "Recognised cause", "Cause reconnue"),
    "temporary": ("Vorübergehender Arbeitsausfall", "Temporary loss of work", "Perte temporaire"),
    "unavoidable": ("Unvermeidbarkeit", "Unavoidable loss", "Perte inévitable"),
    "minimum_share": (
        "Mindesterfordernis (ein Zehntel der Beschäftigten)",
        "Minimum share (a tenth of the staff)",
        "Seuil minimal (un dixième des salariés)",
    ),
    "social_insurance": (
        "Sozialversicherungspflichtige Beschäftigung",
        "Employees insured",
        "Salariés assurés",
    ),
    "works_council": ("Betriebsrat", "Works council", "Comité d'entreprise"),
    "timely_notification": ("Rechtzeitige Anzeige", "Notified in time", "Déclaration à temps"),
    "age": ("Alter", "Age", "Âge"),
    "stable_residence": ("Gewöhnlicher Aufenthalt", "Stable residence", "Résidence stable"),
    "right_of_residence": ("Aufenthaltsrecht", "Right of residence", "Droit au séjour"),
    "standard_amount": ("Pauschalbetrag", "Standard amount", "Montant forfaitaire"),
    "earnings_stopped": (
        "Weggefallenes Einkommen",
        "Income that stopped",
        "Revenus interrompus",
    ),
    "resources": ("Einkünfte", "Resources", "Ressources"),
    "family_benefits": ("Familienleistungen", "Family benefits", "Prestations familiales"),
    "housing_deduction": ("Wohnkostenpauschale", "Housing deduction", "Forfait logement"),
    "amount_payable": ("Auszahlbarer Betrag", "Amount payable", "Montant versé"),
    "application_form": ("Antragsformular", "Application form", "Formulaire de demande"),
    "documents": ("Bauvorlagen", "Documents", "Pièces du dossier"),
    "planning_rules": ("Planungsrecht", "Planning rules", "Règles d'urbanisme"),
}
"""A short name per criterion code, for tables and task summaries."""

_REASONS: dict[str, _Texts] = {
    "refusal": (
        "Mindestens eine Voraussetzung ist nicht erfüllt (eine Ablehnung entscheidet ein Mensch)",
        "At least one criterion is not met (a refusal is decided by a person)",
        "Au moins une condition n'est pas remplie (un refus est décidé par une personne)",
    ),
    "not_eligible": (
        "Nicht alle Voraussetzungen sind erfüllt",
        "Not every criterion is met",
        "Toutes les conditions ne sont pas remplies",
    ),
    "cause_other": (
        "Eine sonstige Ursache wurde angegeben: bitte prüfen",
        "Another cause was given: to be checked",
        "Une autre cause a été indiquée : à vérifier",
    ),
    "many_affected": (
        "Mehr als {limit} Beschäftigte betroffen",
        "More than {limit} employees affected",
        "Plus de {limit} salariés concernés",
    ),
    "four_eyes": (
        "Betrag über der Schwelle: zweite Prüfung nötig",
        "Amount above the threshold: a second review is needed",
        "Montant au-dessus du seuil : double contrôle nécessaire",
    ),
    "signature_required": (
        "Jede Entscheidung wird unterschrieben",
        "Every decision is signed by a caseworker",
        "Toute décision est signée par un agent",
    ),
    "low_confidence": (
        "Nicht sicher erkannt: {field}",
        "Not read with confidence: {field}",
        "Lu sans certitude : {field}",
    ),
    "needs_review": (
        "Nicht automatisch beurteilbar: {criterion}",
        "Cannot be assessed automatically: {criterion}",
        "Ne peut être apprécié automatiquement : {criterion}",
    ),
    "possible_duplicate": (
        "Möglicher Doppelantrag ({shared})",
        "Possible duplicate ({shared})",
        "Doublon possible ({shared})",
    ),
    "review": ("Prüfung", "Review", "Examen"),
}

SHARED: dict[str, _Texts] = {
    "iban": ("gleiche IBAN", "same IBAN", "même IBAN"),
    "applicant": (
        "gleicher Name und gleiches Geburtsdatum",
        "same name and date of birth",
        "mêmes nom et date de naissance",
    ),
}
"""What two cases share when one is flagged as a possible duplicate of the other."""

_OUTCOME_WORDS: dict[str, _Texts] = {
    "approve": ("bewilligt", "approved", "accordé"),
    "reject": ("abgelehnt", "rejected", "refusé"),
    "agree": ("Zustimmung", "agreed", "avis favorable"),
    "agree_with_conditions": (
        "Zustimmung mit Auflagen",
        "agreed with conditions",
        "avis favorable avec réserves",
    ),
    "object": ("Einwand", "objected", "avis défavorable"),
}

KINDS: dict[str, _Texts] = {
    "review": ("Prüfung", "Review", "Examen"),
    "second_review": ("Zweite Prüfung", "Second review", "Second examen"),
    "completeness": ("Vollständigkeit", "Completeness check", "Complétude"),
    "consultation": ("Stellungnahme", "Consultation", "Consultation"),
    "appeal": ("Widerspruch", "Appeal", "Recours"),
    "revision": ("Überprüfung", "Revision", "Révision"),
}
"""The kind of a task, in words."""

# Codes followed by ``:<field>``, ``:<criterion>`` or ``:<kind>``.
_NEEDS_DETAIL = frozenset({"low_confidence", "needs_review", "possible_duplicate"})
_CONSULTATION = re.compile(r"^(?P<service>[\w-]+): (?P<outcome>[a-z_]+)(?P<deemed> \(deemed\))?$")
_OPINION = re.compile(r"^(?P<kind>[a-z_]+) (?P<outcome>[a-z_]+) by (?P<user>[\w.@-]+)$")
_DEEMED: _Texts = ("durch Schweigen", "deemed by silence", "réputé par silence")


def _pick(texts: _Texts, language: str) -> str:
    return texts[LANGUAGES.index(language) if language in LANGUAGES else 0]


def criterion_name(code: str, language: str) -> str:
    """A criterion's short name (its code when it has none)."""
    texts = CRITERIA.get(code)
    return _pick(texts, language) if texts else code


def kind_name(kind: str, language: str) -> str:
    """A task kind in words."""
    texts = KINDS.get(kind)
    return _pick(texts, language) if texts else kind


def shared_words(kind: str, language: str) -> str:
    """What a duplicate fingerprint of ``kind`` means two cases share."""
    texts = SHARED.get(kind)
    return _pick(texts, language) if texts else kind


def _field_label(procedure: str | None, name: str, language: str) -> str:
    if procedure in PROCEDURES:
        spec = get_procedure(procedure).fields.get(name)
        if spec is not None:
            return spec.label(language)
    return name


def describe_part(part: str, procedure: str | None, language: str) -> str:
    """One code (or consultation / opinion line) of a task summary, in words.

    Args:
        part: One ``"; "``-separated piece of the summary.
        procedure: The case's procedure, to name its fields.
        language: The caseworker's language.

    Returns:
        The sentence, or ``part`` unchanged when it is not a known code.
    """
    code, _, detail = part.partition(":")
    texts = _REASONS.get(code)
    if texts is not None and (code in _NEEDS_DETAIL) == (detail != ""):
        limit = max(p.max_auto_affected for p in STW_PARAMETERS.values())
        return _pick(texts, language).format(
            field=_field_label(procedure, detail, language),
            criterion=criterion_name(detail, language),
            shared=shared_words(detail, language),
            limit=limit,
        )
    consultation = _CONSULTATION.match(part)
    if consultation and consultation["outcome"] in _OUTCOME_WORDS:
        said = _pick(_OUTCOME_WORDS[consultation["outcome"]], language)
        deemed = f" ({_pick(_DEEMED, language)})" if consultation["deemed"] else ""
        return f"{consultation['service']}: {said}{deemed}"
    opinion = _OPINION.match(part)
    if opinion and opinion["outcome"] in _OUTCOME_WORDS:
        said = _pick(_OUTCOME_WORDS[opinion["outcome"]], language)
        return f"{kind_name(opinion['kind'], language)}: {said} ({opinion['user']})"
    return part


def describe_summary(summary: str, procedure: str | None, language: str) -> list[str]:
    """A task summary as sentences, one per part."""
    return [describe_part(p.strip(), procedure, language) for p in summary.split(";") if p.strip()]
