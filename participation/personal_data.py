"""Everything stored about one person, for "download my data": each area's sections (participation/areas.py)
and those of the shared notifications."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from participation.accounts.models import User
from participation.areas import AREAS
from participation.notifications.models import Notification, NotificationPreference


async def _notifications(user: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "link": n.link,
            "created_at": n.created_at.isoformat(),
            "read": n.read_at is not None,
        }
        for n in await Notification.filter(user=user).order_by("id")
    ]


async def _preferences(user: User) -> dict[str, bool]:
    return {p.kind: p.email for p in await NotificationPreference.filter(user=user)}


def sections() -> dict[str, Callable[[User], Awaitable[Any]]]:
    accounts, *others = AREAS
    shared = {"notifications": _notifications, "notification_preferences": _preferences}
    return {**accounts.personal_data, **shared, **{k: v for area in others for k, v in area.personal_data.items()}}


async def export(user: User) -> dict[str, Any]:
    return {name: await collect(user) for name, collect in sections().items()}


async def summary(user: User) -> list[str]:
    """The names of the sections, shown on the account page beside the download."""
    return list(sections())
