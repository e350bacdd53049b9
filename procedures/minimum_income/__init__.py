"""Minimum-income benefit (revenu de solidarité active, RSA, France).

A person claims for their household: composition, resources of the last
three months, housing; the rules compute the monthly amount (CASF L262-1
ff.). Refusals and possible duplicates go to a person, amounts above 1,500
EUR to two; silence for two months after the complete claim is a rejection.

Only light modules are imported here: this package is imported inside the
Temporal workflow sandbox through :mod:`procedures`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from guichet.i18n.texts import texts_for
from procedures.base import Procedure
from procedures.hints import with_hints
from procedures.lifecycle import Lifecycle
from procedures.minimum_income.deadlines import (
    TACIT_WARNING,
    TIMEZONE,
    duplicate_keys,
    objection_deadline,
    objection_deadline_working_day,
    tacit_rejection_deadline,
)
from procedures.minimum_income.flow import applicable_fields, check_field, next_field, prune
from procedures.minimum_income.flow_v2 import VERSION as FLOW_V2
from procedures.minimum_income.form import FIELDS
from procedures.minimum_income.form_v2 import FIELDS_V2
from procedures.minimum_income.hints import HINTS
from procedures.minimum_income.parameters import PARAMETER_SETS, parameters_for
from procedures.minimum_income.policy import CONFIDENCE_THRESHOLD, sign_off
from procedures.minimum_income.rules import evaluate, evaluate_with
from procedures.revaluation import Revaluation
from schemas.lifecycle import ConsultationOutcome

__all__ = ["PROCEDURE"]


def _silence_rejects(values: Any, consultations: Sequence[ConsultationOutcome]) -> str:
    return "tacitly_rejected"


PROCEDURE = Procedure(
    id="minimum_income",
    titles=texts_for("rsa_title"),
    languages=("de", "en", "fr"),
    timezone=TIMEZONE,
    # Every version's fields (names are never reused): the first flow's and
    # those the second adds (issue 20: monthly income, family benefits,
    # housing benefit, stopped earnings).
    fields=with_hints({**FIELDS, **FIELDS_V2}, HINTS),
    next_field=next_field,
    applicable_fields=applicable_fields,
    check_field=check_field,
    evaluate=evaluate,
    sign_off=sign_off,
    objection_deadline=objection_deadline,
    working_day_objection_deadline=objection_deadline_working_day,
    template_dir=Path(__file__).parent / "templates",
    graph_name="minimum_income_intake_v1",
    graph_versions=(FLOW_V2,),
    parameter_sets=PARAMETER_SETS,
    evaluate_with=evaluate_with,
    # The montant forfaitaire is revalued every 1 April (CSS L161-25, to which
    # CASF L262-3 refers); a missing set is warned about, never guessed.
    revaluation=Revaluation(month=4, day=1, source="CASF L262-3, CSS L161-25: every 1 April"),
    confidence_threshold=CONFIDENCE_THRESHOLD,
    lifecycle=Lifecycle(
        tacit_deadline=tacit_rejection_deadline,
        tacit_outcome=_silence_rejects,
        tacit_warning=TACIT_WARNING,
        duplicate_keys=duplicate_keys,
    ),
    extra={"prune": prune, "parameters_for": parameters_for, "parameter_sets": PARAMETER_SETS},
)
