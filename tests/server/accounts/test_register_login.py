"""Registration, e-mail confirmation, sign-in and sign-out, through HTTP like a browser or a script."""

from __future__ import annotations

import html
import re

import pytest

from participation.accounts import throttle
from participation.accounts.models import User
from tests.support.clients import browser
from tests.support.mail import link_in, mails_to
from tests.support.web import PASSWORD, csrf_from, make_user, post_form, sign_in


def field_error(page: str, name: str) -> str:
    """The message shown next to a form field (empty when there is none)."""
    match = re.search(rf'<p class="field-error" id="error-{name}">([^<]*)</p>', page)
    return html.unescape(match.group(1)) if match else ""


def field_value(page: str, name: str) -> str | None:
    match = re.search(rf'<input id="field-{name}" name="{name}" type="[^"]+"\s+value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else None


# --- registration through the form ---------------------------------------------------------------


async def test_register_form_makes_a_citizen_and_mails_a_working_confirmation_link(client):
    response = await post_form(
        client, "/register", {"display_name": "Els", "email": "Els@Example.nl", "password": PASSWORD}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    page = (await client.get("/login")).text
    assert "We sent a mail to els@example.nl. Confirm your address with the link in it, and sign in." in page

    user = await User.get(email="els@example.nl")
    assert user.roles == [] and user.confirmed_at is None
    await sign_in(client, "els@example.nl")
    account = await client.get("/account")
    assert account.status_code == 200
    assert "els@example.nl" in account.text
    assert "not confirmed yet" in account.text

    [mail] = await mails_to("els@example.nl")
    assert "Confirm" in mail.subject
    confirmed = await client.get(link_in(mail, "/account/confirm/"))
    assert confirmed.status_code == 303
    await user.refresh_from_db()
    assert user.confirmed_at is not None
    assert "not confirmed yet" not in (await client.get("/account")).text


async def test_registering_from_a_consultation_leads_back_to_it_through_sign_in_and_confirmation(client):
    target = "/consultations/7"
    form = (await client.get(f"/register?next={target}")).text
    assert '<input type="hidden" name="next" value="/consultations/7">' in form
    sent = {"display_name": "Els", "email": "els@example.nl", "password": PASSWORD, "next": target}
    response = await post_form(client, "/register", sent, page=f"/register?next={target}")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/consultations/7"
    login = (await client.get(response.headers["location"])).text
    assert 'name="next" value="/consultations/7"' in login
    signed_in = await post_form(client, "/login", {"email": "els@example.nl", "password": PASSWORD, "next": target})
    assert signed_in.headers["location"] == target
    [mail] = await mails_to("els@example.nl")
    confirmed = await client.get(link_in(mail, "/account/confirm/"))
    assert confirmed.status_code == 303 and confirmed.headers["location"] == target
    assert (await User.get(email="els@example.nl")).confirmed_at is not None


async def test_registering_never_leads_off_site(client):
    sent = {"display_name": "Els", "email": "els@example.nl", "password": PASSWORD, "next": "//evil.example"}
    response = await post_form(client, "/register", sent)
    assert response.headers["location"] == "/login"


async def test_a_tampered_confirmation_link_says_so(client):
    await post_form(client, "/register", {"display_name": "Els", "email": "els@example.nl", "password": PASSWORD})
    [mail] = await mails_to("els@example.nl")
    link = link_in(mail, "/account/confirm/")
    response = await client.get(link[:-3] + "xyz", follow_redirects=True)
    assert response.status_code == 200
    assert "This confirmation link is not valid." in response.text
    assert (await User.get(email="els@example.nl")).confirmed_at is None


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "This is not a valid e-mail address"),
        ({"email": ""}, "email", "Enter your e-mail address."),
        ({"password": "short"}, "password", "at least 10 characters"),
        ({"display_name": "x" * 81}, "display_name", "at most 80 characters"),
        ({"display_name": "   "}, "display_name", "Enter the name others will see."),
    ],
)
async def test_register_form_shows_the_message_next_to_the_field_and_keeps_the_input(client, form, field, message):
    data = {"display_name": "Els de Vries", "email": "els@example.nl", "password": PASSWORD, **form}
    response = await post_form(client, "/register", data)
    assert response.status_code == 422
    assert message in field_error(response.text, field)
    # What was typed stays, except the password.
    assert field_value(response.text, "email") == data["email"]
    assert field_value(response.text, "display_name") == data["display_name"]
    assert data["password"] not in response.text
    assert not await User.exists(email="els@example.nl")
    assert await mails_to("els@example.nl") == []


