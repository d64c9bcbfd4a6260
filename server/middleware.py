"""Pure ASGI middleware: security headers, a cap on request bodies, the language of the request, the signed-in
person."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from participation import i18n
from participation.accounts import services as accounts
from participation.accounts import sessions
from participation.notifications.services import unread_count

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class PagesOnly:
    """Runs a middleware for pages only. The JSON API authenticates with bearer tokens and takes no forms, so
    requests under /api/ skip the session cookie and CSRF handling altogether (and their cost)."""

    def __init__(self, app: ASGIApp, middleware: Callable[..., ASGIApp], **options: Any) -> None:
        self.app = app
        self.wrapped = middleware(app, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        await self.wrapped(scope, receive, send)


NO_STORE = (b"cache-control", b"no-store")


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of the request header `name` (lower case), without building the request's Headers: the
    middleware below each read one header of every request."""
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def cookie(scope: Scope, name: str) -> str | None:
    """The cookie `name` of the request, as `HTTPConnection(scope).cookies` reads it (every Cookie header)."""
    found = None
    for key, value in scope["headers"]:
        if key == b"cookie":
            found = cookie_parser(value.decode("latin-1")).get(name, found)
    return found


class SecurityHeaders:
    """The same headers on every response, unless a handler set its own (the raw list is made once); under the
    `private` path prefixes also `Cache-Control: no-store`, whatever the handler said, so that no cache (the
    browser's included) keeps what is there, redirects and errors too."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False, private: tuple[str, ...] = ()) -> None:
        self.app = app
        self.private = private
        headers = {
            "content-security-policy": CSP,
            "x-content-type-options": "nosniff",
            "x-frame-options": "DENY",
            "referrer-policy": "same-origin",
            "permissions-policy": "camera=(), microphone=(), geolocation=()",
        }
        if hsts:
            headers["strict-transport-security"] = "max-age=31536000"
        self.raw = [(name.encode(), value.encode()) for name, value in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        path = scope["path"]
        private = any(path == prefix or path.startswith(prefix + "/") for prefix in self.private)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if private:
                    headers = [header for header in headers if header[0].lower() != NO_STORE[0]] + [NO_STORE]
                present = {name.lower() for name, _value in headers}
                headers.extend(header for header in self.raw if header[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses a request body over `max_bytes` (through `refuse`) before anything holds it all in memory: at
    once when its Content-Length says so, else as soon as the part received passes the limit.

    A body whose Content-Length is within the limit (and not sent in chunks) is passed on without watching it:
    the HTTP server reads no more of it than that length (what follows would be the next request, see
    tests/server/test_body_limit.py), so counting its parts cost every request with a body two wrappers for
    nothing."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, refuse: Callable[[Scope, Send], Awaitable[None]]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = header(scope, b"content-length") or ""
        if declared.isascii() and declared.isdigit():
            if int(declared) > self.max_bytes:
                return await self.refuse(scope, send)
            if header(scope, b"transfer-encoding") is None:
                return await self.app(scope, receive, send)
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge()
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _BodyTooLarge:
            if started:
                raise
            await self.refuse(scope, send)


class Language:
    """Dutch unless the person chose otherwise (a cookie), for this request's context."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        chosen = cookie(scope, "lang") or i18n.DEFAULT_LANGUAGE
        token = i18n.set_language(chosen)
        try:
            await self.app(scope, receive, send)
        finally:
            i18n._current.reset(token)


async def _navigation_counts(scope: Scope, user: Any) -> dict[str, int]:
    """The counts of the navigation links this person sees (a moderator's waiting items, say), by route name."""
    app = scope.get("app")
    links = getattr(getattr(app, "state", None), "navigation", ())
    return {
        link.name: await link.count(user)
        for link in links
        if link.count is not None and (not link.role or user.has_role(link.role))
    }


class Authentication:
    """Puts the signed-in person in `request.state.user`: a bearer token under /api, the session elsewhere."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            return await self.app(scope, receive, send)
        state = scope.setdefault("state", {})
        user = None
        now = datetime.now(UTC)
        if scope["path"].startswith("/api/"):
            authorization = header(scope, b"authorization") or ""
            scheme, _, credentials = authorization.partition(" ")
            state["token_presented"] = bool(authorization)
            if scheme.lower() == "bearer" and credentials:
                user = await accounts.user_for_token(credentials.strip(), now=now)
        else:
            session = scope.get("session", {})
            if "sid" in session:
                user = await sessions.user_for(session["sid"], now=now)
                if user is None:
                    session.clear()
                else:
                    state["unread"] = await unread_count(user.id)
                    state["nav_counts"] = await _navigation_counts(scope, user)
        state["user"] = user
        await self.app(scope, receive, send)
