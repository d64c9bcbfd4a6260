"""authenticate and the sign-in link: who is let in while failures are counted, and while an account is flooded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from participation.accounts import services as accounts
from participation.accounts import sign_in_links, throttle
from participation.accounts.models import KnownAddress
from participation.errors import Invalid, NotAllowed, TooManyRequests
from participation.mail.models import OutboxMail
from tests.support.web import PASSWORD, TEST_LINKS, make_user

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WRONG = "not the password"
SECRET = "test-secret-" + "x" * 32


async def sign_in(email: str, address: str, password: str = PASSWORD, now: datetime = NOW):
    return await accounts.authenticate(email=email, password=password, address=address, now=now)


async def fail(email: str, address: str, times: int = 1, now: datetime = NOW) -> None:
    for _ in range(times):
        with pytest.raises(NotAllowed):
            await sign_in(email, address, WRONG, now)


async def flood(email: str) -> None:
    for n in range(throttle.ACCOUNT_FLOOD):
        await fail(email, f"10.0.{n // 200}.{n % 200}")


async def test_failures_from_many_addresses_do_not_lock_the_owner_out(orm):
    user = await make_user("els@example.nl")
    for n in range(12):
        await fail("els@example.nl", f"10.0.0.{n}")
    assert (await sign_in("els@example.nl", "192.0.2.1")).id == user.id


async def test_ten_failures_lock_the_pair_only(orm):
    await make_user("els@example.nl")
    await fail("els@example.nl", "10.0.0.1", throttle.LOGIN_FAILURES)
    with pytest.raises(TooManyRequests):
        await sign_in("els@example.nl", "10.0.0.1")
    await sign_in("els@example.nl", "10.0.0.2")
    # Fifteen minutes after the first failures the pair may try again.
    await sign_in("els@example.nl", "10.0.0.1", now=NOW + throttle.LOGIN_WINDOW)


async def test_fifty_failures_from_one_address_lock_that_address(orm):
    await make_user("els@example.nl")
    for n in range(throttle.ADDRESS_FAILURES):
        await fail(f"guess{n}@example.nl", "10.0.0.1")
    with pytest.raises(TooManyRequests):
        await sign_in("els@example.nl", "10.0.0.1")
    await sign_in("els@example.nl", "10.0.0.2")


async def test_a_flood_lets_only_known_addresses_use_the_password_and_tells_nothing(orm):
    user = await make_user("els@example.nl")
    await sign_in("els@example.nl", "192.0.2.1")
    await flood("els@example.nl")
    await flood("nobody@example.nl")

    with pytest.raises(TooManyRequests) as right:
        await sign_in("els@example.nl", "198.51.100.1")
    with pytest.raises(TooManyRequests) as wrong:
        await sign_in("els@example.nl", "198.51.100.2", WRONG)
    with pytest.raises(TooManyRequests) as nobody:
        await sign_in("nobody@example.nl", "198.51.100.3")
    assert right.value.message == wrong.value.message == nobody.value.message
    assert 0 < right.value.retry_after <= throttle.LOGIN_WINDOW.total_seconds() + 1

    assert (await sign_in("els@example.nl", "192.0.2.1")).id == user.id
    # Once the flood is over (its failures older than 15 minutes), new addresses are let in again.
    assert (await sign_in("els@example.nl", "198.51.100.1", now=NOW + throttle.LOGIN_WINDOW)).id == user.id


async def test_a_known_address_is_forgotten_after_half_a_year_without_use(orm):
    user = await make_user("els@example.nl")
    await sign_in("els@example.nl", "192.0.2.1")
    assert await throttle.is_known(user, "192.0.2.1", now=NOW)
    assert not await throttle.is_known(user, "192.0.2.2", now=NOW)
    assert not await throttle.is_known(user, "192.0.2.1", now=NOW + throttle.KNOWN_ADDRESS_AGE)
    await throttle.prune(now=NOW + throttle.KNOWN_ADDRESS_AGE + timedelta(seconds=1))
    assert not await KnownAddress.exists()


async def test_a_sign_in_link_works_once_and_makes_its_address_known(orm):
    user = await make_user("els@example.nl")
    await flood("els@example.nl")
    await sign_in_links.request_link(
        email="ELS@example.nl ", address="198.51.100.1", urls=TEST_LINKS, secret=SECRET, now=NOW
    )
    [mail] = await OutboxMail.filter(to="els@example.nl")
    token = mail.body.split("/login/link/")[1].split()[0]
    assert (await sign_in_links.user_for_link(token, secret=SECRET)).id == user.id
    signed_in = await sign_in_links.sign_in_with_link(token, address="198.51.100.1", secret=SECRET, now=NOW)
    assert signed_in.id == user.id
    with pytest.raises(Invalid):
        await sign_in_links.sign_in_with_link(token, address="198.51.100.1", secret=SECRET, now=NOW)
    assert (await sign_in("els@example.nl", "198.51.100.1")).id == user.id


async def test_no_link_for_an_unknown_or_deleted_account(orm):
    user = await make_user("els@example.nl")
    await accounts.delete_account(user, password=PASSWORD, now=NOW)
    for email in ("els@example.nl", "nobody@example.nl"):
        await sign_in_links.request_link(email=email, address="198.51.100.1", urls=TEST_LINKS, secret=SECRET, now=NOW)
    assert not await OutboxMail.filter(body__contains="/login/link/").exists()
