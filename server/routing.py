"""Path ids bounded to 9 digits: ids beyond that cannot exist (PostgreSQL's integer columns end at 2^31 - 1,
SQLite's at 2^63 - 1) and must be a 404, not an overflow in the database driver.

Applied explicitly by `create_app` to the routes it serves (no global convertor registered on import)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.convertors import IntegerConvertor
from starlette.routing import BaseRoute, Mount, Route


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
