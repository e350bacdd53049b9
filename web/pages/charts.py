"""Bar charts drawn on the server as inline SVG: no script, no external resource.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described
by its ``<desc>``; every bar carries its label and its number as text, so
nothing is told by colour alone, and the page repeats the numbers in a table.
Colours come from the stylesheet (classes), never from inline styles.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

ROW = 26
"""Height of one bar's row, in SVG units."""
LABEL_WIDTH = 190
BAR_WIDTH = 300
VALUE_GAP = 8
WIDTH = LABEL_WIDTH + BAR_WIDTH + 60


def bar_chart(chart_id: str, title: str, desc: str, items: Sequence[tuple[str, int]]) -> Markup:
    """Return a horizontal bar chart as SVG markup.

    Args:
        chart_id: A unique id on the page (for ``aria-labelledby``).
        title: The chart's accessible name.
        desc: Its description (say where the same numbers are in text).
        items: (label, value) pairs, drawn top to bottom.

    Returns:
        The ``<svg>`` element, safe to insert in a template.
    """
    largest = max((value for _, value in items), default=0)
    height = max(ROW * len(items), ROW) + 4
    ident = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'id="{ident}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]
    for index, (label, value) in enumerate(items):
        top = index * ROW + 2
        length = round(BAR_WIDTH * value / largest) if largest else 0
        middle = top + ROW / 2 + 4
        parts.append(
            f'<g class="chart-row"><text class="chart-label" x="0" y="{middle}">'
            f"{escape(label)}</text>"
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{top + 3}" width="{length}" '
            f'height="{ROW - 8}"></rect>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + VALUE_GAP}" y="{middle}">'
            f"{value}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
