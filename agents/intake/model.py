"""Asking a language model for field values, and checking what it proposes.

The model proposes, the parser and the procedure decide:

* the model sees only the fields still open (a JSON schema derived from the
  procedure's :class:`~schemas.form.FieldSpec` s) and the applicant's words,
  fenced as data; it has no tools and its answer is only ever read as
  candidate values for those fields;
* its answer is validated by pydantic (unknown keys or wrong types reject
  the whole answer) and each value by the same parser that reads typed
  answers (ranges, formats);
* the parser's reading wins: for the asked field a model value is used only
  when the parser could not read the answer; for other fields a value must
  appear in the text (numbers, months and dates the parser finds there), and
  it is stored straight away only when the parser reads the same value by
  the field's keyword; otherwise it is read back to the applicant first.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import structlog
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from agents.intake.state import ModelCall
from guichet import metrics
from guichet.i18n.catalog import translations
from guichet.i18n.jinja import install
from guichet.llm import ModelClient
from procedures.base import Procedure
from schemas.extraction import Extraction, ExtractionMethod, ParseResult
from schemas.form import FieldKind, FieldSpec

log = structlog.get_logger(__name__)

PROMPTS = Path(__file__).parent / "prompts"
TEMPLATE = "extract.j2"
"""One template for every language: its sentences are catalogue messages
(``prompt_extract_*``) rendered in the conversation's language."""

MODELLED_KINDS = frozenset(
    {
        FieldKind.INTEGER,
        FieldKind.PERCENT,
        FieldKind.MONEY,
        FieldKind.MONTH,
        FieldKind.DATE,
        FieldKind.YES_NO,
        FieldKind.CHOICE,
    }
)
"""Kinds a model may fill. Free text, e-mail addresses and identifiers are
left to the parser: nothing delimits them in a sentence, and a checksum
field gains nothing from a guess."""

MAX_FIELDS = 6
"""Fields offered to the model at once: the asked one and the next open ones
(a small model loses track of long schemas, and answers grow with them)."""

MULTI_FACT_MIN_WORDS = 5
"""Shorter answers the parser has read hold nothing else worth a model call."""

READ_BACK_CONFIDENCE = 0.5
"""Confidence of a proposal the parser could not confirm: below every
procedure's threshold, so the applicant is asked to confirm it."""

AGREED_CONFIDENCE = 0.9
"""Confidence of a proposal the parser read identically by keyword."""

UNCONFIRMED_PARSER_CONFIDENCE = 0.7
"""Where the parser read another value than the model, its own reading is
kept but read back (the field was not the one asked)."""

MESSAGE_FENCE = ("<message>", "</message>")


@dataclass
class ModelReading:
    """What was kept of a model's answer.

    Attributes:
        asked: A value for the asked field (read back before it is stored).
        others: Values for other open fields.
        call: The call record.
    """

    asked: Extraction | None
    others: list[Extraction]
    call: ModelCall


# ----------------------------------------------------------------- schema


def _python_type(spec: FieldSpec) -> Any:
    kind = spec.kind
    if kind is FieldKind.INTEGER:
        return int
    if kind in (FieldKind.PERCENT, FieldKind.MONEY, FieldKind.DECIMAL):
        return float
    if kind is FieldKind.YES_NO:
        return bool
    if kind is FieldKind.CHOICE:
        return Literal[tuple(option.value for option in spec.choices)]
    return str


def answer_model(fields: tuple[FieldSpec, ...]) -> type[BaseModel]:
    """Return the pydantic model of an answer: every field optional, nothing else.

    Args:
        fields: The fields offered to the model.
    """
    definitions: dict[str, Any] = {spec.name: (_python_type(spec) | None, None) for spec in fields}
    model: type[BaseModel] = create_model(
        "FieldValues",
        __config__=ConfigDict(extra="forbid", hide_input_in_errors=True),
        **definitions,
    )
    return model


def answer_schema(fields: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """Return the strict JSON schema of an answer (every key required, may be null)."""
    schema = answer_model(fields).model_json_schema()
    schema["required"] = [spec.name for spec in fields]
    schema["additionalProperties"] = False
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)
        prop.pop("title", None)
    schema.pop("title", None)
    return schema


