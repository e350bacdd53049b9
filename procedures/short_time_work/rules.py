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

from guichet.i18n.formats import LANGUAGES, format_measure, format_percent
from guichet.i18n.texts import texts_for
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
        return texts_for("stw_rule_minimum_share_one_third")[lang]
    return _percent(params.min_share_numerator, params.min_share_denominator, lang)


def _choice_label(field: str, value: str | None, lang: str) -> str:
    for option in FIELDS[field].choices:
        if option.value == value:
            return option.labels.get(lang) or option.labels["en"]
    return str(value)


def _criterion(code: str, met: bool | None, said: Texts, basis: str) -> Criterion:
    result = (
        CriterionResult.NEEDS_REVIEW
        if met is None
        else CriterionResult.MET
        if met
        else CriterionResult.NOT_MET
    )
    return Criterion(code=code, result=result, explanation=said, legal_basis=basis)


def _cause(inp: _Inputs) -> Criterion:
    basis = "§ 96 Abs. 1 Satz 1 Nr. 1 SGB III"
    if inp.cause == "economic":
        said = texts_for("stw_rule_cause_economic")
        return _criterion("cause_recognised", True, said, basis)
    if inp.cause == "unavoidable_event":
        event = {lang: _choice_label("event_type", inp.event_type, lang) for lang in LANGUAGES}
        said = texts_for("stw_rule_cause_event", event=event)
        return _criterion("cause_recognised", True, said, basis)
    said = texts_for("stw_rule_cause_other")
    return _criterion("cause_recognised", None, said, basis)


def _temporary(inp: _Inputs, params: StwParameters) -> Criterion:
    maximum = params.max_duration_months
    short_enough = inp.duration <= maximum
    recovers = inp.orders_expected_to_recover is not False
    duration = {lang: _months(inp.duration, lang) for lang in LANGUAGES}
    longest = {lang: _months(maximum, lang) for lang in LANGUAGES}
    if short_enough:
        said = texts_for("stw_rule_temporary_short_enough", duration=duration, maximum=longest)
    else:
        said = texts_for("stw_rule_temporary_too_long", duration=duration, maximum=longest)
    sentences = [said]
    if inp.orders_expected_to_recover is True:
        sentences.append(texts_for("stw_rule_temporary_recovers"))
    elif inp.orders_expected_to_recover is False:
        sentences.append(texts_for("stw_rule_temporary_does_not_recover"))
    said = {lang: " ".join(sentence[lang] for sentence in sentences) for lang in LANGUAGES}
    return _criterion(
        "temporary", short_enough and recovers, said, "§ 96 Abs. 1 Satz 1 Nr. 2 SGB III"
    )


def _unavoidable(inp: _Inputs, params: StwParameters) -> Criterion:
    if inp.overtime_and_leave_used:
        said = texts_for("stw_rule_unavoidable_used_up")
    else:
        said = texts_for("stw_rule_unavoidable_not_used_up")
    if params.negative_balances_required:
        note = texts_for("stw_rule_unavoidable_negative_balances_required")
    else:
        note = texts_for("stw_rule_unavoidable_negative_balances_not_required")
    merged = {lang: f"{said[lang]} {note[lang]}" for lang in said}
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
    # The sentence agrees with the number of those losing pay (plural forms
    # of the catalogues); English also with a head count of one ("1 employee").
    values = {
        "affected": a,
        "headcount": h,
        "share": {lang: _percent(a, h, lang) for lang in LANGUAGES},
        "ten": {lang: _percent(1, 10, lang) for lang in LANGUAGES},
        "required": {lang: _share_words(params, lang) for lang in LANGUAGES},
    }
    if h == 1:
        said = texts_for("stw_rule_minimum_share_of_one", count=a, **values)
    else:
        said = texts_for("stw_rule_minimum_share", count=a, **values)
    return _criterion("minimum_share", met, said, "§ 96 Abs. 1 Satz 1 Nr. 4 SGB III")


def _social_insurance(inp: _Inputs) -> Criterion:
    n = inp.employees_social_insurance
    said = texts_for("stw_rule_social_insurance", employees=n)
    return _criterion("social_insurance", n >= 1, said, "§ 98 Abs. 1 SGB III")


def _works_council(inp: _Inputs) -> Criterion:
    basis = "§ 99 Abs. 1 SGB III"
    if not inp.works_council:
        said = texts_for("stw_rule_works_council_none")
        return _criterion("works_council", True, said, basis)
    if inp.works_council_consent:
        said = texts_for("stw_rule_works_council_statement_attached")
        return _criterion("works_council", True, said, basis)
    said = texts_for("stw_rule_works_council_statement_missing")
    return _criterion("works_council", False, said, basis)


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
    values: dict[str, Any] = {
        "received": {lang: format_date(received_on, lang) for lang in LANGUAGES},
        "start": {lang: format_month(inp.loss_start, lang) for lang in LANGUAGES},
        "effective": {lang: format_month(effective, lang) for lang in LANGUAGES},
    }
    if in_time:
        said = texts_for("stw_rule_timely_in_time", **values)
    else:
        said = texts_for("stw_rule_timely_late", **values)
    criterion = _criterion("timely_notification", True, said, "§ 99 Abs. 2 SGB III")
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
