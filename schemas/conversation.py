"""The conversation of a case, entry by entry (workflow → case database → readers).

Cases started once the conversation moved to the case database (patch
``transcript-in-store``) number every entry; the workflow keeps only the
entries not yet written, and the case database keeps them all, sealed with
the case's key until the purge.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

ROLES: tuple[str, ...] = ("question", "applicant", "assistant")
"""Who said an entry: the question asked, the applicant's answer, the reply."""


class ConversationEntry(BaseModel):
    """One entry of a case's conversation.

    Attributes:
        case_id: The case.
        seq: Its number in the case's conversation, from 1; unique per case,
            so a retried write never stores it twice.
        role: ``question``, ``applicant`` or ``assistant``.
        text: What was said (personal data: sealed at rest).
        at: When the turn that said it was taken (workflow time); None only
            for the entries a case started before kept in its state.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    case_id: str
    seq: int = Field(ge=1)
    role: str
    text: str
    at: dt.datetime | None = None


class ConversationPage(BaseModel):
    """A page of a conversation, oldest entry first.

    Attributes:
        entries: The entries, in the order they were said.
        earlier: The cursor of the page before this one (the ``seq`` of its
            first entry, to pass as ``before``), or None when this page
            starts the conversation.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    entries: list[ConversationEntry] = Field(default_factory=list)
    earlier: int | None = None
