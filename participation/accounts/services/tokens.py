"""Personal API tokens: made, listed, revoked, and the person behind a bearer token (kept a few seconds per
process; every change to accounts in this process drops the copies: `changes_accounts`)."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from datetime import datetime, timedelta

from participation import i18n
from participation.accounts import rules
from participation.accounts.models import ApiToken, User
from participation.accounts.services.sign_in import authenticate
from participation.afterwards import afterwards
from participation.errors import Invalid, NotFound
from participation.i18n import _
from participation.text import clean_line

TOKEN_PREFIX = "ssp_"


# A bearer token is checked on every API request. The person behind it is kept for a few seconds per process;
# every change to accounts made in this process drops them at once (`forget_token_users`); other processes see
# a revocation, a deletion or changed roles at most TOKEN_USER_TTL later.
TOKEN_USER_TTL = timedelta(seconds=5)


_TOKEN_USERS_MAX = 10_000


_token_users: dict[str, tuple[datetime, User]] = {}
# Lookups under way, by digest: when the kept person runs out, every request of a busy script arrives at once
# (50 under the bench) and waits for the one query instead of queueing 50 on the database connection, which
# was the results' p99 (a staircase of about a second every TOKEN_USER_TTL).
_lookups: dict[str, asyncio.Future[User | None]] = {}
# Moved on by every change to accounts, so that a lookup begun before it keeps nothing afterwards.
_generation = [0]


def forget_token_users() -> None:
    _generation[0] += 1
    _token_users.clear()
    _lookups.clear()


def _detached(user: User) -> User:
    """A copy that shares no mutable state with the kept one (built directly: copy.copy of a model goes through
    pickling's protocol, and this runs on every API request)."""
    copied = User.__new__(User)
    state = copied.__dict__
    state.update(user.__dict__)
    state["roles"] = list(user.roles)
    state["_await_when_save"] = dict(user._await_when_save)
    return copied


# After a service that changes who may do what, no process-local copy of a token's person is used.
changes_accounts = afterwards(forget_token_users)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Returns the stored token and the secret itself, which is never shown again."""
    name = " ".join(clean_line(name).split())
    if not name:
        raise Invalid({"name": _("Give the token a name")})
    if len(name) > rules.TOKEN_NAME_MAX:
        raise Invalid({"name": _("A name has at most %(n)s characters.", n=rules.TOKEN_NAME_MAX)})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = await ApiToken.create(user=user, name=name, digest=_digest(secret), prefix=secret[:10])
    return token, secret


async def list_tokens(user: User) -> list[ApiToken]:
    return await ApiToken.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


@changes_accounts
async def revoke_token(user: User, token_id: int, *, now: datetime) -> None:
    updated = await ApiToken.filter(id=token_id, user=user, revoked_at__isnull=True).update(revoked_at=now)
    if not updated:
        raise NotFound(_("There is no such token."))


async def user_for_token(secret: str, *, now: datetime) -> User | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    digest = _digest(secret)
    cached = _token_users.get(digest)
    if cached is not None and cached[0] <= now < cached[0] + TOKEN_USER_TTL:
        return _detached(cached[1])
    running = _lookups.get(digest)
    if running is None:
        running = _lookups[digest] = asyncio.ensure_future(_look_up(digest, now=now))
        running.add_done_callback(lambda done: _lookups.pop(digest) if _lookups.get(digest) is done else None)
    user = await asyncio.shield(running)
    return None if user is None else _detached(user)


async def _look_up(digest: str, *, now: datetime) -> User | None:
    generation = _generation[0]
    found = await _token_and_user(digest)
    if found is None or found[2].is_deleted:
        _token_users.pop(digest, None)
        return None
    token_id, last_used_at, user = found
    if last_used_at is None or now - last_used_at > timedelta(minutes=5):
        await ApiToken.filter(id=token_id).update(last_used_at=now)
    if _generation[0] == generation:
        if len(_token_users) >= _TOKEN_USERS_MAX:
            _token_users.clear()
        _token_users[digest] = (now, _detached(user))
    return user


async def _token_and_user(digest: str) -> tuple[int, datetime | None, User] | None:
    """The unrevoked token with this digest (its id, when last used) and its person, in one query by the digest's
    unique index. Written as SQL: Tortoise's select_related costs several times the query itself."""
    db = ApiToken._meta.db
    mark = "$1" if db.capabilities.dialect == "postgres" else "?"
    rows = await db.execute_query_dict(
        'SELECT u.*, t."id" AS "token__id", t."last_used_at" AS "token__last_used_at" FROM "api_tokens" t '
        f'JOIN "users" u ON u."id" = t."user_id" WHERE t."digest" = {mark} AND t."revoked_at" IS NULL',
        [digest],
    )
    if not rows:
        return None
    row = rows[0]
    last_used_at = ApiToken._meta.fields_map["last_used_at"].to_python_value(row["token__last_used_at"])
    return row["token__id"], last_used_at, User._init_from_db(**row)


async def issue_token_for_credentials(*, email: str, password: str, address: str, now: datetime) -> str:
    user = await authenticate(email=email, password=password, address=address, now=now)
    _token, secret = await create_token(user, name=_("API sign-in %(date)s", date=i18n.day(now)))
    return secret
