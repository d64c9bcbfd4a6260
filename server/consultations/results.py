"""Results pages: per question the numbers as a chart and a table, opinion groups, the open answers (paged and
searchable); and the aggregate results as open data. Officials any time, everyone once closed."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from participation.consultations.services import exports, results, viewing
from participation.errors import Invalid
from participation.text import clean_line
from server.consultations import figures as result_figures
from server.moderation.pages import refused_reports
from server.templating import render
from server.web import download, now, path_id

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
        "report_sent": refused_reports(request),
        # Other areas' sections for officials (server/<area>/__init__.py `result_sections`: social listening).
        "result_sections": [
            (section.template, await section.load(request.state.user, found.consultation.id, now=now()))
            for area in request.app.state.areas
            for section in getattr(area, "result_sections", ())
        ]
        if found.full
        else [],
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
        "report_sent": refused_reports(request),
    }
    return render(request, "consultations/answers.html", context, 422 if errors else 200)


async def open_data(request: Request) -> Response:
    found = await exports.open_data(path_id(request), viewer=request.state.user, now=now())
    return download(found, request.path_params["format"])
