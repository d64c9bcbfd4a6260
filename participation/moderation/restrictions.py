"""Whether a person may write: a suspended account reads but does not write, and is told why and until when.
Areas call `require_may_write` in every service that stores citizen text or a vote.

That is every answer and vote, so each process reads the suspensions not yet over (there are few) in one query
and keeps them for `TTL`, and drops them at once when it suspends someone or lifts a suspension (`suspended`).
A suspension made by another server process takes effect there at most `TTL` later. The end of a kept
suspension is checked against the `now` of every call."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from participation import i18n
from participation.accounts.models import User
from participation.errors import NotAllowed
from participation.i18n import _
from participation.moderation import rules
from participation.moderation.models import Suspension

TTL = timedelta(seconds=2)

# The `now` they were read at, and by user id the suspension ending last of those not over at that `now`.
_active: tuple[datetime, dict[int, Suspension]] | None = None
# Counts the changes: suspensions read while one was made are not kept.
_changes = 0
# The read under way (its loop, its `now`): the requests that find none kept wait for it rather than each read.
_reading: tuple[asyncio.AbstractEventLoop, datetime, asyncio.Future[dict[int, Suspension]]] | None = None


def suspended(user_id: int | None = None) -> None:
    """Call when a suspension is made or lifted (for `user_id`, or for anyone): this process reads them again."""
    global _changes, _active, _reading
    _changes += 1
    _active = None
    _reading = None


async def _read(now: datetime) -> dict[int, Suspension]:
    global _active
    changes = _changes
    latest: dict[int, Suspension] = {}
    for found in await Suspension.filter(until__gt=now).prefetch_related("decision"):
        kept = latest.get(found.user_id)
        if kept is None or found.until > kept.until:
            latest[found.user_id] = found
    if changes == _changes:
        _active = (now, latest)
    return latest


async def _latest(now: datetime) -> dict[int, Suspension]:
    global _reading
    active = _active
    # One over at the `now` of the read is over at any later `now`, so the read keeps only those still running.
    if active is not None and active[0] <= now < active[0] + TTL:
        return active[1]
    loop = asyncio.get_running_loop()
    reading = _reading
    if reading is not None and reading[0] is loop and reading[1] <= now < reading[1] + TTL:
        return await asyncio.shield(reading[2])
    future: asyncio.Future[dict[int, Suspension]] = loop.create_future()
    _reading = mine = (loop, now, future)
    try:
        latest = await _read(now)
    except asyncio.CancelledError:
        future.cancel()
        raise
    except Exception as exc:
        future.set_exception(exc)
        future.exception()  # retrieved here: nobody else may be waiting for it
        raise
    finally:
        if _reading is mine:
            _reading = None
    future.set_result(latest)
    return latest


async def current_suspension(user: User, *, now: datetime) -> Suspension | None:
    found = (await _latest(now)).get(user.id)
    return found if found is not None and found.until > now else None


async def require_may_write(user: User, *, now: datetime) -> None:
    found = await current_suspension(user, now=now)
    if found is not None:
        raise NotAllowed(
            _(
                "Your account is suspended until %(until)s (%(ground)s). You can still read, but not write.",
                until=i18n.moment(found.until),
                ground=rules.ground_label(found.decision.ground),
            )
        )
