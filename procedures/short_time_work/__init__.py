"""Short-time-work allowance (Kurzarbeitergeld): the notification of work loss.

An employer notifies the employment agency that working hours are cut (form
Kug 101); the agency decides whether the allowance is due in principle
(§§ 95–99 SGB III). Monthly payment claims (Kug 107/108) are out of scope.

Only light modules are imported here: this package is imported inside the
Temporal workflow sandbox through :mod:`procedures`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from guichet.i18n.texts import texts_for
from procedures.base import Procedure, conversation_v2
from procedures.hints import with_hints
from procedures.short_time_work.deadlines import (
    TIMEZONE,
    notification_month_end,
    objection_deadline,
    objection_deadline_working_day,
)
from procedures.short_time_work.flow import (
    applicable_fields,
    applicable_fields_v2,
    check_field,
    next_field,
    next_field_v2,
    prune,
)
from procedures.short_time_work.form import FIELDS
from procedures.short_time_work.hints import HINTS
from procedures.short_time_work.parameters import PARAMETER_SETS, parameters_for
from procedures.short_time_work.policy import CONFIDENCE_THRESHOLD, sign_off
from procedures.short_time_work.rules import evaluate, evaluate_with

__all__ = ["PROCEDURE"]

PROCEDURE = Procedure(
    id="short_time_work",
    titles=texts_for("stw_title"),
    languages=("de", "en", "fr"),
    timezone=TIMEZONE,
    fields=with_hints(FIELDS, HINTS),
    next_field=next_field,
    applicable_fields=applicable_fields,
    check_field=check_field,
    evaluate=evaluate,
    sign_off=sign_off,
    objection_deadline=objection_deadline,
    working_day_objection_deadline=objection_deadline_working_day,
    template_dir=Path(__file__).parent / "templates",
    graph_name="short_time_work_intake_v1",
    graph_versions=(
        conversation_v2(
            "short_time_work",
            lambda p: dataclasses.replace(
                p, next_field=next_field_v2, applicable_fields=applicable_fields_v2
            ),
        ),
    ),
    confidence_threshold=CONFIDENCE_THRESHOLD,
    parameter_sets=PARAMETER_SETS,
    evaluate_with=evaluate_with,
    email_field="contact_email",
    # Procedure-specific helpers the engine may use when present: prune drops
    # answers to fields that no longer apply after a changed answer.
    extra={
        "prune": prune,
        "parameters_for": parameters_for,
        "parameter_sets": PARAMETER_SETS,
        "notification_month_end": notification_month_end,
    },
)
