"""create_app(settings) and its lifespan: Tortoise up and down, one httpx.AsyncClient, the monitor."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from typing import Any

import httpx
from asgi_csrf import asgi_csrf
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise.contrib.starlette import RegisterTortoise

from participation.db import tortoise_config
from participation.i18n import _
from participation.worker import Worker
from server import accounts, cocreation, consultations, moderation, pages, routing, webcare
from server.api.base import ApiError
from server.api.openapi import openapi
from server.csrf import SAFE_METHODS, PageToken
from server.errors import EXCEPTION_HANDLERS, handle
from server.middleware import Authentication, BodyLimit, Language, PagesOnly, SecurityHeaders
from server.settings import ROOT, Settings
from server.web import LoginRequired, login_redirect

# The areas served, each a package with its page `routes` and its `api_routes` (mounted under /api/v1).
AREAS = [accounts, consultations, cocreation, moderation, webcare]

# The largest request body taken, forms and JSON alike: a whole consultation with long texts fits well within it.
MAX_BODY = 1_000_000


async def _nothing() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}


async def too_large(scope: Scope, send: Send) -> None:
    """413, as JSON under /api and as a page elsewhere."""
    response = await handle(Request(scope, _nothing), ApiError(413, "too_large", _("The request body is too large.")))
    await response(scope, _nothing, send)


class _EveryPath:
    """For asgi-csrf's `always_protect`: it lets a POST without any cookie through unless its path is listed."""

    def __contains__(self, path: object) -> bool:
        return True


def _httponly(header: tuple[bytes, bytes]) -> tuple[bytes, bytes]:
    name, value = header
    if name.lower() == b"set-cookie" and value.startswith(b"csrftoken=") and b"httponly" not in value.lower():
        return name, value + b"; HttpOnly"
    return header


def csrf_protection(app: ASGIApp, settings: Settings) -> ASGIApp:
    """asgi-csrf's double-submit cookie on every form (pages only: the JSON API uses bearer tokens).

    A POST without cookies is refused too: otherwise a forged cross-site form could sign a person in to
    someone else's account (login CSRF) or register in their name. Two things asgi-csrf (0.11) has no option
    for are done around it: its cookie is made HttpOnly (the token reaches a form through the page, never
    through script), and the Authorization header is dropped, because asgi-csrf lets any request that carries
    "Authorization: Bearer ..." through unchecked, while pages sign in by the session alone and never read it."""

    async def refused(scope: Scope, send: Send, message_id: int) -> None:
        response = await handle(Request(scope, _nothing), HTTPException(403))
        await response(scope, _nothing, send)

    protected = asgi_csrf(
        app,
        signing_secret=settings.secret_key,
        cookie_secure=settings.secure_cookies,
        cookie_samesite="Lax",
        always_protect=_EveryPath(),
        send_csrf_failed=refused,
    )

    # GET and the other safe methods, which asgi-csrf checks nothing of, only get their page's token.
    page_token = PageToken(app, signing_secret=settings.secret_key, cookie_secure=settings.secure_cookies)

    async def pages(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await protected(scope, receive, send)
        if scope["method"] in SAFE_METHODS:
            return await page_token(scope, receive, send)
        scope = {**scope, "headers": [h for h in scope["headers"] if h[0] != b"authorization"]}

        async def send_httponly(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [_httponly(h) for h in message.get("headers", [])]}
            await send(message)

        await protected(scope, receive, send_httponly)

    return pages


# Pages no cache may keep (`Cache-Control: no-store`): the account and everything under it (the token shown
# once, confirmation and password-reset links, the download of one's data), the accounts admin, the API's new
# tokens. Exports carry it too (server.web.download).
PRIVATE = ("/account", "/admin", "/api/v1/tokens")


class Samenspraak(Starlette):
    """Starlette with the security headers outside everything, the server-error page included: Starlette puts
    its ServerErrorMiddleware, which answers an unhandled exception with a 500, around all middleware it is
    given, so a 500 would go out without them."""

    def __init__(self, *, hsts: bool, **options: Any) -> None:
        self.hsts = hsts
        super().__init__(**options)

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack(), hsts=self.hsts, private=PRIVATE)


def configure_areas(settings: Settings) -> None:
    """What an area takes from the settings at start (`configure(settings)` in its package, where it has one)."""
    for area in AREAS:
        if hasattr(area, "configure"):
            area.configure(settings)


def http_client() -> httpx.AsyncClient:
    """The one outgoing HTTP client (the app's and the monitor's): it reaches webcare's sources, and connects
    only to the public address it checked (participation/webcare/addresses.py)."""
    return webcare.http_client(timeout=httpx.Timeout(20.0), follow_redirects=False)


# Allocations between two collections of the garbage collector's young generation in a served process.
YOUNG_COLLECTION = 10_000


def create_app(settings: Settings, *, run_monitor: bool = False, freeze_at_start: bool = False) -> Samenspraak:
    """`freeze_at_start` (a served process, not the tests): what exists once the app has started (modules,
    templates, routes) is moved out of the garbage collector's sight (`gc.freeze`), so a full collection under
    load walks only what requests made: it paused every request for ~200 ms (in process, the results under 50
    concurrent clients: slowest 249 -> 46 ms). And the young generation is collected every `YOUNG_COLLECTION`
    allocations rather than Python's 700: what a request allocates is mostly freed before a collection would
    look at it, so collecting less often costs less in all (answering: 4% of its instructions went to the young
    collections, bench/profile-notes.md), while a request's cycles are still collected within moments."""
    configure_areas(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with (
            RegisterTortoise(app, config=tortoise_config(settings.database_url)),
            http_client() as http,
        ):
            app.state.http = http
            if freeze_at_start:
                gc.collect()
                gc.freeze()
                gc.set_threshold(YOUNG_COLLECTION, *gc.get_threshold()[1:])
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
        Mount("/api/v1", name="api", app=routing.SegmentRouter([route for area in AREAS for route in area.api_routes])),
        *pages.routes,
        *(route for area in AREAS for route in area.routes),
        Mount("/static", StaticFiles(directory=ROOT / "static"), name="static"),
    ]
    routing.bound_integer_ids(routes)
    middleware = [
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
        Middleware(BodyLimit, max_bytes=MAX_BODY, refuse=too_large),
        Middleware(PagesOnly, middleware=csrf_protection, settings=settings),
        Middleware(Authentication),
    ]
    app = Samenspraak(
        hsts=settings.secure_cookies,
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
