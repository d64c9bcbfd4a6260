"""Who may open what: every route so far × anonymous, citizen, official, moderator, admin."""

from __future__ import annotations

import itertools

import pytest

from participation.accounts.models import User
from participation.notifications.models import Notification
from tests.support.web import PASSWORD, csrf_from, make_user, post_form, sign_in

ROLES = ["anonymous", "citizen", "official", "moderator", "admin"]
_counter = itertools.count()


def expect(anonymous, citizen, official, moderator, admin) -> dict[str, int]:
    return dict(zip(ROLES, (anonymous, citizen, official, moderator, admin), strict=True))


ALL_200 = expect(200, 200, 200, 200, 200)

# (method, path, expected status per role). Pages are visited with the session, the API with a token.
PAGES = [
    ("GET", "/", ALL_200),
    ("GET", "/login", ALL_200),
    ("GET", "/register", ALL_200),
    ("GET", "/account", expect(303, 200, 200, 200, 200)),
    ("GET", "/transparency", ALL_200),
    ("GET", "/admin/accounts", expect(303, 403, 403, 403, 200)),
    ("POST", "/admin/accounts/{target}/roles", expect(303, 403, 403, 403, 303)),
    ("GET", "/healthz", ALL_200),
]
API = [
    ("GET", "/api/v1/me", expect(401, 200, 200, 200, 200)),
    ("POST", "/api/v1/tokens", expect(401, 201, 201, 201, 201)),
    ("POST", "/api/v1/users", expect(201, 201, 201, 201, 201)),
    ("GET", "/api/openapi.json", ALL_200),
    ("GET", "/healthz", ALL_200),
]


@pytest.mark.parametrize("role", ROLES)
async def test_every_page_answers_each_role_as_it_should(client, role):
    target = await make_user("target@example.nl", name="Target")
    email = f"{role}@example.nl"
    if role != "anonymous":
        await make_user(email, *([role] if role != "citizen" else []))
        await sign_in(client, email)
    token = csrf_from((await client.get("/")).text)
    for method, path, expected in PAGES:
        url = path.format(target=target.id)
        if method == "GET":
            response = await client.get(url)
        else:
            response = await client.post(url, data={"csrftoken": token, "roles": "moderator"})
        assert response.status_code == expected[role], (role, method, url, response.status_code)
        if response.status_code == 303 and expected["anonymous"] == 303 and role == "anonymous":
            assert response.headers["location"].startswith("/login?next=")
        if response.status_code == 403:
            assert "You may not do this" in response.text
        if response.headers.get("content-type", "").startswith("text/html"):
            assert "Traceback" not in response.text
    # Only the admin's form post changed the target's roles.
    assert (await User.get(id=target.id)).roles == (["moderator"] if role == "admin" else [])


@pytest.mark.parametrize("role", ROLES)
async def test_every_api_route_answers_each_role_as_it_should(client, role):
    email = f"{role}@example.nl"
    headers = {}
    if role != "anonymous":
        await make_user(email, *([role] if role != "citizen" else []))
        response = await client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
        headers = {"Authorization": f"Bearer {response.json()['token']}"}
    for method, path, expected in API:
        if path == "/api/v1/tokens":
            response = await client.post(path, json={"email": email, "password": PASSWORD}, headers=headers)
        elif path == "/api/v1/users":
            n = next(_counter)
            body = {"email": f"new{n}@example.nl", "password": PASSWORD, "display_name": f"New {n}"}
            response = await client.post(path, json=body, headers=headers)
        else:
            response = await client.request(method, path, headers=headers)
        assert response.status_code == expected[role], (role, method, path, response.status_code)
        assert response.headers["content-type"].startswith("application/json")
        if response.status_code >= 400:
            assert set(response.json()["error"]) >= {"code", "message"}


