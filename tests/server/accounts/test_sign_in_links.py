"""The e-mailed sign-in link, and the flood of one account that makes it the way in from a new address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner

from participation.accounts import links, throttle
from participation.accounts import services as accounts
from participation.accounts.models import User
from participation.mail.models import OutboxMail
from tests.support.clients import browser
from tests.support.mail import link_in, mails_to
from tests.support.web import PASSWORD, make_user, post_form

WRONG = "not the password"


async def ask_for_link(client, email: str):
    return await post_form(client, "/login/link", {"email": email})


async def sign_in_link(client, email: str) -> str:
    assert (await ask_for_link(client, email)).status_code == 303
    mails = [m for m in await mails_to(email) if "/login/link/" in m.body]
    return link_in(mails[-1], "/login/link/")


async def flood(app, email: str, times: int = throttle.ACCOUNT_FLOOD) -> None:
    for n in range(times):
        async with browser(app, address=f"10.{n // 250}.{n % 250}.1") as attacker:
            response = await attacker.post("/api/v1/tokens", json={"email": email, "password": WRONG})
            assert response.status_code == 401


# --- the link itself -------------------------------------------------------------------------------------


async def test_the_login_page_offers_a_link_that_signs_in_once(client, app):
    await make_user("els@example.nl", name="Els")
    login = await client.get("/login")
    assert 'href="/login/link"' in login.text and "Send me a sign-in link" in login.text
    link = await sign_in_link(client, "els@example.nl")

    # Opening it (as a mail scanner might) does not use it up: the page asks to press a button.
    for _ in range(2):
        page = await client.get(link)
        assert page.status_code == 200
        assert f'action="{link}"' in page.text
    assert (await client.get("/account")).status_code == 303

    signed_in = await post_form(client, link, {})
    assert signed_in.status_code == 303
    assert "Welcome, Els." in (await client.get("/")).text
    assert (await client.get("/account")).status_code == 200

    async with browser(app) as other:
        other.cookies.set("lang", "en")
        again = await post_form(other, link, {}, page="/login")
        assert again.status_code == 400
        assert "This link has been used already." in again.text
        assert (await other.get("/account")).status_code == 303


async def test_using_one_link_voids_the_ones_sent_before_it(client):
    await make_user("els@example.nl")
    first = await sign_in_link(client, "els@example.nl")
    second = await sign_in_link(client, "els@example.nl")
    assert (await post_form(client, second, {})).status_code == 303
    assert (await client.get(first)).status_code == 400


async def test_a_tampered_or_expired_link_says_so_and_offers_a_new_one(client, settings):
    user = await make_user("els@example.nl")
    link = await sign_in_link(client, "els@example.nl")
    tampered = await client.get(link[:-4] + "AAAA")
    assert tampered.status_code == 400
    assert "This link is not valid. Ask for a new one." in tampered.text
    assert 'href="/login/link"' in tampered.text

    twenty_minutes_ago = int((datetime.now(UTC) - timedelta(minutes=20)).timestamp())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: twenty_minutes_ago)
        old = links.make(user, purpose="sign-in", secret=settings.secret_key, s=user.sign_in_link_version)
    expired = await post_form(client, f"/login/link/{old}", {}, page="/login")
    assert expired.status_code == 400
    assert "This link has expired." in expired.text
    assert (await client.get("/account")).status_code == 303


async def test_a_new_password_voids_a_link(client):
    user = await make_user("els@example.nl")
    link = await sign_in_link(client, "els@example.nl")
    await accounts.change_password(user, current=PASSWORD, new="a brand new passphrase", now=datetime.now(UTC))
    assert (await client.get(link)).status_code == 400


async def test_asking_says_the_same_for_any_address_and_sends_a_few_an_hour(client):
    await make_user("els@example.nl")
    answers = [await ask_for_link(client, "els@example.nl") for _ in range(25)]
    answers.append(await ask_for_link(client, "nobody@example.nl"))
    assert {(r.status_code, r.headers["location"]) for r in answers} == {(303, "/login")}
    assert "If an account with this address exists, we have sent it a sign-in link." in (await client.get("/")).text
    assert len(await mails_to("els@example.nl")) == throttle.MAILS_PER_ACCOUNT
    assert not await OutboxMail.filter(to="nobody@example.nl").exists()


async def test_asking_with_a_malformed_address_keeps_the_input(client):
    response = await ask_for_link(client, "not an address")
    assert response.status_code == 422
    assert "This is not a valid e-mail address" in response.text
    assert 'value="not an address"' in response.text


# --- a flood against one account -------------------------------------------------------------------------


async def test_a_flooded_account_needs_a_link_from_a_new_address_and_keeps_its_known_ones(app):
    await make_user("els@example.nl")
    async with browser(app, address="192.0.2.1") as home:
        assert (await post_form(home, "/login", {"email": "els@example.nl", "password": PASSWORD})).status_code == 303
    await flood(app, "els@example.nl")

    async with browser(app, address="198.51.100.7") as travelling:
        travelling.cookies.set("lang", "en")
        # The right password alone from a new address: answered like any attempt from there during the flood.
        api = await travelling.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
        assert api.status_code == 429 and int(api.headers["retry-after"]) > 0
        wrong = await travelling.post("/api/v1/tokens", json={"email": "els@example.nl", "password": WRONG})
        assert (wrong.status_code, wrong.json()) == (api.status_code, api.json())
        page = await post_form(travelling, "/login", {"email": "els@example.nl", "password": PASSWORD})
        assert page.status_code == 429
        assert "Sign in with a link by e-mail instead." in page.text
        assert 'href="/login/link?email=els%40example.nl"' in page.text
        assert (await travelling.get("/account")).status_code == 303

        # The way in: the e-mailed link. Then this address is known and the password works here too.
        link = await sign_in_link(travelling, "els@example.nl")
        assert (await post_form(travelling, link, {})).status_code == 303
        assert (await travelling.get("/account")).status_code == 200
        api = await travelling.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
        assert api.status_code == 201

    async with browser(app, address="192.0.2.1") as home:
        assert (await post_form(home, "/login", {"email": "els@example.nl", "password": PASSWORD})).status_code == 303
    assert await User.filter(email="els@example.nl").count() == 1
