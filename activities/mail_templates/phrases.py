"""Phrases the mail templates insert, per language."""

from __future__ import annotations

OUTCOMES: dict[str, dict[str, str]] = {
    "en": {
        "approved": "approved",
        "rejected": "rejected",
        "withdrawn": "withdrawn",
        "tacitly_approved": "approved (tacitly)",
        "tacitly_rejected": "rejected (tacitly)",
    },
    "de": {
        "approved": "bewilligt",
        "rejected": "abgelehnt",
        "withdrawn": "zurückgezogen",
        "tacitly_approved": "als bewilligt geltend",
        "tacitly_rejected": "als abgelehnt geltend",
    },
    "fr": {
        "approved": "accordée",
        "rejected": "refusée",
        "withdrawn": "retirée",
        "tacitly_approved": "accordée tacitement",
        "tacitly_rejected": "refusée tacitement",
    },
}

VERDICTS: dict[str, dict[str, str]] = {
    "en": {"uphold": "the decision is upheld.", "revise": "the decision is revised."},
    "de": {
        "uphold": "die Entscheidung bleibt bestehen.",
        "revise": "die Entscheidung wird geändert.",
    },
    "fr": {"uphold": "la décision est maintenue.", "revise": "la décision est révisée."},
}
