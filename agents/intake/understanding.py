"""Understanding one answer: the graph node that runs as a Temporal activity.

It is the only node with a cost (a model call, where one is configured), so
it is the one activity on a turn's critical path. It reads the answer for the
asked field and any correction of an earlier field, and records the source
text and method of every value for the audit. The reference date comes from
the workflow (``workflow.now()``), so "ab März" reads the same on replay.

The deterministic parser always runs. Where a model is configured, it is
also asked when the answer may hold more than the parser read (a longer
message) or when the parser could not read it; what it proposes is checked
by :mod:`agents.intake.model`. A failed model call never fails the turn.
The result, with the model call's record, is stored in the workflow
history, so replay and audit never call the model again.

The model client is created once per worker process and registered for the
task queues that process polls (:func:`register_model`); the activity finds
it by the task queue it runs on.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from temporalio import activity

from agents.intake.messages import say
from agents.intake.state import CASEWORKER, CONFIRM, REVIEW, IntakeState, Understanding
from schemas.extraction import Extraction, ExtractionMethod
from schemas.form import FieldKind

if TYPE_CHECKING:
    from guichet.llm import ModelClient

_models: dict[str, ModelClient] = {}


def register_model(task_queue: str, model: ModelClient | None) -> None:
    """Make ``model`` the one understanding activities on ``task_queue`` use.

    ``None`` unregisters it (the parser alone reads answers there).
    """
    if model is None:
        _models.pop(task_queue, None)
    else:
        _models[task_queue] = model


def registered_model() -> ModelClient | None:
    """Return the model registered for the running activity's task queue."""
    if not activity.in_activity():
        return None
    return _models.get(activity.info().task_queue)


def understand_answer(state: IntakeState) -> Understanding:
    """Read the applicant's latest answer against the question asked (pure).

    Args:
        state: The graph state with ``asked``, ``answer`` and ``today`` set.

    Returns:
        The understanding, with provenance on every extraction.
    """
    # Imported here: the parser pulls in dateparser, which the workflow
    # sandbox must never have to load.
    from agents import nlu
    from procedures import get_procedure

    procedure = get_procedure(state["procedure"], state.get("graph"))
    language = state["language"]
    text = state.get("answer", "").strip()
    asked = state["asked"]
    turn = state.get("turn", 0)
    today = dt.date.fromisoformat(state["today"])
    form = state.get("form", {})
    if not text:
        return Understanding(asked=asked, error=say("empty", language))

    edited = state.get("edit_field")
    if edited:
        return _edit(state, edited, text, today)

    from agents.intake import reading

    if asked == CONFIRM:
        pending = (state.get("pending_confirmation") or [{}])[0]
        value = reading.read_confirmation_reply(
            procedure, form, pending, text, language, today, turn
        )
        others = (
            []
            if value is not None
            else reading.read_other_facts(
                procedure, form, str(pending.get("field")), text, language, today, turn
            )
        )
        # "ja, Überstunden sind abgebaut" answers the question the applicant
        # expected next, not the read-back: the read-back stays open.
        yes_no = None if value is not None or others else nlu.parse_yes_no(text, language)
        name = str(pending.get("field"))
        if (
            yes_no is True
            and name in procedure.fields
            and reading.yes_about_something_else(procedure.fields[name], pending.get("value"), text)
        ):
            yes_no = None  # "oui, dès que les machines sont réparées": asked again
        return Understanding(
            asked=asked,
            yes_no=yes_no,
            extraction=value,
            proposals=others,
            corrections=reading.read_corrections(
                procedure, form, text, language, today, turn, exclude=None
            ),
        )
    if asked == REVIEW:
        return Understanding(
            asked=asked,
            yes_no=nlu.parse_yes_no(text, language),
            corrections=_review_changes(procedure, form, text, language, today, turn),
        )
    if asked == CASEWORKER:
        return Understanding(
            asked=asked,
            extraction=Extraction(field=CASEWORKER, value=text, source_text=text, turn=turn),
        )
    spec = procedure.fields[asked]
    if reading.leaves_to_caseworker(text):
        return Understanding(asked=asked, leave_to_caseworker=True)
    if reading.asks_back(text, language):
        # "c'est quoi un monument historique ?": a question, not an answer.
        return Understanding(
            asked=asked,
            error=say("asked_back", language),
            hint=nlu.answer_hint(spec, language),
        )
    corrections = reading.read_corrections(
        procedure, form, text, language, today, turn, exclude=asked
    )
    corrected = {c.field for c in corrections}
    extraction, others, failure = reading.read_message(
        procedure, form, asked, text, language, today, turn
    )
    if (
        extraction is not None
        and extraction.span is None
        and any(c.value == extraction.value for c in corrections)
    ):
        # "actually we have 22 employees" while another number is asked: the
        # number belongs to the field the applicant named, not the asked one.
        extraction = None
    if (
        extraction is not None
        and corrections
        and spec.kind in (FieldKind.YES_NO, FieldKind.FILE)
        and not reading.starts_with_yes_or_no(text)
    ):
        # "Korrektur: die Höhe ist 4,50 m, nicht 4,20": the "nicht" belongs to
        # the correction, it answers no yes/no question.
        extraction = None
    if extraction is not None and corrections and spec.kind is FieldKind.TEXT:
        # A text question takes only what the correction leaves of the message.
        rest = reading.without_corrections(text, corrections)
        if rest is None:
            extraction = None
        elif rest != text:
            extraction, _, _ = reading.read_message(
                procedure, form, asked, rest, language, today, turn
            )
    proposals = [p for p in others if p.field not in corrected]
    if extraction is not None:
        return Understanding(
            asked=asked, extraction=extraction, corrections=corrections, proposals=proposals
        )
    error = None
    if not corrections and not proposals and failure is not None:
        error = nlu.error_message(failure, spec, language)
    return Understanding(
        asked=asked,
        error=error,
        corrections=corrections,
        proposals=proposals,
        hint=nlu.answer_hint(spec, language),
    )


