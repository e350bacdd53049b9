"""Building applications (permis de construire / déclaration préalable, France).

A property owner applies with a documents checklist; a caseworker checks
completeness (one request for missing documents at most); other services are
consulted in parallel; silence at the end of the instruction period approves
(unless the ABF objected); after a grant, third parties may appeal for two
months. Every explicit decision is signed by a caseworker.

Only light modules are imported here: this package is imported inside the
Temporal workflow sandbox through :mod:`procedures`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from guichet.i18n.texts import texts_for
from procedures.base import Procedure, conversation_v2
from procedures.building_permit.deadlines import (
    TIMEZONE,
    completeness_due,
    completion_limit,
    consultations,
    objection_deadline,
    objection_deadline_working_day,
    tacit_deadline,
    tacit_outcome,
    windows,
)
from procedures.building_permit.flow import applicable_fields, check_field, next_field, prune
from procedures.building_permit.form import FIELDS
from procedures.building_permit.hints import HINTS
from procedures.building_permit.parameters import PARAMETER_SETS, parameters_for
from procedures.building_permit.policy import CONFIDENCE_THRESHOLD, sign_off
from procedures.building_permit.rules import evaluate, missing_documents
from procedures.hints import with_hints
from procedures.lifecycle import Lifecycle

__all__ = ["PROCEDURE"]

PROCEDURE = Procedure(
    id="building_permit",
    titles=texts_for("permit_title"),
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
    graph_name="building_permit_intake_v1",
    graph_versions=(conversation_v2("building_permit"),),
    confidence_threshold=CONFIDENCE_THRESHOLD,
    # Planning files are kept longer: the permit matters for the building's life.
    retention=dt.timedelta(days=365 * 10),
    lifecycle=Lifecycle(
        completeness_check=True,
        completeness_due=completeness_due,
        completion_limit=completion_limit,
        reopen_on_request=missing_documents,
        consultations=consultations,
        tacit_deadline=tacit_deadline,
        tacit_outcome=tacit_outcome,
        windows=windows,
    ),
    extra={"prune": prune, "parameters_for": parameters_for, "parameter_sets": PARAMETER_SETS},
)
