"""Four-eyes approval of replies (the setting REPLY_APPROVAL): a reply written while it is on waits as
"awaiting_approval" until a different official approves it (then it is queued in the outbox like any reply)
or sends it back with a note ("returned"); the writer can do neither with their own reply."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.errors import Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.text import clean_text
from participation.transitions import move
from participation.webcare.models import Conversation, Reply
from participation.webcare.services import mark_replied

NOTE_MAX = 2000


async def _reviewable(reply_id: int, by: User) -> Reply:
    if not by.has_role("official"):
        raise NotAllowed(_("Only officials approve replies."))
    reply = await Reply.get_or_none(id=reply_id)
    if reply is None:
        raise NotFound(_("There is no such reply."))
    if reply.author_id == by.id:
        raise NotAllowed(_("Another official has to approve your reply: you cannot approve your own."))
    return reply


async def approve(reply_id: int, *, by: User, now: datetime) -> Reply:
    """Queued for delivery from now on (the caller delivers it at once, as with any reply)."""
    reply = await _reviewable(reply_id, by)
    async with in_transaction():
        await move(
            Reply,
            reply.id,
            source=("awaiting_approval",),
            refusal=_("This reply is no longer waiting for approval."),
            status="queued",
            next_attempt_at=now,
            reviewer_id=by.id,
            reviewed_at=now,
        )
        await mark_replied(await Conversation.get(id=reply.conversation_id), now=now)
    return await Reply.get(id=reply.id)


async def send_back(reply_id: int, note: str, *, by: User, now: datetime) -> Reply:
    """Not sent: back to the writer with why (the note is required)."""
    reply = await _reviewable(reply_id, by)
    text = clean_text(note).strip()
    if not text:
        raise Invalid({"note": _("Say what should change.")})
    if len(text) > NOTE_MAX:
        raise Invalid({"note": _("At most %(n)s characters.", n=NOTE_MAX)})
    await move(
        Reply,
        reply.id,
        source=("awaiting_approval",),
        refusal=_("This reply is no longer waiting for approval."),
        status="returned",
        reviewer_id=by.id,
        reviewed_at=now,
        review_note=text,
    )
    return await Reply.get(id=reply.id)