async def test_me_tells_who_is_signed_in_with_the_roles(client):
    user = await make_user("mod@example.nl", "moderator", "official", name="Mo")
    response = await client.post("/api/v1/tokens", json={"email": "mod@example.nl", "password": PASSWORD})
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {response.json()['token']}"})
    assert me.json() == {
        "id": user.id,
        "email": "mod@example.nl",
        "display_name": "Mo",
        "roles": ["moderator", "official"],
    }


async def test_only_the_admin_sees_the_accounts_link(client):
    await make_user("admin@example.nl", "admin")
    await make_user("official@example.nl", "official")
    await sign_in(client, "official@example.nl")
    assert 'href="/admin/accounts"' not in (await client.get("/")).text
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, "admin@example.nl")
    assert 'href="/admin/accounts"' in (await client.get("/")).text


# --- the admin's accounts page -------------------------------------------------------------------


@pytest.fixture
async def admin(client):
    user = await make_user("admin@example.nl", "admin", name="Admin")
    await sign_in(client, "admin@example.nl")
    return user


async def set_roles(client, user_id: int, roles: list[str]):
    return await post_form(client, f"/admin/accounts/{user_id}/roles", {"roles": roles}, page="/admin/accounts")


async def test_the_admin_grants_and_takes_away_roles_and_the_person_is_told(client, admin):
    person = await make_user("els@example.nl", name="Els")
    page = await client.get("/admin/accounts")
    assert "els@example.nl" in page.text
    assert f'id="role-{person.id}-official"' in page.text

    granted = await set_roles(client, person.id, ["official", "moderator"])
    assert granted.status_code == 303
    assert granted.headers["location"] == "/admin/accounts"
    assert (await User.get(id=person.id)).roles == ["moderator", "official"]
    assert (
        f'id="role-{person.id}-official" name="roles" value="official" checked'
        in (await client.get("/admin/accounts")).text
    )

    taken = await set_roles(client, person.id, ["moderator"])
    assert taken.status_code == 303
    assert (await User.get(id=person.id)).roles == ["moderator"]

    titles = [n.title for n in await Notification.filter(user_id=person.id).order_by("id")]
    # Written in Els's language (Dutch, an account's default), not in the English of the admin's pages.
    assert titles == ["Je rollen zijn gewijzigd: moderator, ambtenaar", "Je rollen zijn gewijzigd: moderator"]


async def test_the_admin_can_search_accounts(client, admin):
    await make_user("els@example.nl", name="Els")
    await make_user("jan@example.nl", name="Jan Jansen")
    for query in ["JAN@", "jansen"]:  # by e-mail or by name, any case
        page = await client.get("/admin/accounts", params={"q": query})
        assert page.status_code == 200
        assert "jan@example.nl" in page.text
        assert "els@example.nl" not in page.text


async def test_the_last_admin_cannot_take_away_their_own_admin_role(client, admin):
    response = await set_roles(client, admin.id, ["official"])
    assert response.status_code == 303
    assert "You are the last admin" in (await client.get(response.headers["location"])).text
    assert (await User.get(id=admin.id)).roles == ["admin"]


async def test_an_admin_may_step_down_when_another_admin_remains(client, admin):
    await make_user("second@example.nl", "admin")
    response = await set_roles(client, admin.id, [])
    assert response.status_code == 303
    assert (await User.get(id=admin.id)).roles == []
    # The page now refuses the former admin.
    assert (await client.get("/admin/accounts")).status_code == 403


async def test_an_unknown_role_is_refused(client, admin):
    person = await make_user("els@example.nl")
    response = await set_roles(client, person.id, ["superuser"])
    assert response.status_code == 303
    assert "Unknown role: superuser" in (await client.get(response.headers["location"])).text
    assert (await User.get(id=person.id)).roles == []


async def test_roles_of_an_unknown_account_say_so(client, admin):
    response = await set_roles(client, 999_999, ["official"])
    assert response.status_code == 303
    assert "There is no such account." in (await client.get(response.headers["location"])).text