CSRF_VALUE = re.compile(r'name="csrftoken" value="[^"]+"')


async def register_on_page(app, email: str, name: str = "Els") -> tuple[int, str, str, int]:
    """What a new browser sees after registering: the answer, where it leads, and that page."""
    async with browser(app) as someone:
        someone.cookies.set("lang", "en")
        response = await post_form(someone, "/register", {"display_name": name, "email": email, "password": PASSWORD})
        landing = CSRF_VALUE.sub("", (await someone.get(response.headers["location"])).text)
        account = await someone.get("/account")
        return response.status_code, response.headers["location"], landing, account.status_code


async def test_registering_a_taken_address_answers_as_for_a_new_one_and_tells_the_owner(app):
    owner = await make_user("els@example.nl")
    taken = await register_on_page(app, " ELS@example.nl ")
    new = await register_on_page(app, "jan@example.nl")
    assert taken[:2] == new[:2] == (303, "/login")
    assert taken[3] == new[3] == 303  # not signed in, either way
    assert taken[2].replace("els@example.nl", "X") == new[2].replace("jan@example.nl", "X")
    assert "We sent a mail to els@example.nl." in taken[2]

    assert await User.filter(email="els@example.nl").count() == 1
    assert (await User.get(email="els@example.nl")).password_hash == owner.password_hash
    [notice] = await mails_to("els@example.nl")
    assert "/account/confirm/" not in notice.body
    assert link_in(notice, "/login") == "/login"
    assert link_in(notice, "/account/forgot") == "/account/forgot"
    assert "Iemand probeerde" in notice.body  # in the owner's language (Dutch by default)


async def test_the_owner_is_told_a_few_times_an_hour_at_most(app):
    await make_user("els@example.nl")
    for _ in range(6):
        assert (await register_on_page(app, "els@example.nl"))[:2] == (303, "/login")
    assert len(await mails_to("els@example.nl")) == throttle.MAILS_PER_ACCOUNT


# --- registration through the API ----------------------------------------------------------------


async def test_api_registration_answers_201_and_mails_a_confirmation(client):
    response = await client.post(
        "/api/v1/users", json={"email": "Jan@example.nl", "password": PASSWORD, "display_name": "Jan"}
    )
    assert response.status_code == 201
    assert response.json() == {
        "email": "jan@example.nl",
        "message": "We sent a mail to jan@example.nl. Confirm your address with the link in it, and sign in.",
    }
    user = await User.get(email="jan@example.nl")
    assert (user.display_name, user.roles) == ("Jan", [])
    [mail] = await mails_to("jan@example.nl")
    assert (await client.get(link_in(mail, "/account/confirm/"))).status_code == 303
    assert (await User.get(id=user.id)).confirmed_at is not None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "jan@"}, "email"),
        ({"password": "short"}, "password"),
        ({"display_name": "x" * 81}, "display_name"),
        ({"display_name": ""}, "display_name"),
    ],
)
async def test_api_registration_with_bad_input_is_422_naming_the_field(client, payload, field):
    data = {"email": "jan@example.nl", "password": PASSWORD, "display_name": "Jan", **payload}
    response = await client.post("/api/v1/users", json=data)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]


async def test_api_registration_of_a_taken_address_answers_as_for_a_new_one(client):
    await make_user("jan@example.nl")
    taken = await client.post(
        "/api/v1/users", json={"email": "JAN@example.nl", "password": PASSWORD, "display_name": "Jan"}
    )
    new = await client.post(
        "/api/v1/users", json={"email": "els@example.nl", "password": PASSWORD, "display_name": "Jan"}
    )
    assert taken.status_code == new.status_code == 201
    assert taken.json() == {
        **new.json(),
        "email": "jan@example.nl",
        "message": new.json()["message"].replace("els", "jan"),
    }
    assert await User.filter(email="jan@example.nl").count() == 1
    [notice] = await mails_to("jan@example.nl")
    assert "/account/forgot" in notice.body


