"""Results pages: per question the numbers as a chart and a table, opinion groups, the open answers (paged and
searchable); and the aggregate results as open data. Officials any time, everyone once closed."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from participation.consultations import exports, results, viewing
from participation.errors import Invalid
from participation.text import clean_line
from server import result_figures
from server.templating import render
from server.web import attachment, now, path_id

ANSWERS_ON_RESULTS = 5
ANSWERS_PER_PAGE = 20


async def results_page(request: Request) -> Response:
    found = await results.results(
        path_id(request), viewer=request.state.user, now=now(), answers_limit=ANSWERS_ON_RESULTS
    )
    context = {
        "found": found,
        "consultation": found.consultation,
        "status": found.status,
        "figures": {q.id: result_figures.figure(q, full=found.full) for q in found.questions},
        "opinions": {q.id: result_figures.opinion(q) for q in found.questions if q.kind == "statements"},
        "official": found.full,
        "number": result_figures.number,
    }
    return render(request, "consultations/results.html", context)


async def answers_page(request: Request) -> Response:
    search = clean_line(request.query_params.get("q", ""))
    cursor = request.query_params.get("cursor") or None
    errors: dict[str, str] = {}
    try:
        found = await viewing.answers_of(
            request.path_params["question"],
            viewer=request.state.user,
            now=now(),
            search=search,
            cursor=cursor,
            limit=ANSWERS_PER_PAGE,
        )
    except Invalid as exc:
        errors = exc.fields
        found = await viewing.answers_of(
            request.path_params["question"], viewer=request.state.user, now=now(), limit=ANSWERS_PER_PAGE
        )
    if found.consultation.id != path_id(request):
        raise HTTPException(404)
    user = request.state.user
    context = {
        "found": found,
        "consultation": found.consultation,
        "question": found.question,
        "search": search,
        "cursor": cursor,
        "errors": errors,
        "official": user is not None and user.has_role("official"),
    }
    return render(request, "consultations/answers.html", context, 422 if errors else 200)


async def open_data(request: Request) -> Response:
    fmt = request.path_params["format"]
    if fmt not in ("csv", "json"):
        raise HTTPException(404)
    found = await exports.open_data(path_id(request), viewer=request.state.user, now=now())
    headers = attachment(f"consultation-{path_id(request)}-results.{fmt}")
    if fmt == "csv":
        return Response(exports.open_data_csv(found), media_type="text/csv; charset=utf-8", headers=headers)
    body = json.dumps(exports.open_data_json(found), ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json", headers=headers)


routes = [
    Route("/consultations/{id:int}/results", results_page, name="consultations:results"),
    Route(
        "/consultations/{id:int}/results/questions/{question:int}/answers",
        answers_page,
        name="consultations:answers",
    ),
    Route("/consultations/{id:int}/export/results.{format:str}", open_data, name="consultations:open_data"),
]
