"""What every page handler shares: the signed-in person, form input, redirects."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse

from participation.accounts.models import User
from participation.text import clean_text


class LoginRequired(Exception):
    pass


def now() -> datetime:
    return datetime.now(UTC)


def page_user(request: Request) -> User:
    user = request.state.user
    if user is None:
        raise LoginRequired()
    return user


def page_role(request: Request, role: str) -> User:
    user = page_user(request)
    if not user.has_role(role):
        raise HTTPException(403)
    return user


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a local path: never an open redirect. Browsers drop tabs and newlines from URLs, so "/<tab>/x"
    would become "//x": any whitespace or control character makes the target unsafe too."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in target)
    ):
        return target
    return default


async def form_values(request: Request) -> dict[str, Any]:
    """The submitted fields, without control characters (no browser sends them; PostgreSQL cannot store NUL),
    line breaks as line feeds."""
    form = await request.form()
    return {
        key: clean_text(value) if isinstance(value, str) else value for key, value in form.items() if key != "csrftoken"
    }


def login_redirect(request: Request, exc: Exception) -> RedirectResponse:
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        # A form sent after the session ended: come back to the page it was on, not to a POST-only address.
        referer = urlsplit(request.headers.get("referer", ""))
        local = referer.netloc == request.url.netloc
        target = safe_next(referer.path + (f"?{referer.query}" if referer.query else "") if local else "")
    return redirect(f"/login?next={quote(target)}")


def path_id(request: Request) -> int:
    """The `{id:int}` of the route."""
    return request.path_params["id"]


def confirm_required(request: Request) -> bool:
    """Whether taking part needs a confirmed e-mail address (the setting CONFIRM_EMAIL_TO_PARTICIPATE)."""
    return request.app.state.settings.confirm_email_to_participate


# For responses no cache may keep: exports, pages with personal data or secrets (see also server.app.PRIVATE).
NO_STORE = {"Cache-Control": "no-store"}


def attachment(name: str) -> dict[str, str]:
    """Headers that make a browser save the response as a file called `name`, an export no cache keeps."""
    return {"Content-Disposition": f'attachment; filename="{name}"', **NO_STORE}


async def encoded(chunks: AsyncIterator[str]) -> AsyncIterator[bytes]:
    """UTF-8 bytes of streamed text, for a StreamingResponse."""
    async for chunk in chunks:
        yield chunk.encode()


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""
