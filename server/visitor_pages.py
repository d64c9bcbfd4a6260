"""Pages kept rendered for visitors who see them alike: not signed in, nothing of their own in the session.

Such a page differs from one visitor to the next only in the CSRF token of its forms (the language switch). It
is rendered once with a marker where the token goes, kept as the bytes around the marker, and each visitor is
sent those bytes joined with their own token (the one asgi-csrf holds for their request, and sets as their
cookie if they had none). Nothing of a signed-in person, a flash message or a form sent back ever goes into a
kept page: those requests are rendered as always and never kept.

A kept page is served while its `basis` is the same: the caller passes the objects the page was made from
(the consultation's snapshot, say), compared by identity, and whatever else it depends on (the effective
status), compared by equality; the app serving it and the path are part of it too. A page is never served
after its basis changed; how fresh the basis is stays the caller's business (snapshots: a write in this
process drops them at once).
"""

from __future__ import annotations

import secrets
from collections.abc import Hashable
from typing import Any

from markupsafe import escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from participation import i18n
from server.templating import render_text

# Never in a page's own text: random per process.
MARKER = "csrf-marker-" + secrets.token_hex(16)
MAX_KEPT = 2000

# (key, path, language) -> ((app, *basis), the page's bytes split at the marker)
_kept: dict[tuple[Hashable, str, str], tuple[tuple[Any, ...], list[bytes]]] = {}


def alike(request: Request) -> bool:
    """A visitor who sees the page as every other visitor does: not signed in, and nothing in the session (no
    flash message, no notice of a form they sent)."""
    return request.state.user is None and not request.scope.get("session")


def _same(basis: tuple[Any, ...], kept: tuple[Any, ...]) -> bool:
    return len(basis) == len(kept) and all(
        a is b or (isinstance(a, str | int | bool) and a == b) for a, b in zip(basis, kept, strict=True)
    )


def _token(request: Request) -> bytes:
    csrf = request.scope.get("csrftoken")
    return str(escape(csrf())).encode() if csrf else b""


def kept(request: Request, key: Hashable, basis: tuple[Any, ...]) -> Response | None:
    """The kept page for this visitor, if they see it alike and it was made from the same basis; else None."""
    if not alike(request):
        return None
    found = _kept.get((key, request.scope["path"], i18n.current_language()))
    if found is None or not _same((request.app, *basis), found[0]):
        return None
    return HTMLResponse(_token(request).join(found[1]))


def render(request: Request, name: str, context: dict[str, Any], *, key: Hashable, basis: tuple[Any, ...]) -> Response:
    """The page rendered; kept for the next visitors if this one sees it alike (see `kept`)."""
    if not alike(request):
        return HTMLResponse(render_text(request, name, context))
    parts = render_text(request, name, context, csrf_token=MARKER).encode().split(MARKER.encode())
    if len(_kept) >= MAX_KEPT:
        _kept.clear()
    _kept[(key, request.scope["path"], i18n.current_language())] = ((request.app, *basis), parts)
    return HTMLResponse(_token(request).join(parts))


def forget() -> None:
    """Drops every kept page (tests)."""
    _kept.clear()