def _description(spec: FieldSpec, language: str) -> str:
    # The short label, not the whole question: prompt tokens are most of a
    # small local model's time.
    text = spec.label(language)
    if spec.kind is FieldKind.CHOICE:
        options = ", ".join(f"{o.value} ({o.labels.get(language, o.value)})" for o in spec.choices)
        text = f"{text} [{options}]"
    elif spec.kind is FieldKind.YES_NO:
        text = f"{text} [true/false]"
    return text


def leaves_something_unread(
    text: str, language: str, asked_read: bool, fields_read: int, numeric_read: int
) -> bool:
    """Whether the parser's reading of ``text`` may have left a fact a model could add.

    The model is slow on the machines Guichet runs on (seconds, where the
    parser takes milliseconds), so it is asked only where it can add
    something: the asked question was not read, or a longer message holds
    numbers that no field took.

    Args:
        text: The applicant's message.
        language: Its language.
        asked_read: Whether the parser read the asked field (or a correction).
        fields_read: Fields the parser read from the message.
        numeric_read: Of those, the ones holding a number.

    Returns:
        ``True`` when a model call may add something.
    """
    if not asked_read:
        return True
    if len(text.split()) < MULTI_FACT_MIN_WORDS:
        return False
    from agents.nlu._mentions import read_mentions

    numbers = [m for m in read_mentions(text, language).mentions if m.masked is None]
    # A range or a part/whole pair is two numbers for one field at most.
    paired = sum(1 for m in numbers if m.range_with is not None) // 2
    return len(numbers) - paired > numeric_read or (not numbers and fields_read == 0)


def candidate_fields(
    procedure: Procedure, form: dict[str, Any], asked: str, limit: int = MAX_FIELDS
) -> tuple[FieldSpec, ...]:
    """Return the fields to offer the model: the asked one first, then open ones.

    Args:
        procedure: The case's procedure (its flow decides what is open).
        form: The answers so far.
        asked: The field whose question the message answers.
        limit: Most fields offered (the client's budget).
    """
    names = [asked] + [
        name for name in procedure.applicable_fields(form) if name not in form and name != asked
    ]
    specs = [
        procedure.fields[name]
        for name in names
        if name in procedure.fields and procedure.fields[name].kind in MODELLED_KINDS
    ]
    return tuple(specs[:limit])


# ----------------------------------------------------------------- prompt


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return install(
        Environment(
            loader=FileSystemLoader(PROMPTS),
            autoescape=False,  # plain text prompts, not HTML
            undefined=StrictUndefined,
            keep_trailing_newline=False,
        )
    )


_SENTINEL_FIELDS = ({"name": "<name>", "description": "<description>"},)
"""Placeholder values rendered into the prompt to hash a language's wording."""


@lru_cache(maxsize=8)
def prompt_hash(language: str) -> str:
    """Return the SHA-256 identifying the prompt's wording in ``language``.

    The template is one for every language and its sentences come from the
    catalogues, so the hash covers both: the template's bytes and the
    prompt rendered in ``language`` with fixed placeholder values. A changed
    template or a changed translation changes the hash; a language Guichet
    does not speak hashes as English, whose wording it is asked in.

    Args:
        language: The conversation's language.

    Returns:
        The hex digest.

    """
    rendered = _render(
        language,
        title="<title>",
        today="<today>",
        fields=_SENTINEL_FIELDS,
        question="<question>",
        text="<text>",
    )
    digest = hashlib.sha256((PROMPTS / TEMPLATE).read_bytes())
    for message in rendered:
        digest.update(b"\0" + message["content"].encode())
    return digest.hexdigest()


def _render(language: str, **context: Any) -> list[dict[str, str]]:
    module = _environment().get_template(TEMPLATE).make_module({"language": language, **context})
    return [
        {"role": "system", "content": str(module.system)},  # type: ignore[attr-defined]
        {"role": "user", "content": str(module.user)},  # type: ignore[attr-defined]
    ]


def _fenced(text: str) -> str:
    """Remove the fence markers from the applicant's text, so it cannot close the fence."""
    for marker in MESSAGE_FENCE:
        text = text.replace(marker, "")
    return text.strip()


