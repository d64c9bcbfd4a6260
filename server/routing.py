"""Path ids bounded to 9 digits: ids beyond that cannot exist (PostgreSQL's integer columns end at 2^31 - 1,
SQLite's at 2^63 - 1) and must be a 404, not an overflow in the database driver.

Applied explicitly by `create_app` to the routes it serves (no global convertor registered on import).

And `SegmentRouter`: the API's routes, tried by their first segment."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from starlette._utils import get_route_path
from starlette.convertors import IntegerConvertor
from starlette.routing import BaseRoute, Match, Mount, Route, Router
from starlette.types import Receive, Scope, Send


class BoundedIntegerConvertor(IntegerConvertor):
    regex = "[0-9]{1,9}"


BOUNDED = BoundedIntegerConvertor()


def bound_integer_ids(routes: Iterable[BaseRoute]) -> None:
    """Every `{name:int}` of these routes, and of the routes mounted under them, matches at most 9 digits."""
    for route in routes:
        if isinstance(route, Route | Mount):
            pattern = route.path_regex.pattern
            for name, convertor in list(route.param_convertors.items()):
                if type(convertor) is IntegerConvertor:
                    route.param_convertors[name] = BOUNDED
                    pattern = pattern.replace(f"(?P<{name}>{convertor.regex})", f"(?P<{name}>{BOUNDED.regex})")
            route.path_regex = re.compile(pattern)
        if isinstance(route, Mount):
            bound_integer_ids(route.routes)


def _first_segment(path: str) -> str | None:
    """The literal first segment of a route's path ("/consultations/{id}" -> "consultations"); None where a
    parameter or nothing stands there (the route may match paths of any first segment)."""
    first = path.split("/", 2)[1] if path.startswith("/") and len(path) > 1 else None
    return None if first is None or "{" in first else first


class SegmentRouter(Router):
    """A Router that tries, in their order, only the routes whose path can begin with the request's first
    segment: under /api/v1 a request went through every route of the areas before its own (the matching was
    7% of answering's CPU time, issue 6 §4). A route whose first segment is not literal is tried for every
    request, in its place; a request whose first segment no route names goes through all of them, as a plain
    Router would (its 404, 405 and slash redirects are the same). Of the segment's routes, a plain Route whose
    regex does not match the path is passed over without its full `matches` (the route path worked out again
    for every route: under the consultations segment my-response was the seventh)."""

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        super().__init__(routes=list(routes))
        firsts = [_first_segment(route.path) if isinstance(route, Route | Mount) else None for route in self.routes]
        self._by_segment = {
            segment: [route for route, first in zip(self.routes, firsts, strict=True) if first in (segment, None)]
            for segment in {first for first in firsts if first is not None}
        }

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            route_path = get_route_path(scope)
            segment = route_path.split("/", 2)[1:2]
            narrowed = self._by_segment.get(segment[0]) if segment else None
            if narrowed is not None:
                scope.setdefault("router", self)
                partial: tuple[BaseRoute, Scope] | None = None
                for route in narrowed:
                    # A plain Route matches nothing its regex does not (Route.matches answers Match.NONE): its full
                    # match, the route path worked out again and its parameters converted, only where it did. The
                    # regex is read here, not kept: bound_integer_ids replaces it after the router is made.
                    if type(route) is Route and route.path_regex.match(route_path) is None:
                        continue
                    match, child_scope = route.matches(scope)
                    if match is Match.FULL:
                        scope["route"] = route
                        scope.update(child_scope)
                        return await route.handle(scope, receive, send)
                    if match is Match.PARTIAL and partial is None:
                        partial = (route, child_scope)
                if partial is not None:  # as Router does: the path's route, not this method's (405)
                    scope["route"] = partial[0]
                    scope.update(partial[1])
                    return await partial[0].handle(scope, receive, send)
                # No route of the segment matched: the plain Router's slash redirect or 404, over all routes.
        await super().app(scope, receive, send)
