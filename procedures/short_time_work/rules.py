"""Eligibility rules of the short-time-work notification (§§ 95–99 SGB III).

One function per criterion, each returning an explained line with the case's
figures in de, en and fr. Thresholds come from the parameter set in force on
the reference date, never from this module, so a change in the law is a new
parameter set and old cases replay unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from guichet.i18n.formats import format_measure, format_percent
from procedures.calendar import (
    add_months,
    end_of_month,
    format_date,
    format_month,
    month_key,
    parse_month,
)
from procedures.short_time_work.form import FIELDS
from procedures.short_time_work.parameters import StwParameters, parameters_for
from schemas.rules import Criterion, CriterionResult, RuleOutcome

__all__ = ["CRITERIA", "effective_month", "evaluate", "evaluate_with"]

CRITERIA: tuple[str, ...] = (
    "cause_recognised",
    "temporary",
    "unavoidable",
    "minimum_share",
    "social_insurance",
    "works_council",
    "timely_notification",
)
"""The criterion codes in the order an outcome lists them."""

_CAUSES = frozenset({"economic", "unavoidable_event", "other"})
_T = TypeVar("_T")
Texts = dict[str, str]


@dataclass(frozen=True)
class _Inputs:
    """The form values the rules read, type-checked once."""

    cause: str
    event_type: str | None
    orders_expected_to_recover: bool | None
    loss_start: dt.date
    duration: int
    headcount: int
    affected_over_10_percent: int
    employees_social_insurance: int
    overtime_and_leave_used: bool
    works_council: bool
    works_council_consent: bool | None


def _get(values: Mapping[str, Any], name: str, kind: type[_T]) -> _T:
    value = values.get(name)
    if value is None:
        raise ValueError(f"missing value for field {name!r}")
    # bool is an int subclass: a yes/no answer must not pass as a count.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"field {name!r} must be {kind.__name__}, got {type(value).__name__}")
    return value


def _read(values: Mapping[str, Any]) -> _Inputs:
    cause = _get(values, "cause", str)
    if cause not in _CAUSES:
        raise ValueError(f"field 'cause' has an unknown value: {cause!r}")
    headcount = _get(values, "headcount", int)
    if headcount < 1:
        raise ValueError("field 'headcount' must be at least 1")
    # affected_employees is not a criterion of its own, but a complete form has
    # it and the sign-off policy reads it; insisting here catches engine bugs early.
    _get(values, "affected_employees", int)
    works_council = _get(values, "works_council", bool)
    return _Inputs(
        cause=cause,
        event_type=(_get(values, "event_type", str) if cause == "unavoidable_event" else None),
        orders_expected_to_recover=(
            _get(values, "orders_expected_to_recover", bool) if cause == "economic" else None
        ),
        loss_start=parse_month(_get(values, "loss_start_month", str)),
        duration=_get(values, "expected_duration_months", int),
        headcount=headcount,
        affected_over_10_percent=_get(values, "affected_over_10_percent", int),
        employees_social_insurance=_get(values, "employees_social_insurance", int),
        overtime_and_leave_used=_get(values, "overtime_and_leave_used", bool),
        works_council=works_council,
        works_council_consent=(
            _get(values, "works_council_consent", bool) if works_council else None
        ),
    )


def _months(n: int, lang: str) -> str:
    return format_measure(n, "duration-month", lang)


def _percent(numerator: int, denominator: int, lang: str) -> str:
    # Exact decimal division, one decimal place, ".0" dropped ("10 %", "33,3 %").
    share = (Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal("0.001"), rounding=ROUND_HALF_UP
    )
    return format_percent(share, lang, None)


def _share_words(params: StwParameters, lang: str) -> str:
    if (params.min_share_numerator, params.min_share_denominator) == (1, 3):
        return {"de": "ein Drittel", "en": "one third", "fr": "un tiers"}[lang]
    return _percent(params.min_share_numerator, params.min_share_denominator, lang)


def _choice_label(field: str, value: str | None, lang: str) -> str:
    for option in FIELDS[field].choices:
        if option.value == value:
            return option.labels.get(lang) or option.labels["en"]
    return str(value)


def _criterion(code: str, met: bool | None, texts: Texts, basis: str) -> Criterion:
    result = (
        CriterionResult.NEEDS_REVIEW
        if met is None
        else CriterionResult.MET
        if met
        else CriterionResult.NOT_MET
    )
    return Criterion(code=code, result=result, explanation=texts, legal_basis=basis)


def _cause(inp: _Inputs) -> Criterion:
    basis = "§ 96 Abs. 1 Satz 1 Nr. 1 SGB III"
    if inp.cause == "economic":
        texts = {
            "de": "Der Arbeitsausfall beruht auf wirtschaftlichen Gründen.",
            "en": "The work loss is due to economic reasons.",
            "fr": "La perte d'activité est due à des raisons économiques.",
        }
        return _criterion("cause_recognised", True, texts, basis)
    if inp.cause == "unavoidable_event":
        texts = {
            lang: text.format(event=_choice_label("event_type", inp.event_type, lang))
            for lang, text in {
                "de": "Der Arbeitsausfall beruht auf einem unabwendbaren Ereignis ({event}).",
                "en": "The work loss is due to an unavoidable event ({event}).",
                "fr": "La perte d'activité est due à un événement inévitable ({event}).",
            }.items()
        }
        return _criterion("cause_recognised", True, texts, basis)
    texts = {
        "de": (
            "Als Ursache wurde ein anderer Grund angegeben; ob er als wirtschaftlicher Grund "
            "oder unabwendbares Ereignis gilt, muss die Sachbearbeitung prüfen."
        ),
        "en": (
            "Another cause was given; a caseworker must assess whether it counts as an "
            "economic reason or an unavoidable event."
        ),
        "fr": (
            "Une autre cause a été indiquée ; un agent doit examiner si elle constitue une "
            "raison économique ou un événement inévitable."
        ),
    }
    return _criterion("cause_recognised", None, texts, basis)


def _temporary(inp: _Inputs, params: StwParameters) -> Criterion:
    maximum = params.max_duration_months
    short_enough = inp.duration <= maximum
    recovers = inp.orders_expected_to_recover is not False
    parts: dict[str, list[str]] = {"de": [], "en": [], "fr": []}
    for lang in parts:
        d, m = _months(inp.duration, lang), _months(maximum, lang)
        if short_enough:
            parts[lang].append(
                {
                    "de": f"Der Arbeitsausfall dauert voraussichtlich {d}, nicht länger als "
                    f"die höchstens zulässigen {m}.",
                    "en": f"The work loss is expected to last {d}, no longer than the "
                    f"maximum of {m}.",
                    "fr": f"La perte d'activité devrait durer {d}, soit pas plus que le "
                    f"maximum de {m}.",
                }[lang]
            )
        else:
            parts[lang].append(
                {
                    "de": f"Der Arbeitsausfall dauert voraussichtlich {d}; vorübergehend ist "
                    f"er nur bei höchstens {m}.",
                    "en": f"The work loss is expected to last {d}; it is temporary only if "
                    f"it lasts at most {m}.",
                    "fr": f"La perte d'activité devrait durer {d} ; elle n'est temporaire que "
                    f"si elle dure au plus {m}.",
                }[lang]
            )
        if inp.orders_expected_to_recover is True:
            parts[lang].append(
                {
                    "de": "Sie erwarten, dass danach wieder normal gearbeitet wird.",
                    "en": "You expect normal working hours to return afterwards.",
                    "fr": "Vous prévoyez ensuite une reprise de l'horaire normal.",
                }[lang]
            )
        elif inp.orders_expected_to_recover is False:
            parts[lang].append(
                {
                    "de": "Sie erwarten nicht, dass in diesem Zeitraum wieder normal "
                    "gearbeitet werden kann; der Arbeitsausfall ist daher nicht vorübergehend.",
                    "en": "You do not expect normal working hours to return within this "
                    "period, so the work loss is not temporary.",
                    "fr": "Vous ne prévoyez pas de reprise de l'horaire normal pendant cette "
                    "période ; la perte d'activité n'est donc pas temporaire.",
                }[lang]
            )
    texts = {lang: " ".join(sentences) for lang, sentences in parts.items()}
    return _criterion(
        "temporary", short_enough and recovers, texts, "§ 96 Abs. 1 Satz 1 Nr. 2 SGB III"
    )


def _unavoidable(inp: _Inputs, params: StwParameters) -> Criterion:
    if inp.overtime_and_leave_used:
        texts = {
            "de": "Überstunden, positive Arbeitszeitguthaben und Resturlaub wurden vorher "
            "abgebaut.",
            "en": "Overtime, positive working-time balances and remaining leave were used "
            "up first.",
            "fr": "Les heures supplémentaires, les soldes positifs de temps de travail et les "
            "congés restants ont été utilisés au préalable.",
        }
    else:
        texts = {
            "de": "Überstunden, Arbeitszeitguthaben und Resturlaub wurden nicht vorher "
            "abgebaut; der Arbeitsausfall ist daher vermeidbar.",
            "en": "Overtime, working-time balances and remaining leave were not used up "
            "first, so the work loss could have been avoided.",
            "fr": "Les heures supplémentaires, les soldes de temps de travail et les congés "
            "restants n'ont pas été utilisés au préalable ; la perte d'activité était donc "
            "évitable.",
        }
    if params.negative_balances_required:
        note = {
            "de": "Nach den geltenden Regeln sind, soweit im Betrieb zulässig, auch negative "
            "Arbeitszeitsalden aufzubauen.",
            "en": "Under the rules in force, negative working-time balances must also be "
            "built up where the establishment's working-time arrangements allow.",
            "fr": "Selon les règles en vigueur, des soldes négatifs de temps de travail "
            "doivent aussi être constitués lorsque l'organisation du temps de travail de "
            "l'établissement le permet.",
        }
    else:
        note = {
            "de": "Negative Arbeitszeitsalden mussten nach den damals geltenden Sonderregeln "
            "nicht aufgebaut werden.",
            "en": "Under the special rules then in force, negative working-time balances did "
            "not have to be built up.",
            "fr": "Selon les règles dérogatoires alors en vigueur, il n'était pas nécessaire "
            "de constituer des soldes négatifs de temps de travail.",
        }
    merged = {lang: f"{texts[lang]} {note[lang]}" for lang in texts}
    return _criterion(
        "unavoidable",
        inp.overtime_and_leave_used,
        merged,
        "§ 96 Abs. 1 Satz 1 Nr. 3, Abs. 4 SGB III",
    )


def _minimum_share(inp: _Inputs, params: StwParameters) -> Criterion:
    a, h = inp.affected_over_10_percent, inp.headcount
    # Exact integer comparison: a/h >= n/d  <=>  a*d >= h*n (1/3: a*3 >= h).
    met = a * params.min_share_denominator >= h * params.min_share_numerator
    texts: Texts = {}
    for lang in ("de", "en", "fr"):
        pct, need = _percent(a, h, lang), _share_words(params, lang)
        ten = _percent(1, 10, lang)
        if lang == "de":
            verb = "verliert" if a == 1 else "verlieren"
            texts[lang] = (
                f"{a} von {h} Beschäftigten ({pct}) {verb} mehr als {ten} ihres "
                f"Bruttoentgelts; erforderlich ist mindestens {need}."
            )
        elif lang == "en":
            subject = "employee" if h == 1 else "employees"
            verb = "loses" if a == 1 else "lose"
            texts[lang] = (
                f"{a} of {h} {subject} ({pct}) {verb} more than {ten} of their gross "
                f"pay; at least {need} is required."
            )
        else:
            verb = "perd" if a <= 1 else "perdent"
            noun = "salarié" if a <= 1 else "salariés"
            texts[lang] = (
                f"{a} {noun} sur {h} ({pct}) {verb} plus de {ten} de leur salaire brut ; "
                f"il en faut au moins {need}."
            )
    return _criterion("minimum_share", met, texts, "§ 96 Abs. 1 Satz 1 Nr. 4 SGB III")


def _social_insurance(inp: _Inputs) -> Criterion:
    n = inp.employees_social_insurance
    texts = {
        "de": f"Sozialversicherungspflichtig Beschäftigte: {n} (erforderlich: mindestens 1).",
        "en": f"Employees subject to social insurance: {n} (at least 1 required).",
        "fr": f"Salariés assujettis aux assurances sociales : {n} (au moins 1 requis).",
    }
    return _criterion("social_insurance", n >= 1, texts, "§ 98 Abs. 1 SGB III")


def _works_council(inp: _Inputs) -> Criterion:
    basis = "§ 99 Abs. 1 SGB III"
    if not inp.works_council:
        texts = {
            "de": "Im Betrieb besteht kein Betriebsrat; eine Stellungnahme ist nicht erforderlich.",
            "en": "The establishment has no works council, so no statement is required.",
            "fr": "L'établissement n'a pas de comité d'entreprise ; aucun avis n'est donc requis.",
        }
        return _criterion("works_council", True, texts, basis)
    if inp.works_council_consent:
        texts = {
            "de": "Die Stellungnahme des Betriebsrats liegt der Anzeige bei.",
            "en": "The works council's statement is attached to the notification.",
            "fr": "L'avis du comité d'entreprise est joint à la déclaration.",
        }
        return _criterion("works_council", True, texts, basis)
    texts = {
        "de": "Im Betrieb besteht ein Betriebsrat, dessen erforderliche Stellungnahme der "
        "Anzeige nicht beiliegt.",
        "en": "The establishment has a works council, but its statement, which is required, "
        "is not attached.",
        "fr": "L'établissement a un comité d'entreprise, mais son avis, qui est obligatoire, "
        "n'est pas joint.",
    }
    return _criterion("works_council", False, texts, basis)


def effective_month(loss_start: dt.date, received_on: dt.date) -> tuple[dt.date, bool]:
    """Return the first month of entitlement and whether notice was in time.

    A notification received by the end of the month in which the loss starts
    takes effect from that month (also when it arrives before); a later one
    only from the month of receipt (§ 99 Abs. 2 SGB III).

    Args:
        loss_start: First day of the month the work loss starts in.
        received_on: The local date the notification reached the agency.

    Returns:
        The first day of the effective month, and ``True`` when in time.

    """
    if received_on <= end_of_month(loss_start):
        return loss_start.replace(day=1), True
    return received_on.replace(day=1), False


def _timely(inp: _Inputs, received_on: dt.date) -> tuple[Criterion, dt.date, bool]:
    effective, in_time = effective_month(inp.loss_start, received_on)
    texts: Texts = {}
    for lang in ("de", "en", "fr"):
        got = format_date(received_on, lang)
        start = format_month(inp.loss_start, lang)
        eff = format_month(effective, lang)
        if in_time:
            texts[lang] = {
                "de": f"Die Anzeige ist am {got} eingegangen, bis zum Ende des Monats, in dem "
                f"der Arbeitsausfall beginnt ({start}); sie wirkt ab {eff}.",
                "en": f"The notification was received on {got}, by the end of the month in "
                f"which the work loss starts ({start}); it takes effect from {eff}.",
                "fr": f"La déclaration a été reçue le {got}, avant la fin du mois où commence "
                f"la perte d'activité ({start}) ; elle prend effet à compter de {eff}.",
            }[lang]
        else:
            texts[lang] = {
                "de": f"Die Anzeige ist am {got} eingegangen, nach Ende des Monats, in dem der "
                f"Arbeitsausfall beginnt ({start}); eine verspätete Anzeige wirkt erst ab dem "
                f"Monat ihres Eingangs: {eff}.",
                "en": f"The notification was received on {got}, after the end of the month "
                f"in which the work loss starts ({start}); a late notification takes effect "
                f"only from the month of receipt: {eff}.",
                "fr": f"La déclaration a été reçue le {got}, après la fin du mois où commence "
                f"la perte d'activité ({start}) ; une déclaration tardive ne prend effet qu'à "
                f"compter du mois de sa réception : {eff}.",
            }[lang]
    criterion = _criterion("timely_notification", True, texts, "§ 99 Abs. 2 SGB III")
    return criterion, effective, in_time


def evaluate(
    values: Mapping[str, Any], received_on: dt.date, reference_date: dt.date
) -> RuleOutcome:
    """Apply the short-time-work rules to a complete notification.

    Args:
        values: The complete form values.
        received_on: The local (Berlin) date the notification reached the agency.
        reference_date: Selects the parameter set (the case's reference date,
            normally the date received).

    Returns:
        Every criterion with its explanation, ``eligible`` when all are met,
        and facts for letters: ``effective_month``, ``entitlement_until``
        (``YYYY-MM``), the rates and the maximum duration.

    Raises:
        ValueError: If a value the rules need is missing or of the wrong type
            (the message names the field).
        procedures.short_time_work.parameters.NoParameterSetError: If no
            parameter set covers ``reference_date``.

    """
    return evaluate_with(values, received_on, parameters_for(reference_date), reference_date)


def evaluate_with(
    values: Mapping[str, Any],
    received_on: dt.date,
    params: StwParameters,
    reference_date: dt.date | None = None,
) -> RuleOutcome:
    """Apply the rules with a given parameter set (what-if and audits).

    Args:
        values: The complete form values.
        received_on: The local date the notification reached the agency.
        params: The parameter set to apply, whatever its validity period.
        reference_date: The reference date recorded in the outcome (default:
            ``received_on``).

    Returns:
        The outcome, as :func:`evaluate` computes it.

    Raises:
        ValueError: If a value the rules need is missing or of the wrong type.

    """
    inp = _read(values)
    timely, effective, in_time = _timely(inp, received_on)
    criteria = [
        _cause(inp),
        _temporary(inp, params),
        _unavoidable(inp, params),
        _minimum_share(inp, params),
        _social_insurance(inp),
        _works_council(inp),
        timely,
    ]
    # The parameter set names the provision of each criterion (the eased
    # set, for instance, the ordinance that lowered the minimum share).
    criteria = [
        c.model_copy(update={"legal_basis": params.legal_sources.get(c.code, c.legal_basis)})
        for c in criteria
    ]
    months = min(inp.duration, params.max_duration_months)
    return RuleOutcome(
        eligible=all(c.result is CriterionResult.MET for c in criteria),
        criteria=criteria,
        parameter_set=params.ref(),
        reference_date=reference_date or received_on,
        facts={
            "received_on": received_on.isoformat(),
            "loss_start_month": month_key(inp.loss_start),
            "effective_month": month_key(effective),
            "notified_in_time": in_time,
            "entitlement_until": month_key(add_months(effective, months - 1)),
            "max_duration_months": params.max_duration_months,
            "rate_standard": float(params.rate_standard),
            "rate_with_child": float(params.rate_with_child),
            "min_share": f"{params.min_share_numerator}/{params.min_share_denominator}",
            "negative_balances_required": params.negative_balances_required,
        },
    )
