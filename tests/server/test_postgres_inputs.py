"""Input PostgreSQL refuses and SQLite takes (a NUL character, over-long text) must not become a 500."""

from __future__ import annotations

import pytest
from asgi_lifespan import LifespanManager

from participation.accounts.models import User
from server.app import create_app
from tests.conftest import settings_with
from tests.support.clients import browser
from tests.support.web import PASSWORD, make_user, post_form, sign_in


@pytest.fixture
async def any_client(settings, any_db_url):
    app = create_app(settings_with(settings, database_url=any_db_url))
    async with LifespanManager(app), browser(app) as client:
        yield client


async def test_a_nul_character_in_a_form_is_no_server_error(any_client):
    client = any_client
    await make_user("admin@example.nl", "admin")
    login = await post_form(client, "/login", {"email": "admin\x00@example.nl", "password": "wrong\x00password"})
    assert login.status_code == 400
    registered = await post_form(
        client, "/register", {"email": "new@example.nl", "password": PASSWORD, "display_name": "Ne\x00w"}
    )
    assert registered.status_code in (303, 422)
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, "admin@example.nl")
    # The token is made and shown once on the page the form lands on.
    assert (await post_form(client, "/account/tokens", {"name": "to\x00ken"}, page="/account")).status_code == 303
    assert (await client.get("/admin/accounts", params={"q": "a\x00b"})).status_code == 200
    forgot = await post_form(client, "/account/forgot", {"email": "admin\x00@example.nl"}, page="/account/forgot")
    assert forgot.status_code in (303, 422)


async def test_a_nul_character_in_json_is_a_422_naming_the_field(any_client):
    client = any_client
    body = {"email": "new@example.nl", "password": PASSWORD, "display_name": "Ne\u0000w"}
    response = await client.post("/api/v1/users", json=body)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["display_name"]
    credentials = await client.post("/api/v1/tokens", json={"email": "a\u0000@example.nl", "password": PASSWORD})
    assert credentials.status_code == 422
    assert not await User.exists()
