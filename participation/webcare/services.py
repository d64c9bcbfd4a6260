"""Use cases of webcare: adding sources, polling them (one monitor at a time per source), storing posts into
conversations, the inbox's moves, notes, and replies delivered through an outbox with retries.

A source's token leaves this module only towards its network client (sources/); errors stored or raised never
carry it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

import httpx
from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from participation import sanitize
from participation.accounts.models import User
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.text import clean_line, clean_text
from participation.transitions import move
from participation.webcare import moderation, protection, rules
from participation.webcare.models import Conversation, Cursor, Note, Post, Reply, Source
from participation.webcare.sources import network
from participation.webcare.sources.base import Config, Fetched, SourceError, redact

log = logging.getLogger(__name__)

# This process's name on the leases it takes.
WORKER = uuid.uuid4().hex[:16]


def _admin(user: User) -> None:
    if not user.has_role("admin"):
        raise NotAllowed(_("Only admins manage sources."))


def _official(user: User) -> None:
    if not user.has_role("official"):
        raise NotAllowed(_("Only officials work in the webcare inbox."))


# --- sources -------------------------------------------------------------------------------------------------


async def add_source(data: rules.SourceInput, *, by: User, now: datetime) -> Source:
    _admin(by)
    errors = rules.source_errors(data)
    if "base_url" not in errors and (refusal := await protection.address_refusal(data.base_url.strip())):
        errors["base_url"] = refusal
    if errors:
        raise Invalid(errors)
    values = rules.clean_source(data)
    values["access_token"] = protection.seal(values["access_token"])
    source = await Source.create(**values, created_at=now, next_poll_at=now)
    log.info("source %s (%s) added by user %s", source.id, source.kind, by.id)
    return source


async def get_source(source_id: int) -> Source:
    source = await Source.get_or_none(id=source_id)
    if source is None:
        raise NotFound(_("There is no such source."))
    return source


def token_of(source: Source) -> str:
    """The source's token in plain text ("" when it cannot be read): for its network client and for redacting."""
    try:
        return protection.unseal(source.access_token)
    except protection.Unreadable:
        return ""


def config_of(source: Source) -> Config:
    try:
        token = protection.unseal(source.access_token)
    except protection.Unreadable:
        raise SourceError(
            "The access token can no longer be read (SECRET_KEY was changed?): add the source again with its token."
        ) from None
    return Config(
        base_url=source.base_url,
        access_token=token,
        hashtags=tuple(source.hashtags),
        keywords=tuple(source.keywords),
        account=source.account,
        etag=source.etag,
        last_modified=source.last_modified,
    )


# --- polling -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Polled:
    fetched: int
    new: int
    error: str = ""


async def take_lease(source_id: int, *, now: datetime, owner: str = WORKER) -> bool:
    """One conditional UPDATE: this caller holds the source until `now + LEASE` unless another holds it still."""
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    taken = await Source.filter(free, id=source_id).update(leased_until=now + rules.LEASE, lease_owner=owner)
    return taken == 1


async def release_lease(source_id: int, *, owner: str = WORKER) -> None:
    await Source.filter(id=source_id, lease_owner=owner).update(leased_until=None, lease_owner="")


async def poll_source(
    source_id: int, *, http: httpx.AsyncClient, now: datetime, by: User | None = None, owner: str = WORKER
) -> Polled:
    """One round now (the API's poll, the monitor's round): refused with Conflict while another holds it."""
    if by is not None and not (by.has_role("admin") or by.has_role("official")):
        raise NotAllowed(_("Only admins and officials poll sources."))
    source = await get_source(source_id)
    if source.demo:
        raise Conflict(_("The demo source is not polled."), code="demo_source")
    if not await take_lease(source_id, now=now, owner=owner):
        raise Conflict(_("This source is being polled right now."), code="being_polled")
    try:
        return await _poll(source, http=http, now=now)
    finally:
        await release_lease(source_id, owner=owner)


async def _poll(source: Source, *, http: httpx.AsyncClient, now: datetime) -> Polled:
    cursors = {c.query: c.position for c in await Cursor.filter(source_id=source.id)}
    error: SourceError | None = None
    try:
        if refusal := await protection.address_refusal(source.base_url):
            raise SourceError(refusal)
        result = await network(source.kind).fetch(config_of(source), cursors, http=http, now=now)
        error = result.error
    except SourceError as exc:
        result, error = None, exc
    except Exception as exc:  # a bug in a client must not stop the other sources
        log.exception("source %s: polling failed", source.id)
        result, error = None, SourceError(f"Polling failed ({type(exc).__name__}).")
    new = 0
    if result is not None:
        new = await store_posts(source, result.posts, now=now)
        for query, position in result.cursors.items():
            updated = await Cursor.filter(source_id=source.id, query=query).update(position=position)
            if not updated:
                await Cursor.create(source_id=source.id, query=query, position=position)
    changes: dict = {"last_polled_at": now}
    if result is not None:
        changes |= {"etag": result.etag or source.etag, "last_modified": result.last_modified or source.last_modified}
    if error is None:
        changes |= {"status": "ok", "last_error": "", "failures": 0, "next_poll_at": now + rules.POLL_INTERVAL}
        if source.access_token and not protection.is_sealed(source.access_token) and protection.configured():
            changes["access_token"] = protection.seal(source.access_token)  # stored before tokens were sealed
        if result is not None and result.not_before is not None:
            changes["next_poll_at"] = max(result.not_before, now + rules.POLL_INTERVAL)
    else:
        failures = source.failures + 1
        retry = error.retry_at if error.retry_at and error.retry_at > now else now + rules.backoff(failures)
        message = redact(error.message, token_of(source))[:1000]
        changes |= {"status": "failing", "last_error": message, "failures": failures, "next_poll_at": retry}
        log.warning("source %s: %s (retry at %s)", source.id, message, retry.isoformat())
    await Source.filter(id=source.id).update(**changes)
    fetched = len(result.posts) if result is not None else 0
    return Polled(fetched=fetched, new=new, error=changes.get("last_error", ""))


