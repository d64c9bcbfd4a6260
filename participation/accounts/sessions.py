"""Sessions of signed-in browsers, kept on the server so that signing out ends them (not only the cookie)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from participation.accounts.models import Session, User

SESSION_AGE = timedelta(days=14)
# A session in use is extended, at most once a day: one write a day, not one per request.
_EXTEND_AFTER = timedelta(days=1)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


async def start(user: User, *, now: datetime) -> str:
    """A new session of `user`; the returned id goes into the signed cookie and is stored nowhere else."""
    session_id = secrets.token_urlsafe(32)
    await Session.create(user=user, digest=_digest(session_id), created_at=now, expires_at=now + SESSION_AGE)
    return session_id


async def user_for(session_id: object, *, now: datetime) -> User | None:
    """The person of a live session: one query (two, once a day, when the session is extended)."""
    if not isinstance(session_id, str) or not session_id:
        return None
    session = await Session.get_or_none(
        digest=_digest(session_id), expires_at__gt=now, user__deleted_at__isnull=True
    ).select_related("user")
    if session is None:
        return None
    if session.expires_at - now < SESSION_AGE - _EXTEND_AFTER:
        await Session.filter(id=session.id).update(expires_at=now + SESSION_AGE)
    return session.user


async def end(session_id: object) -> None:
    """Sign out this browser; the person's other sessions stay."""
    if isinstance(session_id, str) and session_id:
        await Session.filter(digest=_digest(session_id)).delete()


async def end_all(user: User) -> None:
    """Sign out every browser of `user` (a new password, a deleted account)."""
    await Session.filter(user_id=user.id).delete()


async def prune(*, now: datetime) -> int:
    return await Session.filter(expires_at__lte=now).delete()
