"""The inbox's moves (officials): assigning, statuses, internal notes."""

from __future__ import annotations

import logging
from datetime import datetime

from participation.accounts.models import User
from participation.errors import Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.text import clean_text
from participation.transitions import move
from participation.webcare import rules
from participation.webcare.models import Conversation, Note

log = logging.getLogger(__name__)


def _official(user: User) -> None:
    if not user.has_role("official"):
        raise NotAllowed(_("Only officials work in the webcare inbox."))


async def _conversation(conversation_id: int) -> Conversation:
    conversation = await Conversation.get_or_none(id=conversation_id)
    if conversation is None:
        raise NotFound(_("There is no such conversation."))
    return conversation


async def assign(conversation_id: int, *, to: User | None, by: User, now: datetime) -> Conversation:
    _official(by)
    if to is not None and not to.has_role("official"):
        raise Invalid({"assignee": _("Assign to an official.")})
    conversation = await _conversation(conversation_id)
    status = conversation.status
    if to is not None and status == "new":
        status = "assigned"
    elif to is None and status == "assigned":
        status = "new"
    await Conversation.filter(id=conversation.id).update(assignee_id=to.id if to else None, status=status)
    return await _conversation(conversation_id)


async def set_status(conversation_id: int, status: str, *, by: User, now: datetime) -> Conversation:
    _official(by)
    if status not in rules.MOVES:
        raise Invalid({"status": _("This status cannot be set by hand.")})
    conversation = await _conversation(conversation_id)
    target = "assigned" if status == "new" and conversation.assignee_id else status
    await move(
        Conversation,
        conversation.id,
        source=rules.MOVES[status],
        refusal=_("The conversation is no longer in a state that allows this."),
        status=target,
    )
    return await _conversation(conversation_id)


async def add_note(conversation_id: int, body: str, *, by: User, now: datetime) -> Note:
    _official(by)
    text = clean_text(body).strip()
    if not text:
        raise Invalid({"body": _("Write a note.")})
    if len(text) > 5000:
        raise Invalid({"body": _("At most %(n)s characters.", n=5000)})
    await _conversation(conversation_id)
    return await Note.create(conversation_id=conversation_id, author=by, body=text, created_at=now)
