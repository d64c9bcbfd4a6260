"""Pages kept rendered for visitors (server/visitor_pages.py, the consultation page): every visitor gets their
own CSRF token, nobody sees what is another's, and a change is on the next page at once."""

from __future__ import annotations

import re

import httpx
import pytest

from participation.consultations.services import authoring
from tests.support.consultation_pages import park_in, real_now, text_of
from tests.support.web import csrf_from, make_user, sign_in


@pytest.fixture
async def visitors(app):
    """New browsers without cookies (but English), as many as a test asks for, closed after it."""
    opened: list[httpx.AsyncClient] = []

    def new() -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=("127.0.0.1", 40000))
        browser = httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies={"lang": "en"})
        opened.append(browser)
        return browser

    yield new
    for browser in opened:
        await browser.aclose()


def tokens_in(html: str) -> set[str]:
    return set(re.findall(r'name="csrftoken" value="([^"]+)"', html))


async def test_each_visitor_gets_their_own_token_and_it_works(visitors):
    park = await park_in("open")
    path = f"/consultations/{park.id}"
    seen = []
    for browser in (visitors(), visitors(), visitors()):
        page = await browser.get(path)
        assert page.status_code == 200 and "Herinrichting Julianapark" in page.text
        [token] = tokens_in(page.text)
        # The token in the page is the one this browser's cookie holds (asgi-csrf checks one against the other).
        assert token == browser.cookies["csrftoken"]
        assert "cookie" in page.headers["vary"].lower()
        seen.append(token)
        # ... so the page's language switch works for this visitor.
        switched = await browser.post("/language", data={"csrftoken": token, "lang": "nl", "next": path})
        assert switched.status_code == 303
    assert len(set(seen)) == 3


async def test_a_returning_visitor_keeps_the_token_of_their_cookie(visitors):
    park = await park_in("open")
    browser = visitors()
    first = await browser.get(f"/consultations/{park.id}")
    again = await browser.get(f"/consultations/{park.id}")
    assert tokens_in(again.text) == tokens_in(first.text) == {browser.cookies["csrftoken"]}
    assert "set-cookie" not in again.headers


async def test_visitors_and_a_signed_in_citizen_never_see_each_others_page(client, visitors):
    park = await park_in("open")
    path = f"/consultations/{park.id}"
    await make_user("anna@example.nl", name="Anna Citizen")
    before = await visitors().get(path)
    await sign_in(client, "anna@example.nl")
    mine = await client.get(path)
    after = await visitors().get(path)
    # The citizen's own page: their name, their form to answer, their token; no visitor's token in it.
    assert "Anna Citizen" in mine.text and 'id="answer-form"' in mine.text
    assert tokens_in(mine.text) == {client.cookies["csrftoken"]}
    # The visitors' pages, before and after: nothing of hers.
    for page in (before, after):
        assert "Anna Citizen" not in page.text and 'id="answer-form"' not in page.text
        assert "Sign in to answer" in text_of(page.text)
        assert client.cookies["csrftoken"] not in page.text
    assert tokens_in(before.text).isdisjoint(tokens_in(after.text))


async def test_a_visitor_with_a_message_waiting_sees_it_and_nobody_else_does(client, visitors):
    park = await park_in("open")
    path = f"/consultations/{park.id}"
    await make_user("anna@example.nl", name="Anna Citizen")
    await visitors().get(path)  # the page is kept
    await sign_in(client, "anna@example.nl")
    await client.post("/logout", data={"csrftoken": csrf_from((await client.get("/")).text)})
    signed_out = await client.get(path)
    assert "You are signed out." in signed_out.text
    assert "Anna Citizen" not in signed_out.text
    assert tokens_in(signed_out.text) == {client.cookies["csrftoken"]}
    assert "You are signed out." not in (await visitors().get(path)).text
    assert "You are signed out." not in (await client.get(path)).text  # shown once


async def test_a_change_is_on_the_next_visitors_page_at_once(visitors):
    park = await park_in("open")
    path = f"/consultations/{park.id}"
    assert "Sign in to answer" in text_of((await visitors().get(path)).text)
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    closed = text_of((await visitors().get(path)).text)
    assert "Sign in to answer" not in closed and "Closed" in closed


async def test_each_language_is_kept_apart(visitors):
    park = await park_in("open")
    path = f"/consultations/{park.id}"
    english = visitors()
    dutch = visitors()
    dutch.cookies.set("lang", "nl")
    for _ in range(2):
        assert "Sign in to answer" in text_of((await english.get(path)).text)
        dutch_page = await dutch.get(path)
        assert '<html lang="nl">' in dutch_page.text and "Sign in to answer" not in text_of(dutch_page.text)
