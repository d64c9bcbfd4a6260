"""Replies through an outbox: queued in the transaction that records it (or waiting for approval, approval.py),
delivered by the web request and by the monitor with retries, never posted twice (an Idempotency-Key)."""

from __future__ import annotations

import logging
from datetime import datetime

import httpx
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.errors import Conflict, Invalid
from participation.i18n import _
from participation.text import clean_text
from participation.webcare import rules
from participation.webcare.models import Conversation, Post, Reply, Source
from participation.webcare.services.inbox import _conversation, _official
from participation.webcare.services.sources import config_of, token_of
from participation.webcare.sources import network
from participation.webcare.sources.base import SourceError, redact

log = logging.getLogger(__name__)


async def queue_reply(conversation_id: int, body: str, *, by: User, now: datetime, approval: bool = False) -> Reply:
    """The reply is queued in the transaction that records it; delivery goes through `deliver` (now, and by the
    monitor on failure). With `approval` (four-eyes, a setting) it waits for another official instead
    (approval.py), and the conversation counts as replied once it is approved."""
    _official(by)
    text = clean_text(body).strip()
    if not text:
        raise Invalid({"body": _("Write a reply.")})
    if len(text) > rules.MAX_REPLY:
        raise Invalid({"body": _("At most %(n)s characters.", n=rules.MAX_REPLY)})
    conversation = await _conversation(conversation_id)
    source = await Source.get(id=conversation.source_id)
    if source.kind == "rss":
        raise Conflict(_("A feed cannot be answered."), code="not_answerable")
    newest = await Post.filter(conversation_id=conversation.id).order_by("-created_at", "-id").first()
    if newest is None:
        raise Conflict(_("This conversation has no post to answer."), code="nothing_to_answer")
    if len(text) > (limit := rules.reply_limit(newest.author, text)):
        raise Invalid(
            {
                "body": _(
                    "At most %(n)s characters: the mention of @%(author)s counts too.", n=limit, author=newest.author
                )
            }
        )
    async with in_transaction():
        reply = await Reply.create(
            conversation=conversation,
            author=by,
            body=text,
            in_reply_to=newest.external_id,
            in_reply_to_author=newest.author,
            status="awaiting_approval" if approval else "queued",
            idempotency_key="",
            next_attempt_at=None if approval else now,
            created_at=now,
        )
        reply.idempotency_key = rules.idempotency_key(reply.id, now)
        await reply.save(update_fields=["idempotency_key"])
        if not approval:
            await mark_replied(conversation, now=now)
    return reply


async def mark_replied(conversation: Conversation, *, now: datetime) -> None:
    """A reply is on its way: the conversation is replied, and its first response time is taken now."""
    changes: dict = {"status": "replied"}
    if conversation.first_response_at is None:
        changes["first_response_at"] = now
    await Conversation.filter(id=conversation.id).update(**changes)


async def deliver(reply_id: int, *, http: httpx.AsyncClient, now: datetime) -> Reply:
    """Post one due reply through its network. The claim (next_attempt_at pushed ahead) keeps another monitor
    from sending it at the same time; the Idempotency-Key keeps a retry after a lost answer from posting twice."""
    claimed = await Reply.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), id=reply_id, status__in=("queued", "failed")
    ).update(next_attempt_at=now + rules.LEASE)
    reply = await Reply.get(id=reply_id)
    if not claimed:
        return reply
    conversation = await Conversation.get(id=reply.conversation_id)
    source = await Source.get(id=conversation.source_id)
    attempts = reply.attempts + 1
    try:
        if source.demo:
            raise SourceError("The demo source does not post to a network.")
        sent = await network(source.kind).reply(
            config_of(source),
            body=reply.body,
            in_reply_to=reply.in_reply_to,
            in_reply_to_author=reply.in_reply_to_author,
            idempotency_key=reply.idempotency_key,
            http=http,
            now=now,
        )
    except SourceError as exc:
        message = redact(exc.message, token_of(source))[:1000]
        retry = exc.retry_at if exc.retry_at and exc.retry_at > now else now + rules.backoff(attempts)
        await Reply.filter(id=reply.id).update(status="failed", error=message, attempts=attempts, next_attempt_at=retry)
        log.warning("reply %s: %s (retry at %s)", reply.id, message, retry.isoformat())
    else:
        await Reply.filter(id=reply.id).update(
            status="sent",
            error="",
            attempts=attempts,
            external_id=sent.external_id[:100],
            uri=sent.uri[:500],
            url=sent.url[:500],
            sent_at=now,
            next_attempt_at=None,
        )
    return await Reply.get(id=reply.id)


async def deliver_due(*, now: datetime, http: httpx.AsyncClient) -> int:
    """The monitor's job: every queued or failed reply that is due."""
    due = await Reply.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), status__in=("queued", "failed")
    ).values_list("id", flat=True)
    sent = 0
    for reply_id in due:
        try:
            reply = await deliver(reply_id, http=http, now=now)
            sent += reply.status == "sent"
        except Exception:
            log.exception("reply %s: delivery failed", reply_id)
    return sent
