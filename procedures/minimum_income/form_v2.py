"""The fields the second RSA question flow adds (issue 20).

People do not know a three-month total of their income; they know their net
monthly pay and what else they receive each month. The second flow asks that,
and whether it was the same in each of the last three months (if not, the
income of each month); the rules work out the quarter
(:func:`procedures.minimum_income.resources.member_quarter`). It also asks
the family benefits received, the amount of housing benefit, and whether an
income stopped, which the rules need (CASF R262-6 ff.).

The fields live here, apart from :mod:`procedures.minimum_income.form` (the
first flow's fields, which stay as they are for the cases that use them).
Field names are never reused with another meaning.
"""

from __future__ import annotations

from guichet.i18n.texts import texts_for
from schemas.form import FieldKind, FieldSpec

__all__ = ["FIELDS_V2", "INCOME_MONTHS", "income_month_field"]

_MAX_MONEY = 1_000_000.0

INCOME_MONTHS: tuple[int, ...] = (1, 2, 3)
"""The three months asked one by one, oldest first (1 = three months ago)."""


def income_month_field(member: str, month: int) -> str:
    """Return the field of ``member``'s income in ``month`` (1 = three months ago)."""
    return f"{member}_income_month_{month}"


def _money(name: str, questions: dict[str, str], labels: dict[str, str]) -> FieldSpec:
    return FieldSpec(
        name=name,
        kind=FieldKind.MONEY,
        questions=questions,
        labels=labels,
        minimum=0,
        maximum=_MAX_MONEY,
    )


def _yes_no(name: str, questions: dict[str, str], labels: dict[str, str]) -> FieldSpec:
    return FieldSpec(name=name, kind=FieldKind.YES_NO, questions=questions, labels=labels)


def _texts(name: str) -> tuple[dict[str, str], dict[str, str]]:
    # The applicant's and the partner's questions, month by month, are each a
    # whole sentence of their own, keyed by the field (rsa_field_<name>_question).
    return texts_for(f"rsa_field_{name}_question"), texts_for(f"rsa_field_{name}_label")


def _member_fields(member: str) -> list[FieldSpec]:
    fields = [
        _yes_no(f"{member}_income_same", *_texts(f"{member}_income_same")),
        _money(f"{member}_net_pay", *_texts(f"{member}_net_pay")),
        _money(f"{member}_other_income", *_texts(f"{member}_other_income")),
    ]
    for month in INCOME_MONTHS:
        name = income_month_field(member, month)
        fields.append(_money(name, *_texts(name)))
    return fields


_HOUSEHOLD_FIELDS: list[FieldSpec] = [
    _yes_no(
        "earnings_stopped",
        texts_for("rsa_field_earnings_stopped_question"),
        texts_for("rsa_field_earnings_stopped_label"),
    ),
    _money(
        "family_allowances",
        texts_for("rsa_field_family_allowances_question"),
        texts_for("rsa_field_family_allowances_label"),
    ),
    _money(
        "paje_base",
        texts_for("rsa_field_paje_base_question"),
        texts_for("rsa_field_paje_base_label"),
    ),
    _yes_no(
        "complement_familial",
        texts_for("rsa_field_complement_familial_question"),
        texts_for("rsa_field_complement_familial_label"),
    ),
    _yes_no(
        "asf_received",
        texts_for("rsa_field_asf_received_question"),
        texts_for("rsa_field_asf_received_label"),
    ),
    FieldSpec(
        name="asf_children",
        kind=FieldKind.INTEGER,
        questions=texts_for("rsa_field_asf_children_question"),
        labels=texts_for("rsa_field_asf_children_label"),
        minimum=1,
        maximum=10,
    ),
    _money(
        "housing_benefit",
        texts_for("rsa_field_housing_benefit_question"),
        texts_for("rsa_field_housing_benefit_label"),
    ),
]

FIELDS_V2: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [*_member_fields("applicant"), *_member_fields("partner"), *_HOUSEHOLD_FIELDS]
}
"""The fields the second question flow adds, by name."""
