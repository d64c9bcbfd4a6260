"""The page shell in a real browser: accessibility (axe), keyboard, no JavaScript needed, languages, phones."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import sign_in

PUBLIC_PAGES = ["/", "/login", "/login/link", "/register", "/transparency", "/account/forgot", "/does-not-exist"]
SIGNED_IN_PAGES = ["/account", "/admin/accounts"]


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_axe_violations(page, path):
    page.goto(path)
    assert violations(page) == []


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_admin_pages_have_no_axe_violations(page, path):
    sign_in(page, "admin@example.nl")
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert violations(page) == []


def test_form_errors_are_accessible_and_keep_what_was_typed(page):
    page.goto("/register")
    page.fill("#field-display_name", "Bea Bewoner")
    page.fill("#field-email", "not-an-address")
    page.fill("#field-password", "short")
    page.locator("form[action='/register'] button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#field-display_name") == "Bea Bewoner"
    assert page.input_value("#field-email") == "not-an-address"
    assert page.get_attribute("#field-email", "aria-invalid") == "true"
    assert violations(page) == []


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_in_and_out_without_javascript(page_without_js, live_server):
    page = page_without_js
    sign_in(page, "citizen@example.nl")
    assert page.url.endswith("/")
    assert page.locator("a.account-link").inner_text().startswith("Carla Citizen")
    page.locator("form[action='/logout'] button").click()
    page.wait_for_load_state()
    assert page.locator("a.account-link").count() == 0


def test_language_switch_to_english_and_back(page):
    page.goto("/login")
    assert page.get_attribute("html", "lang") == "nl"
    page.locator("form.language-switch button[value=en]").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.url.endswith("/login")
    page.locator("form.language-switch button[value=nl]").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "nl"


@pytest.mark.parametrize("path", ["/", "/register", "/transparency"])
def test_pages_fit_a_phone_without_sideways_scrolling(browser, live_server, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_no_inline_script_runs_and_csp_holds(page):
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert not [m for m in messages if "Content Security Policy" in m]
