"""Whether a person may write: a suspended account reads but does not write, and is told why and until when.
Areas call `require_may_write` in every service that stores citizen text or a vote."""

from __future__ import annotations

from datetime import datetime

from participation.accounts.models import User
from participation.errors import NotAllowed
from participation.i18n import _
from participation.moderation import rules
from participation.moderation.models import Suspension


async def current_suspension(user: User, *, now: datetime) -> Suspension | None:
    return (
        await Suspension.filter(user_id=user.id, until__gt=now).order_by("-until").prefetch_related("decision").first()
    )


async def require_may_write(user: User, *, now: datetime) -> None:
    found = await current_suspension(user, now=now)
    if found is not None:
        raise NotAllowed(
            _(
                "Your account is suspended until %(until)s (%(ground)s). You can still read, but not write.",
                until=found.until.strftime("%Y-%m-%d %H:%M UTC"),
                ground=rules.ground_label(found.decision.ground),
            )
        )
