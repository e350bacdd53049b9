"""Deterministic, offline understanding of applicants' answers (no model needed).

Every function is pure: no I/O, no clock (``today`` is passed in) and no
mutable global state, because they run inside Temporal activities whose
results must be reproducible on replay.

* :func:`parse_value` reads one answer for one field, by the field's kind.
* :func:`parse_yes_no` reads yes or no.
* :func:`fill_slots` reads every fact a message states, field by field.
* :func:`find_corrections` spots corrections of earlier answers.
* :func:`error_message` explains a failed reading in the applicant's language.
* :func:`is_valid_betriebsnummer` checks a German Betriebsnummer.
* :func:`mentioned_numbers` and :func:`mentioned_dates` list what an answer
  mentions at all, to check a model's proposals against.
"""

from agents.nlu._corrections import find_corrections
from agents.nlu._grounding import mentioned_dates, mentioned_numbers
from agents.nlu._identifiers import is_valid_betriebsnummer
from agents.nlu._messages import answer_hint, error_message
from agents.nlu._parse import parse_value
from agents.nlu._slots import Slot, fill_slots
from agents.nlu._yesno import is_unsure, parse_yes_no

__all__ = [
    "Slot",
    "answer_hint",
    "error_message",
    "fill_slots",
    "find_corrections",
    "is_unsure",
    "is_valid_betriebsnummer",
    "mentioned_dates",
    "mentioned_numbers",
    "parse_value",
    "parse_yes_no",
]