def _review_changes(
    procedure: Any, form: dict[str, Any], text: str, language: str, today: dt.date, turn: int
) -> list[Extraction]:
    """Changes the applicant names at the final review ("the head count is 22")."""
    from agents import nlu

    answered = [procedure.fields[n] for n in procedure.applicable_fields(form) if n in form]
    return [
        Extraction(
            field=slot.field,
            value=slot.value,
            source_text=text,
            method=ExtractionMethod.PARSER,
            confidence=slot.confidence,
            turn=turn,
            span=slot.span,
        )
        for slot in nlu.fill_slots(text, answered, language, today, asked=None, form=form)
        if slot.value != form.get(slot.field) and slot.confidence >= 1.0
    ]


def _edit(state: IntakeState, name: str, text: str, today: dt.date) -> Understanding:
    """Read ``text`` as the new value of the one answer the applicant chose to edit.

    The same parser and checks as any answer; free text too, since the field
    is named and nothing else needs to delimit its value. Only an answered
    field that still applies can be edited this way.
    """
    from agents import nlu
    from procedures import get_procedure

    procedure = get_procedure(state["procedure"], state.get("graph"))
    language = state["language"]
    asked = state["asked"]
    form = state.get("form", {})
    if name not in form or name not in procedure.applicable_fields(form):
        return Understanding(asked=asked, error=say("not_editable", language))
    spec = procedure.fields[name]
    result = nlu.parse_value(text, spec, language, today)
    if not result.ok:
        return Understanding(asked=asked, error=nlu.error_message(result, spec, language))
    correction = Extraction(
        field=name,
        value=result.value,
        source_text=text,
        method=ExtractionMethod.PARSER,
        confidence=result.confidence,
        turn=state.get("turn", 0),
    )
    return Understanding(asked=asked, corrections=[correction])


async def understand_turn(state: IntakeState, model: ModelClient | None) -> Understanding:
    """Understand the latest answer with the parser and, where useful, a model.

    Args:
        state: The graph state with ``asked``, ``answer`` and ``today`` set.
        model: The model client, or ``None`` for the parser alone.

    Returns:
        The parser's understanding, completed with the model's checked
        proposals and the record of the model call.
    """
    from agents.intake import model as extraction_model
    from procedures import get_procedure

    understanding = understand_answer(state)
    asked = state["asked"]
    text = state.get("answer", "").strip()
    if model is None or not text or asked in (CONFIRM, REVIEW, CASEWORKER):
        return understanding
    if state.get("edit_field"):
        return understanding  # one named answer: nothing for a model to add
    procedure = get_procedure(state["procedure"], state.get("graph"))
    asked_read = understanding.extraction is not None or bool(understanding.corrections)
    read = [
        e
        for e in (understanding.extraction, *understanding.corrections, *understanding.proposals)
        if e is not None
    ]
    numeric = [
        e for e in read if isinstance(e.value, int | float) and not isinstance(e.value, bool)
    ]
    if understanding.leave_to_caseworker or not extraction_model.leaves_something_unread(
        text, state["language"], asked_read, len(read), len(numeric)
    ):
        return understanding
    form = state.get("form", {})
    fields = extraction_model.candidate_fields(procedure, form, asked, model.max_fields)
    if not fields:
        return understanding
    language = state["language"]
    today = dt.date.fromisoformat(state["today"])
    question = state.get("question_text") or procedure.fields[asked].question(language)
    values, call = await extraction_model.ask_model(
        model, procedure, fields, language, question, text, today
    )
    reading = extraction_model.reconcile(
        values,
        call,
        procedure=procedure,
        asked=asked,
        asked_read=asked_read,
        text=text,
        language=language,
        today=today,
        turn=state.get("turn", 0),
    )
    if reading.call.outcome != "ok":
        # Exactly what the parser alone read: the turn goes on, the call is recorded.
        return understanding.model_copy(
            update={"method": "parser+model", "model_call": reading.call}
        )
    corrected = {c.field for c in understanding.corrections}
    update: dict[str, Any] = {
        "method": "parser+model",
        "model_call": reading.call,
        # The model's checked readings, and the parser's own readings of the
        # fields the model said nothing of (they were dropped before: a
        # model that missed a fact lost what the parser had read).
        "proposals": [
            *(p for p in reading.others if p.field not in corrected),
            *(
                p
                for p in understanding.proposals
                if p.field not in corrected and p.field not in {o.field for o in reading.others}
            ),
        ],
    }
    if reading.asked is not None:
        update["extraction"] = reading.asked
        update["error"] = None
    return understanding.model_copy(update=update)


async def understand(state: dict[str, Any]) -> dict[str, Any]:
    """Graph node (runs as an activity): understand the latest answer.

    The LangGraph plugin hands activity nodes the state as a plain dict, so
    it is validated on the way in and dumped on the way out.
    """
    understanding = await understand_turn(
        IntakeState(**state),  # type: ignore[typeddict-item]
        registered_model(),
    )
    return {"understanding": understanding.model_dump(mode="json")}
