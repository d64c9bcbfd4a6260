"""Every form POST needs the CSRF token of the page it came from; the bearer-token API does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation.accounts.models import ApiToken, User
from tests.support.web import PASSWORD, csrf_from, make_user, sign_in, token_for

# Every form the pages post so far, with a body that would succeed if the token were right.
FORMS = [
    ("/login", {"email": "admin@example.nl", "password": PASSWORD}),
    ("/register", {"email": "new@example.nl", "password": PASSWORD, "display_name": "New"}),
    ("/logout", {}),
    ("/language", {"lang": "en", "next": "/"}),
    ("/account/forgot", {"email": "admin@example.nl"}),
    ("/account/profile", {"display_name": "Changed", "language": "en"}),
    ("/account/password", {"current_password": PASSWORD, "new_password": "another passphrase"}),
    ("/account/tokens", {"name": "sneaky"}),
    ("/account/tokens/{token_id}/revoke", {}),
    ("/account/preferences", {}),
    ("/account/notifications/read", {}),
    ("/account/delete", {"password": PASSWORD}),
    ("/admin/accounts/{other_id}/roles", {"roles": "admin"}),
]


@pytest.fixture
async def admin_client(client):
    await make_user("admin@example.nl", "admin", name="Admin")
    other = await make_user("other@example.nl", name="Other")
    await sign_in(client, "admin@example.nl")
    token = await ApiToken.create(user=await User.get(email="admin@example.nl"), name="t", digest="d" * 64, prefix="p")
    client.ids = {"token_id": token.id, "other_id": other.id}  # type: ignore[attr-defined]
    return client


async def assert_nothing_changed(client, *, tokens: int = 1) -> None:
    admin = await User.get(email="admin@example.nl")
    assert admin.display_name == "Admin" and admin.deleted_at is None and admin.auth_version == 1
    assert (await User.get(email="other@example.nl")).roles == []
    assert not await User.exists(email="new@example.nl")
    assert await ApiToken.filter(user=admin, revoked_at__isnull=True).count() == tokens
    assert (await client.get("/account")).status_code == 200  # still signed in


@pytest.mark.parametrize("csrftoken", [None, "", "wrong-token", "IjEyMyI.forged-signature"])
async def test_every_form_without_a_valid_token_is_refused_with_403(admin_client, csrftoken):
    client = admin_client
    for path, data in FORMS:
        url = path.format(**client.ids)
        body = dict(data) if csrftoken is None else {**data, "csrftoken": csrftoken}
        response = await client.post(url, data=body)
        assert response.status_code == 403, (url, response.status_code)
        assert "You may not do this" in response.text, url
        assert "Traceback" not in response.text
    await assert_nothing_changed(client)


async def test_a_token_from_another_browser_is_refused(admin_client, app):
    from tests.support.clients import browser

    async with browser(app) as other:
        foreign_token = csrf_from((await other.get("/login")).text)
    response = await admin_client.post("/account/profile", data={"display_name": "X", "csrftoken": foreign_token})
    assert response.status_code == 403
    await assert_nothing_changed(admin_client)


@pytest.mark.parametrize(("path", "data"), [f for f in FORMS if "{" not in f[0]])
async def test_a_post_from_a_browser_without_any_cookie_is_refused_too(client, path, data):
    # A forged cross-site form arrives without cookies (SameSite=Lax); signing someone in to the
    # attacker's account (login CSRF) or registering on their behalf must not work either.
    await make_user("admin@example.nl", "admin", name="Admin")
    await make_user("other@example.nl", name="Other")
    response = await client.post(path, data=data)
    assert response.status_code == 403, path
    assert "samenspraak_session" not in response.cookies
    assert not await User.exists(email="new@example.nl")


async def test_the_api_is_not_subject_to_csrf(client):
    await make_user("admin@example.nl", "admin")
    # A browser session (cookies set) makes no difference to the API: it uses bearer tokens.
    await sign_in(client, "admin@example.nl")
    assert client.cookies.get("csrftoken")
    headers = await token_for(client, "admin@example.nl")
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    registered = await client.post(
        "/api/v1/users", json={"email": "new@example.nl", "password": PASSWORD, "display_name": "New"}
    )
    assert registered.status_code == 201


async def test_the_api_does_not_sign_in_by_session_cookie(client):
    await make_user("admin@example.nl", "admin")
    await sign_in(client, "admin@example.nl")
    # Without CSRF on the API, a cookie must never be enough there.
    response = await client.get("/api/v1/me")
    assert response.status_code == 401


@pytest.mark.parametrize("bearer", ["Bearer forged", "Bearer {real}"])
async def test_a_bearer_header_does_not_let_a_forged_form_through(admin_client, bearer):
    # asgi-csrf skips its check for any request with "Authorization: Bearer ...": pages must not.
    client = admin_client
    real = (await token_for(client, "admin@example.nl"))["Authorization"].removeprefix("Bearer ")
    headers = {"Authorization": bearer.format(real=real)}
    for path, data in FORMS:
        url = path.format(**client.ids)
        response = await client.post(url, data=data, headers=headers)
        assert response.status_code == 403, (url, response.status_code)
    await assert_nothing_changed(client, tokens=2)  # the one made here for the real bearer token


async def test_the_csrf_cookie_is_httponly_and_the_token_reaches_forms_through_the_page(client):
    page = await client.get("/login")
    [cookie] = [c for c in page.headers.get_list("set-cookie") if c.startswith("csrftoken=")]
    assert "httponly" in cookie.lower()
    assert csrf_from(page.text) == client.cookies["csrftoken"]


def test_no_script_reads_cookies():
    scripts = Path(__file__).resolve().parents[2] / "static" / "js"
    for script in scripts.rglob("*.js"):
        assert "cookie" not in script.read_text(encoding="utf-8").lower(), script


async def test_a_page_mints_a_token_only_when_it_shows_a_form_and_in_asgi_csrfs_own_format(client, app):
    from itsdangerous.url_safe import URLSafeSerializer

    # No form on it: no token minted, no cookie set.
    assert "csrftoken" not in (await client.get("/static/css/site.css")).cookies
    page = await client.get("/login")
    token = csrf_from(page.text)
    [cookie] = [c for c in page.headers.get_list("set-cookie") if c.startswith("csrftoken=")]
    assert cookie == f"csrftoken={token}; Path=/; SameSite=Lax; HttpOnly"
    assert "cookie" in page.headers["vary"].lower()
    # The signed format asgi-csrf checks the form against (its namespace as the salt).
    secret = URLSafeSerializer(app.state.settings.secret_key).loads(token, "csrftoken")
    assert isinstance(secret, str) and len(secret) >= 16
    # The next page of the same browser shows the same token and sets no cookie again.
    again = await client.get("/login")
    assert csrf_from(again.text) == token and "set-cookie" not in again.headers


@pytest.mark.parametrize("forged", ["made-up", "IjEyMyI.forged-signature"])
async def test_a_forged_csrf_cookie_is_replaced_by_a_page_and_refused_by_a_form(client, forged):
    await make_user("admin@example.nl", "admin", name="Admin")
    login = {"email": "admin@example.nl", "password": PASSWORD}
    # A form with the forged value in both the cookie and the field: refused.
    client.cookies.set("csrftoken", forged)
    refused = await client.post("/login", data={"csrftoken": forged, **login})
    assert refused.status_code == 403 and "samenspraak_session" not in refused.cookies
    # A page gives the browser a new, valid token instead of showing the forged one.
    client.cookies.clear()
    client.cookies.set("csrftoken", forged)
    page = await client.get("/login")
    token = csrf_from(page.text)
    [cookie] = [c for c in page.headers.get_list("set-cookie") if c.startswith("csrftoken=")]
    assert token != forged and cookie.startswith(f"csrftoken={token};")
    client.cookies.clear()
    client.cookies.set("csrftoken", token)
    assert (await client.post("/login", data={"csrftoken": token, **login})).status_code == 303
