"""Signing a browser in and out: the session cookie carries the id of a session kept on the server."""

from __future__ import annotations

from starlette.requests import Request

from participation.accounts import sessions
from participation.accounts.models import User
from server.web import now


async def sign_in(request: Request, user: User) -> None:
    """A fresh session (a new id, never the one the browser had before: no session fixation)."""
    request.session.clear()
    request.session["sid"] = await sessions.start(user, now=now())


async def sign_out(request: Request) -> None:
    """Ends this browser's session on the server too; the person's other sessions stay."""
    await sessions.end(request.session.get("sid"))
    request.session.clear()
