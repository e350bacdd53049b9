"""Slot-filling hints laid over a procedure's form fields.

A field's questions and labels say what it asks; its hints say how people
state it in their own words: the unit of its number, the phrases that name
it, phrases that mean yes or no by themselves, more synonyms for its
choices. Kept beside each form (``procedures/<id>/hints.py``) so that a
missing phrase is added as data, never as parser code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemas.form import ChoiceOption, FieldSpec

Hints = Mapping[str, Mapping[str, Any]]
"""Per field name: FieldSpec attributes to set, or for ``choices`` extra
synonyms per option value and language (``{"economic": {"en": [...]}}``)."""


def _merged_choices(
    spec: FieldSpec, extra: Mapping[str, Mapping[str, list[str]]]
) -> list[ChoiceOption]:
    options = []
    for option in spec.choices:
        more = extra.get(option.value, {})
        synonyms = {lang: list(option.synonyms.get(lang, [])) for lang in option.synonyms}
        for lang, words in more.items():
            synonyms[lang] = synonyms.get(lang, []) + [
                w for w in words if w not in synonyms.get(lang, [])
            ]
        options.append(option.model_copy(update={"synonyms": synonyms}))
    return options


def with_hints(fields: Mapping[str, FieldSpec], hints: Hints) -> dict[str, FieldSpec]:
    """Return ``fields`` with ``hints`` applied, in the same order.

    Args:
        fields: The form's fields by name.
        hints: Attributes per field name (see :data:`Hints`).

    Raises:
        KeyError: A hint names a field the form does not have.
    """
    unknown = set(hints) - set(fields)
    if unknown:
        raise KeyError(f"hints for unknown fields: {sorted(unknown)}")
    out: dict[str, FieldSpec] = {}
    for name, spec in fields.items():
        update = dict(hints.get(name, {}))
        if "choices" in update:
            update["choices"] = _merged_choices(spec, update["choices"])
        out[name] = spec.model_copy(update=update) if update else spec
    return out
