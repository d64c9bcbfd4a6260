"""Moderation on the demo in a real browser: the queue, a decision and its appeal are axe-clean in Dutch and
English (screenshots of the queue at 1280 and 320 pixels wide); and the whole round works with the keyboard
alone and without JavaScript: a moderator hides a reported statement with a statement of reasons, its author
reads it and appeals, another moderator decides the appeal, and the author is told."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe

from participation.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in
from tests.support import live
from tests.support.live import LiveServer

MODERATOR = "moderator@demo.samenspraak.nl"
OTHER_MODERATOR = "moderator2@demo.samenspraak.nl"
AUTHOR = "burger@demo.samenspraak.nl"
ADMIN = "admin@demo.samenspraak.nl"
REPORTED = "snapt er gewoon niks van"


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live.serve(tmp_path_factory.mktemp("moderation-demo"), demo=True) as server:
        yield server


def in_english(page) -> None:
    page.locator("form.language-switch button[value=en]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_the_moderation_pages_have_no_axe_violations(browser, demo_server, locale, tmp_path):
    context = browser.new_context(base_url=demo_server.url, locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, MODERATOR, DEMO_PASSWORD)
        if locale == "en-GB":
            in_english(page)
        assert page.goto("/moderation").status == 200
        assert page.locator("li.queue-item").count() >= 3
        assert violations(page) == []
        page.screenshot(path=tmp_path / f"moderation-queue-1280-{locale}.png", full_page=False)
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto("/moderation")
        # Nothing wider than the phone: no sideways scrolling of the page.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.screenshot(path=tmp_path / f"moderation-queue-320-{locale}.png", full_page=False)
        assert violations(page) == []
        page.set_viewport_size({"width": 1280, "height": 900})
        # A decision as its author reads it, with the appeal (decided) under it.
        context.clear_cookies()
        sign_in(page, "bewoner@demo.samenspraak.nl", DEMO_PASSWORD)
        if locale == "en-GB":
            in_english(page)
        page.goto("/account")
        page.locator("ul.notifications a").first.click()
        page.wait_for_load_state()
        assert page.locator("dl.statement-of-reasons").count() == 1
        assert violations(page) == []
        assert page.goto("/transparency").status == 200
        assert page.locator(".bar-chart[role=img]").count() >= 2
        assert violations(page) == []
        page.screenshot(path=tmp_path / f"moderation-transparency-1280-{locale}.png", full_page=True)
        context.clear_cookies()
        sign_in(page, ADMIN, DEMO_PASSWORD)
        if locale == "en-GB":
            in_english(page)
        page.goto("/account")
        assert page.locator("#statements-of-reasons").count() == 1
        assert violations(page) == []
    finally:
        context.close()


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element `selector` has the focus (the keyboard alone reaches it)."""
    for _ in range(limit):
        if page.locator(f"{selector}:focus").count():
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose_by_keyboard(page, select: str, value: str, limit: int = 20) -> None:
    tab_to(page, select)
    for _ in range(limit):
        if page.locator(select).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} is not reachable in {select}")


def submit_by_keyboard(page) -> None:
    """Enter on the focused link or button, and wait for the page it leads to (after any redirect)."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def decide_by_keyboard(page, item_text: str, action: str, ground: str, facts: str) -> None:
    item = page.locator("li.queue-item", has_text=item_text)
    dom = item.get_attribute("id").removeprefix("item-")
    # The first radio of the decision is reached by Tab; the arrows move within the group.
    tab_to(page, f"#item-{dom} form.decision-form input[name=action]")
    page.keyboard.press("Space")
    for _ in range(5):
        if page.locator(f"#item-{dom} form.decision-form input[value={action}]:checked").count():
            break
        page.keyboard.press("ArrowDown")
    assert page.locator(f"#item-{dom} form.decision-form input[value={action}]:checked").count() == 1
    choose_by_keyboard(page, f"#ground-{dom}", ground)
    tab_to(page, f"#facts-{dom}")
    page.keyboard.type(facts)
    tab_to(page, f"#item-{dom} form.decision-form button[type=submit]")
    submit_by_keyboard(page)


def test_a_reported_statement_is_hidden_appealed_and_decided_again_by_keyboard_without_javascript(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        # The moderator works the queue: the statement hidden by three reports is first.
        sign_in(page, MODERATOR, DEMO_PASSWORD)
        page.goto("/moderation")
        first = page.locator("li.queue-item").first
        assert REPORTED in first.inner_text() and "3 meldingen" in first.inner_text()
        decide_by_keyboard(
            page, REPORTED, "hide", "terms_respect", "Je noemt anderen dom. Dat past niet bij onze regels."
        )
        assert "Je besluit over" in page.locator("main").inner_text()
        assert page.locator("li.queue-item", has_text=REPORTED).count() == 0

        # The author reads the decision (notification link) and appeals, with the keyboard.
        context.clear_cookies()
        sign_in(page, AUTHOR, DEMO_PASSWORD)
        page.goto("/account")
        notice = page.locator("ul.notifications li").first
        assert "verborgen" in notice.inner_text()
        tab_to(page, "ul.notifications li:first-child a")
        submit_by_keyboard(page)
        reasons = page.locator("dl.statement-of-reasons").inner_text()
        assert "Je noemt anderen dom" in reasons and "Gebruiksvoorwaarden 3.1" in reasons
        tab_to(page, "#field-appeal")
        page.keyboard.type("Ik noem niemand dom. Ik vind dat mensen het plan niet goed kennen.")
        tab_to(page, "form[action$='/appeal'] button[type=submit]")
        submit_by_keyboard(page)
        assert "Je bezwaar is verstuurd" in page.locator("main").inner_text()

        # The moderator who decided cannot decide the appeal; the page says so.
        context.clear_cookies()
        sign_in(page, MODERATOR, DEMO_PASSWORD)
        page.goto("/moderation")
        appealed = page.locator("li.queue-item", has_text=REPORTED)
        assert "een andere moderator" in appealed.inner_text().lower()

        # The other moderator restores it.
        context.clear_cookies()
        sign_in(page, OTHER_MODERATOR, DEMO_PASSWORD)
        page.goto("/moderation")
        decide_by_keyboard(
            page, REPORTED, "restore", "terms_compatible", "Scherp, maar het gaat over het plan. Het komt terug."
        )
        assert page.locator("li.queue-item", has_text=REPORTED).count() == 0

        # The author is told the outcome.
        context.clear_cookies()
        sign_in(page, AUTHOR, DEMO_PASSWORD)
        page.goto("/account")
        assert "teruggezet" in page.locator("ul.notifications li").first.inner_text()
    finally:
        context.close()
