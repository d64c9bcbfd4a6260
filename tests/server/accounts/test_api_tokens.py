"""Personal API tokens: made and revoked on the account page or by POST /api/v1/tokens, used as Bearer."""

from __future__ import annotations

import re

import pytest

from participation.accounts.models import ApiToken
from server.accounts import token_handoff
from tests.support.clients import browser
from tests.support.web import PASSWORD, make_user, post_form, sign_in, token_for

NEW_TOKEN = re.compile(r'<code class="token" id="new-token">([^<]+)</code>')


async def create_on_page(client, name: str) -> str:
    response = await post_form(client, "/account/tokens", {"name": name}, page="/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/account/tokens/new#token"
    assert "ssp_" not in response.headers["location"] + response.text
    shown = await client.get("/account/tokens/new")
    assert shown.status_code == 200
    match = NEW_TOKEN.search(shown.text)
    assert match, "the new token is shown"
    return match.group(1)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def test_a_token_made_on_the_account_page_is_shown_once_and_works(client):
    user = await make_user("els@example.nl", name="Els")
    await sign_in(client, "els@example.nl")
    secret = await create_on_page(client, "my script")

    page = await client.get("/account")
    assert secret not in page.text
    assert "my script" in page.text
    assert f"<code>{secret[:10]}…</code>" in page.text

    me = await client.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200
    assert me.json() == {"id": user.id, "email": "els@example.nl", "display_name": "Els", "roles": []}
    stored = await ApiToken.get(user=user)
    assert stored.last_used_at is not None
    assert secret not in (stored.digest, stored.prefix)


async def test_the_new_token_is_the_first_thing_on_its_page_and_is_gone_on_reload(client):
    client.cookies.set("lang", "nl")
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    response = await post_form(client, "/account/tokens", {"name": "my script"}, page="/account")
    # The session cookie carries it over the redirect, sealed: the signed cookie's readable part does not hold it.
    cookie = client.cookies["samenspraak_session"]
    shown = await client.get("/account/tokens/new")
    secret = NEW_TOKEN.search(shown.text).group(1)
    assert secret not in cookie and secret not in response.text
    main = shown.text.split('<main id="main"', 1)[1]
    before = main.split(secret, 1)[0]
    assert before.count("<h1") == 1 and "<form" not in before and "<h2" not in before
    assert "Je nieuwe API-token “my script”" in main
    assert "Je ziet dit token maar één keer." in main
    assert 'data-copy="new-token"' in main
    again = await client.get("/account/tokens/new")
    assert again.status_code == 200
    assert secret not in again.text and "ssp_" not in again.text
    assert "Dit token wordt niet meer getoond" in again.text


async def test_an_empty_token_name_is_an_error_at_the_field(client):
    client.cookies.set("lang", "nl")
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    response = await post_form(client, "/account/tokens", {"name": "  "}, page="/account")
    assert response.status_code == 422
    assert '<p class="field-error" id="error-name">Geef het token een naam</p>' in response.text
    assert '<a href="#field-name">Geef het token een naam</a>' in response.text
    assert not await ApiToken.exists()


async def test_a_revoked_token_is_refused_and_leaves_the_list(client):
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    secret = await create_on_page(client, "old script")
    token = await ApiToken.get(name="old script")
    response = await post_form(client, f"/account/tokens/{token.id}/revoke", {}, page="/account")
    assert response.status_code == 303
    page = await client.get("/account")
    assert "The token is revoked." in page.text
    assert "old script" not in page.text
    refused = await client.get("/api/v1/me", headers=bearer(secret))
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"


async def test_nobody_can_revoke_another_persons_token(client):
    await make_user("els@example.nl")
    await make_user("jan@example.nl")
    headers = await token_for(client, "jan@example.nl")
    jans_token = await ApiToken.get(user__email="jan@example.nl")
    await sign_in(client, "els@example.nl")
    response = await post_form(client, f"/account/tokens/{jans_token.id}/revoke", {}, page="/account")
    assert response.status_code == 303
    assert "There is no such token." in (await client.get("/account")).text
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200


async def test_an_over_long_token_name_is_refused_next_to_the_field(client):
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    response = await post_form(client, "/account/tokens", {"name": "n" * 81}, page="/account")
    assert response.status_code == 422
    assert "A name has at most 80 characters." in response.text
    assert 'value="' + "n" * 81 + '"' in response.text
    assert not await ApiToken.exists()


async def test_a_token_from_the_api_works_and_each_sign_in_makes_its_own(client, app):
    await make_user("els@example.nl")
    first = await token_for(client, "els@example.nl")
    second = await token_for(client, "els@example.nl")
    assert first != second
    for headers in (first, second):
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    # They are listed on the account page, by name and prefix, so they can be revoked there.
    async with browser(app) as page_client:
        await sign_in(page_client, "els@example.nl")
        page = await page_client.get("/account")
        assert page.text.count("<td>API sign-in") == 2


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer ssp_not-a-real-token",
        "Bearer not-even-the-prefix",
        "Bearer ",
        "Bearer",
        "Basic ZWxzQGV4YW1wbGUubmw6cGFzc3dvcmQ=",
        "ssp_without_scheme",
    ],
)
async def test_a_bad_token_is_401(client, authorization):
    await make_user("els@example.nl")
    await token_for(client, "els@example.nl")
    response = await client.get("/api/v1/me", headers={"Authorization": authorization})
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthenticated"
    assert error["message"]


async def test_a_token_of_a_deleted_account_is_refused(client):
    await make_user("els@example.nl")
    headers = await token_for(client, "els@example.nl")
    await sign_in(client, "els@example.nl")
    await post_form(client, "/account/delete", {"password": PASSWORD}, page="/account")
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401


class _Carrier:
    """What token_handoff needs of a request: its session."""

    def __init__(self) -> None:
        self.session: dict = {}


def test_the_handoff_seals_the_token_and_gives_it_once_with_the_same_key_only():
    request = _Carrier()
    secret = "ssp_" + "k" * 40
    token_handoff.hand_over(request, secret=secret, name="my script", key="one-secret-key-0123456789")
    assert secret not in str(request.session) and "k" * 10 not in str(request.session)
    assert token_handoff.take(request, key="one-secret-key-0123456789") == ("my script", secret)
    assert token_handoff.take(request, key="one-secret-key-0123456789") is None
    # Made under another SECRET_KEY (changed between the POST and the page), or tampered with: nothing shown.
    token_handoff.hand_over(request, secret=secret, name="my script", key="one-secret-key-0123456789")
    assert token_handoff.take(request, key="another-secret-key-0123456789") is None
    request.session[token_handoff.KEY] = {"name": "x", "sealed": "gAAAA-not-a-token"}
    assert token_handoff.take(request, key="one-secret-key-0123456789") is None
