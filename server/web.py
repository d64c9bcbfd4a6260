"""What every page handler shares: the signed-in person, form input, redirects."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, StreamingResponse

from participation.accounts.models import User
from participation.errors import Invalid
from participation.exports import Export
from participation.text import clean_text

T = TypeVar("T")


class LoginRequired(Exception):
    pass


@dataclass(frozen=True)
class NavLink:
    """A link an area puts in the main navigation: to the route `name`, current under `prefix`, shown to
    everyone or only to people with `role`, optionally with a `count`."""

    name: str
    label: str
    prefix: str
    role: str | None = None
    # A number shown with the link to those who see it (`count(user)`, read once a page): what waits for them.
    count: Callable[[User], Awaitable[int]] | None = None


@dataclass(frozen=True)
class Command:
    """A `samenspraak` subcommand an area adds: `arguments` adds its arguments to the subparser, `run` does the
    work with the database open (migrated) and returns the exit status."""

    name: str
    help: str
    arguments: Callable[[Any], None]
    run: Callable[[Any], Awaitable[int]]


@dataclass(frozen=True)
class Section:
    """A section an area adds to a shared page (the home page, the account page): `template`, rendered with
    `section` set to what `load` returns (`load(viewer, now=...)`; the account page passes the person; a
    consultation's results page, `result_sections`, calls `load(viewer, consultation_id, now=...)` for officials)."""

    template: str
    load: Callable[..., Awaitable[Any]]


@dataclass
class Sent(Generic[T]):
    """A form read into the input of a service. `typed` is what the person typed, to show the form again as it
    was sent; `errors` are fields the form could not read (a date that is no date), which `valid()` reports
    together with the rules' messages about the rest (`check`), so one round shows every problem."""

    input: T
    typed: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    check: Callable[[T], dict[str, str]] | None = None

    def valid(self) -> T:
        if self.errors:
            raise Invalid((self.check(self.input) if self.check else {}) | self.errors)
        return self.input


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


def redirect_to(request: Request, name: str, /, fragment: str = "", **params: object) -> RedirectResponse:
    """303 to a named page (`redirect_to(request, "consultations:edit", "questions", id=3)`), to `#fragment`."""
    path = str(request.app.url_path_for(name, **params))
    return redirect(f"{path}#{fragment}" if fragment else path)


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


MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# For responses no cache may keep: exports, pages with personal data or secrets (see also server.app.PRIVATE).
NO_STORE = {"Cache-Control": "no-store"}


def download(export: Export, fmt: str) -> StreamingResponse:
    """Every export, streamed as a file called after it (`name.fmt`), never cached (a download may hold
    personal data); a format the export does not have is a 404."""
    if fmt not in export.formats:
        raise HTTPException(404)
    headers = {"Content-Disposition": f'attachment; filename="{export.name}.{fmt}"', **NO_STORE}
    return StreamingResponse(_encoded(export.chunks(fmt)), media_type=MEDIA_TYPES[fmt], headers=headers)


async def _encoded(chunks: AsyncIterator[str] | AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        yield chunk if isinstance(chunk, bytes) else chunk.encode()


def link_to(request: Request, name: str, **params: object) -> str:
    """A full link to a named page, with the site's address (BASE_URL): for e-mails and notifications."""
    return request.app.state.settings.base_url + str(request.app.url_path_for(name, **params))


_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=16)
def _networks(allowed: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in allowed if entry != "*")


def _trusted(address: str, allowed: tuple[str, ...]) -> bool:
    if "*" in allowed:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(allowed))


def client_address(request: Request) -> str:
    """The connection's address; behind a trusted proxy (FORWARDED_ALLOW_IPS) the right-most address in
    X-Forwarded-For that is not itself a trusted proxy, since everything left of it is the client's to write."""
    peer = request.client.host if request.client else ""
    allowed = request.app.state.settings.forwarded_allow_ips
    if not allowed or not _trusted(peer, allowed):
        return peer
    hops = [hop.strip() for header in request.headers.getlist("x-forwarded-for") for hop in header.split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _trusted(hop, allowed):
            return hop[:64]
    return hops[0][:64] if hops else peer
