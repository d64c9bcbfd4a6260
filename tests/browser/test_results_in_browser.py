"""The results of a consultation in a real browser at 1280 and 320 px: chart labels are whole (wrapped, not cut),
no chart text is smaller than 14 px, and the wide statements table says that it scrolls sideways."""

from __future__ import annotations

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
