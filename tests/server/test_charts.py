"""The charts: accessible, escaped, no inline style or script, bars in proportion, labels whole."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markupsafe import Markup

from server import charts

SVG = "{http://www.w3.org/2000/svg}"


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def parse(markup: Markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_a_bar_chart_is_an_image_labelled_by_its_title_and_description():
    chart = charts.bar_chart(
        chart_id="chart-7",
        title="Hoe komt u naar het park?",
        description="Chosen most: Fiets.",
        bars=[charts.Bar("Lopend", 1, "1 (25%)"), charts.Bar("Fiets", 3, "3 (75%)")],
    )
    assert isinstance(chart, Markup)
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-7-title chart-7-desc"
    named = {e.get("id"): e.text for e in root.iter() if e.get("id")}
    assert named["chart-7-title"] == "Hoe komt u naar het park?"
    assert named["chart-7-desc"] == "Chosen most: Fiets."
    # The bars themselves are drawing only: hidden from assistive technology, which reads the name.
    assert all(svg.get("aria-hidden") == "true" for svg in root.iter(f"{SVG}svg"))


def test_bars_are_in_proportion_to_the_largest_and_zero_draws_no_bar():
    root = parse(
        charts.bar_chart(
            chart_id="c",
            title="t",
            description="d",
            bars=[charts.Bar("a", 2, "2"), charts.Bar("b", 4, "4"), charts.Bar("c", 0, "0")],
        )
    )
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths == [charts.BAR_AREA / 2, charts.BAR_AREA]
    texts = [(row[0].text, row[2].text) for row in by_class(root, "bar-row")]
    assert texts == [("a", "2"), ("b", "4"), ("c", "0")]


def test_no_bars_at_all_is_still_a_valid_chart():
    root = parse(charts.bar_chart(chart_id="c", title="t", description="nothing yet", bars=[]))
    assert root.get("role") == "img" and list(root.iter(f"{SVG}rect")) == []


def test_every_text_is_escaped():
    evil = '<script>alert(1)</script>" onload="x'
    svg = str(
        charts.bar_chart(
            chart_id='x" onclick="y',
            title=evil,
            description=evil,
            bars=[charts.Bar(evil, 1, evil)],
        )
    )
    assert "<script>" not in svg and 'onload="x' not in svg and 'onclick="y' not in svg
    root = ET.fromstring(svg)  # still well-formed
    assert root.find("span").text == evil
    assert by_class(root, "bar-label")[0].text == evil


def test_no_style_attribute_or_script_anywhere():
    svg = str(
        charts.stacked_bar_chart(
            chart_id="s",
            title="t",
            description="d",
            bars=[charts.StackedBar("Meer bomen", [charts.Segment("agree", 3), charts.Segment("pass", 1)], "75%")],
        )
    )
    assert "style" not in svg and "<script" not in svg.lower()
    assert not re.search(r"\son\w+=", svg)


def test_long_labels_are_shown_whole_as_text_of_the_page():
    label = "De gemeente moet de   bomen langs de Parkweg laten staan, ook als de weg breder wordt"
    root = parse(charts.bar_chart(chart_id="c", title="t", description="d", bars=[charts.Bar(label, 1, "1")]))
    [shown] = by_class(root, "bar-label")
    assert shown.text == " ".join(label.split())
    # Not SVG text, which would shrink with the chart on a phone.
    assert list(root.iter(f"{SVG}text")) == []


def test_stacked_segments_share_the_full_width_in_vote_colours():
    root = parse(
        charts.stacked_bar_chart(
            chart_id="s",
            title="t",
            description="d",
            bars=[
                charts.StackedBar(
                    "Meer bomen",
                    [charts.Segment("agree", 2), charts.Segment("disagree", 1), charts.Segment("pass", 1)],
                    "50% agree",
                ),
                charts.StackedBar("Niemand", [charts.Segment("agree", 0)], "no votes yet"),
            ],
        )
    )
    voted, nobody = (list(row.iter(f"{SVG}rect")) for row in by_class(root, "bar-row"))
    area = charts.BAR_AREA
    assert [float(r.get("width")) for r in voted] == [area / 2, area / 4, area / 4]
    assert [r.get("fill") for r in voted] == [charts.VOTE_COLOURS[v] for v in ("agree", "disagree", "pass")]
    # No votes: only the empty grey track.
    assert [(float(r.get("width")), r.get("fill")) for r in nobody] == [(area, charts.TRACK)]


def contrast(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_the_colours_contrast_at_least_three_to_one_with_white():
    for colour in [charts.BAR, charts.INK, *charts.VOTE_COLOURS.values()]:
        assert contrast(colour) >= 3, colour
    assert contrast(charts.INK) >= 4.5


def test_a_column_chart_draws_one_column_a_day_in_proportion_with_named_ticks_and_tooltips():
    svg = charts.column_chart(
        chart_id="chart-volume",
        title="Posts per day: <Mastodon>",
        description="12 posts.",
        columns=[
            charts.Column("1 March 2026", 4, "4 posts", tick="1 Mar"),
            charts.Column("2 March 2026", 0, "0 posts"),
            charts.Column("3 March 2026", 8, "8 posts", tick="3 Mar"),
        ],
        top="8",
    )
    root = parse(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Posts per day: <Mastodon>"
    assert root.get("font-size") == "14" and "style" not in str(svg) and "<script" not in str(svg)
    drawn = [r for r in root.iter(f"{SVG}rect") if r.get("fill-opacity") is None]
    assert [float(r.get("height")) for r in drawn] == [charts.COLUMN_AREA / 2, charts.COLUMN_AREA]
    tooltips = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert tooltips == ["1 March 2026: 4 posts", "2 March 2026: 0 posts", "3 March 2026: 8 posts"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["8", "0", "1 Mar", "3 Mar"]


def test_sentiment_segments_take_the_colours_of_the_votes():
    svg = charts.stacked_bar_chart(
        chart_id="chart-sentiment",
        title="Sentiment",
        description="Shares.",
        bars=[charts.StackedBar("All", [charts.Segment(s, 1) for s in ("positive", "neutral", "negative")], "")],
    )
    fills = [r.get("fill") for r in parse(svg).iter(f"{SVG}rect")]
    assert fills == [charts.VOTE_COLOURS["agree"], charts.VOTE_COLOURS["pass"], charts.VOTE_COLOURS["disagree"]]
