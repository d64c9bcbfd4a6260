"""JSON API of moderation: report content (anyone signed in), the queue and decisions (moderators)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from participation.moderation import services
from server.api.base import current_user, operation, parse_body, parse_query, require_role
from server.moderation.pages import decision_link
from server.moderation.schemas import (
    AppealIn,
    AppealOut,
    DecisionIn,
    DecisionOut,
    QueueOut,
    QueueQuery,
    ReportIn,
    ReportOut,
    appeal_out,
    decision_out,
    queue_out,
)
from server.web import now, path_id

TAGS = ["moderation"]


@operation(
    "Report content: 201; a repeat by the same person is not counted again (200)",
    body=ReportIn,
    responses={201: ReportOut, 200: ReportOut},
    auth=True,
    errors=(400, 404, 422),
    tags=TAGS,
)
async def report(request: Request) -> JSONResponse:
    user = current_user(request)
    body = await parse_body(request, ReportIn)
    outcome = await services.report(
        body.ref,
        reason=body.reason,
        note=body.note,
        by=user,
        now=now(),
        threshold=request.app.state.settings.report_threshold,
    )
    found = outcome.report
    data = ReportOut(id=found.id, ref=found.ref, reason=found.reason, note=found.note, created_at=found.created_at)
    return JSONResponse(data.model_dump(mode="json"), status_code=201 if outcome.created else 200)


@operation(
    "What awaits a decision, the most reported first, with the content, its reports and rule hits",
    responses={200: QueueOut},
    auth=True,
    errors=(403, 422),
    query=QueueQuery,
    tags=TAGS,
)
async def queue(request: Request) -> JSONResponse:
    user = require_role(request, "moderator")
    query = parse_query(request, QueueQuery)
    page = await services.queue(viewer=user, cursor=query.cursor, limit=query.limit)
    return JSONResponse(queue_out(page))


@operation(
    "Decide about content (keep publishes pre-moderated content), with a statement of reasons",
    body=DecisionIn,
    responses={201: DecisionOut},
    auth=True,
    errors=(400, 403, 404, 422),
    tags=TAGS,
)
async def decide(request: Request) -> JSONResponse:
    user = require_role(request, "moderator")
    body = await parse_body(request, DecisionIn)
    decision = await services.decide(
        body.ref,
        action=body.action,
        ground=body.ground,
        facts=body.facts,
        by=user,
        now=now(),
        link=decision_link(request),
    )
    return JSONResponse(decision_out(decision), status_code=201)


@operation(
    "The author appeals a decision, once (a second time: 409); another moderator decides it",
    body=AppealIn,
    responses={201: AppealOut},
    auth=True,
    errors=(400, 403, 404, 409, 422),
    tags=TAGS,
)
async def appeal(request: Request) -> JSONResponse:
    user = current_user(request)
    body = await parse_body(request, AppealIn)
    made = await services.appeal(path_id(request), text=body.text, by=user, now=now())
    return JSONResponse(appeal_out(made), status_code=201)
