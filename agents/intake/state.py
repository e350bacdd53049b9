"""The intake graph's state and the understanding activity's result."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from schemas.extraction import Extraction

REVIEW = "_review"
"""Pseudo-field of the final review question."""
CONFIRM = "_confirm"
"""Pseudo-field of a read-back of an uncertain value."""
CASEWORKER = "_caseworker"
"""Pseudo-field of a caseworker's question to the applicant."""


class IntakeState(TypedDict, total=False):
    """What the intake graph carries between nodes.

    LangGraph's channels hold plain JSON values: nodes that run as activities
    receive this as a dict, so every node validates what it reads into the
    pydantic models below.
    """

    case_id: str
    """Makes every node input unique to its case: the LangGraph plugin caches
    activity-node results by their arguments in a process-wide context, so two
    cases in the same state must never share a cache key."""
    procedure: str
    graph: str
    """The case's intake graph when it is a later question-flow version
    (absent for the base flow): nodes read the procedure as that version
    asks it (:meth:`procedures.base.Procedure.for_graph`)."""
    language: str
    form: dict[str, Any]
    provenance: dict[str, dict[str, Any]]
    pending_confirmation: list[dict[str, Any]]
    caseworker_question: str | None
    extra_answers: list[str]
    reviewed: bool
    turn: int
    asked: str
    question_text: str
    answer: str
    today: str
    edit_field: str | None
    """The answer the latest message replaces, when the applicant chose it."""
    understanding: dict[str, Any] | None
    attempts: dict[str, int]
    hint: str | None
    """How often each field has been asked (directly or as a read-back) in
    question-flow versions that bound repetition: the third time shows the
    accepted forms, after that the field is left to the caseworker."""
    reply: str
    understood: bool
    done: bool


class UnderstandInput(TypedDict, total=False):
    """The part of :class:`IntakeState` the understanding activity reads.

    The LangGraph plugin records an activity node's input in the workflow
    history on every turn; the whole state (provenance of every answer
    included) made that input grow with the conversation, and the history
    and the server's work with it.
    """

    case_id: str
    procedure: str
    graph: str
    language: str
    form: dict[str, Any]
    turn: int
    asked: str
    question_text: str
    answer: str
    today: str
    edit_field: str | None
    pending_confirmation: list[dict[str, Any]]
    """The value being read back, so a reply such as "no, 4" is read for its field."""


class ModelCall(BaseModel):
    """The record of one model call, kept in the workflow history for audit.

    Attributes:
        model_id: The model that answered (as the endpoint names it).
        prompt_hash: SHA-256 of the prompt used (template and its wording in the language).
        prompt_tokens: Tokens of the prompt, as the endpoint counted them.
        completion_tokens: Tokens of the answer.
        latency_ms: Wall time of the call.
        outcome: ``ok``, ``timeout``, ``error`` or ``invalid`` (unusable answer).
        fields: The fields offered to the model.
        proposed: Values the model proposed (non-null).
        kept: Proposals that survived the checks (stored or read back).
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    model_id: str
    prompt_hash: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    outcome: Literal["ok", "timeout", "error", "invalid"] = "ok"
    fields: list[str] = []
    proposed: int = 0
    kept: int = 0


class Understanding(BaseModel):
    """What the understanding activity read from one answer.

    Attributes:
        asked: The field (or pseudo-field) that was asked.
        extraction: The value for the asked field, when one was read.
        error: Why the answer could not be used, in the applicant's language.
        yes_no: The reading of a yes/no answer to a read-back or the review.
        corrections: Values for earlier fields the applicant corrected.
        method: ``parser`` or ``parser+model`` (the understanding as a whole).
        proposals: Values for other open fields that a model read from the
            same answer and the parser checked (read back unless confirmed).
        model_call: The record of the model call (model id, prompt template
            hash, token counts, outcome), when a model was asked.
        leave_to_caseworker: The applicant asked to leave the asked field
            to the caseworker ("I don't know, please ask the caseworker").
        hint: What a good answer to the asked field looks like, with an
            example, when the answer could not be used (shown the third time
            the question is asked).
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    asked: str
    extraction: Extraction | None = None
    error: str | None = None
    yes_no: bool | None = None
    corrections: list[Extraction] = Field(default_factory=list)
    method: str = "parser"
    proposals: list[Extraction] = Field(default_factory=list)
    model_call: ModelCall | None = None
    leave_to_caseworker: bool = False
    hint: str | None = None


class ResumeValue(BaseModel):
    """What the workflow sends into ``interrupt()`` when the applicant answers.

    ``field`` is set when the applicant edits one chosen answer (the review
    screen); the text is then read for that field only.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    text: str
    today: str
    field: str | None = None
