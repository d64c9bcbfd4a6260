"""Whether a person may write: a suspended account reads but does not write, and is told why and until when.
Areas call `require_may_write` in every service that stores citizen text or a vote.

That is every answer and vote, so each process keeps each writer's latest suspension (or that they have none)
for `TTL` after reading it, and drops it at once when it suspends someone (`suspended`). A suspension made by
another server process takes effect there at most `TTL` later."""

from __future__ import annotations

from datetime import datetime, timedelta

from participation import i18n
from participation.accounts.models import User
from participation.errors import NotAllowed
from participation.i18n import _
from participation.moderation import rules
from participation.moderation.models import Suspension

TTL = timedelta(seconds=2)
MAX_ENTRIES = 10_000

# user id -> (the `now` it was read at, the suspension ending last, or None)
_latest: dict[int, tuple[datetime, Suspension | None]] = {}
# Counts the changes: a suspension read while one was made is not kept.
_changes = 0


def suspended(user_id: int | None = None) -> None:
    """Call when a suspension is made or lifted (for `user_id`, or for anyone): this process reads it again."""
    global _changes
    _changes += 1
    if user_id is None:
        _latest.clear()
    else:
        _latest.pop(user_id, None)


async def current_suspension(user: User, *, now: datetime) -> Suspension | None:
    entry = _latest.get(user.id)
    if entry is None or not entry[0] <= now < entry[0] + TTL:
        changes = _changes
        # The one ending last, whether or not it is over at `now`: `now` is applied below, on every call.
        latest = await Suspension.filter(user_id=user.id).order_by("-until").prefetch_related("decision").first()
        entry = (now, latest)
        if changes == _changes:
            if len(_latest) >= MAX_ENTRIES:
                _latest.clear()
            _latest[user.id] = entry
    found = entry[1]
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
