"""JSON API of consultations: write and run them (officials), answer and vote (citizens), read the results.

Each handler checks who is asking before it reads the body (401/403 come before 422), calls one service and
shapes the answer with the models in `consultation_schemas`.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from participation.accounts.models import User
from participation.consultations import repository, rules
from participation.consultations.services import authoring, decisions, exports, responding, results, statements
from participation.errors import NotAllowed
from participation.i18n import _
from participation.numbers import whole_number
from server.api.base import ApiError, current_user, json_of, operation, parse_body, parse_query, require_role
from server.consultations.schemas import (
    AnswerListOut,
    AnswerListQuery,
    ConsultationIn,
    ConsultationListOut,
    ConsultationListQuery,
    ConsultationOut,
    ConsultationSummaryOut,
    DecisionIn,
    DecisionPublishedOut,
    MyResponseIn,
    MyResponseOut,
    ProposedStatementOut,
    ResultsOut,
    StatementIn,
    VoteIn,
    VoteOut,
    answers_out,
    consultation_out,
    list_out,
    my_response_out,
    results_body,
    summary_out,
)
from server.web import confirm_required, download, link_to, now, path_id

TAGS = ["consultations"]


def _viewer(request: Request) -> User | None:
    return request.state.user


def _not_public_yet(request: Request, exc: NotAllowed) -> ApiError:
    # Anonymous: signing in (as an official) may help, so 401; signed in: 403.
    if _viewer(request) is None:
        return ApiError(401, "unauthenticated", exc.message)
    return ApiError(403, "forbidden", exc.message)


@operation(
    "Consultations, newest first: every non-draft one, or one status (officials: status=draft too)",
    responses={200: ConsultationListOut},
    errors=(422,),
    query=ConsultationListQuery,
    tags=TAGS,
)
async def list_consultations(request: Request) -> JSONResponse:
    query = parse_query(request, ConsultationListQuery)
    page = await repository.list_consultations(
        viewer=_viewer(request), now=now(), status=query.status, cursor=query.cursor, limit=query.limit
    )
    return JSONResponse(list_out(page))


@operation(
    "Create a draft consultation with its questions",
    body=ConsultationIn,
    responses={201: ConsultationOut},
    auth=True,
    errors=(400, 403, 422),
    tags=TAGS,
)
async def create_consultation(request: Request) -> JSONResponse:
    user = require_role(request, "official")
    body = await parse_body(request, ConsultationIn)
    view = await authoring.create_consultation(data=body.domain(), by=user, now=now())
    return JSONResponse(consultation_out(view), status_code=201)


@operation(
    "Replace a draft: its details and all of its questions",
    body=ConsultationIn,
    responses={200: ConsultationOut},
    auth=True,
    errors=(400, 403, 404, 409, 422),
    tags=TAGS,
)
async def replace_draft(request: Request) -> JSONResponse:
    user = require_role(request, "official")
    body = await parse_body(request, ConsultationIn)
    view = await authoring.replace_draft(path_id(request), data=body.domain(), by=user, now=now())
    return JSONResponse(consultation_out(view))


@operation(
    "One consultation with its questions and, once decided, its decision (drafts: officials only)",
    responses={200: ConsultationOut},
    errors=(404,),
    tags=TAGS,
)
async def get_consultation(request: Request) -> JSONResponse:
    view = await repository.get_consultation(path_id(request), viewer=_viewer(request), now=now())
    return JSONResponse(consultation_out(view))


@operation("Open a draft now", responses={200: ConsultationSummaryOut}, auth=True, errors=(403, 404, 409), tags=TAGS)
async def open_consultation(request: Request) -> JSONResponse:
    user = require_role(request, "official")
    consultation = await authoring.open_consultation(path_id(request), by=user, now=now())
    return JSONResponse(summary_out(consultation).model_dump())


@operation(
    "Close an open consultation now",
    responses={200: ConsultationSummaryOut},
    auth=True,
    errors=(403, 404, 409),
    tags=TAGS,
)
async def close_consultation(request: Request) -> JSONResponse:
    user = require_role(request, "official")
    consultation = await authoring.close_consultation(path_id(request), by=user, now=now())
    return JSONResponse(summary_out(consultation).model_dump())


@operation(
    "Create (201) or replace (200) your response; 409 when not open, 422 with fields per question id",
    body=MyResponseIn,
    responses={201: MyResponseOut, 200: MyResponseOut},
    auth=True,
    errors=(400, 403, 404, 409, 422),
    tags=TAGS,
)
async def put_my_response(request: Request) -> JSONResponse:
    user = current_user(request)
    body = await parse_body(request, MyResponseIn)
    outcome = await responding.put_my_response(
        path_id(request), user=user, answers=body.answers, now=now(), require_confirmed=confirm_required(request)
    )
    return json_of(my_response_out(path_id(request), outcome.mine), status_code=201 if outcome.created else 200)


@operation("Your response", responses={200: MyResponseOut}, auth=True, errors=(404,), tags=TAGS)
async def get_my_response(request: Request) -> JSONResponse:
    user = current_user(request)
    mine = await responding.get_my_response(path_id(request), user=user, now=now())
    if mine is None:
        raise ApiError(404, "not_found", _("You have not answered this consultation."))
    return json_of(my_response_out(path_id(request), mine))


@operation(
    "Propose a statement; it is shown to others once moderation publishes it",
    body=StatementIn,
    responses={201: ProposedStatementOut},
    auth=True,
    errors=(400, 403, 404, 409, 422),
    tags=TAGS,
)
async def propose_statement(request: Request) -> JSONResponse:
    user = current_user(request)
    body = await parse_body(request, StatementIn)
    statement = await statements.propose_statement(
        path_id(request), text=body.text, by=user, now=now(), require_confirmed=confirm_required(request)
    )
    out = ProposedStatementOut(
        id=statement.id,
        ref=statement.ref,
        text=statement.text,
        text_html=statement.text_html,
        status=statement.status,
        question_id=statement.question_id,
    )
    return JSONResponse(out.model_dump(), status_code=201)


@operation(
    "Vote agree, disagree or pass on a statement: 201 the first time, 200 when replacing the vote",
    body=VoteIn,
    responses={201: VoteOut, 200: VoteOut},
    auth=True,
    errors=(400, 403, 404, 409, 422),
    tags=TAGS,
)
async def vote(request: Request) -> JSONResponse:
    user = current_user(request)
    body = await parse_body(request, VoteIn)
    outcome = await statements.vote_on_statement(
        path_id(request), vote=body.vote, by=user, now=now(), require_confirmed=confirm_required(request)
    )
    out = VoteOut(statement_id=outcome.vote.statement_id, vote=outcome.vote.vote)
    return JSONResponse(out.model_dump(), status_code=201 if outcome.created else 200)


@operation(
    "The results: officials any time, everyone once closed",
    responses={200: ResultsOut},
    errors=(401, 403, 404),
    tags=TAGS,
)
async def get_results(request: Request) -> JSONResponse:
    try:
        found = await results.results(path_id(request), viewer=_viewer(request), now=now())
    except NotAllowed as exc:
        raise _not_public_yet(request, exc) from None
    return Response(results_body(found), media_type="application/json")


@operation(
    "The open answers of a text question, newest first, a page at a time (q: containing this text)",
    responses={200: AnswerListOut},
    errors=(401, 403, 404, 422),
    query=AnswerListQuery,
    tags=TAGS,
)
async def list_answers(request: Request) -> JSONResponse:
    query = parse_query(request, AnswerListQuery)
    try:
        page = await results.text_answers(
            path_id(request),
            viewer=_viewer(request),
            now=now(),
            search=query.q,
            cursor=query.cursor,
            limit=query.limit,
        )
    except NotAllowed as exc:
        raise _not_public_yet(request, exc) from None
    viewer = _viewer(request)
    return JSONResponse(answers_out(page, full=viewer is not None and rules.is_official(viewer.roles)))


@operation(
    "Publish the decision on a closed consultation; every respondent is notified",
    body=DecisionIn,
    responses={201: DecisionPublishedOut},
    auth=True,
    errors=(400, 403, 404, 409, 422),
    tags=TAGS,
)
async def publish_decision(request: Request) -> JSONResponse:
    user = require_role(request, "official")
    body = await parse_body(request, DecisionIn)
    outcomes: dict[int, str] = {}
    bad: list[str] = []
    for key, text in body.outcomes.items():
        question_id = whole_number(key)
        if question_id is None:
            bad.append(key)
        else:
            outcomes[question_id] = text
    if bad:
        fields = {f"outcomes.{key}": _("There is no such question in this consultation.") for key in bad}
        raise ApiError(422, "invalid", _("Some fields are not valid."), fields=fields)
    decision = await decisions.publish_decision(
        path_id(request),
        summary=body.summary,
        body=body.body,
        outcomes=outcomes,
        by=user,
        now=now(),
        link=link_to(request, "consultations:detail", id=path_id(request)),
    )
    out = DecisionPublishedOut(
        consultation_id=decision.consultation_id,
        status="decided",
        summary=decision.summary,
        body_html=decision.body_html,
        published_at=decision.published_at,
    )
    return JSONResponse(out.model_dump(), status_code=201)


async def _responses(request: Request, fmt: str, *, by: User) -> Response:
    # The CSV and JSON downloads are two operations (each its own media type in the OpenAPI document); each
    # checks the role itself, before anything else.
    export = await exports.responses_export(
        path_id(request), by=by, key=request.app.state.settings.secret_key, now=now()
    )
    return download(export, fmt)


async def _open_data(request: Request, fmt: str) -> Response:
    try:
        found = await exports.open_data(path_id(request), viewer=_viewer(request), now=now())
    except NotAllowed as exc:
        raise _not_public_yet(request, exc) from None
    return download(found, fmt)


@operation(
    "The responses, one row per response, with a pseudonymous respondent id (officials)",
    responses={200: "text/csv"},
    auth=True,
    errors=(403, 404),
    tags=TAGS,
)
async def responses_csv(request: Request) -> Response:
    user = require_role(request, "official")
    return await _responses(request, "csv", by=user)


@operation(
    "The responses as JSON, with a pseudonymous respondent id (officials)",
    responses={200: "application/json"},
    auth=True,
    errors=(403, 404),
    tags=TAGS,
)
async def responses_json(request: Request) -> Response:
    user = require_role(request, "official")
    return await _responses(request, "json", by=user)


@operation(
    "The aggregate results as open data (CSV): public once closed",
    responses={200: "text/csv"},
    errors=(401, 403, 404),
    tags=TAGS,
)
async def results_csv(request: Request) -> Response:
    return await _open_data(request, "csv")


@operation(
    "The aggregate results as open data (JSON): public once closed",
    responses={200: "application/json"},
    errors=(401, 403, 404),
    tags=TAGS,
)
async def results_json(request: Request) -> Response:
    return await _open_data(request, "json")
