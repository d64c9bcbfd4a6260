"""Pages that belong to no area: home, transparency, the language switch, health."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from tortoise import connections

from participation import i18n
from server.templating import render
from server.web import form_values, now, redirect, safe_next


async def home(request: Request) -> Response:
    viewer = request.state.user
    sections = [
        (section.template, await section.load(viewer, now=now()))
        for area in request.app.state.areas
        for section in area.home_sections
    ]
    return render(request, "pages/home.html", {"home_sections": sections})


async def transparency(request: Request) -> Response:
    viewer = request.state.user
    sections = [
        (section.template, await section.load(viewer, now=now()))
        for area in request.app.state.areas
        for section in getattr(area, "transparency_sections", ())
    ]
    return render(request, "pages/transparency.html", {"transparency_sections": sections})


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
