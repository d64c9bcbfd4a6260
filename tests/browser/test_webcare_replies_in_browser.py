"""A monitored complaint answered from a template with four-eyes approval, in a real browser against a local
mastodon-mock: an official assigns it, writes the reply from a template, a second official approves it and it
is posted (the sent reply's address shown, one post on the network). With the keyboard alone where JavaScript
runs, and with the forms alone without it; axe-clean in Dutch and English; screenshots at 1280 and 320 px."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import sign_in
from tests.support import live, mastodon_mock
from tests.support.live import LiveServer
from tests.support.web import PASSWORD

OFFICIAL = "official@example.nl"
CHECKER = "checker@example.nl"
TAG = "browserpark"
_n = itertools.count()


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


@pytest.fixture(scope="module")
def instance() -> Iterator[str]:
    with mastodon_mock.running() as base:
        yield base


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, instance: str) -> Iterator[LiveServer]:
    settings = {"REPLY_APPROVAL": "true", "ALLOW_PRIVATE_SOURCE_ADDRESSES": "true"}  # the mock is on 127.0.0.1
    with live.serve(tmp_path_factory.mktemp("webcare-replies"), settings=settings) as running:
        running.cli("create-user", CHECKER, "--password", PASSWORD, "--name", "Chris Checker", "--role", "official")
        admin = {"Authorization": f"Bearer {running.token('admin@example.nl')}"}
        source = httpx.post(
            f"{running.url}/api/v1/sources",
            json={
                "kind": "mastodon",
                "name": "Mastodon-mock",
                "base_url": instance,
                "access_token": mastodon_mock.TOKEN,
                "hashtags": [TAG],
                "keywords": [],
            },
            headers=admin,
        )
        assert source.status_code == 201, source.text
        running.env["WEBCARE_SOURCE"] = str(source.json()["id"])
        yield running


def complaint(server: LiveServer, instance: str) -> tuple[int, dict]:
    """A new complaint on the network, polled into the inbox: its conversation id and the network's status."""
    status = mastodon_mock.post(instance, f"De prullenbakken in het #{TAG} zijn alweer vol, echt vies! ({next(_n)})")
    official = {"Authorization": f"Bearer {server.token(OFFICIAL)}"}
    polled = httpx.post(f"{server.url}/api/v1/sources/{server.env['WEBCARE_SOURCE']}/poll", headers=official)
    # The in-process monitor may have fetched it first: either way it is in the inbox now.
    assert polled.status_code in (200, 409), polled.text
    inbox = httpx.get(f"{server.url}/api/v1/webcare/conversations?limit=50", headers=official).json()["items"]
    [conversation] = [c for c in inbox if c["posts"][0]["external_id"] == status["id"]]
    return conversation["id"], status


def replies_on_network(instance: str, status_id: str) -> list[dict]:
    context = httpx.get(
        f"{instance}/api/v1/statuses/{status_id}/context", headers={"Authorization": f"Bearer {mastodon_mock.TOKEN}"}
    )
    return context.json()["descendants"]


def on_mock(href: str, instance: str) -> bool:
    # mastodon-mock names itself localhost in the links it makes: the same port is the same instance.
    return urlsplit(href).port == urlsplit(instance).port and "/@" in href


def make_template(page, name: str) -> None:
    page.goto("/webcare/templates")
    if page.locator("table.templates a", has_text=name).count():
        return
    page.fill("#field-name", name)
    page.fill("#field-body", "Hoi {name}, dank je voor je melding. We legen de prullenbakken vandaag nog.")
    with page.expect_navigation():
        page.locator("form[action$='/webcare/templates'] button[type=submit]").press("Enter")
    assert name in page.locator("table.templates").inner_text()


