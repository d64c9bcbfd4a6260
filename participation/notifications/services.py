"""One mechanism the areas write to: an in-app notification, and an e-mail if the person wants it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from participation.accounts.models import User
from participation.mail.services import queue_mail
from participation.notifications.models import Notification, NotificationPreference


async def wants_email(user: User, kind: str) -> bool:
    preference = await NotificationPreference.get_or_none(user=user, kind=kind)
    return preference.email if preference else True


async def notify(user: User, *, kind: str, title: str, body: str = "", link: str = "", now: datetime) -> Notification:
    """Call inside the transaction of the change: the notification and its mail commit with it. `link` is a full
    link (the caller makes it from a route and the site's address), so it works in the app and in a mail."""
    notification = await Notification.create(user=user, kind=kind, title=title[:300], body=body, link=link)
    if user.email and not user.is_deleted and await wants_email(user, kind):
        text = f"{body}\n\n{link}" if link else body
        await queue_mail(to=user.email, subject=title, body=text, now=now)
    return notification


async def unread_count(user_id: int) -> int:
    return await Notification.filter(user_id=user_id, read_at__isnull=True).count()


async def list_for(user: User, *, limit: int = 50) -> list[Notification]:
    return await Notification.filter(user=user).limit(limit)


async def mark_all_read(user: User, *, now: datetime) -> int:
    return await Notification.filter(user=user, read_at__isnull=True).update(read_at=now)


async def preferences(user: User, *, kinds: Iterable[str]) -> dict[str, bool]:
    """Per kind (the areas' `notification_kinds`), whether the person wants it by e-mail too (default yes)."""
    stored = {p.kind: p.email for p in await NotificationPreference.filter(user=user)}
    return {kind: stored.get(kind, True) for kind in kinds}


async def set_preferences(user: User, *, kinds: Iterable[str], email_kinds: set[str]) -> dict[str, bool]:
    kinds = list(kinds)
    for kind in kinds:
        await NotificationPreference.update_or_create(defaults={"email": kind in email_kinds}, user=user, kind=kind)
    return await preferences(user, kinds=kinds)
