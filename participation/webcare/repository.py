"""Reads of webcare: the sources, the inbox (filtered, paged newest first), one conversation in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from participation.errors import NotFound
from participation.i18n import _
from participation.paging import Page, newest_first
from participation.webcare.models import Conversation, Note, Post, Reply, Source


async def list_sources() -> list[Source]:
    return await Source.all().order_by("id")


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    source: int | None = None
    consultation: int | None = None
    sentiment: str | None = None
    assignee: int | None = None


async def list_conversations(filters: Filters, *, cursor: str | None = None, limit: int = 50) -> Page[Conversation]:
    query = Conversation.all().prefetch_related("assignee", "source", "posts")
    if filters.status:
        query = query.filter(status=filters.status)
    if filters.source:
        query = query.filter(source_id=filters.source)
    if filters.consultation:
        query = query.filter(consultation_id=filters.consultation)
    if filters.sentiment:
        query = query.filter(sentiment=filters.sentiment)
    if filters.assignee:
        query = query.filter(assignee_id=filters.assignee)
    return await newest_first(query, cursor=cursor, limit=limit)


@dataclass
class Thread:
    conversation: Conversation
    posts: list[Post]
    replies: list[Reply]
    notes: list[Note]

    @property
    def first_response(self) -> timedelta | None:
        c = self.conversation
        return c.first_response_at - c.created_at if c.first_response_at else None


async def conversation(conversation_id: int) -> Thread:
    found = await Conversation.get_or_none(id=conversation_id).prefetch_related("assignee", "source")
    if found is None:
        raise NotFound(_("There is no such conversation."))
    posts = await Post.filter(conversation_id=found.id).order_by("created_at", "id")
    replies = await Reply.filter(conversation_id=found.id).order_by("id").prefetch_related("author", "reviewer")
    notes = await Note.filter(conversation_id=found.id).order_by("id").prefetch_related("author")
    return Thread(found, posts, replies, notes)


async def post_by_ref(post_id: int) -> Post | None:
    return await Post.get_or_none(id=post_id)


async def reply(reply_id: int) -> Reply:
    found = await Reply.get_or_none(id=reply_id)
    if found is None:
        raise NotFound(_("There is no such reply."))
    return found