# --- sign-in and sign-out ------------------------------------------------------------------------


async def test_login_with_a_wrong_password_shows_a_message_and_keeps_the_address(client):
    await make_user("els@example.nl")
    response = await post_form(client, "/login", {"email": "els@example.nl", "password": "wrong password!"})
    assert response.status_code == 400
    assert "The e-mail address or password is not right." in response.text
    assert field_value(response.text, "email") == "els@example.nl"
    assert "wrong password!" not in response.text
    assert (await client.get("/account")).status_code == 303


@pytest.mark.parametrize(
    ("sent", "named"),
    [
        (
            {"email": "", "password": ""},
            ["E-mail address: Enter your e-mail address.", "Password: Enter your password."],
        ),
        ({"email": "els@example.nl", "password": ""}, ["Password: Enter your password."]),
        ({"email": " ", "password": PASSWORD}, ["E-mail address: Enter your e-mail address."]),
    ],
)
async def test_signing_in_with_an_empty_field_says_which_one_is_empty(client, sent, named):
    await make_user("els@example.nl")
    response = await post_form(client, "/login", sent)
    assert response.status_code == 400
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert [html.unescape(m) for m in re.findall(r'<a href="#field-\w+">([^<]+)</a>', summary)] == named
    assert "not right" not in response.text
    assert (await client.get("/account")).status_code == 303


async def test_login_of_an_unknown_address_says_the_same_as_a_wrong_password(client):
    response = await post_form(client, "/login", {"email": "nobody@example.nl", "password": PASSWORD})
    assert response.status_code == 400
    assert "The e-mail address or password is not right." in response.text


async def test_login_redirects_with_303_and_signs_in(client):
    await make_user("els@example.nl", name="Els")
    response = await post_form(client, "/login", {"email": "els@example.nl", "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert "Welcome, Els." in (await client.get("/")).text
    assert (await client.get("/account")).status_code == 200


async def test_login_honours_a_local_next(client):
    await make_user("els@example.nl")
    anonymous = await client.get("/account?tab=data")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=/account%3Ftab%3Ddata"
    login_page = await client.get(anonymous.headers["location"])
    assert 'name="next" value="/account?tab=data"' in login_page.text
    response = await post_form(
        client, "/login", {"email": "els@example.nl", "password": PASSWORD, "next": "/account?tab=data"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/account?tab=data"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "///x",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
    ],
)
async def test_login_never_redirects_off_site(client, target):
    await make_user("els@example.nl")
    page = await client.get("/login", params={"next": target})
    assert "evil.example" not in page.text
    response = await post_form(client, "/login", {"email": "els@example.nl", "password": PASSWORD, "next": target})
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_logout_is_post_only_and_ends_the_session(client):
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    assert (await client.get("/logout")).status_code == 405
    assert (await client.get("/account")).status_code == 200
    response = await post_form(client, "/logout", {}, page="/account")
    assert response.status_code == 303
    assert (await client.get("/account")).status_code == 303


async def test_a_session_cookie_copied_before_logout_no_longer_opens_the_account(client, app):
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    copied = client.cookies["samenspraak_session"]
    async with browser(app) as other_device:
        await sign_in(other_device, "els@example.nl")
        await post_form(client, "/logout", {}, page="/account")
        async with browser(app) as thief:
            thief.cookies.set("samenspraak_session", copied)
            assert (await thief.get("/account")).status_code == 303
            assert "Sign out" not in (await thief.get("/")).text
        # The person's other sessions stay signed in.
        assert (await other_device.get("/account")).status_code == 200


async def test_a_form_sent_after_the_session_ended_returns_to_its_page_after_signing_in(client):
    await make_user("els@example.nl")
    token = csrf_from((await client.get("/login")).text)
    response = await client.post(
        "/account/profile",
        data={"csrftoken": token, "display_name": "Els"},
        headers={"Referer": "http://testserver/account?tab=profile"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account%3Ftab%3Dprofile"
    elsewhere = await client.post(
        "/account/profile", data={"csrftoken": token}, headers={"Referer": "https://evil.example/account"}
    )
    assert elsewhere.headers["location"] == "/login?next=/"
