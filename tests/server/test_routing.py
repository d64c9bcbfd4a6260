"""Routes by name: every route has a name no other route has, so `url_for` can only mean one page."""

from __future__ import annotations

import re
from collections import Counter

import httpx
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route, Router

from server import routing
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


def _endpoint(name):
    async def endpoint(request):
        return PlainTextResponse(f"{name} {sorted(request.path_params.items())}")

    return endpoint


ROUTES = [
    Route("/tokens", _endpoint("tokens"), methods=["POST"]),
    Route("/consultations", _endpoint("list")),
    Route("/consultations/mine", _endpoint("mine")),
    Route("/consultations/{id:int}", _endpoint("one")),
    Route("/consultations/{id:int}/my-response", _endpoint("put"), methods=["PUT"]),
    Route("/consultations/{id:int}/my-response", _endpoint("get"), methods=["GET"]),
    Route("/{anything}/help", _endpoint("help")),
    Route("/tasks/", _endpoint("tasks")),
    Route("/", _endpoint("root")),
    Mount("/webcare", routes=[Route("/inbox", _endpoint("inbox"))]),
]

PATHS = [
    "/",
    "/tokens",
    "/tokens/",
    "/consultations",
    "/consultations/",
    "/consultations/mine",
    "/consultations/7",
    "/consultations/7/",
    "/consultations/x",
    "/consultations/7/my-response",
    "/consultations/help",
    "/tasks/help",
    "/tasks",
    "/tasks/",
    "/webcare/inbox",
    "/webcare",
    "/nothing",
    "/nothing/help",
    "//",
    "",
]


async def test_the_segment_router_routes_every_request_as_a_plain_router_would():
    plain = Starlette(routes=[Mount("/api", app=Router(routes=ROUTES))])
    narrowed = Starlette(routes=[Mount("/api", app=routing.SegmentRouter(ROUTES))])
    seen = []
    for method in ("GET", "POST", "PUT"):
        for path in PATHS:
            answers = []
            for app in (plain, narrowed):
                async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
                    r = await c.request(method, "/api" + path)
                answers.append((r.status_code, r.headers.get("location"), r.text))
            assert answers[0] == answers[1], (method, path)
            seen.append(answers[0][0])
    assert {200, 404, 405, 307} <= set(seen)


async def test_every_api_route_is_reached_through_the_segment_router_as_through_a_plain_one(settings, monkeypatch):
    app = create_app(settings)
    api = next(route for route in app.routes if isinstance(route, Mount) and route.name == "api")
    assert isinstance(api.app, routing.SegmentRouter)
    reached = []
    for route in api.routes:

        async def handle(scope, receive, send, route=route):
            reached.append(route)

        # Which route a request reaches, without running it. The areas' route objects are shared by every app
        # made in this process: monkeypatch puts their own `handle` back after the test.
        monkeypatch.setattr(route, "handle", handle)
    plain = Router(routes=api.routes)
    for route in api.routes:
        path = re.sub(r"{[^}]+}", "7", route.path)
        for method in sorted(route.methods or {"GET"}):
            scope = {
                "type": "http",
                "method": method,
                "path": path,
                "root_path": "",
                "headers": [],
                "query_string": b"",
            }
            await plain.app(dict(scope), None, None)
            await api.app.app(dict(scope), None, None)
            assert reached[-2] is reached[-1], (method, path)
    assert len(reached) == 2 * sum(len(r.methods or {"GET"}) for r in api.routes)