def render_messages(
    procedure: Procedure,
    fields: tuple[FieldSpec, ...],
    language: str,
    question: str,
    text: str,
    today: dt.date,
) -> list[dict[str, str]]:
    """Render the system and user messages in ``language`` from the one template."""
    return _render(
        language,
        title=procedure.title(language),
        today=today.isoformat(),
        fields=[
            {"name": spec.name, "description": _description(spec, language)} for spec in fields
        ],
        question=question,
        text=_fenced(text),
    )


async def warm_up(model: ModelClient) -> None:
    """Read each language's rules once, so that the server keeps them cached.

    Every prompt of a language starts with the same rules; llama.cpp keeps a
    prompt's cache per slot and gives a request the slot whose cache shares
    most of it, so after this the first applicant of each language pays only
    for what follows the rules. Never raises: a failed warm-up costs time only.
    """
    for language in ("de", "en", "fr"):
        system = translations(language).gettext("prompt_extract_rules")
        try:
            await asyncio.wait_for(
                model.client.chat.completions.create(
                    model=model.model,
                    messages=[
                        {"role": "system", "content": system},
                        {"role": "user", "content": "-"},
                    ],
                    max_tokens=1,
                    temperature=0,
                ),
                timeout=model.timeout + 1.0,
            )
        except Exception as exc:
            log.warning("model warm-up failed", language=language, error_type=type(exc).__name__)
            return


# ------------------------------------------------------------------- call


async def ask_model(
    model: ModelClient,
    procedure: Procedure,
    fields: tuple[FieldSpec, ...],
    language: str,
    question: str,
    text: str,
    today: dt.date,
) -> tuple[dict[str, Any], ModelCall]:
    """Ask the model for the fields' values; never raises.

    Returns:
        The non-null values the model proposed (empty on any failure) and the
        call record. Failures are logged and counted (``model_calls`` by
        outcome); the caller goes on with the parser alone.
    """
    messages = render_messages(procedure, fields, language, question, text, today)
    call = ModelCall(
        model_id=model.model, prompt_hash=prompt_hash(language), fields=[f.name for f in fields]
    )
    started = time.monotonic()
    values: dict[str, Any] = {}
    try:
        content, model_id, prompt_tokens, completion_tokens = await asyncio.wait_for(
            model.chat_json(messages, answer_schema(fields)),
            # The client has its own timeout; this one also bounds a server
            # that accepts the connection and never answers.
            timeout=model.timeout + 1.0,
        )
        call.model_id = model_id
        call.prompt_tokens = prompt_tokens
        call.completion_tokens = completion_tokens
        answer = answer_model(fields).model_validate_json(content)
        values = {k: v for k, v in answer.model_dump().items() if v is not None}
    except ValidationError as exc:
        call.outcome = "invalid"
        log.warning("model answer unusable", errors=exc.error_count(), fields=len(fields))
    except Exception as exc:
        call.outcome = "timeout" if _is_timeout(exc) else "error"
        log.warning("model call failed", outcome=call.outcome, error_type=type(exc).__name__)
    call.latency_ms = round((time.monotonic() - started) * 1000)
    call.proposed = len(values)
    metrics.increment("model_calls", outcome=call.outcome)
    return values, call


def _is_timeout(exc: BaseException) -> bool:
    import openai

    return isinstance(exc, TimeoutError | asyncio.TimeoutError | openai.APITimeoutError)


# -------------------------------------------------------------- reconcile


def _normalised(spec: FieldSpec, value: Any, today: dt.date) -> Any | None:
    """Run a proposed value through the parser that checks typed answers."""
    # Imported here: the parser pulls in dateparser (see understanding.py).
    from agents import nlu

    if spec.kind in (FieldKind.YES_NO, FieldKind.CHOICE):
        return value  # already one of the allowed values (pydantic checked it)
    if isinstance(value, bool):
        return None
    rendered = f"{value:g}" if isinstance(value, float) else str(value)
    # The model writes machine formats (digits with a decimal point, ISO
    # months), which the English reading understands unambiguously.
    result = nlu.parse_value(rendered, spec, "en", today)
    return result.value if result.ok else None


