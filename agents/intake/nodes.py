"""The workflow-side nodes of the intake graph: ask and apply.

Both are deterministic (they run inside the Temporal workflow): ``ask``
chooses the next question from the procedure's flow and pauses the graph
with ``interrupt()``; ``apply`` folds an understanding into the form. Code
before ``interrupt()`` is re-run when the graph resumes, so ``ask`` computes
its question from the state alone.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from langgraph.types import interrupt

from agents.intake.messages import say
from agents.intake.state import (
    CASEWORKER,
    CONFIRM,
    REVIEW,
    IntakeState,
    ResumeValue,
    Understanding,
)
from agents.intake.values import summary, value_text
from procedures import get_procedure
from procedures.base import Procedure
from schemas.case import Question
from schemas.extraction import Extraction
from schemas.form import UNRESOLVED, FieldKind

MAX_ASKS = 3
"""How often one field is asked (directly or as a read-back) in bounded
question flows: the third time with the accepted forms and the offer to
leave it to the caseworker, after which it is left to the caseworker."""


def bounded(state: IntakeState) -> bool:
    """Whether repetition is bounded: always, in these nodes.

    Cases of the first conversation replay on the frozen nodes of
    :mod:`agents.intake.nodes_v1`, so these nodes may change how a
    conversation goes.
    """
    del state
    return True


def flow_form(form: dict[str, Any]) -> dict[str, Any]:
    """The answers a question flow reads: a field left to the caseworker has no value yet."""
    return {name: value for name, value in form.items() if value != UNRESOLVED}


def _confirm_text(procedure: Procedure, extraction: Extraction, language: str) -> str:
    spec = procedure.fields[extraction.field]
    value = value_text(spec, extraction.value, language)
    if spec.kind is FieldKind.YES_NO:
        # "Zone U du PLU : Non ?" reads as a double negative; say the question.
        return say("confirm_yes_no", language, question=spec.question(language), value=value)
    text = say("confirm", language, label=spec.label(language), value=value)
    if extraction.note == "range" and extraction.detail:
        text = say("range_note", language, detail=extraction.detail) + " " + text
    elif extraction.note == "converted_unit":
        text = say("unit_note", language) + " " + text
    elif extraction.note == "converted" and extraction.detail:
        # "960 net – 24 a week" read back as a month: say how it was worked out.
        amount, *periods = extraction.detail.split("|")
        shown = value_text(spec, float(amount), language)
        text = text + " " + say("converted_" + "_".join(periods), language, amount=shown)
    return text


def next_question(state: IntakeState) -> Question | None:
    """Return what to ask next, or ``None`` when the intake is complete (pure).

    Order: a pending read-back first, then a caseworker's question, then the
    next missing field of the procedure's flow, then the final review.
    """
    procedure = get_procedure(state["procedure"], state.get("graph"))
    language = state["language"]
    form = state.get("form", {})
    pending = state.get("pending_confirmation") or []
    if pending:
        extraction = Extraction.model_validate(pending[0])
        if bounded(state):
            return Question(field=CONFIRM, text=_confirm_text(procedure, extraction, language))
        spec = procedure.fields[extraction.field]
        return Question(
            field=CONFIRM,
            text=say(
                "confirm",
                language,
                label=spec.label(language),
                value=value_text(spec, extraction.value, language),
            ),
        )
    if state.get("caseworker_question"):
        return Question(
            field=CASEWORKER,
            text=say("caseworker_question", language, question=state["caseworker_question"]),
        )
    if bounded(state):
        known = flow_form(form)
        field = next((n for n in procedure.applicable_fields(known) if n not in form), None)
        if field is not None:
            text = procedure.fields[field].question(language)
            if (state.get("attempts") or {}).get(field, 0) >= MAX_ASKS - 1:
                hint = state.get("hint") or ""
                text = say("help", language, question=text, hint=hint).replace("\n ", "\n")
            return Question(field=field, text=text)
    else:
        field = procedure.next_field(form)
        if field is not None:
            return Question(field=field, text=procedure.fields[field].question(language))
    if not state.get("reviewed"):
        known = flow_form(form) if bounded(state) else form
        specs = [procedure.fields[name] for name in procedure.applicable_fields(known)]
        return Question(
            field=REVIEW, text=say("review", language, summary=summary(specs, form, language))
        )
    return None


async def ask(state: IntakeState) -> dict[str, Any]:
    """Graph node: pause for the applicant's answer to the next question."""
    question = next_question(state)
    if question is None:
        return {"done": True}
    resume = ResumeValue.model_validate(interrupt(question.model_dump()))
    update: dict[str, Any] = {
        "asked": question.field,
        "question_text": question.text,
        "answer": resume.text,
        "today": resume.today,
        "turn": state.get("turn", 0) + 1,
        "understanding": None,
        "done": False,
    }
    if resume.field is not None or state.get("edit_field") is not None:
        # Set for an edit, cleared on the next turn; never written for turns
        # without one, so their activity inputs stay what they were.
        update["edit_field"] = resume.field
    return update


