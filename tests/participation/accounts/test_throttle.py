"""Counting in the database: when a key is over its limit, for how long, and the mails anyone may cause."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from participation.accounts import throttle
from participation.accounts.models import ThrottleEvent
from participation.errors import TooManyRequests

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


async def test_a_key_is_over_its_limit_until_the_deciding_event_leaves_the_window(orm):
    # Events one minute apart, the newest now: with a limit of 3, the third-newest (two minutes ago) decides.
    await throttle.record(["k"], now=NOW - timedelta(minutes=5))
    for minutes in (2, 1, 0):
        await throttle.record(["k"], now=NOW - timedelta(minutes=minutes))
    assert await throttle.retry_after("k", limit=3, window=WINDOW, now=NOW) == 13 * 60 + 1
    assert await throttle.retry_after("k", limit=5, window=WINDOW, now=NOW) is None
    assert await throttle.retry_after("other", limit=1, window=WINDOW, now=NOW) is None
    later = NOW + timedelta(minutes=13, seconds=2)
    assert await throttle.retry_after("k", limit=3, window=WINDOW, now=later) is None
    with pytest.raises(TooManyRequests) as refused:
        await throttle.check(["other", "k"], limit=3, window=WINDOW, now=NOW)
    assert refused.value.retry_after == 13 * 60 + 1


async def test_a_limit_of_zero_counts_nothing(orm):
    await throttle.record(["k"] * 5, now=NOW)
    assert await throttle.retry_after("k", limit=0, window=WINDOW, now=NOW) is None


async def test_mails_per_account_are_limited_whatever_the_address(orm):
    allowed = [
        await throttle.allow_mail("reset", email="els@example.nl", address=f"10.0.0.{n}", now=NOW) for n in range(6)
    ]
    assert allowed == [True] * throttle.MAILS_PER_ACCOUNT + [False] * (6 - throttle.MAILS_PER_ACCOUNT)
    # Another kind of mail, and another account, have their own count; an hour later it starts again.
    assert await throttle.allow_mail("sign-in-link", email="els@example.nl", address="10.0.0.1", now=NOW)
    assert await throttle.allow_mail("reset", email="jan@example.nl", address="10.0.0.1", now=NOW)
    assert await throttle.allow_mail("reset", email="els@example.nl", address="10.0.0.1", now=NOW + timedelta(hours=1))


async def test_mails_per_address_are_limited_across_accounts(orm):
    allowed = [
        await throttle.allow_mail("reset", email=f"p{n}@example.nl", address="10.0.0.1", now=NOW) for n in range(15)
    ]
    assert allowed.count(True) == throttle.MAILS_PER_ADDRESS
    assert allowed[: throttle.MAILS_PER_ADDRESS] == [True] * throttle.MAILS_PER_ADDRESS
    assert await throttle.allow_mail("reset", email="p99@example.nl", address="10.0.0.2", now=NOW)
    # A refused mail is not counted: only what was sent uses up the limit.
    assert await ThrottleEvent.filter(key="reset-address:10.0.0.1").count() == throttle.MAILS_PER_ADDRESS
