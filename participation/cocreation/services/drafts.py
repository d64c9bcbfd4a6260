"""Editor text that is not saved yet, kept per person and claim.

The workspace's other buttons (a message, the checklist, a report, hand in) send the editor's text along. When it
differs from the revision the person started from, it is kept here and the page redirects (Post/Redirect/Get):
the workspace shows the kept text in that person's editor with its base revision, so a reload never posts a
message twice and the text is never lost. Only saving turns it into a revision; the person can also throw it
away. A draft is nobody else's: only its author ever sees it.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError

from participation.accounts.models import User
from participation.cocreation.models import Claim, Draft, Membership, RefusedText, Revision
from participation.text import clean_text


async def _started_from(claim_id: int, base_version: int) -> str | None:
    """The text of the revision the editor started from, or None when there is no such revision."""
    if base_version == 0:
        return ""
    found = await Revision.get_or_none(claim_id=claim_id, version=base_version).only("id", "body")
    return found.body if found else None


async def keep(claim_id: int, *, body: str, base_version: int, by: User, now: datetime) -> bool:
    """Keep `body` as `by`'s unsaved text when it differs from revision `base_version`, and say whether it does.
    Text equal to that revision (nothing typed, or typed back) removes a kept draft. Members only."""
    group_id = await Claim.filter(id=claim_id).first().values_list("group_id", flat=True)
    if group_id is None or not await Membership.exists(group_id=group_id, user_id=by.id):
        return False
    body = clean_text(body)
    started = await _started_from(claim_id, base_version)
    if started is None:
        return False
    if body.rstrip() == started.rstrip():
        await forget(claim_id, by=by)
        return False
    values = {"body": body, "base_version": base_version, "updated_at": now}
    if not await Draft.filter(claim_id=claim_id, user_id=by.id).update(**values):
        try:
            await Draft.create(claim_id=claim_id, user_id=by.id, **values)
        except IntegrityError:  # made at the same moment by another request of the same person
            await Draft.filter(claim_id=claim_id, user_id=by.id).update(**values)
    return True


async def kept(claim_id: int, *, by: User | None) -> Draft | None:
    if by is None:
        return None
    return await Draft.get_or_none(claim_id=claim_id, user_id=by.id)


async def forget(claim_id: int, *, by: User) -> None:
    await Draft.filter(claim_id=claim_id, user_id=by.id).delete()


async def forget_all(user: User) -> None:
    """Every draft and refused text of `user` (their account is deleted: unsaved text is not a contribution)."""
    await Draft.filter(user_id=user.id).delete()
    await RefusedText.filter(user_id=user.id).delete()


async def keep_refused(claim_id: int, *, field: str, body: str, by: User, now: datetime) -> None:
    """Keep the message or sub-task (`field`: "message" or "text") the workspace refused, for the next page."""
    values = {"field": field, "body": body, "created_at": now}
    if not await RefusedText.filter(claim_id=claim_id, user_id=by.id).update(**values):
        try:
            await RefusedText.create(claim_id=claim_id, user_id=by.id, **values)
        except IntegrityError:  # made at the same moment by another request of the same person
            await RefusedText.filter(claim_id=claim_id, user_id=by.id).update(**values)


async def take_refused(claim_id: int, *, field: str, by: User) -> str:
    """The text of `by`'s refused `field`, removed as it is shown ("" when there is none)."""
    found = await RefusedText.get_or_none(claim_id=claim_id, user_id=by.id, field=field)
    if found is None:
        return ""
    await RefusedText.filter(id=found.id).delete()
    return found.body
