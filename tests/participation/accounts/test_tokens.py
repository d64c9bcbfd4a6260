"""The few seconds a token's person is kept per process: dropped by every account change made here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from participation.accounts import services as accounts
from participation.accounts.models import ApiToken, User
from tests.support.web import make_user

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_a_revocation_by_another_process_counts_after_the_ttl(orm):
    user = await make_user("citizen@example.nl")
    _token, secret = await accounts.create_token(user, name="script")
    assert (await accounts.user_for_token(secret, now=NOW)).id == user.id
    # Another process revokes it: this one may use its copy for TOKEN_USER_TTL, not longer.
    await ApiToken.filter(user=user).update(revoked_at=NOW)
    assert await accounts.user_for_token(secret, now=NOW + timedelta(seconds=1)) is not None
    assert await accounts.user_for_token(secret, now=NOW + accounts.TOKEN_USER_TTL) is None


async def test_changes_made_in_this_process_count_at_once(orm):
    admin = await make_user("admin@example.nl", "admin")
    user = await make_user("citizen@example.nl")
    token, secret = await accounts.create_token(user, name="script")
    assert (await accounts.user_for_token(secret, now=NOW)).roles == []
    await accounts.set_roles(user.id, roles=["official"], by=admin, now=NOW)
    assert (await accounts.user_for_token(secret, now=NOW)).roles == ["official"]
    await accounts.revoke_token(user, token.id, now=NOW)
    assert await accounts.user_for_token(secret, now=NOW) is None


async def test_the_kept_person_is_a_copy(orm):
    user = await make_user("citizen@example.nl")
    _token, secret = await accounts.create_token(user, name="script")
    first = await accounts.user_for_token(secret, now=NOW)
    first.roles.append("admin")  # a handler that changed its object must not change the next request's
    first.roles = ["admin"]
    again = await accounts.user_for_token(secret, now=NOW)
    assert again.roles == []


async def test_the_person_behind_a_token_is_read_as_the_orm_reads_them(orm_any):
    user = await make_user("citizen@example.nl", "official")
    await User.filter(id=user.id).update(confirmed_at=NOW - timedelta(days=1), display_name="Anna de Vries")
    _token, secret = await accounts.create_token(user, name="script")
    found = await accounts.user_for_token(secret, now=NOW)
    stored = await User.get(id=user.id)
    names = [f for f in User._meta.fields_map if f not in User._meta.fetch_fields]
    assert {f: getattr(found, f) for f in names} == {f: getattr(stored, f) for f in names}
    assert found.has_role("official") and found.confirmed_at == NOW - timedelta(days=1)
    # Its use is noted (at most every few minutes), and a token nobody has is nobody.
    assert (await ApiToken.get(user_id=user.id)).last_used_at == NOW
    assert await accounts.user_for_token(secret + "x", now=NOW) is None
    # A deleted account's token opens nothing, from the next read on.
    accounts.forget_token_users()
    await User.filter(id=user.id).update(deleted_at=NOW)
    assert await accounts.user_for_token(secret, now=NOW) is None


async def test_requests_that_find_the_kept_person_gone_at_once_share_one_lookup(orm):
    import asyncio

    from tests.support.queries import counting_queries

    user = await make_user("citizen@example.nl")
    _token, secret = await accounts.create_token(user, name="script")
    await accounts.user_for_token(secret, now=NOW)
    later = NOW + accounts.TOKEN_USER_TTL  # the kept copy has run out for all of them alike
    with counting_queries() as sent:
        found = await asyncio.gather(*(accounts.user_for_token(secret, now=later) for _ in range(50)))
    assert [u.id for u in found] == [user.id] * 50
    assert len({id(u) for u in found}) == 50  # each its own copy
    assert len([s for s in sent.statements if s.startswith("SELECT")]) == 1
