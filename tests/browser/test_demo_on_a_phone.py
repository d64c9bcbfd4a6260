"""The demo on a 320 px wide phone: no page scrolls sideways, /account included with the most it can show
(notifications, responses, a new API token, a long e-mail address and a name without a break)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from participation.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in
from tests.support import live
from tests.support.live import LiveServer

PHONE = {"width": 320, "height": 640}
LONG_EMAIL = "marielouisevandenheuveldegroot@bewonersvereniginghoornesoost.example.nl"
UNBROKEN_NAME = "Bewonersverenigingwilhelminastraatkwartier"

# The page's width, and what sticks out (for the message), leaving out what scrolls in its own box (a wide table).
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter(
    (e) => e.getBoundingClientRect().right > width + 0.5 && !e.closest(".table-scroll"));
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.map((e) => e.outerHTML.slice(0, 80))};
}"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live.serve(tmp_path_factory.mktemp("demo"), demo=True) as server:
        server.cli("create-user", LONG_EMAIL, "--password", DEMO_PASSWORD, "--name", UNBROKEN_NAME)
        yield server


@pytest.fixture
def phone(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, viewport=PHONE, locale="nl-NL")
    yield context.new_page()
    context.close()


def assert_fits(page) -> None:
    found = page.evaluate(SIDEWAYS)
    assert found["scrollWidth"] <= PHONE["width"], (page.url, found["wide"][:5])


def consultation_ids(demo_server: LiveServer) -> dict[str, int]:
    listed = httpx.get(f"{demo_server.url}/api/v1/consultations", timeout=10).json()["items"]
    return {c["status"]: c["id"] for c in listed}


@pytest.mark.parametrize("email", ["burger@demo.samenspraak.nl", LONG_EMAIL])
def test_the_account_page_fits_a_phone_with_a_new_token(phone, email):
    sign_in(phone, email, DEMO_PASSWORD)
    phone.goto("/account")
    phone.fill("#field-name", "Het script van de wijkraad Hoornes-Oost")
    phone.locator("form[action='/account/tokens'] button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.locator("#new-token").is_visible()
    assert_fits(phone)
    phone.goto("/account")
    assert phone.locator("#tokens tbody tr").count() == 1
    assert_fits(phone)
    # The table that cannot fit scrolls in its own named box, which the keyboard can reach.
    region = phone.locator("#tokens .table-scroll")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert phone.locator("#" + region.get_attribute("aria-labelledby")).inner_text() == "Je actieve tokens"
    phone.goto("/account")
    assert_fits(phone)


def test_the_demo_pages_fit_a_phone(phone, demo_server):
    ids = consultation_ids(demo_server)
    paths = [
        "/",
        "/consultations",
        f"/consultations/{ids['open']}",
        f"/consultations/{ids['decided']}",
        f"/consultations/{ids['closed']}/results",
        f"/consultations/{ids['decided']}/results",
        "/login",
        "/register",
    ]
    for path in paths:
        assert phone.goto(path).status == 200, path
        assert_fits(phone)
    sign_in(phone, "burger@demo.samenspraak.nl", DEMO_PASSWORD)
    for path in paths[:6]:
        phone.goto(path)
        assert_fits(phone)


def test_the_pages_of_officials_moderators_and_admins_fit_a_phone(phone, demo_server):
    """Their tables (the webcare inbox, the sources, the accounts) scroll in their own named box."""
    ids = consultation_ids(demo_server)
    pages = {
        "ambtenaar@demo.samenspraak.nl": [
            "/webcare",
            f"/webcare?consultation={ids['open']}",
            "/webcare/conversations/1",
            "/webcare/dashboard",
            "/webcare/templates",
            f"/consultations/{ids['open']}/results",
            "/tasks",
        ],
        "moderator@demo.samenspraak.nl": ["/moderation", "/transparency"],
        "admin@demo.samenspraak.nl": ["/admin/accounts", "/webcare/sources", "/moderation/word-lists"],
    }
    for email, paths in pages.items():
        phone.context.clear_cookies()
        sign_in(phone, email, DEMO_PASSWORD)
        for path in paths:
            assert phone.goto(path).status == 200, path
            assert_fits(phone)
    phone.goto("/admin/accounts")
    region = phone.locator(".table-scroll:has(table.accounts)")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert phone.locator("#" + region.get_attribute("aria-labelledby")).inner_text() == "Accounts en hun rollen"


def test_the_new_badge_of_a_notification_keeps_a_space_before_its_link(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, locale="nl-NL", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, "burger@demo.samenspraak.nl", DEMO_PASSWORD)
        page.goto("/account")
        gap = page.evaluate(
            """() => {
              const badge = document.querySelector(".notifications .badge");
              const next = badge.nextElementSibling.getClientRects()[0];
              return next.left - badge.getBoundingClientRect().right;
            }"""
        )
        assert gap >= 6, gap
    finally:
        context.close()