async def poll_due(*, now: datetime, http: httpx.AsyncClient) -> int:
    """The monitor's job: every source that is due, each under its lease; one failing never stops the others."""
    due = await Source.filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now), demo=False).values_list(
        "id", flat=True
    )
    polled = 0
    for source_id in due:
        try:
            await poll_source(source_id, http=http, now=now)
            polled += 1
        except Conflict:
            continue
        except Exception:
            log.exception("source %s: round failed", source_id)
    return polled


async def _consultations() -> list[tuple[int, str]]:
    # Consultations are another area: read by their table, not their models (areas do not import each other).
    rows = await connections.get("default").execute_query_dict(
        "SELECT id, title FROM consultations WHERE status <> 'draft'"
    )
    return [(row["id"], row["title"]) for row in rows]


def match_consultation(text: str, tags: tuple[str, ...], consultations: list[tuple[int, str]]) -> int | None:
    """A consultation matches when the text names its title, or a hashtag of six letters or more is part of
    its title without spaces (#julianapark for "Het Julianapark opnieuw inrichten")."""
    lowered = text.lower()
    for cid, title in consultations:
        squashed = "".join(ch for ch in title.lower() if ch.isalnum())
        if title.lower() in lowered or any(len(tag) >= 6 and tag in squashed for tag in tags):
            return cid
    return None


async def store_posts(source: Source, posts: list[Fetched], *, now: datetime) -> int:
    """Store each post once (by uri), sanitised, classified, matched, threaded and checked against the moderation
    rules (hits go to the queue); returns how many were new."""
    if not posts:
        return 0
    unique: dict[str, Fetched] = {}
    for post in posts:
        unique.setdefault(post.uri, post)
    known = set(await Post.filter(uri__in=list(unique)).values_list("uri", flat=True))
    ours = set(await Reply.filter(uri__in=list(unique)).values_list("uri", flat=True))
    fresh = sorted((p for uri, p in unique.items() if uri not in known and uri not in ours), key=lambda p: p.created_at)
    if not fresh:
        return 0
    texts = [clean_text(sanitize.to_text(p.html))[:5000] for p in fresh]
    cleaned = await sanitize.sanitize_many(texts, policy="plain")
    consultations = await _consultations()
    stored: list[Post] = []
    for post, text, html in zip(fresh, texts, cleaned, strict=True):
        verdict = rules.classify(text)
        try:
            async with in_transaction():
                conversation = await _conversation_for(source, post, verdict, now=now)
                created = await Post.create(
                    source=source,
                    conversation=conversation,
                    uri=post.uri,
                    external_id=post.external_id,
                    in_reply_to=post.in_reply_to,
                    url=post.url,
                    author=clean_text(post.author)[:300],
                    author_name=clean_line(post.author_name).strip()[:300],
                    text=text,
                    text_html=html.html,
                    tags=list(post.tags),
                    category=verdict.category,
                    sentiment=verdict.sentiment,
                    explanation=verdict.explanation,
                    consultation_id=match_consultation(text, post.tags, consultations),
                    created_at=post.created_at,
                    fetched_at=now,
                )
            stored.append(created)
        except IntegrityError:
            continue  # another monitor stored it first
    try:
        await moderation.screen_posts(stored, now=now)
    except Exception:  # the posts are stored; a failing check must not lose the round
        log.exception("source %s: checking posts against the moderation rules failed", source.id)
    return len(stored)


async def _conversation_for(source: Source, post: Fetched, verdict: rules.Classified, *, now: datetime) -> Conversation:
    parent = None
    if post.in_reply_to:
        parent = await Post.filter(source_id=source.id, external_id=post.in_reply_to).first()
        if parent is None:
            reply = await Reply.filter(conversation__source_id=source.id, external_id=post.in_reply_to).first()
            if reply is not None:
                conversation = await Conversation.get(id=reply.conversation_id)
                await _reopen(conversation, post, now=now)
                return conversation
    if parent is not None:
        conversation = await Conversation.get(id=parent.conversation_id)
        await _reopen(conversation, post, now=now)
        return conversation
    consultations = await _consultations()
    return await Conversation.create(
        source=source,
        status="new",
        category=verdict.category,
        sentiment=verdict.sentiment,
        consultation_id=match_consultation(sanitize.to_text(post.html), post.tags, consultations),
        created_at=post.created_at,
        last_post_at=post.created_at,
    )


async def _reopen(conversation: Conversation, post: Fetched, *, now: datetime) -> None:
    # A new outside post in a thread that was answered or closed asks for attention again.
    status = conversation.status
    if status in ("replied", "closed", "no_reply_needed"):
        status = "assigned" if conversation.assignee_id else "new"
    await Conversation.filter(id=conversation.id).update(
        status=status, last_post_at=max(post.created_at, conversation.last_post_at)
    )


# --- the inbox -----------------------------------------------------------------------------------------------


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


# --- replies: an outbox --------------------------------------------------------------------------------------


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
        if refusal := await protection.address_refusal(source.base_url):
            raise SourceError(refusal)
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
