"""Plain-text rendering of HTML letters for the terminal."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "li",
    "tr",
    "br",
    "section",
    "header",
    "footer",
    "address",
}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head"):
            self._skip += 1
        if tag == "li":
            self.parts.append("\n  • ")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self._skip -= 1
        elif tag in ("dt", "th"):
            self.parts.append(": ")
        elif tag in ("dd", "td") or tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        # Collapse runs of whitespace but keep one at the edges, so inline
        # elements ("ab <b>März</b> gezahlt") keep their spacing.
        text = " ".join(data.split())
        if not text:
            self.parts.append(" " if data else "")
            return
        lead = " " if data[0].isspace() else ""
        trail = " " if data[-1].isspace() else ""
        self.parts.append(f"{lead}{text}{trail}")


def html_to_text(html: str) -> str:
    """Return the readable text of an HTML letter, one block per line."""
    extractor = _TextExtractor()
    extractor.feed(html)
    lines = [" ".join(line.split()) for line in "".join(extractor.parts).splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
