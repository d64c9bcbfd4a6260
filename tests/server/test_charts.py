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


def test_a_compact_bar_chart_is_the_same_chart_marked_to_put_its_labels_beside_the_bars():
    bars = [charts.Bar("Mon 2 Mar", 4, "4"), charts.Bar("Tue 3 Mar", 0, "0"), charts.Bar("Wed 4 Mar", 8, "8")]
    html = str(
        charts.bar_chart(chart_id="chart-volume", title="Posts per day", description="12.", bars=bars, compact=True)
    )
    assert html.startswith('<div class="bar-chart plain compact" id="chart-volume" role="img"')
    assert "<text" not in html and "style=" not in html
    assert re.findall(r'<span class="bar-label">([^<]*)</span>', html) == ["Mon 2 Mar", "Tue 3 Mar", "Wed 4 Mar"]
    assert re.findall(r'<rect x="0" y="0" width="([\d.]+)"', html) == ["50", "100"]


def test_sentiment_segments_take_the_colours_of_the_votes():
    svg = charts.stacked_bar_chart(
        chart_id="chart-sentiment",
        title="Sentiment",
        description="Shares.",
        bars=[charts.StackedBar("All", [charts.Segment(s, 1) for s in ("positive", "neutral", "negative")], "")],
    )
    fills = [r.get("fill") for r in parse(svg).iter(f"{SVG}rect")]
    assert fills == [charts.VOTE_COLOURS["agree"], charts.VOTE_COLOURS["pass"], charts.VOTE_COLOURS["disagree"]]
