"""Routes by name: every route has a name no other route has, so `url_for` can only mean one page."""

from __future__ import annotations

from collections import Counter

from starlette.routing import Mount, Route

from server.app import create_app


def full_names(routes, prefix=""):
    for route in routes:
        if isinstance(route, Mount):
            yield from full_names(route.routes, prefix + (f"{route.name}:" if route.name else ""))
        elif isinstance(route, Route):
            yield prefix + route.name, route


def test_route_names_are_unique_and_pages_are_not_shadowed_by_the_api(settings):
    app = create_app(settings)
    names = Counter(name for name, _route in full_names(app.routes))
    assert [name for name, n in names.items() if n > 1] == []
    assert app.url_path_for("register") == "/register"
    assert app.url_path_for("consultations:index") == "/consultations"
    assert app.url_path_for("consultations:detail", id=7) == "/consultations/7"


def test_ids_beyond_nine_digits_do_not_match_a_route(settings):
    app = create_app(settings)
    detail = next(route for name, route in full_names(app.routes) if name == "consultations:detail")
    assert detail.path_regex.match("/123456789")
    assert not detail.path_regex.match("/1234567890")
