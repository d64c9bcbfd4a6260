"""Everything stored about one person, for "download my data". Each area adds its section here."""

from __future__ import annotations

from typing import Any

from participation.accounts.models import ApiToken, KnownAddress, Session, User
from participation.consultations.personal import personal_data as _consultation_responses
from participation.notifications.models import Notification, NotificationPreference


async def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "roles": user.roles,
        "language": user.language,
        "created_at": user.created_at.isoformat(),
        "confirmed_at": user.confirmed_at.isoformat() if user.confirmed_at else None,
    }


async def _tokens(user: User) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in await ApiToken.filter(user=user).order_by("id")
    ]


async def _sessions(user: User) -> list[dict[str, Any]]:
    return [
        {"signed_in_at": s.created_at.isoformat(), "expires_at": s.expires_at.isoformat()}
        for s in await Session.filter(user=user).order_by("id")
    ]


async def _known_addresses(user: User) -> list[dict[str, Any]]:
    # Only a digest of each address is kept (to let it sign in while the account is flooded): that is all there is.
    return [
        {"digest": k.digest, "last_sign_in_at": k.last_at.isoformat()}
        for k in await KnownAddress.filter(user=user).order_by("id")
    ]


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


SECTIONS = {
    "account": _account,
    "api_tokens": _tokens,
    "sessions": _sessions,
    "sign_in_addresses": _known_addresses,
    "notifications": _notifications,
    "notification_preferences": _preferences,
    "consultation_responses": _consultation_responses,
}


async def export(user: User) -> dict[str, Any]:
    return {name: await collect(user) for name, collect in SECTIONS.items()}


async def summary(user: User) -> list[str]:
    """The names of the sections, shown on the account page beside the download."""
    return list(SECTIONS)
