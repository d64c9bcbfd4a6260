"""A short-lived, per-process cache of what every viewer of a consultation sees alike.

Reading a consultation page or its results costs several queries; under load the same rows are read again
and again. Entries live `TTL` (measured with the `now` each caller passes) and are dropped at once when this
process writes: services that change what a consultation shows are wrapped in `@writes`, those that only
change its tallies (answers, votes, proposals) in `@changes_results`; code elsewhere that changes what a
consultation shows (moderation hiding an answer, say) calls `changed()`. Other processes see a write at most
`TTL` later. Permissions and the schedule are never cached: callers apply them to a snapshot with the viewer
and `now` of each request.

Under load nobody waits for an entry to be read again: a reader in the last quarter of an entry's life
(`REFRESH_AHEAD`) is served it and starts one computation in the background, which replaces the entry when
done; without that, every connection stalled behind the one recomputation each time an entry ran out (the
results' p99 was 20-25x their median, issue 6 §4). An entry still runs out at `TTL` as before.

Keys are tuples whose first element is the scope: "view" (the consultation, its questions and options, its
published statements and decision) or "results".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from participation.afterwards import afterwards

log = logging.getLogger(__name__)

TTL = timedelta(seconds=2)
REFRESH_AHEAD = TTL * 3 / 4
MAX_ENTRIES = 2000
SCOPES = ("view", "results")

T = TypeVar("T")

_generations: dict[str, int] = dict.fromkeys(SCOPES, 0)
_entries: dict[tuple[Hashable, ...], tuple[datetime, int, Any]] = {}
# Computations under way: concurrent readers of one key wait for the same one instead of each starting theirs.
_inflight: dict[tuple[Hashable, ...], asyncio.Future[Any]] = {}
# Background computations under way (kept referenced until done).
_refreshing: set[asyncio.Task[Any]] = set()


def changed(scopes: tuple[str, ...] = SCOPES) -> None:
    for scope in scopes:
        _generations[scope] += 1
    for key in [k for k in _entries if k[0] in scopes]:
        _entries.pop(key, None)


# A service that changes what a consultation shows: every snapshot is dropped when it returns or fails.
writes = afterwards(lambda: changed(SCOPES))
# A service that changes only the tallies (answers, votes, proposed statements): results snapshots are dropped.
changes_results = afterwards(lambda: changed(("results",)))


async def remember(key: tuple[Hashable, ...], compute: Callable[[], Awaitable[T]], *, now: datetime) -> T:
    """The value computed for `key` within the last `TTL` before `now`, else a freshly computed one."""
    scope = key[0]
    generation = _generations[scope]
    entry = _entries.get(key)
    if entry is not None and entry[1] == generation and entry[0] <= now < entry[0] + TTL:
        if now >= entry[0] + REFRESH_AHEAD and key not in _inflight:
            # Registered in `_inflight` now, before the task first runs: every other reader until then (all
            # the requests the event loop runs before it, 50 under the bench's load) would start its own.
            future = _started(key, generation)
            task = asyncio.get_running_loop().create_task(_refresh(key, compute, future, now=now))
            _refreshing.add(task)
            task.add_done_callback(lambda done: _settled(key, future, done))
        return entry[2]
    running = _inflight.get(key)
    if running is not None and running.generation == generation:  # type: ignore[attr-defined]
        return await asyncio.shield(running)
    return await _computed(key, compute, _started(key, generation), now=now)


def _started(key: tuple[Hashable, ...], generation: int) -> asyncio.Future[Any]:
    """The future readers of `key` wait for while one computation of it is under way."""
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    future.generation = generation  # type: ignore[attr-defined]
    _inflight[key] = future
    return future


def _settled(key: tuple[Hashable, ...], future: asyncio.Future[Any], task: asyncio.Task[Any]) -> None:
    """A background computation has ended; one cancelled before it began leaves no future for readers to wait
    on for ever."""
    _refreshing.discard(task)
    if not future.done():
        future.cancel()
    if _inflight.get(key) is future:
        del _inflight[key]


async def _refresh(
    key: tuple[Hashable, ...], compute: Callable[[], Awaitable[Any]], future: asyncio.Future[Any], *, now: datetime
) -> None:
    try:
        await _computed(key, compute, future, now=now)
    except Exception:
        # Nobody waits for this one: the next reader past the TTL computes (and meets the failure) itself.
        log.warning("Refreshing the snapshot %r failed", key, exc_info=True)


async def _computed(
    key: tuple[Hashable, ...], compute: Callable[[], Awaitable[T]], future: asyncio.Future[Any], *, now: datetime
) -> T:
    scope = key[0]
    generation = future.generation  # type: ignore[attr-defined]
    try:
        value = await compute()
    except asyncio.CancelledError:
        future.cancel()
        raise
    except Exception as exc:
        future.set_exception(exc)
        future.exception()  # retrieved here, so an unawaited failure is not reported as lost
        raise
    else:
        future.set_result(value)
    finally:
        if _inflight.get(key) is future:
            del _inflight[key]
    # A write that finished while this was computed may not be in `value`: keep it only if there was none.
    if _generations[scope] == generation:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[key] = (now, generation, value)
    return value
