"""create_app(settings) and its lifespan: Tortoise up and down, one httpx.AsyncClient, the monitor."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
from asgi_csrf import asgi_csrf
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Scope, Send
from tortoise.contrib.starlette import RegisterTortoise

from participation.db import tortoise_config
from participation.worker import Worker
from server import accounts, consultations, pages, routing
from server.api.openapi import openapi
from server.errors import EXCEPTION_HANDLERS, handle
from server.middleware import Authentication, Language, PagesOnly, SecurityHeaders
from server.settings import ROOT, Settings
from server.web import LoginRequired, login_redirect

# The areas served, each a package with its page `routes` and its `api_routes` (mounted under /api/v1).
AREAS = [accounts, consultations]


class _EveryPath:
    """For asgi-csrf's `always_protect`: it lets a POST without any cookie through unless its path is listed."""

    def __contains__(self, path: object) -> bool:
        return True


def csrf_protection(app: ASGIApp, settings: Settings) -> ASGIApp:
    """asgi-csrf's double-submit cookie on every form (pages only: the JSON API uses bearer tokens).

    A POST without cookies is refused too: otherwise a forged cross-site form could sign a person in to
    someone else's account (login CSRF) or register in their name."""

    async def refused(scope: Scope, send: Send, message_id: int) -> None:
        async def receive() -> dict:
            return {"type": "http.request", "body": b"", "more_body": False}

        response = await handle(Request(scope, receive), HTTPException(403))
        await response(scope, receive, send)

    return asgi_csrf(
        app,
        signing_secret=settings.secret_key,
        cookie_secure=settings.secure_cookies,
        cookie_samesite="Lax",
        always_protect=_EveryPath(),
        send_csrf_failed=refused,
    )


def create_app(settings: Settings, *, run_monitor: bool = False) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with (
            RegisterTortoise(app, config=tortoise_config(settings.database_url)),
            httpx.AsyncClient(timeout=httpx.Timeout(20.0), follow_redirects=False) as http,
        ):
            app.state.http = http
            task = None
            if run_monitor:
                task = asyncio.create_task(Worker.from_settings(settings, http=http).run_forever())
            try:
                yield
            finally:
                if task:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task

    routes = [
        Route("/api/openapi.json", openapi, name="openapi"),
        Mount("/api/v1", name="api", routes=[route for area in AREAS for route in area.api_routes]),
        *pages.routes,
        *(route for area in AREAS for route in area.routes),
        Mount("/static", StaticFiles(directory=ROOT / "static"), name="static"),
    ]
    routing.bound_integer_ids(routes)
    middleware = [
        Middleware(SecurityHeaders, hsts=settings.secure_cookies),
        Middleware(
            PagesOnly,
            middleware=SessionMiddleware,
            secret_key=settings.secret_key,
            session_cookie="samenspraak_session",
            same_site="lax",
            https_only=settings.secure_cookies,
            max_age=14 * 24 * 3600,
        ),
        Middleware(Language),
        Middleware(PagesOnly, middleware=csrf_protection, settings=settings),
        Middleware(Authentication),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={**EXCEPTION_HANDLERS, LoginRequired: login_redirect},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.areas = AREAS
    app.state.navigation = [link for area in AREAS for link in area.navigation]
    app.state.openapi = None
    return app