def _mentioned(spec: FieldSpec, value: Any, text: str, language: str, today: dt.date) -> bool:
    """Whether ``value`` occurs in the applicant's text at all (numbers, months, dates)."""
    from agents import nlu

    if spec.kind in (FieldKind.INTEGER, FieldKind.PERCENT, FieldKind.MONEY, FieldKind.DECIMAL):
        return round(float(value), 2) in nlu.mentioned_numbers(text, language, spec.kind)
    if spec.kind in (FieldKind.MONTH, FieldKind.DATE):
        return str(value) in nlu.mentioned_dates(text, language, today, spec.kind)
    return True


def _is_number(spec: FieldSpec) -> bool:
    return spec.kind in (FieldKind.INTEGER, FieldKind.PERCENT, FieldKind.MONEY, FieldKind.DECIMAL)


def _keyword_reading(
    spec: FieldSpec, text: str, language: str, today: dt.date
) -> ParseResult | None:
    """The parser's reading of ``spec`` from the clause around one of its keywords."""
    from agents import nlu

    found = nlu.find_corrections(text, [spec], language, today)
    return found[0][1] if found else None


def reconcile(
    values: dict[str, Any],
    call: ModelCall,
    *,
    procedure: Procedure,
    asked: str,
    asked_read: bool,
    text: str,
    language: str,
    today: dt.date,
    turn: int,
) -> ModelReading:
    """Keep what the parser and the procedure accept of a model's proposals.

    Args:
        values: The model's non-null values by field.
        call: The call record (its ``kept`` count is set here).
        procedure: The procedure (field specs).
        asked: The field that was asked.
        asked_read: Whether the parser read the asked field (then it wins).
        text: The applicant's words.
        language: The conversation's language.
        today: Reference date of relative months and dates.
        turn: The conversation turn.

    Returns:
        The asked field's value (to read back) and other fields' values.
    """
    from agents import nlu

    def extraction(
        name: str, value: Any, confidence: float, method: ExtractionMethod
    ) -> Extraction:
        return Extraction(
            field=name,
            value=value,
            source_text=text,
            method=method,
            confidence=confidence,
            model_id=call.model_id,
            prompt_hash=call.prompt_hash,
            turn=turn,
        )

    asked_value: Extraction | None = None
    others: list[Extraction] = []
    checked: dict[str, Any] = {}
    for name in call.fields:
        if name not in values:
            continue
        spec = procedure.fields[name]
        value = _normalised(spec, values[name], today)
        if value is not None and _mentioned(spec, value, text, language, today):
            checked[name] = value
        # else: out of range, malformed, or not in the applicant's words
    for name, value in checked.items():
        spec = procedure.fields[name]
        shared = [
            other
            for other, other_value in checked.items()
            if other != name and other_value == value and _is_number(procedure.fields[other])
        ]
        if shared and _is_number(spec) and _keyword_reading(spec, text, language, today) is None:
            # One number given to several counts: the model could not tell
            # which field it belongs to, so it belongs to none of them.
            continue
        if name == asked:
            if asked_read:
                continue  # the parser read the answer: its reading wins
            asked_value = extraction(name, value, READ_BACK_CONFIDENCE, ExtractionMethod.MODEL)
            continue
        parsed = _keyword_reading(spec, text, language, today)
        if parsed is not None and parsed.value == value:
            others.append(extraction(name, value, AGREED_CONFIDENCE, ExtractionMethod.MODEL))
        elif parsed is not None:
            confidence = min(parsed.confidence, UNCONFIRMED_PARSER_CONFIDENCE)
            others.append(extraction(name, parsed.value, confidence, ExtractionMethod.PARSER))
        elif spec.kind is FieldKind.YES_NO:
            continue  # nothing in the text names this field: the model guessed
        elif spec.kind is FieldKind.CHOICE:
            reading = nlu.parse_value(text, spec, language, today)
            if reading.ok and reading.value == value:
                others.append(extraction(name, value, READ_BACK_CONFIDENCE, ExtractionMethod.MODEL))
        else:
            others.append(extraction(name, value, READ_BACK_CONFIDENCE, ExtractionMethod.MODEL))
    call.kept = len(others) + (asked_value is not None)
    return ModelReading(asked=asked_value, others=others, call=call)
