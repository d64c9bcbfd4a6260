"""The results of a consultation in a real browser at 1280 and 320 px: chart labels are whole (wrapped, not cut),
no chart text is smaller than 14 px (the map of opinion groups' included), and the wide statements table says that
it scrolls sideways."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.support.web import PASSWORD

LONG_OPTION = "Met de fiets, en dan de stalling bij het station aan de noordkant gebruiken"
LONG_STATEMENTS = [
    "De gemeente moet de bomen langs de Parkweg laten staan, ook als de weg daardoor smaller blijft",
    "De gemeente moet de parkeerplaatsen aan de Parkweg weghalen en er een fietspad van maken",
]

# Every piece of text inside the bar charts, with its computed font size; and the label texts as shown.
CHART_TEXT = """() => {
  const sizes = [];
  document.querySelectorAll(".bar-chart *").forEach((e) => {
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own && !e.classList.contains("visually-hidden")) {
      sizes.push({text: e.textContent.trim().slice(0, 40), size: parseFloat(getComputedStyle(e).fontSize)});
    }
  });
  const labels = [...document.querySelectorAll(".bar-label")].map((e) => e.innerText);
  return {sizes, labels, svgText: document.querySelectorAll(".bar-chart svg text").length};
}"""


# Every piece of text of the opinion map's figure as it is drawn on the screen: an SVG text's font size is in the
# map's own units, so it is multiplied by the scale the map is drawn at.
MAP_TEXT = """() => {
  const figure = document.querySelector(".opinion-map");
  const sizes = [];
  figure.querySelectorAll("*").forEach((e) => {
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || e.closest("title, desc") || !e.getClientRects().length) return;
    let size = parseFloat(getComputedStyle(e).fontSize);
    if (e instanceof SVGElement) size *= e.getScreenCTM().a;
    sizes.push({text: e.textContent.trim().slice(0, 40), size: Math.round(size * 10) / 10});
  });
  const svg = figure.querySelector("svg.map");
  return {
    sizes,
    letters: [...svg.querySelectorAll("text")].map((e) => e.textContent),
    legend: [...figure.querySelectorAll(".map-legend li")].map((e) => e.innerText.trim()),
    description: svg.querySelector("desc").textContent,
    mapWidth: svg.getBoundingClientRect().width,
  };
}"""

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis" / "london.youth.policing"


@pytest.fixture(scope="module")
def imported_conversation(live_server) -> int:
    """A closed consultation with opinion groups: the Pol.is conversation of 24 people, imported with its groups."""
    said = live_server.cli("import-polis", str(POLIS))
    return int(re.search(r"as consultation (\d+)", said).group(1))


@pytest.fixture(scope="module")
def closed_consultation(live_server) -> int:
    live_server.cli("create-user", "charts@example.nl", "--password", PASSWORD, "--name", "Chris Charts")

    def api(email: str) -> httpx.Client:
        secret = live_server.cli("token", email).strip().splitlines()[-1]
        return httpx.Client(
            base_url=live_server.url + "/api/v1", headers={"Authorization": f"Bearer {secret}"}, timeout=10
        )

    with api("official@example.nl") as official, api("charts@example.nl") as citizen:
        made = official.post(
            "/consultations",
            json={
                "title": "Parkweg",
                "summary": "De Parkweg wordt opnieuw ingericht.",
                "body": "Wat vind je ervan?",
                "questions": [
                    {"kind": "single_choice", "prompt": "Hoe kom je?", "options": ["Lopend", LONG_OPTION]},
                    {"kind": "statements", "prompt": "Wat vind je hiervan?", "statements": LONG_STATEMENTS},
                ],
            },
        ).json()
        assert official.post(f"/consultations/{made['id']}/open").status_code == 200
        choice, statements = made["questions"]
        answered = citizen.put(
            f"/consultations/{made['id']}/my-response",
            json={"answers": {str(choice["id"]): choice["options"][1]["id"]}},
        )
        assert answered.status_code == 201, answered.text
        for statement, vote in zip(statements["statements"], ("agree", "disagree"), strict=True):
            assert citizen.put(f"/statements/{statement['id']}/vote", json={"vote": vote}).status_code == 201
        assert official.post(f"/consultations/{made['id']}/close").status_code == 200
        return made["id"]


@pytest.mark.parametrize("width", [1280, 320])
def test_chart_labels_are_whole_and_never_smaller_than_14_px(browser, live_server, closed_consultation, width):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        assert page.goto(f"/consultations/{closed_consultation}/results").status == 200
        found = page.evaluate(CHART_TEXT)
        assert found["svgText"] == 0
        assert LONG_OPTION in found["labels"]
        assert all(statement in found["labels"] for statement in LONG_STATEMENTS)
        assert found["sizes"], "the charts have text"
        small = [item for item in found["sizes"] if item["size"] < 14]
        assert not small, small
        # Labels wrap inside the page: nothing sticks out sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        hint = page.locator(".scroll-hint")
        region = page.locator(".table-scroll.wide-table")
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
        assert region.get_attribute("aria-describedby") == hint.get_attribute("id")
        if width == 320:
            # The statements table does not fit: it scrolls in its own box, and the page says so.
            assert region.evaluate("e => e.scrollWidth > e.clientWidth")
            assert hint.is_visible() and "schuift de tabel opzij" in hint.inner_text()
        else:
            assert not hint.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_opinion_map_text_is_never_smaller_than_14_px(browser, live_server, imported_conversation, width):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        assert page.goto(f"/consultations/{imported_conversation}/results").status == 200
        found = page.evaluate(MAP_TEXT)
        groups = page.locator("table:has(caption:text('De groepen op de kaart')) tbody tr")
        names = [groups.nth(i).locator("th").inner_text() for i in range(groups.count())]
        assert len(names) >= 2
        # Each group's letter on the map, its shape and name in the legend under it (page text, not SVG text).
        assert found["letters"] == [name.removeprefix("Groep ") for name in names]
        assert found["legend"] == names
        assert all(name in found["description"] for name in names)
        small = [item for item in found["sizes"] if item["size"] < 14]
        assert not small, (found["mapWidth"], small)
        assert {item["text"] for item in found["sizes"]} >= set(found["letters"]) | set(names)
        if width == 320:
            # The map is drawn narrower than its own units, so its letters are drawn larger to stay readable.
            assert found["mapWidth"] < 300
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
