"""How decision letters are served."""

from __future__ import annotations

from html import escape

LETTER_HEADERS = {
    # A letter is a self-contained document with its own inline styles and no
    # scripts: allow exactly that.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "Cache-Control": "no-store",
}


def with_way_back(html: str, href: str, text: str, language: str) -> str:
    """The letter as stored, with a link back to the page it was opened from.

    The stored letter is never changed (it is the archived document); the
    link is added to the copy served in the browser, as the first thing in
    its body, so the keyboard reaches it first.

    Args:
        html: The stored letter.
        href: Where the link goes (the status page, the case page).
        text: The link's words, in ``language``.
        language: The language of ``text``.

    Returns:
        The letter with the link, or unchanged when it has no ``<body>``.
    """
    link = (
        f'<nav aria-label="{escape(text)}" style="margin:1rem;font-family:sans-serif">'
        f'<a href="{escape(href)}" lang="{escape(language)}">← {escape(text)}</a></nav>'
    )
    head, found, rest = html.partition("<body>")
    return f"{head}{found}{link}{rest}" if found else html
