"""The client address that throttling and registrations see: the connection's, or X-Forwarded-For when the
connection comes from a trusted proxy (FORWARDED_ALLOW_IPS)."""

from __future__ import annotations

import pytest
from asgi_lifespan import LifespanManager

from participation.accounts.models import User
from server.app import create_app
from tests.conftest import settings_with
from tests.support.clients import browser
from tests.support.web import PASSWORD, make_user

_n = iter(range(1000))


@pytest.fixture
async def app_behind(request, settings):
    application = create_app(settings_with(settings, forwarded_allow_ips=request.param))
    async with LifespanManager(application):
        yield application


async def registered_from(app, peer: str, forwarded_for: str | None) -> str:
    n = next(_n)
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    async with browser(app, address=peer) as client:
        response = await client.post(
            "/api/v1/users",
            json={"email": f"p{n}@example.nl", "password": PASSWORD, "display_name": f"P {n}"},
            headers=headers,
        )
        assert response.status_code == 201, response.text
    return (await User.get(email=f"p{n}@example.nl")).registered_from


async def test_without_trusted_proxies_the_header_is_ignored(app):
    assert await registered_from(app, "198.51.100.20", "203.0.113.7") == "198.51.100.20"


@pytest.mark.parametrize("app_behind", [("127.0.0.1", "10.0.0.0/8")], indirect=True)
async def test_from_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client(app_behind):
    assert await registered_from(app_behind, "127.0.0.1", "203.0.113.7") == "203.0.113.7"
    # What the client wrote itself (left of what the proxies added) is not believed.
    assert await registered_from(app_behind, "127.0.0.1", "192.0.2.1, 203.0.113.7, 10.1.2.3") == "203.0.113.7"
    assert await registered_from(app_behind, "127.0.0.1", None) == "127.0.0.1"


@pytest.mark.parametrize("app_behind", [("10.0.0.5",)], indirect=True)
async def test_a_connection_from_an_untrusted_peer_keeps_its_own_address(app_behind):
    assert await registered_from(app_behind, "198.51.100.20", "203.0.113.7") == "198.51.100.20"


@pytest.mark.parametrize("app_behind", [("*",)], indirect=True)
async def test_a_star_trusts_every_peer_and_takes_the_first_entry(app_behind):
    assert await registered_from(app_behind, "198.51.100.20", "203.0.113.7, 10.1.2.3") == "203.0.113.7"


async def fail_sign_in(client, forwarded_for: str) -> int:
    response = await client.post(
        "/api/v1/tokens",
        json={"email": "els@example.nl", "password": "not the password"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return response.status_code


async def test_without_trusted_proxies_a_forged_header_does_not_escape_the_counter(app):
    await make_user("els@example.nl")
    async with browser(app, address="198.51.100.20") as attacker:
        assert [await fail_sign_in(attacker, f"203.0.113.{n}") for n in range(10)] == [401] * 10
        assert await fail_sign_in(attacker, "203.0.113.99") == 429


@pytest.mark.parametrize("app_behind", [("127.0.0.1",)], indirect=True)
async def test_people_behind_one_trusted_proxy_do_not_share_a_sign_in_counter(app_behind):
    await make_user("els@example.nl")
    async with browser(app_behind, address="127.0.0.1") as proxy:
        assert [await fail_sign_in(proxy, "203.0.113.7") for _ in range(10)] == [401] * 10
        assert await fail_sign_in(proxy, "203.0.113.7") == 429
        response = await proxy.post(
            "/api/v1/tokens",
            json={"email": "els@example.nl", "password": PASSWORD},
            headers={"X-Forwarded-For": "203.0.113.8"},
        )
        assert response.status_code == 201
