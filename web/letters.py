"""How decision letters are served."""

from __future__ import annotations

LETTER_HEADERS = {
    # A letter is a self-contained document with its own inline styles and no
    # scripts: allow exactly that.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "Cache-Control": "no-store",
}
