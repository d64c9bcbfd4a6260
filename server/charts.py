"""Charts drawn on the server: horizontal bars, plain (with short labels beside the bars when compact) and stacked,
and the map of opinion groups (SVG).

Pure functions from plain values to markup. Every text is escaped and nothing runs or is styled inline (the
Content-Security-Policy allows no inline style), so sizes and colours are SVG presentation attributes and
classes of site.css. A bar chart is HTML with a small SVG per bar: its labels are HTML text above the bars, so
they wrap instead of being cut, and keep the page's font size at every width (an SVG's own text would shrink
with it on a phone). The map of opinion groups stays one SVG, so its legend is page text beside it and the
letters on it grow when the map is drawn narrow (site.css), for the same reason. The chart is one image to
assistive technology (role="img"), named by its title and description. Colours reach at least 3:1 against the
white background, and stacked segments are parted by a white gap, so no two colours need to contrast with each
other. A chart never stands alone: the page shows the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

# A bar is drawn in a box of BAR_AREA by BAR_HEIGHT units that stretches over the width it gets on the page.
BAR_AREA = 100
BAR_HEIGHT = 20
FONT_SIZE = 14
INK = "#1a1a1a"
AXIS = "#6b6b6b"
# The bar colour and the colours of the votes; each at least 3:1 against white (WCAG 1.4.11).
BAR = "#0b4f8a"
TRACK = "#e6e6e6"
VOTE_COLOURS = {"agree": "#1b5e20", "disagree": "#a4161a", "pass": "#6b6b6b"}
# Segments of stacked bars by name: the votes, and the sentiments of monitored posts in the same colours.
SEGMENT_COLOURS = {**VOTE_COLOURS, "positive": "#1b5e20", "negative": "#a4161a", "neutral": "#6b6b6b"}
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"


@dataclass
class Figure:
    """Charts and the one table with their numbers (templates/_figure.html): the table's first column names the
    row (a row header), the others hold numbers; a wide table goes below its charts and scrolls on a phone."""

    charts: list[Markup]
    caption: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    wide: bool = False
    # The rows are days (written short, "30 sep 2026"): their headers stay on one line, as narrow as the date.
    day_rows: bool = False


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


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _frame(chart_id: str, title: str, description: str, rows: list[str], kind: str) -> Markup:
    ident = escape(chart_id)
    return Markup(
        f'<div class="bar-chart {kind}" id="{ident}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<span class="visually-hidden" id="{ident}-title">{escape(title)}</span>'
        f'<span class="visually-hidden" id="{ident}-desc">{escape(description)}</span>' + "".join(rows) + "</div>"
    )


def _row(label: str, shapes: list[str], text: str) -> str:
    return (
        f'<div class="bar-row"><span class="bar-label">{escape(" ".join(label.split()))}</span>'
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar" viewBox="0 0 {BAR_AREA} {BAR_HEIGHT}" '
        f'preserveAspectRatio="none" width="100%" height="{BAR_HEIGHT}" aria-hidden="true" focusable="false">'
        + "".join(shapes)
        + f'</svg><span class="bar-value">{escape(text)}</span></div>'
    )


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar], compact: bool = False) -> Markup:
    """One horizontal bar per item under its label, lengths relative to the largest value. `compact` puts each
    short label (a day) beside its bar instead of above it, for charts of many bars."""
    largest = max((bar.value for bar in bars), default=0) or 1
    rows = []
    for bar in bars:
        width = max(0.0, bar.value) / largest * BAR_AREA
        shapes = [f'<rect x="0" y="0" width="{_number(width)}" height="{BAR_HEIGHT}" fill="{BAR}"/>'] if width else []
        rows.append(_row(bar.label, shapes, bar.text))
    return _frame(chart_id, title, description, rows, "plain compact" if compact else "plain")


def stacked_bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[StackedBar]) -> Markup:
    """One full-width bar per item under its label, split into its segments' shares; white gaps part them."""
    rows = []
    for bar in bars:
        total = sum(max(0.0, s.value) for s in bar.segments)
        shapes = []
        x = 0.0
        for segment in bar.segments:
            if total <= 0 or segment.value <= 0:
                continue
            width = segment.value / total * BAR_AREA
            fill = SEGMENT_COLOURS.get(segment.name, BAR)
            shapes.append(
                f'<rect x="{x:.1f}" y="0" width="{_number(width)}" height="{BAR_HEIGHT}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="2" vector-effect="non-scaling-stroke"/>'
            )
            x += width
        if not shapes:
            # No votes yet: an empty track, so the row still reads as a bar.
            shapes.append(f'<rect x="0" y="0" width="{BAR_AREA}" height="{BAR_HEIGHT}" fill="{TRACK}"/>')
        rows.append(_row(bar.label, shapes, bar.text))
    return _frame(chart_id, title, description, rows, "stacked")


# The map of opinion groups: one mark per person, or per cell of the map when there are more than this.
MAP_WIDTH = 540
MAP_HEIGHT = 380
MAP_MARGIN = 28
MARK_RADIUS = 4.0
DENSITY_ABOVE = 400
CELLS = 24
# Groups are told apart by shape and letter first; the colours (each at least 3:1 on white) only add to that.
SHAPES = ("circle", "square", "triangle", "diamond", "plus")
GROUP_COLOURS = ("#0b4f8a", "#a4161a", "#1b5e20", "#6a1b9a", "#7a4100")


