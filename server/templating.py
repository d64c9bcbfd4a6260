"""The one Jinja2 environment (autoescape on), its filters and translation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_datetime as babel_format_datetime
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from participation import i18n
from server.settings import ROOT

env = Environment(
    loader=FileSystemLoader(ROOT / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
    # Templates are read once per process: no stat() of every template on every render.
    auto_reload=False,
)
env.install_gettext_callables(gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]


def format_datetime(value: datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    return babel_format_datetime(value, format=format, tzinfo="Europe/Amsterdam", locale=i18n.current_language())


def clean(html: str) -> Markup:
    """Marks HTML that came from the sanitiser as safe. Only ever applied to stored `*_html` fields."""
    return Markup(html)


env.filters["datetime"] = format_datetime
env.filters["clean"] = clean
env.globals["LANGUAGES"] = i18n.LANGUAGES


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    context = dict(context or {})
    state = request.scope.get("state", {})
    csrf = request.scope.get("csrftoken")
    context.update(
        request=request,
        user=state.get("user"),
        unread=state.get("unread", 0),
        lang=i18n.current_language(),
        csrf_token=csrf() if csrf else "",
        flashes=request.session.pop("flash", []) if "session" in request.scope else [],
        url_for=request.app.url_path_for,
        current_path=request.url.path,
    )
    html = env.get_template(name).render(context)
    return HTMLResponse(html, status_code=status_code)


def flash(request: Request, message: str, category: str = "success") -> None:
    request.session.setdefault("flash", [])
    request.session["flash"] = [*request.session["flash"], [category, message]]
