"""`Cache-Control: no-store` where a cache must keep nothing: the account and everything under it (the token
shown once, confirmation and reset links, the download of one's data), the API's new tokens, and every export."""

from __future__ import annotations

import pytest

from tests.support.consultation_pages import in_english, park_in
from tests.support.mail import link_in, mails_to
from tests.support.web import PASSWORD, make_user, post_form, sign_in, token_for


def assert_no_store(response) -> None:
    assert response.headers.get_list("cache-control") == ["no-store"], (response.url, response.headers)


async def test_a_public_page_may_be_cached(client):
    assert "no-store" not in (await client.get("/")).headers.get("cache-control", "")
    assert "no-store" not in (await client.get("/consultations")).headers.get("cache-control", "")


async def test_the_account_pages_signed_out_and_in(client):
    in_english(client)
    assert_no_store(await client.get("/account"))  # the redirect to sign in too
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    assert_no_store(await client.get("/account"))
    assert_no_store(await post_form(client, "/account/profile", {"display_name": "Els"}, page="/account"))
    assert_no_store(await client.get("/account/no-such-page"))


async def test_the_page_that_shows_a_new_token_once_and_the_api_token(client):
    in_english(client)
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    created = await post_form(client, "/account/tokens", {"name": "script"}, page="/account")
    assert created.status_code == 303
    assert_no_store(created)
    shown = await client.get("/account/tokens/new")
    assert shown.status_code == 200 and "Copy it now" in shown.text
    assert_no_store(shown)
    api = await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
    assert api.status_code == 201
    assert_no_store(api)


async def test_the_confirmation_and_password_reset_pages(client):
    in_english(client)
    registered = await post_form(
        client, "/register", {"email": "els@example.nl", "password": PASSWORD, "display_name": "Els"}
    )
    assert registered.status_code == 303
    [welcome] = await mails_to("els@example.nl")
    assert_no_store(await client.get(link_in(welcome, "/account/confirm/")))
    assert_no_store(await client.get("/account/forgot"))
    asked = await post_form(client, "/account/forgot", {"email": "els@example.nl"})
    assert asked.status_code == 303
    assert_no_store(asked)
    reset = link_in([m for m in await mails_to("els@example.nl") if "/account/reset/" in m.body][-1], "/account/reset/")
    form = await client.get(reset)
    assert form.status_code == 200 and 'type="password"' in form.text
    assert_no_store(form)
    assert_no_store(await client.get("/account/reset/not-a-token"))


async def test_download_my_data(client):
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    response = await client.get("/account/my-data")
    assert response.status_code == 200 and response.json()
    assert_no_store(response)


@pytest.mark.parametrize("fmt", ["csv", "json"])
async def test_every_export_page_and_api(client, fmt):
    park = await park_in("closed")
    official = park.official
    api = await token_for(client, official.email)
    exports = [
        await client.get(f"/consultations/{park.id}/export/results.{fmt}"),
        await client.get(f"/api/v1/consultations/{park.id}/results.{fmt}"),
        await client.get(f"/api/v1/consultations/{park.id}/responses.{fmt}", headers=api),
    ]
    await sign_in(client, official.email)
    exports.append(await client.get(f"/consultations/{park.id}/export/responses.{fmt}"))
    for response in exports:
        assert response.status_code == 200, (response.url, response.text)
        assert_no_store(response)


async def test_the_accounts_admin_with_everyones_address(client):
    await make_user("admin@example.nl", "admin")
    await sign_in(client, "admin@example.nl")
    page = await client.get("/admin/accounts")
    assert page.status_code == 200 and "admin@example.nl" in page.text
    assert_no_store(page)
