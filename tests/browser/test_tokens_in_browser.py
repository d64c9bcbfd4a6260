"""A new API token in a real browser: the page lands on it, in a panel that says it is shown once, with a copy
button where JavaScript runs; a reload shows it no more; an empty name is an error at the field."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.support.web import PASSWORD

EMAIL = "tokens@example.nl"


@pytest.fixture(scope="module")
def someone(live_server):
    live_server.cli("create-user", EMAIL, "--password", PASSWORD, "--name", "Tineke Token")
    return EMAIL


def make_token(page, name: str) -> None:
    page.goto("/account")
    page.fill("#field-name", name)
    page.locator("form[action='/account/tokens'] button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_page_lands_on_the_new_token_and_copies_it(browser, live_server, someone, width):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": 640})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    try:
        sign_in(page, someone)
        make_token(page, f"Script op {width} px")
        assert page.url.endswith("/account/tokens/new#token")
        token = page.locator("#new-token")
        secret = token.inner_text().strip()
        assert secret.startswith("ssp_")
        assert secret not in page.url
        # In view where the page lands, under its heading, without scrolling.
        box = token.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 640, box
        assert page.locator("h1").inner_text() == f"Je nieuwe API-token “Script op {width} px”"
        assert "Je ziet dit token maar één keer." in page.locator(".token-panel").inner_text()
        copy = page.get_by_role("button", name="Kopieer het token")
        assert copy.is_visible()
        copy.click()
        page.locator("#copy-status", has_text="Het token is gekopieerd.").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == secret
        page.reload()
        assert page.locator("#new-token").count() == 0
        assert secret not in page.content()
        assert page.locator("h1").inner_text() == "Dit token wordt niet meer getoond"
        page.goto("/account")
        assert page.locator("#tokens tbody", has_text=f"Script op {width} px").count() == 1
    finally:
        context.close()


def test_without_javascript_the_token_shows_and_no_copy_button(page_without_js, someone):
    sign_in(page_without_js, someone)
    make_token(page_without_js, "Zonder JavaScript")
    assert page_without_js.locator("#new-token").is_visible()
    assert not page_without_js.locator("button[data-copy]").is_visible()


def test_a_blank_name_is_an_error_at_the_field(page, someone):
    sign_in(page, someone)
    make_token(page, "   ")
    assert page.locator("#error-name").inner_text() == "Geef het token een naam"
    assert page.locator(".error-summary a[href='#field-name']").inner_text() == "Geef het token een naam"
    assert page.locator("#new-token").count() == 0