@dataclasses.dataclass
class _Fold:
    """The form being folded, and what the applicant will be told about it."""

    procedure: Procedure
    language: str
    form: dict[str, Any]
    provenance: dict[str, dict[str, Any]]
    pending: list[dict[str, Any]]
    replies: list[str] = dataclasses.field(default_factory=list)
    changed: bool = False

    def take(self, extraction: Extraction, word: str = "noted", quiet: bool = False) -> None:
        """Read an uncertain value back to the applicant later; store a certain one now."""
        if extraction.confidence < self.procedure.confidence_threshold:
            self.pending.append(extraction.model_dump(mode="json"))
            self.changed = True
        else:
            self.store(extraction, word, quiet)

    def store(self, extraction: Extraction, word: str = "noted", quiet: bool = False) -> None:
        """Store one value if consistent and say so (``word``), or say why not.

        Args:
            extraction: The value.
            word: The message that confirms it (``noted``, ``corrected``).
            quiet: Say nothing when the value is refused (a fact the
                applicant was not asked about).
        """
        problem = self.procedure.check_field(extraction.field, extraction.value, self.form)
        if problem:
            if not quiet:
                text = problem.get(self.language) or problem.get("en")
                self.replies.append(text or next(iter(problem.values())))
            return
        self.form[extraction.field] = extraction.value
        self.provenance[extraction.field] = extraction.model_dump(mode="json")
        self.changed = True
        spec = self.procedure.fields[extraction.field]
        value = value_text(spec, extraction.value, self.language)
        reply = say(word, self.language, label=spec.label(self.language), value=value)
        if extraction.note == "converted" and extraction.detail:
            # "500 € im Monat" stored as 1,500 € for three months: say how.
            # detail: "<amount said>|<its period>" (to three months) or
            # "<amount said>|<its period>|month" (to a month).
            amount, *periods = extraction.detail.split("|")
            shown = value_text(spec, float(amount), self.language)
            reply = (
                reply.rstrip(".")
                + " "
                + say("converted_" + "_".join(periods), self.language, amount=shown)
                + "."
            )
        self.replies.append(reply)

    def leave(self, name: str, text: str, turn: int) -> None:
        """Leave a field to the caseworker: the explicit unresolved marker, said so."""
        self.form[name] = UNRESOLVED
        self.provenance[name] = Extraction(
            field=name, value=UNRESOLVED, source_text=text, confidence=0.0, turn=turn
        ).model_dump(mode="json")
        self.changed = True
        label = self.procedure.fields[name].label(self.language)
        self.replies.append(say("left_to_caseworker", self.language, label=label))


def _prune(procedure: Procedure, form: dict[str, Any], provenance: dict[str, Any]) -> list[str]:
    """Drop answers to fields that no longer apply (e.g. after a cause change)."""
    applicable = set(procedure.applicable_fields(flow_form(form)))
    dropped = [name for name in form if name not in applicable]
    for name in dropped:
        form.pop(name, None)
        provenance.pop(name, None)
    return dropped


