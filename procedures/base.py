"""The contract every procedure folder fulfils.

A procedure is data plus pure functions: its form fields, the question flow
(which field to ask next, given the answers so far), rules over a dated
parameter set, a sign-off policy, deadlines and letter templates. The engine
(workflow, agent, activities) reads procedures only through this contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from procedures.lifecycle import Lifecycle
from procedures.revaluation import Revaluation, StaleParameters, stale_parameters
from schemas.extraction import Extraction
from schemas.form import FieldSpec
from schemas.rules import RuleOutcome, SignOff

NEXT_WORKING_DAY = "next_working_day"
"""A case's deadline rule: contesting periods that end on a non-working day
run on to the next working day (:mod:`procedures.working_days`)."""

FormValues = Mapping[str, Any]
"""The answers so far: field name to normalised value (JSON-serialisable)."""


@dataclass(frozen=True)
class GraphVersion:
    """A later version of a procedure's question flow, under its own graph name.

    A case keeps the version it started with for its whole life (the graph
    name is in its state, carried across continue-as-new), so changing a
    question flow never changes the questions of a case already in flight:

    * the *nodes* of the conversation (how an answer is folded in, what is
      asked next) are frozen in the graph that ``build`` returns;
    * the *flow data* (which fields apply, in which order, how a value is
      checked) is frozen in ``variant``, which every reader of a case's form
      applies through :meth:`Procedure.for_graph` with the case's graph name.

    Attributes:
        patch_id: The ``workflow.patched`` id that selects it at case start.
        graph_name: The graph name it is registered under (activity types
            are named after it, e.g. ``<graph_name>.understand``).
        build: Builds the graph (default: the standard intake graph); a
            changed flow supplies one whose nodes use the new flow, so the
            older names keep the older flows for the cases that use them.
        variant: Returns the procedure as this version asks it, given the
            base procedure (e.g. ``dataclasses.replace`` with another
            ``next_field`` and ``applicable_fields``); ``None`` keeps the
            base flow. Field names are never reused with another meaning, so
            ``Procedure.fields`` may simply hold the fields of every version.
    """

    patch_id: str
    graph_name: str
    build: Callable[[], Any] | None = None
    variant: Callable[[Procedure], Procedure] | None = None


CONVERSATION_V2_PATCH = "conversation-v2"
"""Selects the second conversation of every procedure at case start: slot
filling, bounded repetition (at most three asks, then the caseworker), and
read-back replies read as answers (:func:`agents.intake.nodes.bounded`)."""


def conversation_v2(
    procedure_id: str, variant: Callable[[Procedure], Procedure] | None = None
) -> GraphVersion:
    """The second conversation's graph version of a procedure.

    Args:
        procedure_id: The procedure's id (the graph is ``<id>_intake_v2``).
        variant: The procedure's question flow in this version, when it changed.
    """
    return GraphVersion(
        patch_id=CONVERSATION_V2_PATCH, graph_name=f"{procedure_id}_intake_v2", variant=variant
    )


@dataclass(frozen=True)
class Procedure:
    """Everything the engine needs to run one administrative procedure.

    Attributes:
        id: Stable identifier, also the caseworker group that signs it off.
        titles: Human title per language.
        languages: Languages the procedure is offered in.
        timezone: Deadlines are computed and fall due in this zone.
        fields: Every field the form can hold, by name.
        next_field: Pure function: the next field to ask given the answers so
            far, or ``None`` when the form is complete. Follow-up questions
            depend on earlier answers here.
        applicable_fields: Pure function: the fields that apply given the
            answers so far, in asking order (for progress and review).
        check_field: Pure function: a cross-field consistency check for a
            candidate value, returning an error text per language or ``None``.
        evaluate: Pure function: the rules over a complete form, the date the
            claim was received and the reference date.
        sign_off: Pure function: the sign-off policy over a rule outcome and
            the provenance of the form's values.
        objection_deadline: Pure function: when the decision notified at the
            given instant can no longer be contested (end of that day, local).
        template_dir: Folder with the letter templates
            (``letter_<outcome>.<lang>.html.j2``).
        graph_name: Name of the intake graph registered for this procedure
            (a changed question flow registers a new name).
        graph_versions: Later question flows, oldest first; new cases take
            the newest (see :class:`GraphVersion`).
        parameter_sets: Every dated parameter set by id (audits, what-if).
        evaluate_with: Pure function: the rules over a complete form, the
            date received and a given parameter set (what-if); ``None`` when
            the procedure has no parameter sets.
        retention: How long a closed case is kept before personal data is purged.
        confidence_threshold: Extractions below it need a person's check.
        lifecycle: Optional lifecycle steps beyond the basic one (completeness
            check, consultations, tacit decisions, duplicate detection,
            appeal windows); ``None`` keeps the basic lifecycle.
        email_field: The form field holding the applicant's e-mail address
            (notifications go there); ``None`` sends no e-mail.
        working_day_objection_deadline: The objection deadline with a period
            that ends on a Saturday, Sunday or public holiday run on to the
            next working day (``procedures.working_days``); applied to cases
            started with that rule, ``None`` when the procedure has none.
        revaluation: How its parameters are revalued each year (the queue
            and ``starter.py`` warn when the newest set predates it);
            ``None`` when they are not revalued on a fixed date.
        extra: Procedure-specific helpers (audits, what-if runs).
    """

    id: str
    titles: Mapping[str, str]
    languages: Sequence[str]
    timezone: ZoneInfo
    fields: Mapping[str, FieldSpec]
    next_field: Callable[[FormValues], str | None]
    applicable_fields: Callable[[FormValues], list[str]]
    check_field: Callable[[str, Any, FormValues], dict[str, str] | None]
    evaluate: Callable[[FormValues, dt.date, dt.date], RuleOutcome]
    sign_off: Callable[[RuleOutcome, FormValues, Sequence[Extraction]], SignOff]
    objection_deadline: Callable[[dt.datetime], dt.datetime]
    template_dir: Path
    graph_name: str
    retention: dt.timedelta = dt.timedelta(days=365 * 3)
    confidence_threshold: float = 0.8
    graph_versions: Sequence[GraphVersion] = ()
    parameter_sets: Mapping[str, Any] = field(default_factory=dict)
    evaluate_with: Callable[[FormValues, dt.date, Any], RuleOutcome] | None = None
    lifecycle: Lifecycle | None = None
    email_field: str | None = None
    working_day_objection_deadline: Callable[[dt.datetime], dt.datetime] | None = None
    revaluation: Revaluation | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def title(self, language: str) -> str:
        """Return the title in ``language``, falling back to English."""
        return self.titles.get(language) or self.titles["en"]

    def objection_deadline_for(self, notified_at: dt.datetime, rule: str | None) -> dt.datetime:
        """Return the objection deadline under a case's deadline rule.

        Args:
            notified_at: When the decision is notified.
            rule: The case's ``deadline_rule`` (``None``: plain calendar count).
        """
        deadline = self.objection_deadline(notified_at)
        if rule == NEXT_WORKING_DAY and self.working_day_objection_deadline is not None:
            return self.working_day_objection_deadline(notified_at)
        return deadline

    def stale_parameters(self, today: dt.date) -> StaleParameters | None:
        """Return a warning when the newest parameter set predates a due revaluation.

        Args:
            today: The local date to judge on (injected by the caller).
        """
        return stale_parameters(self.id, self.revaluation, self.parameter_sets, today)

    def for_graph(self, graph_name: str | None) -> Procedure:
        """Return the procedure as the intake graph ``graph_name`` asks it.

        Every reader of a case's form (the intake nodes, the workflow, the
        rules activity, the pages) goes through this with the case's graph
        name, so a case started on an older question flow keeps it.

        Args:
            graph_name: The case's intake graph; ``None`` or the base graph
                name gives the base procedure.

        Raises:
            KeyError: If ``graph_name`` is none of this procedure's graphs.
        """
        if graph_name is None or graph_name == self.graph_name:
            return self
        for version in self.graph_versions:
            if version.graph_name == graph_name:
                return version.variant(self) if version.variant is not None else self
        raise KeyError(f"{graph_name} is not an intake graph of {self.id}")
