"""A short-lived, per-process cache of what every viewer of a consultation sees alike.

Reading a consultation page or its results costs several queries; under load the same rows are read again
and again. Entries live `TTL` seconds and are dropped at once whenever this process writes anything about
consultations (every write service is wrapped in `@writes`; code elsewhere that changes what a consultation
shows — moderation hiding an answer, say — calls `changed()`). Other processes see a write at most `TTL`
seconds later. Permissions and the schedule are never cached: callers apply them to the snapshot with the
viewer and `now` of each request.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime, timedelta
from typing import Any, ParamSpec, TypeVar

TTL = timedelta(seconds=2)
MAX_ENTRIES = 2000

P = ParamSpec("P")
T = TypeVar("T")

_generation = 0
_entries: dict[Hashable, tuple[datetime, int, Any]] = {}


def changed() -> None:
    global _generation
    _generation += 1
    _entries.clear()


def writes(service: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Marks a service that changes consultations: cached snapshots are dropped when it returns or fails."""

    @functools.wraps(service)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await service(*args, **kwargs)
        finally:
            changed()

    return wrapper


async def remember(key: Hashable, compute: Callable[[], Awaitable[T]], *, now: datetime) -> T:
    """The value computed for `key` within the last `TTL` before `now`, else a freshly computed one."""
    generation = _generation
    entry = _entries.get(key)
    if entry is not None and entry[1] == generation and entry[0] <= now < entry[0] + TTL:
        return entry[2]
    value = await compute()
    # A write that finished while this was computed may not be in `value`: keep it only if there was none.
    if _generation == generation:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[key] = (now, generation, value)
    return value
