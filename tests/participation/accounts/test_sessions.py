"""Sessions kept on the server: they live 14 days from their last use, end on sign-out, and all end with a
new password or a deleted account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from participation.accounts import services as accounts
from participation.accounts import sessions
from participation.accounts.models import Session
from tests.support.web import PASSWORD, make_user

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_a_session_signs_in_until_it_ends_and_others_stay(orm):
    user = await make_user("els@example.nl")
    phone, laptop = await sessions.start(user, now=NOW), await sessions.start(user, now=NOW)
    assert phone != laptop
    assert (await sessions.user_for(phone, now=NOW)).id == user.id
    # Only a digest is stored: the id itself opens nothing if the table is read.
    assert not await Session.filter(digest=phone).exists()
    await sessions.end(phone)
    assert await sessions.user_for(phone, now=NOW) is None
    assert (await sessions.user_for(laptop, now=NOW)).id == user.id


async def test_what_is_not_a_session_id_is_nobody(orm):
    for value in (None, "", 42, ["x"], "made-up"):
        assert await sessions.user_for(value, now=NOW) is None


async def test_a_session_expires_unless_it_is_used(orm):
    user = await make_user("els@example.nl")
    idle, used = await sessions.start(user, now=NOW), await sessions.start(user, now=NOW)
    for day in range(1, 20):
        assert await sessions.user_for(used, now=NOW + timedelta(days=day)) is not None
    assert await sessions.user_for(idle, now=NOW + sessions.SESSION_AGE) is None
    assert await sessions.prune(now=NOW + sessions.SESSION_AGE) == 1
    assert await Session.filter(user=user).count() == 1


async def test_a_new_password_or_a_deleted_account_ends_every_session(orm):
    user = await make_user("els@example.nl")
    first = await sessions.start(user, now=NOW)
    await accounts.change_password(user, current=PASSWORD, new="a brand new passphrase", now=NOW)
    assert await sessions.user_for(first, now=NOW) is None
    second = await sessions.start(user, now=NOW)
    await accounts.delete_account(user, password="a brand new passphrase", now=NOW)
    assert await sessions.user_for(second, now=NOW) is None
    assert not await Session.exists()
