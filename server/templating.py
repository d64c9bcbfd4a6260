"""The one Jinja2 environment (autoescape on), its filters and translation."""

from __future__ import annotations

import contextvars
import functools
from datetime import datetime
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Router

from participation import i18n
from server.settings import ROOT

env = Environment(
    loader=FileSystemLoader(ROOT / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    # Templates are read once per process: no stat() of every template on every render.
    auto_reload=False,
)


# Translation in templates, with the semantics of Jinja's "newstyle" gettext: the translation is markup, its
# %-parameters are escaped unless they are markup themselves. Each (language, message) is made markup once:
# pages call these dozens of times per render, and Jinja's own wrapper cost a third of the rendering time.
@functools.lru_cache(maxsize=16384)
def _translated(language: str, message: str) -> Markup:
    return Markup(i18n.translations(language).gettext(message))


@functools.lru_cache(maxsize=4096)
def _translated_plural(language: str, singular: str, plural: str, n: int) -> Markup:
    return Markup(i18n.translations(language).ngettext(singular, plural, n))


def template_gettext(message: str, **variables: Any) -> Markup:
    text = _translated(i18n.current_language(), message)
    return text % variables if variables else text


def template_ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
    variables.setdefault("num", num)
    return _translated_plural(i18n.current_language(), singular, plural, num) % variables


env.globals.update(_=template_gettext, gettext=template_gettext, ngettext=template_ngettext)


def format_datetime(value: datetime | None) -> str:
    """The one way pages write a moment (participation.i18n.moment): "1 december 2026, 09:54", Amsterdam time."""
    return i18n.moment(value)


def clean(html: str) -> Markup:
    """Marks HTML that came from the sanitiser as safe. Only ever applied to stored `*_html` fields."""
    return Markup(html)


def bdi(value: Any) -> Markup:
    """Citizen text shown within a line, isolated: whatever its direction (a right-to-left name, an override
    the cleaning missed), it never turns the text around it. Escaped unless it is markup already."""
    return Markup("<bdi>%s</bdi>") % (value,)


env.filters["datetime"] = format_datetime
env.filters["clean"] = clean
env.filters["bdi"] = bdi
env.globals["LANGUAGES"] = i18n.LANGUAGES

# The routes of the app rendering now, and the paths made from them: `url_for` is a global so that macros
# imported without context have it too. A page renders many links, so each path is made once per route and
# parameters (the cache is bounded: ids are many).
_routes: contextvars.ContextVar[tuple[Router, dict]] = contextvars.ContextVar("routes")
PATHS_KEPT = 20_000


def url_for(name: str, /, **params: Any) -> str:
    """The path of the named route: `url_for("consultations:detail", id=3)`."""
    router, paths = _routes.get()
    key = (name, *sorted(params.items()))
    path = paths.get(key)
    if path is None:
        if len(paths) >= PATHS_KEPT:
            paths.clear()
        path = paths[key] = str(router.url_path_for(name, **params))
    return path


env.globals["url_for"] = url_for


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(render_text(request, name, context), status_code=status_code)


def render_text(
    request: Request, name: str, context: dict[str, Any] | None = None, *, csrf_token: str | None = None
) -> str:
    """The page as text; `csrf_token` in its forms instead of the request's own (server.visitor_pages)."""
    context = dict(context or {})
    state = request.scope.get("state", {})
    if csrf_token is None:
        csrf = request.scope.get("csrftoken")
        csrf_token = csrf() if csrf else ""
    context.update(
        request=request,
        user=state.get("user"),
        unread=state.get("unread", 0),
        nav_counts=state.get("nav_counts", {}),
        lang=i18n.current_language(),
        csrf_token=csrf_token,
        flashes=request.session.pop("flash", []) if "session" in request.scope else [],
        current_path=request.url.path,
        navigation=getattr(request.app.state, "navigation", ()),
    )
    state = request.app.state
    if not hasattr(state, "url_paths"):
        state.url_paths = {}
    token = _routes.set((request.app.router, state.url_paths))
    try:
        return env.get_template(name).render(context)
    finally:
        _routes.reset(token)


def flash(request: Request, message: str, category: str = "success") -> None:
    request.session.setdefault("flash", [])
    request.session["flash"] = [*request.session["flash"], [category, message]]
