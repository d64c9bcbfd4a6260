"""Charts drawn on the server as SVG: horizontal bars, plain and stacked.

Pure functions from plain values to markup. Every text is escaped; the SVG has role="img" and is labelled by
its own <title> and <desc>; nothing runs and nothing is styled inline (the Content-Security-Policy allows no
inline style), so sizes and colours are SVG presentation attributes. Colours reach at least 3:1 against the
white background, and stacked segments are parted by a white gap, so no two colours need to contrast with
each other. A chart never stands alone: the page shows the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 540
LABEL_WIDTH = 190
BAR_AREA = 220
ROW = 32
BAR_HEIGHT = 20
TOP = 6
FONT_SIZE = 14
# About 7.5 px a character at 14 px: 20 characters fit the label column; the table beside has the full text.
LABEL_MAX = 20
INK = "#1a1a1a"
AXIS = "#6b6b6b"
# The bar colour and the colours of the votes; each at least 3:1 against white (WCAG 1.4.11).
BAR = "#0b4f8a"
VOTE_COLOURS = {"agree": "#1b5e20", "disagree": "#a4161a", "pass": "#6b6b6b"}
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    # Written after the bar, e.g. "12 (40%)".
    text: str


@dataclass(frozen=True)
class Segment:
    # A key of VOTE_COLOURS (or any name, drawn in BAR).
    name: str
    value: float


@dataclass(frozen=True)
class StackedBar:
    label: str
    segments: Sequence[Segment]
    text: str


def shorten(label: str, limit: int = LABEL_MAX) -> str:
    """A label that fits beside the bars; the full text is in the row's tooltip and in the table."""
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _frame(chart_id: str, title: str, description: str, rows: int, body: list[str]) -> Markup:
    ident = escape(chart_id)
    height = TOP * 2 + max(rows, 1) * ROW
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )
    axis = (
        f'<line x1="{LABEL_WIDTH}" y1="{TOP}" x2="{LABEL_WIDTH}" y2="{height - TOP}" stroke="{AXIS}" stroke-width="1"/>'
    )
    return Markup(head + "".join(body) + axis + "</svg>")


def _row_label(index: int, label: str, tooltip: str) -> str:
    y = TOP + index * ROW
    return (
        f"<g><title>{escape(tooltip)}</title>"
        f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW / 2 + FONT_SIZE / 3:.1f}" text-anchor="end" fill="{INK}">'
        f"{escape(shorten(label))}</text>"
    )


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> Markup:
    """One horizontal bar per item, lengths relative to the largest value."""
    largest = max((bar.value for bar in bars), default=0) or 1
    body: list[str] = []
    for index, bar in enumerate(bars):
        y = TOP + index * ROW + (ROW - BAR_HEIGHT) / 2
        width = max(0.0, bar.value) / largest * BAR_AREA
        body.append(_row_label(index, bar.label, f"{bar.label}: {bar.text}"))
        if width > 0:
            body.append(
                f'<rect x="{LABEL_WIDTH}" y="{y:.1f}" width="{_number(width)}" height="{BAR_HEIGHT}" fill="{BAR}"/>'
            )
        body.append(
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + BAR_HEIGHT / 2 + FONT_SIZE / 3:.1f}" fill="{INK}">'
            f"{escape(bar.text)}</text></g>"
        )
    return _frame(chart_id, title, description, len(bars), body)


def stacked_bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[StackedBar]) -> Markup:
    """One full-width bar per item, split into its segments' shares; white gaps part the segments."""
    body: list[str] = []
    for index, bar in enumerate(bars):
        y = TOP + index * ROW + (ROW - BAR_HEIGHT) / 2
        total = sum(max(0.0, s.value) for s in bar.segments)
        body.append(_row_label(index, bar.label, f"{bar.label}: {bar.text}"))
        x = float(LABEL_WIDTH)
        for segment in bar.segments:
            if total <= 0 or segment.value <= 0:
                continue
            width = segment.value / total * BAR_AREA
            fill = VOTE_COLOURS.get(segment.name, BAR)
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{_number(width)}" height="{BAR_HEIGHT}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="2"/>'
            )
            x += width
        body.append(
            f'<text x="{LABEL_WIDTH + BAR_AREA + 6}" y="{y + BAR_HEIGHT / 2 + FONT_SIZE / 3:.1f}" fill="{INK}">'
            f"{escape(bar.text)}</text></g>"
        )
    return _frame(chart_id, title, description, len(bars), body)
