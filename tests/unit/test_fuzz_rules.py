"""Property tests of the procedures' rules (``procedures/*/rules.py``) with hypothesis.

Forms are generated the way the intake fills them: field after field as
``next_field`` asks, each value within its field's kind, bounds and choices
and accepted by the procedure's cross-field ``check_field``. On every such
complete form the rules are pure and deterministic, never raise, explain
every criterion in one line per language, and a few obvious monotonicities
hold.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from procedures import PROCEDURES
from procedures.base import Procedure
from procedures.short_time_work.rules import CRITERIA as STW_CRITERIA
from schemas.form import FieldKind, FieldSpec
from schemas.rules import CriterionResult

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# Dates every procedure has a parameter set for.
RECEIVED = st.dates(dt.date(2025, 4, 1), dt.date(2027, 6, 30))
IBANS = ["DE89370400440532013000", "FR1420041010050500013M02606"]


def _number(spec: FieldSpec) -> st.SearchStrategy[Any]:
    low = int(spec.minimum if spec.minimum is not None else 0)
    high = int(spec.maximum if spec.maximum is not None else 1_000_000)
    # Small values are where the thresholds are; the rest of the range too.
    small = st.integers(low, min(high, low + 40))
    whole = st.integers(low, high)
    values = st.one_of(small, whole)
    if spec.kind is FieldKind.INTEGER:
        return values
    cents = st.integers(0, 99).map(lambda c: c / 100)
    return st.tuples(values, cents).map(lambda v: float(min(high, v[0] + v[1])))


def value_strategy(spec: FieldSpec) -> st.SearchStrategy[Any]:
    """What a parser can hand the form for ``spec``."""
    kind = spec.kind
    if kind in (FieldKind.INTEGER, FieldKind.PERCENT, FieldKind.MONEY):
        return _number(spec)
    if kind is FieldKind.MONTH:
        return st.dates(dt.date(2023, 7, 1), dt.date(2027, 12, 31)).map(
            lambda d: d.strftime("%Y-%m")
        )
    if kind is FieldKind.DATE:
        return st.dates(dt.date(1930, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat)
    if kind is FieldKind.YES_NO:
        return st.booleans()
    if kind is FieldKind.CHOICE:
        return st.sampled_from([c.value for c in spec.choices])
    if kind is FieldKind.EMAIL:
        return st.just("applicant@example.org")
    if kind is FieldKind.BETRIEBSNUMMER:
        return st.just("09912342")
    if kind is FieldKind.IBAN:
        return st.sampled_from(IBANS)
    if kind is FieldKind.FILE:
        return st.sampled_from(["not_provided", "file:" + "ab" * 32])
    size = min(spec.max_length or 200, 40)
    return st.text(min_size=1, max_size=size).map(str.strip).filter(bool)


def complete_form(draw: st.DrawFn, procedure: Procedure) -> dict[str, Any]:
    """Fill a form as the intake does, asking ``next_field`` until it is complete."""
    values: dict[str, Any] = {}
    for _ in range(len(procedure.fields) + 1):
        name = procedure.next_field(values)
        if name is None:
            return values
        spec = procedure.fields[name]
        for _attempt in range(20):
            candidate = draw(value_strategy(spec))
            if procedure.check_field(name, candidate, values) is None:
                break
        else:
            assume(False)  # no acceptable value drawn: not a form the intake would complete
        values[name] = candidate
    raise AssertionError(f"{procedure.id}: next_field never completes the form")


@st.composite
def forms(draw: st.DrawFn, procedure_id: str) -> tuple[dict[str, Any], dt.date]:
    return complete_form(draw, PROCEDURES[procedure_id]), draw(RECEIVED)


def check_outcome(procedure: Procedure, values: dict[str, Any], received: dt.date) -> Any:
    outcome = procedure.evaluate(dict(values), received, received)
    # Pure and deterministic: same form, same outcome; the form is not modified.
    snapshot = dict(values)
    assert procedure.evaluate(values, received, received) == outcome
    assert values == snapshot
    assert outcome.criteria, "an outcome lists its criteria"
    codes = [c.code for c in outcome.criteria]
    assert len(codes) == len(set(codes)), "one line per criterion"
    for criterion in outcome.criteria:
        for language in procedure.languages:
            text = criterion.explanation[language]
            assert text.strip() and "\n" not in text, (criterion.code, language)
    met = all(c.result is CriterionResult.MET for c in outcome.criteria)
    assert outcome.eligible is met
    outcome.model_dump_json()  # crosses activity boundaries
    return outcome


@SETTINGS
@given(case=forms("short_time_work"))
def test_short_time_work_rules(case: tuple[dict[str, Any], dt.date]) -> None:
    values, received = case
    procedure = PROCEDURES["short_time_work"]
    outcome = check_outcome(procedure, values, received)
    assert [c.code for c in outcome.criteria] == list(STW_CRITERIA)
    event(f"eligible={outcome.eligible}")
    if not outcome.eligible:
        return
    # More employees losing over 10 % of pay, or a larger average loss, never
    # makes an eligible notification ineligible.
    for field, step in (("affected_over_10_percent", 1), ("average_loss_percent", 5)):
        bumped = dict(values)
        bumped[field] = values[field] + step
        spec = procedure.fields[field]
        if spec.maximum is not None and bumped[field] > spec.maximum:
            continue
        if procedure.check_field(field, bumped[field], values) is not None:
            continue
        assert procedure.evaluate(bumped, received, received).eligible, field


@SETTINGS
@given(case=forms("minimum_income"))
def test_minimum_income_rules(case: tuple[dict[str, Any], dt.date]) -> None:
    values, received = case
    procedure = PROCEDURES["minimum_income"]
    outcome = check_outcome(procedure, values, received)
    if outcome.amount is not None:
        assert outcome.amount >= 0
    # More resources never mean a larger allowance.
    richer = dict(values)
    richer["applicant_resources"] = values["applicant_resources"] + 300
    if richer["applicant_resources"] <= (procedure.fields["applicant_resources"].maximum or 0):
        more = procedure.evaluate(richer, received, received)
        assert (more.amount or Decimal(0)) <= (outcome.amount or Decimal(0))
        assert not (more.eligible and not outcome.eligible)


@SETTINGS
@given(case=forms("building_permit"))
def test_building_permit_rules(case: tuple[dict[str, Any], dt.date]) -> None:
    values, received = case
    check_outcome(PROCEDURES["building_permit"], values, received)


@SETTINGS
@given(
    headcount=st.integers(1, 500),
    share=st.floats(0, 1),
    loss=st.integers(1, 99),
    received=RECEIVED,
)
def test_short_time_work_more_loss_never_hurts(
    headcount: int, share: float, loss: int, received: dt.date
) -> None:
    """Around a clear case: more affected employees or more loss keep eligibility."""
    from tests.unit.test_stw_rules import values as clear_case

    affected = round(headcount * share)
    month = received.strftime("%Y-%m")
    values = clear_case(
        headcount=headcount,
        affected_employees=max(1, affected),
        affected_over_10_percent=affected,
        employees_social_insurance=headcount,
        average_loss_percent=loss,
        loss_start_month=month,
    )
    evaluate = PROCEDURES["short_time_work"].evaluate
    before = evaluate(values, received, received)
    event(f"eligible={before.eligible}")
    more = dict(values, average_loss_percent=loss + 1)
    more_people = dict(
        values,
        affected_employees=max(1, min(headcount, affected + 1)),
        affected_over_10_percent=min(headcount, affected + 1),
    )
    for after in (evaluate(more, received, received), evaluate(more_people, received, received)):
        assert after.eligible or not before.eligible
