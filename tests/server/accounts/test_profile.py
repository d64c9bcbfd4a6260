"""The account page: profile, password, deletion and "download my data"."""

from __future__ import annotations

import json

from participation.accounts.models import ApiToken, KnownAddress, Session, ThrottleEvent, User
from participation.mail.models import OutboxMail
from tests.support.clients import browser
from tests.support.web import PASSWORD, make_user, post_form, sign_in, token_for

NEW_PASSWORD = "a brand new passphrase"


async def test_profile_edit_saves_the_name_and_shows_markup_escaped(client):
    user = await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    response = await post_form(
        client, "/account/profile", {"display_name": "Els <script>alert(1)</script>", "language": "en"}
    )
    assert response.status_code == 303
    page = await client.get("/account")
    assert "<script>alert(1)</script>" not in page.text
    assert "Els &lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    await user.refresh_from_db()
    assert user.display_name == "Els <script>alert(1)</script>"
    assert "<script>" not in user.display_name_html
    assert user.language == "en"


async def test_a_name_is_never_a_link(client):
    user = await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    await post_form(client, "/account/profile", {"display_name": "Buy at https://spam.example now", "language": "nl"})
    await user.refresh_from_db()
    assert user.display_name == "Buy at https://spam.example now"
    assert user.display_name_html == "Buy at https://spam.example now"
    assert 'href="https://spam.example' not in (await client.get("/account")).text


async def test_profile_with_an_empty_or_long_name_keeps_the_input_and_shows_the_message(client):
    await make_user("els@example.nl", name="Els")
    await sign_in(client, "els@example.nl")
    long_name = "Elsje " * 20
    response = await post_form(client, "/account/profile", {"display_name": long_name, "language": "nl"})
    assert response.status_code == 422
    assert "A name has at most 80 characters." in response.text
    assert f'value="{long_name}"' in response.text
    assert (await User.get(email="els@example.nl")).display_name == "Els"


async def test_changing_the_password_ends_other_sessions_but_keeps_this_one(client, app):
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    async with browser(app) as other:
        await sign_in(other, "els@example.nl")
        assert (await other.get("/account")).status_code == 200

        response = await post_form(
            client, "/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        )
        assert response.status_code == 303
        assert (await client.get("/account")).status_code == 200
        assert (await other.get("/account")).status_code == 303  # the old session ended

        failed = await post_form(other, "/login", {"email": "els@example.nl", "password": PASSWORD})
        assert failed.status_code == 400
        await sign_in(other, "els@example.nl", NEW_PASSWORD)


async def test_changing_the_password_needs_the_current_one(client):
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    response = await post_form(
        client, "/account/password", {"current_password": "not my password", "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 422
    assert "This is not your current password." in response.text
    assert NEW_PASSWORD not in response.text
    await post_form(client, "/logout", {}, page="/account")
    await sign_in(client, "els@example.nl", PASSWORD)


async def test_deleting_the_account_needs_the_password(client):
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    response = await post_form(client, "/account/delete", {"password": "not my password"})
    assert response.status_code == 422
    assert "This is not your current password." in response.text
    assert (await User.get(email="els@example.nl")).deleted_at is None


async def test_deleting_the_account_frees_the_address_and_keeps_a_pseudonymous_row(client):
    user = await make_user("els@example.nl", name="Els de Vries")
    headers = await token_for(client, "els@example.nl")
    await sign_in(client, "els@example.nl")
    response = await post_form(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 303
    assert (await client.get("/account")).status_code == 303  # signed out

    row = await User.get(id=user.id)
    assert row.email is None and row.password_hash == "" and row.deleted_at is not None
    assert row.display_name == f"Former participant {user.id}"
    assert "Els" not in row.display_name_html
    assert not await ApiToken.filter(user_id=user.id).exists()
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401

    failed = await post_form(client, "/login", {"email": "els@example.nl", "password": PASSWORD})
    assert failed.status_code == 400
    again = await post_form(
        client, "/register", {"display_name": "Els", "email": "els@example.nl", "password": PASSWORD}
    )
    assert again.status_code == 303
    assert (await User.get(email="els@example.nl")).id != user.id


async def test_my_data_holds_the_account_and_token_metadata_but_no_secrets(client):
    user = await make_user("els@example.nl", name="Els")
    await sign_in(client, "els@example.nl")
    created = await post_form(client, "/account/tokens", {"name": "my script"}, page="/account")
    assert created.status_code == 303
    shown = await client.get("/account/tokens/new")
    secret = shown.text.split('id="new-token">')[1].split("<")[0]

    response = await client.get("/account/my-data")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "attachment" in response.headers["content-disposition"]
    data = response.json()
    assert data["account"]["email"] == "els@example.nl"
    assert data["account"]["display_name"] == "Els"
    assert [t["name"] for t in data["api_tokens"]] == ["my script"]
    assert data["api_tokens"][0]["prefix"] == secret[:10]
    # This browser's session, and the address it signed in from (a digest only: the address is not kept).
    assert len(data["sessions"]) == 1
    assert len(data["sign_in_addresses"]) == 1
    text = json.dumps(data)
    assert "127.0.0.1" not in text
    await user.refresh_from_db()
    assert secret not in text
    assert user.password_hash not in text
    assert (await ApiToken.get(user=user)).digest not in text
    assert "argon2" not in text


async def test_my_data_needs_a_signed_in_person(client):
    response = await client.get("/account/my-data")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


async def test_after_deletion_nothing_with_the_address_stays_or_is_sent(client):
    await make_user("els@example.nl")
    await post_form(client, "/login", {"email": "els@example.nl", "password": "a wrong password"})
    await post_form(client, "/account/forgot", {"email": "els@example.nl"})  # a mail waits in the outbox
    assert await OutboxMail.filter(to="els@example.nl").exists()
    await sign_in(client, "els@example.nl")
    response = await post_form(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 303
    assert not await OutboxMail.filter(to="els@example.nl").exists()
    assert not await ThrottleEvent.filter(key__contains="els@example.nl").exists()
    assert not await KnownAddress.exists()
    assert not await Session.exists()


async def test_changing_the_password_revokes_the_api_tokens_and_says_so(client):
    await make_user("els@example.nl")
    headers = await token_for(client, "els@example.nl")
    await sign_in(client, "els@example.nl")
    response = await post_form(
        client, "/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 303
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401
    # On the account page and by mail, in the person's language (Dutch by default).
    page = (await client.get("/account")).text
    assert "Je API-tokens zijn ingetrokken: maak nieuwe aan op je accountpagina." in page
    told = await OutboxMail.filter(to="els@example.nl", body__contains="API-tokens zijn ingetrokken").count()
    assert told == 1
