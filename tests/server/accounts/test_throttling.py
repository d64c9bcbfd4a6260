"""Failed sign-ins are counted per pair of account and address and per address, never locking an account's
owner out; registrations per address per hour. (The flood of one account: test_sign_in_links.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from asgi_lifespan import LifespanManager

from participation.accounts import services as accounts
from participation.accounts import throttle
from participation.accounts.models import ThrottleEvent, User
from participation.errors import NotAllowed
from server.app import create_app
from tests.conftest import settings_with
from tests.support.clients import browser
from tests.support.web import PASSWORD, make_user, post_form

WRONG = "not the password"


async def fail_on_page(client, email: str, times: int) -> None:
    for _ in range(times):
        response = await post_form(client, "/login", {"email": email, "password": WRONG})
        assert response.status_code == 400


async def fail_on_api(client, email: str, times: int) -> None:
    for _ in range(times):
        response = await client.post("/api/v1/tokens", json={"email": email, "password": WRONG})
        assert response.status_code == 401


def assert_retry_after(response, window: int = 15 * 60) -> None:
    assert response.status_code == 429
    seconds = int(response.headers["retry-after"])
    assert 0 < seconds <= window + 1


async def test_ten_failures_on_the_page_make_the_eleventh_a_429_even_with_the_right_password(client):
    await make_user("els@example.nl")
    await fail_on_page(client, "els@example.nl", 10)
    response = await post_form(client, "/login", {"email": "els@example.nl", "password": PASSWORD})
    assert_retry_after(response)
    assert "Too many attempts" in response.text
    assert 'value="els@example.nl"' in response.text
    assert (await client.get("/account")).status_code == 303  # not signed in


async def test_ten_failures_on_the_api_make_the_eleventh_a_429_json(client):
    await make_user("els@example.nl")
    await fail_on_api(client, "els@example.nl", 10)
    response = await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
    assert_retry_after(response)
    assert response.json()["error"]["code"] == "too_many_requests"


async def test_page_and_api_failures_count_together(client):
    await make_user("els@example.nl")
    await fail_on_page(client, "els@example.nl", 5)
    await fail_on_api(client, "els@example.nl", 5)
    assert_retry_after(await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD}))
    assert_retry_after(await post_form(client, "/login", {"email": "els@example.nl", "password": PASSWORD}))


async def test_nine_failures_still_let_the_right_password_in(client):
    await make_user("els@example.nl")
    await fail_on_api(client, "els@example.nl", 9)
    response = await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
    assert response.status_code == 201


async def test_a_dozen_failures_from_other_addresses_leave_the_owner_a_way_in_from_a_fresh_address(app):
    """Anyone who knows an address must not be able to lock its owner out (10 failures from 10 addresses did)."""
    await make_user("els@example.nl")
    for n in range(12):
        async with browser(app, address=f"10.0.0.{n + 1}") as attacker:
            await fail_on_api(attacker, "ELS@example.nl ", 1)
    async with browser(app, address="10.0.1.1") as fresh:
        response = await fresh.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
        assert response.status_code == 201
    async with browser(app, address="10.0.1.2") as fresh_browser:
        response = await post_form(fresh_browser, "/login", {"email": "els@example.nl", "password": PASSWORD})
        assert response.status_code == 303
        assert (await fresh_browser.get("/account")).status_code == 200


async def test_the_pair_that_failed_is_locked_but_the_owner_elsewhere_is_not(app):
    await make_user("els@example.nl")
    async with browser(app, address="10.0.0.1") as attacker:
        await fail_on_api(attacker, "els@example.nl", 10)
        assert_retry_after(
            await attacker.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
        )
    async with browser(app, address="10.0.0.2") as owner:
        response = await owner.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
        assert response.status_code == 201


async def test_failures_are_counted_per_address_across_accounts(app):
    await make_user("els@example.nl")
    async with browser(app, address="10.0.0.9") as attacker:
        for n in range(throttle.ADDRESS_FAILURES):
            await fail_on_api(attacker, f"guess{n}@example.nl", 1)
        assert_retry_after(await post_form(attacker, "/login", {"email": "els@example.nl", "password": PASSWORD}))
        assert_retry_after(
            await attacker.post("/api/v1/tokens", json={"email": "new@example.nl", "password": PASSWORD})
        )
    async with browser(app, address="10.0.0.10") as someone_else:
        response = await post_form(someone_else, "/login", {"email": "els@example.nl", "password": PASSWORD})
        assert response.status_code == 303


async def test_a_success_clears_the_failures_of_its_pair(client):
    await make_user("els@example.nl")
    await fail_on_api(client, "els@example.nl", 9)
    assert (
        await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
    ).status_code == 201
    await fail_on_api(client, "els@example.nl", 9)
    assert (
        await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
    ).status_code == 201


async def test_successful_sign_ins_are_not_counted(client):
    await make_user("els@example.nl")
    for _ in range(12):
        response = await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
        assert response.status_code == 201
    assert not await ThrottleEvent.exists()


async def test_failures_older_than_fifteen_minutes_no_longer_count(client):
    await make_user("els@example.nl")
    long_ago = datetime.now(UTC) - timedelta(minutes=16)
    keys = throttle.login_keys("els@example.nl", "127.0.0.1")
    await ThrottleEvent.bulk_create([ThrottleEvent(key=keys.pair, at=long_ago) for _ in range(10)])
    await ThrottleEvent.bulk_create([ThrottleEvent(key=keys.address, at=long_ago) for _ in range(50)])
    await ThrottleEvent.bulk_create([ThrottleEvent(key=keys.account, at=long_ago) for _ in range(100)])
    response = await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": PASSWORD})
    assert response.status_code == 201


async def test_an_over_long_address_on_the_sign_in_page_is_a_plain_failure(client):
    response = await post_form(client, "/login", {"email": "x" * 5000 + "@example.nl", "password": WRONG})
    assert response.status_code == 400
    assert "The e-mail address or password is not right." in response.text


async def test_over_long_addresses_are_counted_without_a_database_error(orm_any):
    # The page does not limit the field: the lookup and the throttle key must still fit their columns.
    for email in ["x" * 5000 + "@example.nl", "ë" * 400, "nul\x00byte@example.nl"]:
        with pytest.raises(NotAllowed):
            await accounts.authenticate(email=email, password=WRONG, address="10.0.0.1", now=datetime.now(UTC))


# --- registrations per address per hour ------------------------------------------------------------


@pytest.fixture
async def app_with_limit(request, settings):
    application = create_app(settings_with(settings, registrations_per_hour=request.param))
    async with LifespanManager(application):
        yield application


def registration(n: int) -> dict:
    return {"email": f"person{n}@example.nl", "password": PASSWORD, "display_name": f"Person {n}"}


@pytest.mark.parametrize("app_with_limit", [2], indirect=True)
async def test_registrations_per_address_per_hour_are_limited(app_with_limit):
    async with browser(app_with_limit, address="10.0.0.1") as first:
        assert (await first.post("/api/v1/users", json=registration(1))).status_code == 201
        assert (await post_form(first, "/register", registration(2))).status_code == 303
        third = await post_form(first, "/register", registration(3))
        assert_retry_after(third, 3600)
        assert 'value="person3@example.nl"' in third.text
        assert_retry_after(await first.post("/api/v1/users", json=registration(4)), 3600)
    async with browser(app_with_limit, address="10.0.0.2") as other:
        assert (await other.post("/api/v1/users", json=registration(5))).status_code == 201
    assert await User.filter(email__in=[f"person{n}@example.nl" for n in (3, 4)]).count() == 0


@pytest.mark.parametrize("app_with_limit", [2], indirect=True)
async def test_refused_registrations_do_not_use_up_the_limit(app_with_limit):
    async with browser(app_with_limit, address="10.0.0.1") as person:
        bad = await person.post("/api/v1/users", json={**registration(1), "email": "nope"})
        assert bad.status_code == 422
        assert (await person.post("/api/v1/users", json=registration(1))).status_code == 201
        assert (await person.post("/api/v1/users", json=registration(2))).status_code == 201


@pytest.mark.parametrize("app_with_limit", [0], indirect=True)
async def test_a_limit_of_zero_means_no_limit(app_with_limit):
    now = datetime.now(UTC)
    await ThrottleEvent.bulk_create([ThrottleEvent(key="register:10.0.0.1", at=now) for _ in range(100)])
    async with browser(app_with_limit, address="10.0.0.1") as person:
        assert (await person.post("/api/v1/users", json=registration(1))).status_code == 201