@dataclass(frozen=True)
class ScatterGroup:
    # The letter drawn on the map ("A") and the name in the legend and tooltips ("Group A").
    letter: str
    name: str
    points: Sequence[tuple[float, float]]


def _shape(shape: str, x: float, y: float, r: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"/>'
    if shape == "square":
        side = r * 1.8
        corner = f'x="{x - side / 2:.1f}" y="{y - side / 2:.1f}"'
        return f'<rect {corner} width="{side:.1f}" height="{side:.1f}" fill="{colour}"/>'
    if shape == "triangle":
        corners = [(x, y - r * 1.2), (x - r * 1.1, y + r * 0.9), (x + r * 1.1, y + r * 0.9)]
    elif shape == "diamond":
        corners = [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]
    else:
        a, b = r * 1.2, r * 0.4
        corners = [
            (x - b, y - a), (x + b, y - a), (x + b, y - b), (x + a, y - b), (x + a, y + b), (x + b, y + b),
            (x + b, y + a), (x - b, y + a), (x - b, y + b), (x - a, y + b), (x - a, y - b), (x - b, y - b),
        ]  # fmt: skip
    points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
    return f'<polygon points="{points}" fill="{colour}"/>'


def scatter_chart(
    *, chart_id: str, title: str, description: str, groups: Sequence[ScatterGroup], people_here: object
) -> Markup:
    """Participants on a plane (the PCA space of their votes), each group in its own shape with its letter at
    its centre (`scatter_legend` names the shapes under it). Above DENSITY_ABOVE people, one mark per cell of a
    CELLS x CELLS grid and group, its area growing with the people in it. `people_here(n)` writes the tooltip of
    a mark ("3 people here")."""
    everything = [point for group in groups for point in group.points]
    xs, ys = [x for x, _ in everything] or [0.0], [y for _, y in everything] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_MARGIN, MAP_HEIGHT - 2 * MAP_MARGIN
    scale = min(inner_w, inner_h) / span
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def place(x: float, y: float) -> tuple[float, float]:
        # Up on the page is up on the second component.
        return MAP_WIDTH / 2 + (x - mid_x) * scale, MAP_HEIGHT / 2 - (y - mid_y) * scale

    dense = len(everything) > DENSITY_ABOVE
    body: list[str] = [
        f'<rect x="0.5" y="0.5" width="{MAP_WIDTH - 1}" height="{MAP_HEIGHT - 1}" fill="none" stroke="{AXIS}"/>'
    ]
    for index, group in enumerate(groups):
        shape, colour = SHAPES[index % len(SHAPES)], GROUP_COLOURS[index % len(GROUP_COLOURS)]
        marks: list[tuple[float, float, int]] = []
        if dense:
            cell = span / CELLS
            counts: dict[tuple[int, int], int] = {}
            for x, y in group.points:
                key = (int((x - min(xs)) / cell), int((y - min(ys)) / cell))
                counts[key] = counts.get(key, 0) + 1
            largest = max(counts.values(), default=1)
            for (i, j), n in sorted(counts.items()):
                marks.append((min(xs) + (i + 0.5) * cell, min(ys) + (j + 0.5) * cell, n))
        else:
            marks = [(x, y, 1) for x, y in group.points]
            largest = 1
        body.append('<g class="group">')
        for x, y, n in marks:
            px, py = place(x, y)
            r = MARK_RADIUS if not dense else 2.0 + 7.0 * (n / largest) ** 0.5
            body.append(
                f'<g class="mark"><title>{escape(group.name)}: {escape(str(people_here(n)))}</title>'
                f"{_shape(shape, px, py, r, colour)}</g>"
            )
        if group.points:
            cx = sum(x for x, _ in group.points) / len(group.points)
            cy = sum(y for _, y in group.points) / len(group.points)
            px, py = place(cx, cy)
            body.append(
                f'<text class="map-letter" x="{px:.1f}" y="{py + 6:.1f}" text-anchor="middle" font-size="20" '
                f'font-weight="bold" '
                f'fill="{INK}" stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(group.letter)}</text>'
            )
        body.append("</g>")
    ident = escape(chart_id)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart map" role="img" '
        f'viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" width="{MAP_WIDTH}" height="{MAP_HEIGHT}" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def scatter_legend(groups: Sequence[ScatterGroup]) -> Markup:
    """The legend of the map as page text (so it keeps the page's font size at every width, where an SVG's own
    text would shrink with the map): each group's shape, in a small SVG of its own, and its name. Hidden from
    assistive technology, which gets the map's description and the table instead."""
    items = []
    for index, group in enumerate(groups):
        shape, colour = SHAPES[index % len(SHAPES)], GROUP_COLOURS[index % len(GROUP_COLOURS)]
        items.append(
            '<li><svg xmlns="http://www.w3.org/2000/svg" class="legend-shape" viewBox="0 0 16 16" width="16" '
            f'height="16" aria-hidden="true" focusable="false">{_shape(shape, 8, 8, 6, colour)}</svg>'
            f"{escape(group.name)}</li>"
        )
    return Markup('<ul class="chart-legend map-legend" aria-hidden="true">' + "".join(items) + "</ul>")
