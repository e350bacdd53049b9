"""The natural phrase bank of issue 19 (``tests/eval/natural/``): loading and matching.

The data is fixed and written independently of the parser (see the README
next to it); this module only reads it. Expected values are either a stored
value or a matcher: ``{"one_of": [...]}`` or ``{"contains": [...],
"excludes": [...]}`` for text fields.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

NATURAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "eval" / "natural"
PROCEDURES = ("short_time_work", "minimum_income", "building_permit")
LANGUAGES = ("de", "en", "fr")

Split = Literal["dev", "test"]


class Pending(BaseModel):
    """The value being read back when the item answers a read-back."""

    model_config = ConfigDict(extra="forbid")

    field: str
    value: Any


class AnswerItem(BaseModel):
    """One applicant message answering one question (README, "Single answers")."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
    asked: str
    pending: Pending | None = None
    context: dict[str, Any] = Field(default_factory=dict)
    today: str
    text: str
    expect: dict[str, Any]
    also: dict[str, Any] = Field(default_factory=dict)
    must_not_store: list[str] = Field(default_factory=list)
    readback_ok: bool = False
    tags: list[str] = Field(default_factory=list)


class OpeningItem(BaseModel):
    """A first message stating several facts (README, "Multi-fact openings")."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
    today: str
    text: str
    facts: dict[str, Any]
    also: dict[str, Any] = Field(default_factory=dict)
    must_not_store: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)


class BankFile(BaseModel):
    """One ``<procedure>.<lang>.json`` file."""

    model_config = ConfigDict(extra="forbid")

    procedure: str
    language: str
    answers: list[AnswerItem]
    openings: list[OpeningItem]
    templates: dict[str, Any] = Field(default_factory=dict)


class Bank(BaseModel):
    """The whole phrase bank: one file per procedure and language, plus shared data.

    Attributes:
        files: Keyed by ``(procedure, language)``.
        common: ``common.<lang>.json`` per language.
        profiles: ``profiles.json`` (per procedure: ``defaults``, ``profiles``).
    """

    files: dict[tuple[str, str], BankFile]
    common: dict[str, dict[str, Any]]
    profiles: dict[str, dict[str, Any]]


def load_bank(directory: Path = NATURAL_DIR) -> Bank:
    """Read every file of the phrase bank in ``directory``.

    Raises:
        pydantic.ValidationError: If an item has an unknown or missing key.
    """
    files: dict[tuple[str, str], BankFile] = {}
    for path in sorted(directory.glob("*.*.json")):
        name = path.name.split(".")[0]
        if name == "common":
            continue
        data = BankFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
        files[(data.procedure, data.language)] = data
    common = {
        path.name.split(".")[1]: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("common.*.json"))
    }
    profiles_path = directory / "profiles.json"
    profiles = (
        json.loads(profiles_path.read_text(encoding="utf-8")) if profiles_path.exists() else {}
    )
    return Bank(files=files, common=common, profiles=profiles)


def _text(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold()


def matches(actual: Any, expected: Any) -> bool:
    """Whether a stored value is the one expected (or satisfies its matcher).

    Booleans match only booleans; numbers match across int and float; text
    compares exactly except e-mail addresses (case-insensitive) and
    ``contains`` matchers (case-insensitive, spaces collapsed).
    """
    if isinstance(expected, dict) and "one_of" in expected:
        return any(matches(actual, option) for option in expected["one_of"])
    if isinstance(expected, dict) and ("contains" in expected or "excludes" in expected):
        if not isinstance(actual, str):
            return False
        text = _text(actual)
        return all(_text(part) in text for part in expected.get("contains", [])) and not any(
            _text(part) in text for part in expected.get("excludes", [])
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(float(actual) - float(expected)) < 1e-6
    if isinstance(expected, str) and isinstance(actual, str) and "@" in expected:
        return actual.strip().casefold() == expected.strip().casefold()
    return bool(actual == expected)


def example(expected: Any) -> Any:
    """One concrete value for an expected value (a matcher's first option or text)."""
    if isinstance(expected, dict) and "one_of" in expected:
        return expected["one_of"][0]
    if isinstance(expected, dict) and "contains" in expected:
        return ", ".join(expected["contains"])
    return expected
