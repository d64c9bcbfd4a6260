"""Request and response bodies of the webcare API (sources, conversations, replies). No shape has the token."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from participation.webcare import rules
from participation.webcare.models import Conversation, Reply, Source
from participation.webcare.repository import Thread
from server.api.base import Cursor, Input, Limit, Output, Query, Time

Term = Annotated[str, Field(max_length=100)]


class SourceIn(Input):
    kind: Literal["mastodon", "rss"]
    name: str = Field(max_length=200)
    base_url: str = Field(max_length=500)
    access_token: str | None = Field(default=None, max_length=500)
    hashtags: list[Term] = Field(default_factory=list, max_length=20)
    keywords: list[Term] = Field(default_factory=list, max_length=20)
    account: str | None = Field(default=None, max_length=200)

    def domain(self) -> rules.SourceInput:
        return rules.SourceInput(
            kind=self.kind,
            name=self.name,
            base_url=self.base_url,
            access_token=self.access_token or "",
            hashtags=tuple(self.hashtags),
            keywords=tuple(self.keywords),
            account=self.account or "",
        )


class SourceOut(Output):
    id: int
    kind: str
    name: str
    base_url: str
    hashtags: list[str]
    keywords: list[str]
    account: str | None
    status: str
    last_error: str | None


class SourceListOut(Output):
    items: list[SourceOut]
    next: str | None


class PollOut(Output):
    fetched: int
    new: int


class ReplyIn(Input):
    body: str = Field(max_length=rules.MAX_REPLY * 4)


# API.md names three reply statuses. With four-eyes approval on (REPLY_APPROVAL), a reply that waits for a
# second official has not gone out yet: "queued"; one sent back by them will never go out: "failed".
API_REPLY_STATUS = {"awaiting_approval": "queued", "returned": "failed"}


class ReplyOut(Output):
    id: int
    status: Literal["queued", "sent", "failed"] = Field(
        description=(
            "queued (also while a reply waits for approval, with REPLY_APPROVAL on), sent, or failed (also when "
            "the approving official sent it back: it is not posted)"
        )
    )
    url: str | None
    body: str


class PostOut(Output):
    ref: str
    external_id: str
    url: str
    author: str
    text_html: str
    created_at: Time
    category: str
    sentiment: str


class ConversationOut(Output):
    id: int
    status: str
    assignee: str | None
    source_id: int
    consultation_id: int | None
    sentiment: str
    first_response_at: Time | None
    posts: list[PostOut]
    replies: list[ReplyOut]


class ConversationListOut(Output):
    items: list[ConversationOut]
    next: str | None


class ConversationQuery(Query):
    status: Literal["new", "assigned", "replied", "closed", "no_reply_needed"] | None = None
    cursor: Cursor = None
    limit: Limit = 50


def source_out(source: Source) -> dict:
    return SourceOut(
        id=source.id,
        kind=source.kind,
        name=source.name,
        base_url=source.base_url,
        hashtags=list(source.hashtags),
        keywords=list(source.keywords),
        account=source.account or None,
        status=source.status,
        last_error=source.last_error or None,
    ).model_dump()


def reply_out(reply: Reply) -> ReplyOut:
    status = API_REPLY_STATUS.get(reply.status, reply.status)
    return ReplyOut(id=reply.id, status=status, url=reply.url or None, body=reply.body)


def conversation_out(conversation: Conversation, posts: list, replies: list) -> ConversationOut:
    return ConversationOut(
        id=conversation.id,
        status=conversation.status,
        assignee=conversation.assignee.display_name if conversation.assignee else None,
        source_id=conversation.source_id,
        consultation_id=conversation.consultation_id,
        sentiment=conversation.sentiment,
        first_response_at=conversation.first_response_at,
        posts=[
            PostOut(
                ref=f"post:{p.id}",
                external_id=p.external_id,
                url=p.url,
                author=p.author,
                text_html=p.text_html,
                created_at=p.created_at,
                category=p.category,
                sentiment=p.sentiment,
            )
            for p in posts
        ],
        replies=[reply_out(r) for r in replies],
    )


def thread_out(thread: Thread) -> dict:
    return conversation_out(thread.conversation, thread.posts, thread.replies).model_dump()
