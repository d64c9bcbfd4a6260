"""Pages that belong to no area: home, transparency, the language switch, health."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from tortoise import connections

from participation import i18n
from participation.consultations import repository
from server.templating import render
from server.web import form_values, now, redirect, safe_next

OPEN_NOW = 5


async def home(request: Request) -> Response:
    found = await repository.list_consultations(viewer=request.state.user, now=now(), status="open", limit=OPEN_NOW)
    return render(request, "pages/home.html", {"open_now": found.items, "more_open": found.next is not None})


async def transparency(request: Request) -> Response:
    return render(request, "pages/transparency.html", {})


async def set_language(request: Request) -> Response:
    values = await form_values(request)
    language = str(values.get("lang", ""))
    response = redirect(safe_next(str(values.get("next", "")), "/"))
    if language in i18n.LANGUAGES:
        response.set_cookie(
            "lang",
            language,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.secure_cookies,
        )
    return response


async def healthz(request: Request) -> Response:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


routes = [
    Route("/", home, name="home"),
    Route("/transparency", transparency, name="transparency"),
    Route("/language", set_language, methods=["POST"], name="language"),
    Route("/healthz", healthz, name="healthz"),
]
