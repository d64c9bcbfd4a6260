"""Running a callback after a service, whether it returned or failed: how process-local caches are dropped."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def afterwards(callback: Callable[[], None]) -> Callable[[Callable[P, Awaitable[T]]], Callable[P, Awaitable[T]]]:
    def decorate(service: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
        @functools.wraps(service)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return await service(*args, **kwargs)
            finally:
                callback()

        return wrapper

    return decorate
