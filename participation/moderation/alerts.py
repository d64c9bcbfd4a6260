"""Mail to moderators when the queue grows: each moderator chooses it on their account page, and gets at most one
mail per ALERT_EVERY, saying how many items wait, with the link to the queue (given when they chose it).

`queue_grew` runs where an item comes to the queue (intake.enqueue: a report, a rule, pre-moderation, an
appeal). It never blocks what caused it: it runs in a savepoint of its own and any failure is logged and
swallowed, so the report or the screened text is stored whatever happens to the mail.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.i18n import _, language, ngettext
from participation.mail.services import queue_mail
from participation.moderation import rules
from participation.moderation.models import ModerationItem, QueueAlert

log = logging.getLogger(__name__)

ALERT_EVERY = timedelta(hours=1)


async def wants_alerts(user: User) -> bool:
    found = await QueueAlert.get_or_none(user_id=user.id)
    return bool(found and found.wants)


async def choose(user: User, *, wants: bool, link: str, now: datetime) -> bool:
    """A moderator turns the mail on or off; `link` is the full link to the queue the mail will carry."""
    await QueueAlert.update_or_create(defaults={"wants": wants, "link": link[:500], "updated_at": now}, user_id=user.id)
    return wants


async def _send(*, now: datetime) -> int:
    due = await QueueAlert.filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - ALERT_EVERY), wants=True)
    if not due:
        return 0
    waiting = await ModerationItem.filter(status="waiting").count()
    if not waiting:
        return 0
    people = {u.id: u for u in await User.filter(id__in=[a.user_id for a in due])}
    sent = 0
    for alert in due:
        person = people.get(alert.user_id)
        if person is None or person.is_deleted or not person.email or not rules.can_moderate(person.roles):
            continue
        # Claimed by this call alone: a concurrent one finds last_sent_at changed and sends nothing.
        same = {"last_sent_at__isnull": True} if alert.last_sent_at is None else {"last_sent_at": alert.last_sent_at}
        claimed = await QueueAlert.filter(id=alert.id, **same).update(last_sent_at=now)
        if not claimed:
            continue
        with language(person.language):
            subject = ngettext(
                "%(num)d item waits in the moderation queue",
                "%(num)d items wait in the moderation queue",
                waiting,
            ) % {"num": waiting}
            body = _(
                "The moderation queue grew: %(n)s waiting for a decision now.\n\nOpen the queue: %(link)s\n\n"
                "You get this mail at most once an hour. You can turn it off on your account page.",
                n=waiting,
                link=alert.link,
            )
        await queue_mail(to=person.email, subject=subject, body=body, now=now)
        sent += 1
    return sent


async def queue_grew(*, now: datetime) -> int:
    """Mail the moderators who want it and had none in the last ALERT_EVERY; never raises."""
    try:
        async with in_transaction():
            return await _send(now=now)
    except Exception:
        log.exception("moderation: the queue alert mails failed; what caused them is stored")
        return 0
