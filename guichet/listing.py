"""The command line's listings: a table on a terminal, plain text when piped, or JSON.

A rich table squeezed into a narrow terminal, or into the 80 columns rich
assumes when the output is not a terminal, cuts every cell to a few
characters. Listings are therefore printed three ways:

- on a terminal, a rich table whose cells wrap (``overflow="fold"``) rather
  than end in "…";
- piped or redirected, a plain table: columns aligned with spaces, every
  value whole, one row per line (``cut``, ``grep`` and ``sort`` work on it);
- with ``--json``, one JSON object holding the rows and the total.

When a limit hid rows, the listing says how many there are in all.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

__all__ = ["Listing", "emit", "plain_table", "shown_of_total"]


@dataclass(frozen=True)
class Listing:
    """Rows to print, with what the JSON form carries.

    Attributes:
        title: The table's title (``Cases``).
        noun: What a row is, plural (``cases``), for the count line.
        columns: Column headings.
        rows: One tuple of cell texts per row, in ``columns`` order.
        items: The rows as JSON objects (same order).
        total: How many rows match in all (more than ``len(rows)`` when a
            limit cut the listing); None when unknown.
    """

    title: str
    noun: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    items: list[Mapping[str, Any]] = field(default_factory=list)
    total: int | None = None


def shown_of_total(listing: Listing) -> str:
    """Return the count line: ``3 cases`` or ``100 of 234 cases shown; --limit shows more``."""
    shown = len(listing.rows)
    if listing.total is None or listing.total <= shown:
        return f"{shown} {listing.noun}"
    return f"{shown} of {listing.total} {listing.noun} shown; --limit shows more"


def _cell(value: str) -> str:
    # One row per line, whatever a value holds.
    return " ".join(value.split()) if ("\n" in value or "\t" in value) else value


def plain_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return a plain table: columns aligned with two spaces, no value cut.

    Args:
        columns: The headings.
        rows: The cells, one sequence per row.

    Returns:
        The table, one line per row after the heading line, without trailing
        spaces.
    """
    cells = [[_cell(str(c)) for c in row] for row in rows]
    widths = [len(name) for name in columns]
    for row in cells:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(value))
    lines = []
    for row in [list(columns), *cells]:
        padded = [value.ljust(widths[index]) for index, value in enumerate(row)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def emit(
    listing: Listing,
    *,
    as_json: bool,
    console: Console,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> None:
    """Print a listing the way the output wants it.

    Args:
        listing: What to print.
        as_json: Print one JSON object: ``{"total", "shown", "<noun>": [...]}``.
        console: The command line's console (tells whether it is a terminal).
        out: Where the listing goes (default: standard output).
        err: Where the count line goes when the output is not a terminal
            (default: standard error), so a piped table stays rows only.
    """
    out = out or sys.stdout
    if as_json:
        document = {
            "total": listing.total if listing.total is not None else len(listing.items),
            "shown": len(listing.items),
            listing.noun: list(listing.items),
        }
        out.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if console.is_terminal:
        table = Table(title=listing.title, caption=shown_of_total(listing))
        for column in listing.columns:
            table.add_column(column, overflow="fold")
        for row in listing.rows:
            table.add_row(*row)
        console.print(table)
        return
    out.write(plain_table(listing.columns, listing.rows) + "\n")
    (err or sys.stderr).write(shown_of_total(listing) + "\n")
