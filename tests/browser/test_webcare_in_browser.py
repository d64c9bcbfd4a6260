"""The webcare pages of the demo in a real browser: axe-clean in Dutch and English, and an official handles a
monitored complaint with the forms alone, without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe

from participation.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in
from tests.support import live
from tests.support.live import LiveServer

OFFICIAL = "ambtenaar@demo.samenspraak.nl"
ADMIN = "admin@demo.samenspraak.nl"


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live.serve(tmp_path_factory.mktemp("webcare-demo"), demo=True) as server:
        yield server


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_the_webcare_pages_have_no_axe_violations(browser, demo_server, locale):
    context = browser.new_context(base_url=demo_server.url, locale=locale)
    page = context.new_page()
    try:
        sign_in(page, OFFICIAL, DEMO_PASSWORD)
        if locale == "en-GB":
            page.locator("form.language-switch button[value=en]").click()
            page.wait_for_load_state()
        assert page.goto("/webcare").status == 200
        assert violations(page) == []
        page.locator("table.inbox tbody a").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        assert violations(page) == []
        page.goto("/webcare?sentiment=negative&mine=1")
        assert violations(page) == []
        context.clear_cookies()
        sign_in(page, ADMIN, DEMO_PASSWORD)
        assert page.goto("/webcare/sources").status == 200
        assert violations(page) == []
    finally:
        context.close()


def test_an_official_handles_a_complaint_without_javascript(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in(page, OFFICIAL, DEMO_PASSWORD)
        page.goto("/webcare?sentiment=negative")
        page.locator("table.inbox tbody a", has_text="prullenbakken").click()
        page.wait_for_load_state()
        page.select_option("#field-assignee", "me")
        page.locator("form[action$='/assign'] button[type=submit]").click()
        page.wait_for_load_state()
        assert "Pieter van der Berg" in page.locator("dl.facts").inner_text()
        page.fill("form[action$='/notes'] textarea", "Buitendienst ingelicht.")
        page.locator("form[action$='/notes'] button[type=submit]").click()
        page.wait_for_load_state()
        assert "Buitendienst ingelicht." in page.locator("ul.notes").inner_text()
        page.fill("form[action$='/replies'] textarea", "Dank je, we legen ze vandaag nog.")
        page.locator("form[action$='/replies'] button[type=submit]:not([formaction])").click()
        page.wait_for_load_state()
        # The demo posts to no network: the reply is kept, marked as not sent, with why.
        assert "Dank je, we legen ze vandaag nog." in page.locator("ul.replies").inner_text()
        failed = "Mislukt" if page.locator("html").get_attribute("lang") == "nl" else "Failed"
        assert failed in page.locator("ul.replies").inner_text(), page.locator("html").get_attribute("lang")
        assert page.locator("html").get_attribute("lang") == "nl"
    finally:
        context.close()
