"""The webcare dashboard and social listening on the demo in a real browser: axe-clean in Dutch and English,
and the charts (HTML bar charts, as on the results pages) with their tables, their text at 14 px or more on a
wide screen and at 320 px."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe

from participation.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in
from tests.support import live
from tests.support.live import LiveServer

OFFICIAL = "ambtenaar@demo.samenspraak.nl"

# Every piece of text inside the charts with its computed font size, and any SVG text at all.
CHART_TEXT = """() => {
  const sizes = [];
  document.querySelectorAll("[role=img] *").forEach((e) => {
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own && !e.classList.contains("visually-hidden") && e.getClientRects().length) {
      sizes.push({text: e.textContent.trim().slice(0, 40), size: parseFloat(getComputedStyle(e).fontSize)});
    }
  });
  return {sizes, svgText: document.querySelectorAll("[role=img] svg text, svg[role=img] text").length,
          days: document.querySelectorAll("#chart-volume .bar-row").length};
}"""


# The row headers of the day table (a day each, then the total) that take more than one line.
WRAPPED_DAYS = """() => [...document.querySelectorAll(".wide-table tbody th[scope=row]")].filter((th) => {
  const range = document.createRange();
  range.selectNodeContents(th);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
}).map((th) => th.textContent)"""


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live.serve(tmp_path_factory.mktemp("webcare-dashboard-demo"), demo=True) as server:
        yield server


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_the_dashboard_and_social_listening_have_no_axe_violations(browser, demo_server, locale):
    context = browser.new_context(base_url=demo_server.url, locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, OFFICIAL, DEMO_PASSWORD)
        if locale == "en-GB":
            page.locator("form.language-switch button[value=en]").click()
            page.wait_for_load_state()
        assert page.goto("/webcare").status == 200
        page.locator("main a[href$='/webcare/dashboard']").click()
        page.wait_for_load_state()
        assert page.locator("[role=img]").count() >= 4 and page.locator("table.data-table").count() == 4
        assert violations(page) == []
        page.goto("/consultations")
        link = page.locator("main a", has_text="Julianapark").first.get_attribute("href")
        assert page.goto(f"{link}/results").status == 200
        assert page.locator("#h-listening").count() == 1
        assert violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_chart_text_is_never_smaller_than_14_px_and_nothing_sticks_out(browser, demo_server, width):
    context = browser.new_context(base_url=demo_server.url, locale="nl-NL", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, OFFICIAL, DEMO_PASSWORD)
        assert page.goto("/webcare/dashboard").status == 200
        found = page.evaluate(CHART_TEXT)
        assert found["svgText"] == 0 and found["days"] == 30
        assert len(found["sizes"]) > 30, "the charts have text"
        small = [item for item in found["sizes"] if item["size"] < 14]
        assert not small, small
        assert page.locator("table.data-table").count() == 4
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The day table's days are short and on one line, beside a column of numbers even at 320 px.
        days = page.locator(".wide-table tbody th[scope=row]")
        assert days.count() == 31 and re.fullmatch(r"\d{1,2} [a-z]{3} \d{4}", days.first.inner_text())
        assert page.evaluate(WRAPPED_DAYS) == []
        header, first = days.first.bounding_box(), page.locator(".wide-table tbody td").first.bounding_box()
        assert first["x"] + first["width"] <= width, "a column of numbers shows beside the days"
        assert header["width"] < width / 2
    finally:
        context.close()