def screenshots(page, folder: Path, name: str) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        page.screenshot(path=folder / f"ux-webcare-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_with_the_keyboard_alone_a_templated_reply_is_approved_and_sent(browser, server, instance, tmp_path):
    conversation_id, status = complaint(server, instance)
    context = browser.new_context(base_url=server.url, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in(page, OFFICIAL)
        make_template(page, "Prullenbakken")
        page.goto("/webcare?sentiment=negative")
        assert violations(page) == []
        with page.expect_navigation():
            page.locator(f"table.inbox a[href$='/conversations/{conversation_id}']").press("Enter")
        assert "Klacht" in page.locator("ol.thread").inner_text()
        page.select_option("#field-assignee", "me")
        with page.expect_navigation():
            page.locator("form[action$='/assign'] button[type=submit]").press("Enter")
        assert "Olaf Official" in page.locator("dl.facts").inner_text()

        page.locator("#field-body").press_sequentially("Goed dat je het meldt.")
        page.select_option("#field-template", label="Prullenbakken")
        # The template picker's button follows the select in the tab order.
        page.locator("#field-template").press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Sjabloon gebruiken"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        body = page.input_value("#field-body")
        assert body.startswith("Goed dat je het meldt.\n\nHoi ") and "We legen de prullenbakken" in body
        assert "{name}" not in body
        # The count shown while typing (JavaScript runs here).
        assert "tekens over" in page.locator("#field-body-count").inner_text()
        assert violations(page) == []
        with page.expect_navigation():
            page.locator("form[action$='/replies'] button[type=submit]:not([formaction])").press("Enter")
        assert "Wacht op goedkeuring" in page.locator("ul.replies").inner_text()
        assert page.locator("ul.replies button", has_text="Goedkeuren").count() == 0
        assert replies_on_network(instance, status["id"]) == []
        screenshots(page, tmp_path, "awaiting")

        context.clear_cookies()
        sign_in(page, CHECKER)
        page.goto(f"/webcare/conversations/{conversation_id}")
        assert violations(page) == []
        with page.expect_navigation():
            page.locator("ul.replies button", has_text="Goedkeuren en versturen").press("Enter")
        replies = page.locator("ul.replies").inner_text()
        assert "Verstuurd" in replies and "goedgekeurd door Chris Checker" in replies
        sent_link = page.locator("ul.replies a", has_text="de verstuurde reactie")
        assert on_mock(sent_link.get_attribute("href"), instance)
        assert violations(page) == []
        screenshots(page, tmp_path, "sent")
    finally:
        context.close()
    on_network = replies_on_network(instance, status["id"])
    assert len(on_network) == 1 and "We legen de prullenbakken vandaag nog." in on_network[0]["content"]


def test_in_english_the_pages_of_a_reply_have_no_axe_violations(browser, server, instance):
    conversation_id, status = complaint(server, instance)
    context = browser.new_context(base_url=server.url, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, OFFICIAL)
        page.locator("form.language-switch button[value=en]").click()
        page.wait_for_load_state()
        make_template(page, "Bins")
        assert violations(page) == []
        page.goto(f"/webcare/conversations/{conversation_id}")
        page.select_option("#field-template", label="Bins")
        page.locator("button", has_text="Use template").click()
        page.wait_for_load_state()
        assert "matches no consultation" not in page.content()  # the template has no {consultation_url}
        page.locator("form[action$='/replies'] button[type=submit]:not([formaction])").click()
        page.wait_for_load_state()
        assert "Awaiting approval" in page.locator("ul.replies").inner_text()
        assert violations(page) == []
        context.clear_cookies()
        sign_in(page, CHECKER)
        page.locator("form.language-switch button[value=en]").click()
        page.wait_for_load_state()
        page.goto(f"/webcare/conversations/{conversation_id}")
        assert "Approve and send" in page.locator("ul.replies").inner_text()
        assert violations(page) == []
        # Sent back with a note instead: nothing is posted.
        page.fill("ul.replies textarea", "Say when exactly, please.")
        page.locator("ul.replies button", has_text="Send back").click()
        page.wait_for_load_state()
        assert "Sent back by Chris Checker:" in page.locator("ul.replies").inner_text()
        assert violations(page) == []
    finally:
        context.close()
    assert replies_on_network(instance, status["id"]) == []


def test_without_javascript_a_templated_reply_is_approved_and_sent(browser, server, instance):
    conversation_id, status = complaint(server, instance)
    context = browser.new_context(base_url=server.url, java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in(page, OFFICIAL)
        make_template(page, "Prullenbakken")
        page.goto(f"/webcare/conversations/{conversation_id}")
        page.select_option("#field-assignee", "me")
        page.locator("form[action$='/assign'] button[type=submit]").click()
        page.wait_for_load_state()
        page.fill("#field-body", "Bedankt!")
        page.select_option("#field-template", label="Prullenbakken")
        page.locator("button", has_text="Sjabloon gebruiken").click()
        page.wait_for_load_state()
        body = page.input_value("#field-body")
        assert body.startswith("Bedankt!\n\nHoi ") and "We legen de prullenbakken" in body
        page.locator("form[action$='/replies'] button[type=submit]:not([formaction])").click()
        page.wait_for_load_state()
        assert "Wacht op goedkeuring" in page.locator("ul.replies").inner_text()
        context.clear_cookies()
        sign_in(page, CHECKER)
        page.goto(f"/webcare/conversations/{conversation_id}")
        page.locator("ul.replies button", has_text="Goedkeuren en versturen").click()
        page.wait_for_load_state()
        assert on_mock(page.locator("ul.replies a", has_text="de verstuurde reactie").get_attribute("href"), instance)
    finally:
        context.close()
    assert len(replies_on_network(instance, status["id"])) == 1
