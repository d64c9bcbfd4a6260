"""This person's account and API tokens, for "download my data"."""

from __future__ import annotations

from typing import Any

from participation.accounts.models import ApiToken, KnownAddress, Session, User


async def account(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "roles": user.roles,
        "language": user.language,
        "created_at": user.created_at.isoformat(),
        "confirmed_at": user.confirmed_at.isoformat() if user.confirmed_at else None,
    }


async def api_tokens(user: User) -> list[dict[str, Any]]:
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


async def sessions(user: User) -> list[dict[str, Any]]:
    return [
        {"signed_in_at": s.created_at.isoformat(), "expires_at": s.expires_at.isoformat()}
        for s in await Session.filter(user=user).order_by("id")
    ]


async def sign_in_addresses(user: User) -> list[dict[str, Any]]:
    # Only a digest of each address is kept (to let it sign in while the account is flooded): that is all there is.
    return [
        {"digest": k.digest, "last_sign_in_at": k.last_at.isoformat()}
        for k in await KnownAddress.filter(user=user).order_by("id")
    ]
