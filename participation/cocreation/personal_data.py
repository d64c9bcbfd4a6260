"""What "download my data" holds of co-creation: the person's groups and the role they have in each, their join
requests, the editor text they have not saved yet and a refused message or sub-task not shown to them yet."""

from __future__ import annotations

from typing import Any

from participation.accounts.models import User
from participation.cocreation.models import Draft, JoinRequest, Membership, RefusedText


async def groups(user: User) -> list[dict[str, Any]]:
    memberships = await Membership.filter(user_id=user.id).prefetch_related("group").order_by("id")
    return [
        {"group_id": m.group.id, "name": m.group.name, "role": m.role, "joined_at": m.joined_at.isoformat()}
        for m in memberships
    ]


async def join_requests(user: User) -> list[dict[str, Any]]:
    """The person's requests to join groups, with their message and what became of them."""
    return [
        {
            "group_id": r.group_id,
            "message": r.message,
            "status": r.status,
            "created_at": r.created_at.isoformat(),
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
        }
        for r in await JoinRequest.filter(user_id=user.id).order_by("id")
    ]


async def unsaved_texts(user: User) -> list[dict[str, Any]]:
    """Editor text kept for the person while it is not saved (participation/cocreation/services/drafts.py)."""
    return [
        {"claim_id": d.claim_id, "body": d.body, "base_version": d.base_version, "kept_at": d.updated_at.isoformat()}
        for d in await Draft.filter(user_id=user.id).order_by("id")
    ]


async def refused_texts(user: User) -> list[dict[str, Any]]:
    """A message or sub-task the workspace refused, kept until the next page shows it (services/drafts.py)."""
    return [
        {"claim_id": r.claim_id, "field": r.field, "body": r.body, "kept_at": r.created_at.isoformat()}
        for r in await RefusedText.filter(user_id=user.id).order_by("id")
    ]
