"""JSON API of webcare: sources (admins), polling (admins, officials), the inbox and replies (officials).

Each handler checks who is asking before it reads the body (401/403 come before 422) and calls one service.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from participation.webcare import repository, services
from participation.webcare.models import Reply
from server.api.base import ApiError, current_user, operation, parse_body, parse_query, require_role
from server.web import now, path_id
from server.webcare.schemas import (
    ConversationListOut,
    ConversationOut,
    ConversationQuery,
    PollOut,
    ReplyIn,
    ReplyOut,
    SourceIn,
    SourceListOut,
    SourceOut,
    conversation_out,
    reply_out,
    source_out,
    thread_out,
)

TAGS = ["webcare"]


@operation(
    "Add a monitored source (Mastodon or RSS/Atom); the access token is stored and never returned",
    body=SourceIn,
    responses={201: SourceOut},
    auth=True,
    errors=(400, 403, 422),
    tags=TAGS,
)
async def create_source(request: Request) -> JSONResponse:
    user = require_role(request, "admin")
    data = await parse_body(request, SourceIn)
    source = await services.add_source(data.domain(), by=user, now=now())
    return JSONResponse(source_out(source), status_code=201)


@operation(
    "The monitored sources with their state", responses={200: SourceListOut}, auth=True, errors=(403,), tags=TAGS
)
async def list_sources(request: Request) -> JSONResponse:
    require_role(request, "admin")
    return JSONResponse({"items": [source_out(s) for s in await repository.list_sources()], "next": None})


@operation("One monitored source", responses={200: SourceOut}, auth=True, errors=(403, 404), tags=TAGS)
async def get_source(request: Request) -> JSONResponse:
    require_role(request, "admin")
    return JSONResponse(source_out(await services.get_source(path_id(request))))


@operation(
    "One polling round now: how many posts were fetched and how many were new; 502 when the network failed",
    responses={200: PollOut},
    auth=True,
    errors=(403, 404, 409, 502),
    tags=TAGS,
)
async def poll_source(request: Request) -> JSONResponse:
    user = current_user(request)
    if not (user.has_role("admin") or user.has_role("official")):
        require_role(request, "official")
    polled = await services.poll_source(path_id(request), http=request.app.state.http, now=now(), by=user)
    if polled.error:
        raise ApiError(502, "source_failed", polled.error, extra={"fetched": polled.fetched, "new": polled.new})
    return JSONResponse({"fetched": polled.fetched, "new": polled.new})


@operation(
    "The webcare inbox, newest first: one conversation per thread",
    responses={200: ConversationListOut},
    auth=True,
    errors=(403, 422),
    query=ConversationQuery,
    tags=TAGS,
)
async def list_conversations(request: Request) -> JSONResponse:
    require_role(request, "official")
    query = parse_query(request, ConversationQuery)
    page = await repository.list_conversations(
        repository.Filters(status=query.status), cursor=query.cursor, limit=query.limit
    )
    replies: dict[int, list[Reply]] = {}
    for reply in await Reply.filter(conversation_id__in=[c.id for c in page.items]).order_by("id"):
        replies.setdefault(reply.conversation_id, []).append(reply)
    items = [
        conversation_out(c, sorted(c.posts, key=lambda p: (p.created_at, p.id)), replies.get(c.id, [])).model_dump()
        for c in page.items
    ]
    return JSONResponse({"items": items, "next": page.next})


@operation(
    "One conversation with its posts and replies",
    responses={200: ConversationOut},
    auth=True,
    errors=(403, 404),
    tags=TAGS,
)
async def get_conversation(request: Request) -> JSONResponse:
    require_role(request, "official")
    return JSONResponse(thread_out(await repository.conversation(path_id(request))))


@operation(
    "Queue a reply to the newest outside post of the thread and deliver it through the network (with REPLY_APPROVAL"
    " on it waits for another official's approval instead)",
    body=ReplyIn,
    responses={201: ReplyOut},
    auth=True,
    errors=(400, 403, 404, 409, 422),
    tags=TAGS,
)
async def create_reply(request: Request) -> JSONResponse:
    user = require_role(request, "official")
    data = await parse_body(request, ReplyIn)
    approval = request.app.state.settings.reply_approval
    reply = await services.queue_reply(path_id(request), data.body, by=user, now=now(), approval=approval)
    if reply.status == "queued":
        reply = await services.deliver(reply.id, http=request.app.state.http, now=now())
    return JSONResponse(reply_out(reply).model_dump(), status_code=201)
