"""Forgotten password: the e-mailed link, used once, and what a broken or old link says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from participation.accounts import services as accounts
from participation.accounts import throttle
from participation.mail.models import OutboxMail
from tests.support.clients import browser
from tests.support.mail import link_in, mails_to
from tests.support.web import PASSWORD, make_user, post_form

NEW_PASSWORD = "a brand new passphrase"


async def request_reset(client, email: str):
    return await post_form(client, "/account/forgot", {"email": email})


async def reset_link(client, email: str) -> str:
    response = await request_reset(client, email)
    assert response.status_code == 303
    mails = [m for m in await mails_to(email) if "/account/reset/" in m.body]
    return link_in(mails[-1], "/account/reset/")


async def login(client, email: str, password: str):
    return await post_form(client, "/login", {"email": email, "password": password})


async def test_reset_through_the_mailed_link_sets_the_new_password(client):
    await make_user("els@example.nl")
    link = await reset_link(client, "els@example.nl")

    form = await client.get(link)
    assert form.status_code == 200
    assert 'type="password"' in form.text

    done = await post_form(client, link, {"password": NEW_PASSWORD})
    assert done.status_code == 303
    assert done.headers["location"] == "/account"
    assert (await client.get("/account")).status_code == 200  # signed in by the reset

    await post_form(client, "/logout", {}, page="/account")
    assert (await login(client, "els@example.nl", PASSWORD)).status_code == 400
    assert (await login(client, "els@example.nl", NEW_PASSWORD)).status_code == 303


async def test_the_reset_link_works_only_once(client):
    await make_user("els@example.nl")
    link = await reset_link(client, "els@example.nl")
    assert (await post_form(client, link, {"password": NEW_PASSWORD})).status_code == 303

    again = await client.get(link)
    assert again.status_code == 400
    assert "This link has been used already." in again.text
    assert 'type="password"' not in again.text
    # Posting to it (with a valid CSRF token from another page) does not change the password either.
    second = await post_form(client, link, {"password": "yet another passphrase"}, page="/login")
    assert second.status_code == 422
    assert "This link has been used already." in second.text
    assert (await login(client, "els@example.nl", NEW_PASSWORD)).status_code == 303


async def test_a_tampered_link_says_it_is_not_valid(client):
    await make_user("els@example.nl")
    link = await reset_link(client, "els@example.nl")
    response = await client.get(link[:-4] + "AAAA")
    assert response.status_code == 400
    assert "This link is not valid. Ask for a new one." in response.text
    assert 'href="/account/forgot"' in response.text


async def test_an_expired_link_says_it_has_expired(client, settings):
    user = await make_user("els@example.nl")
    # A link signed two hours ago, with the app's own key (links are valid for one hour).
    serializer = URLSafeTimedSerializer(settings.secret_key, salt="samenspraak-reset")
    two_hours_ago = int((datetime.now(UTC) - timedelta(hours=2)).timestamp())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: two_hours_ago)
        token = serializer.dumps({"u": user.id, "v": user.auth_version})
    response = await client.get(f"/account/reset/{token}")
    assert response.status_code == 400
    assert "This link has expired." in response.text


async def test_a_short_new_password_is_refused_next_to_the_field_and_the_link_stays_usable(client):
    await make_user("els@example.nl")
    link = await reset_link(client, "els@example.nl")
    response = await post_form(client, link, {"password": "short"})
    assert response.status_code == 422
    assert "at least 10 characters" in response.text
    assert (await post_form(client, link, {"password": NEW_PASSWORD})).status_code == 303


async def test_a_password_change_voids_an_earlier_reset_link(client):
    user = await make_user("els@example.nl")
    link = await reset_link(client, "els@example.nl")
    await accounts.change_password(user, current=PASSWORD, new=NEW_PASSWORD, now=datetime.now(UTC))
    assert (await client.get(link)).status_code == 400


async def test_asking_for_an_unknown_address_looks_the_same_as_for_a_known_one(client):
    await make_user("els@example.nl")
    known = await request_reset(client, "els@example.nl")
    known_page = (await client.get(known.headers["location"])).text
    unknown = await request_reset(client, "nobody@example.nl")
    unknown_page = (await client.get(unknown.headers["location"])).text
    assert known.status_code == unknown.status_code == 303
    assert known.headers["location"] == unknown.headers["location"]
    message = "If an account with this address exists, we have sent it a link"
    assert message in known_page and message in unknown_page
    assert await OutboxMail.filter(to="nobody@example.nl").count() == 0
    assert len(await mails_to("els@example.nl")) == 1


async def test_asking_with_a_malformed_address_shows_a_message_and_keeps_the_input(client):
    response = await request_reset(client, "not an address")
    assert response.status_code == 422
    assert "This is not a valid e-mail address" in response.text
    assert 'value="not an address"' in response.text


async def test_a_reset_revokes_the_api_tokens_and_says_so(client):
    user = await make_user("els@example.nl")
    _token, secret = await accounts.create_token(user, name="script")
    assert (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})).status_code == 200
    link = await reset_link(client, "els@example.nl")
    assert (await post_form(client, link, {"password": NEW_PASSWORD})).status_code == 303
    assert (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})).status_code == 401
    # Written in the person's language (Dutch by default).
    told = [m for m in await mails_to("els@example.nl") if "API-tokens zijn ingetrokken" in m.body]
    assert len(told) == 1


async def reset_mails_to(email: str) -> int:
    return len([m for m in await mails_to(email) if "/account/reset/" in m.body])


async def test_twenty_five_requests_for_one_account_queue_only_the_limit_and_answer_alike(client):
    await make_user("els@example.nl")
    answers = [await request_reset(client, "els@example.nl") for _ in range(25)]
    assert {(r.status_code, r.headers["location"]) for r in answers} == {(303, "/login")}
    assert await reset_mails_to("els@example.nl") == throttle.MAILS_PER_ACCOUNT
    # The answer beyond the limit is the one anybody gets for any address.
    page = (await client.get("/login")).text
    assert "If an account with this address exists, we have sent it a link" in page


async def test_one_address_asking_for_many_accounts_queues_only_its_limit(app):
    for n in range(25):
        await make_user(f"p{n}@example.nl")
    async with browser(app, address="10.0.0.1") as asking:
        for n in range(25):
            assert (await request_reset(asking, f"p{n}@example.nl")).status_code == 303
    assert await OutboxMail.filter(body__contains="/account/reset/").count() == throttle.MAILS_PER_ADDRESS
    async with browser(app, address="10.0.0.2") as other:
        await request_reset(other, "p24@example.nl")
    assert await reset_mails_to("p24@example.nl") == 1
