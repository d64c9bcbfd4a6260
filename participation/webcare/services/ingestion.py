"""Storing fetched posts: once each (by uri), sanitised, classified, matched to a consultation, threaded into
conversations, and checked against the moderation rules."""

from __future__ import annotations

import logging
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation import sanitize
from participation.text import clean_line, clean_text
from participation.webcare import listening, moderation, rules
from participation.webcare.models import Conversation, Post, Reply, Source
from participation.webcare.sources.base import Fetched

log = logging.getLogger(__name__)

# Posts stored in one transaction: one commit for many posts, yet short enough that the web requests sharing
# the database (SQLite: one connection, held for the whole transaction) wait at most a moment.
BATCH = 200


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
    # Oldest first, so a reply finds its parent stored; the uri breaks ties, so that two monitors storing the same
    # posts take their rows' locks in one order (no deadlock between their transactions).
    fresh = sorted(
        (p for uri, p in unique.items() if uri not in known and uri not in ours), key=lambda p: (p.created_at, p.uri)
    )
    if not fresh:
        return 0
    texts = [clean_text(sanitize.to_text(p.html))[:5000] for p in fresh]
    cleaned = await sanitize.sanitize_many(texts, policy="plain")
    targets = await listening.targets()
    stored: list[Post] = []
    items = list(zip(fresh, texts, cleaned, strict=True))
    for start in range(0, len(items), BATCH):
        # One commit a batch; each post in its own savepoint, so one another monitor stored first costs only itself.
        async with in_transaction():
            for post, text, html in items[start : start + BATCH]:
                verdict = rules.classify(text)
                matched = listening.consultation_of(text, post.tags, targets)
                try:
                    async with in_transaction():
                        conversation = await _conversation_for(source, post, verdict, matched, now=now)
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
                            consultation_id=matched,
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


async def _conversation_for(
    source: Source, post: Fetched, verdict: rules.Classified, consultation_id: int | None, *, now: datetime
) -> Conversation:
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
    return await Conversation.create(
        source=source,
        status="new",
        category=verdict.category,
        sentiment=verdict.sentiment,
        consultation_id=consultation_id,
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