async def apply(state: IntakeState) -> dict[str, Any]:
    """Graph node: fold the understanding into the form, deterministically."""
    procedure = get_procedure(state["procedure"], state.get("graph"))
    language = state["language"]
    understanding = Understanding.model_validate(state["understanding"])
    fold = _Fold(
        procedure=procedure,
        language=language,
        form=dict(state.get("form", {})),
        provenance=dict(state.get("provenance", {})),
        pending=list(state.get("pending_confirmation") or []),
    )
    form, provenance, pending, replies = fold.form, fold.provenance, fold.pending, fold.replies
    extra_answers = list(state.get("extra_answers") or [])
    caseworker_question = state.get("caseworker_question")
    reviewed = bool(state.get("reviewed"))

    for correction in understanding.corrections:
        # Without a clear correction word the value is read back, not overwritten.
        fold.take(correction, "corrected")

    asked = understanding.asked
    turn = state.get("turn", 0)
    answer = state.get("answer", "")
    if asked == CONFIRM and pending and understanding.extraction is not None:
        # "no, 4", "doch, Zone U": the reply answers the read-back's question.
        candidate = Extraction.model_validate(pending[0])
        value = understanding.extraction
        if value.field == candidate.field:
            pending.pop(0)
            fold.changed = True
            fold.take(value, "noted")
    elif asked == CONFIRM and pending and understanding.yes_no is None and understanding.proposals:
        pass  # the reply answers another question; the read-back stays open
    elif asked == CONFIRM and pending:
        candidate = Extraction.model_validate(pending[0])
        if understanding.yes_no is True:
            pending.pop(0)
            # The applicant confirmed the read-back: a person vouched for it.
            fold.store(candidate.model_copy(update={"confidence": 1.0}))
        elif understanding.yes_no is False:
            pending.pop(0)
            replies.append(say("confirm_declined", language))
            fold.changed = True
        elif not understanding.corrections:
            replies.append(say("yes_or_no", language))
    elif asked == REVIEW:
        if understanding.corrections:
            pass  # already applied above; the review is shown again
        elif understanding.yes_no is True:
            reviewed = True
            fold.changed = True
            replies.append(say("submitted", language))
        elif understanding.error:
            # An edit of one answer that could not be read: say why.
            replies.append(understanding.error)
        else:
            replies.append(say("review_change", language))
    elif asked == CASEWORKER and understanding.extraction is not None:
        extra_answers.append(str(understanding.extraction.value))
        caseworker_question = None
        fold.changed = True
        replies.append(say("caseworker_answer_noted", language))
    elif understanding.leave_to_caseworker and bounded(state) and asked in procedure.fields:
        fold.leave(asked, answer, turn)
    elif understanding.extraction is not None:
        # Uncertain readings are read back before they are stored.
        fold.take(understanding.extraction)
    elif understanding.error and not understanding.corrections:
        replies.append(understanding.error)

    for proposal in understanding.proposals:
        # Further facts from the same message (a model read them, the parser
        # checked them): stored when the parser confirmed them, else read back.
        waiting = {str(item.get("field")) for item in pending}
        if proposal.field in form or proposal.field in waiting:
            continue
        fold.take(proposal, quiet=True)

    hint = state.get("hint")
    attempts = dict(state.get("attempts") or {})
    if bounded(state):
        hint = understanding.hint or hint
        waiting = {str(item.get("field")) for item in pending}
        target = asked
        if asked == CONFIRM and state.get("pending_confirmation"):
            target = str((state.get("pending_confirmation") or [{}])[0].get("field"))
        if target in procedure.fields:
            # Counted here, where the answer is folded in: each answer to a
            # field's question (or its read-back) is one attempt.
            attempts[target] = attempts.get(target, 0) + 1
        if (
            target in procedure.fields
            and target not in form
            and attempts.get(target, 0) >= MAX_ASKS
        ):
            # Asked three times without an answer that could be used: no
            # fourth time; a caseworker clarifies it with the applicant.
            if target in waiting:
                pending[:] = [p for p in pending if p.get("field") != target]
            fold.leave(target, answer, turn)

    dropped = _prune(procedure, form, provenance)
    if dropped:
        labels = ", ".join(procedure.fields[name].label(language) for name in dropped)
        replies.append(say("dropped", language, labels=labels))

    return {
        "form": form,
        "provenance": provenance,
        "pending_confirmation": pending,
        "extra_answers": extra_answers,
        "caseworker_question": caseworker_question,
        "reviewed": reviewed,
        "reply": " ".join(replies),
        "understood": fold.changed,
        **({"hint": hint, "attempts": attempts} if bounded(state) else {}),
    }


def after_ask(state: IntakeState) -> str:
    """Router: end the graph once the intake is complete, else understand the answer."""
    return "end" if state.get("done") else "understand"


async def route_after_ask(state: IntakeState) -> str:
    """Async router (routers inside a workflow must be async)."""
    return after_ask(state)
