"""Group commit of answers: the responses submitted at about the same time are stored in one transaction.

Every answer stored in its own transaction costs a dozen queries and, on SQLite, a turn at the one write
lock. Here each request validates its answers itself (see responding) and hands them to the writer of its
event loop, which collects whatever is waiting (up to `MAX_BATCH`; it waits for nothing but one turn of the
loop, so requests ready at the same moment join), stores them with answer_store.store_batch in one
transaction, and gives every request its own outcome.

Guarantees:
- A submission is stored entirely or not at all: its caller may go away (cancelled) before the batch is
  taken, and it is dropped, or after, and it is stored as if the caller had waited.
- A submission the batch cannot store (its consultation closed meanwhile) gets its own `Refused`; the others
  are committed. If the batch fails as a whole (a concurrent first response in another process, a deadlock,
  a lost connection), it is rolled back and every caller gets `ALONE`: store it on your own, the old way.
  So correctness never depends on this path.
  (Should the writer itself be torn down in the middle of a commit, its callers store theirs again on their
  own: replacing is idempotent, so the tallies stay exact; only `created` could then say False.)
- The writer never dies: a failure is logged and the next batch goes on. It keeps no task of its own while
  nothing waits, so a new event loop (each test has one) simply gets a new writer.
- Other processes (one SQLite file, or PostgreSQL) have their own writers; the database's locks and the
  atomic counter updates keep the tallies exact between them.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from tortoise.transactions import in_transaction

from participation.consultations.storage.answer_store import Refused, Stored, Submission, store_batch

log = logging.getLogger(__name__)

MAX_BATCH = 200


class Alone(enum.Enum):
    # The batch failed as a whole and was rolled back: the caller stores its submission on its own.
    ALONE = "alone"


ALONE = Alone.ALONE
Outcome = Stored | Refused | Alone
Store = Callable[[Sequence[Submission]], Awaitable[list[Stored | Refused]]]


class AnswerWriter:
    """Stores the submissions of one event loop in batches. `store` runs inside the batch's transaction."""

    def __init__(self, *, store: Store = store_batch, max_batch: int = MAX_BATCH) -> None:
        self._store = store
        self._max_batch = max_batch
        self._pending: deque[tuple[Submission, asyncio.Future[Outcome]]] = deque()
        self._draining: asyncio.Task[None] | None = None
        self._holds = 0
        self._released = asyncio.Event()
        self._released.set()

    @property
    def waiting(self) -> int:
        """How many submissions wait for a batch (their callers may have gone)."""
        return len(self._pending)

    async def submit(self, submission: Submission) -> Outcome:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._pending.append((submission, future))
        if self._draining is None or self._draining.done():
            # The task takes a copy of this caller's context: its database connections (never a transaction of
            # the caller's, see responding) and nothing that shapes an outcome (messages are made by callers).
            self._draining = loop.create_task(self._drain(), name="answer-batches")
        return await future

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """Submissions wait (unstored) while this block runs, then go in batches: how tests line up a batch."""
        self._holds += 1
        self._released.clear()
        try:
            yield
        finally:
            self._holds -= 1
            if not self._holds:
                self._released.set()

    async def _drain(self) -> None:
        try:
            while self._pending:
                await asyncio.sleep(0)  # the requests ready to run now join this batch
                await self._released.wait()
                await self._one_batch()
        finally:
            # Only when this task is torn down (its loop stopping): nothing else would answer what waits.
            while self._pending:
                _, future = self._pending.popleft()
                if not future.done():
                    future.set_result(ALONE)

    def _take(self) -> list[tuple[Submission, asyncio.Future[Outcome]]]:
        batch = []
        while self._pending and len(batch) < self._max_batch:
            submission, future = self._pending.popleft()
            if not future.cancelled():  # its caller went away before the batch began: dropped
                batch.append((submission, future))
        return batch

    async def _one_batch(self) -> None:
        batch: list[tuple[Submission, asyncio.Future[Outcome]]] = []
        outcomes: Sequence[Outcome]
        try:
            async with in_transaction():
                # Taken once the transaction has begun: whatever queued while it waited for the lock joins.
                batch = self._take()
                outcomes = await self._store([s for s, _ in batch]) if batch else []
                if len(outcomes) != len(batch):
                    raise RuntimeError(f"{len(outcomes)} outcomes for {len(batch)} submissions")
        except asyncio.CancelledError:
            _settle(batch, [ALONE] * len(batch))
            raise
        except Exception:
            # Failed before the batch was taken (no transaction to be had): what waits goes on its own too, so
            # each caller meets the failure itself rather than this writer trying again and again.
            batch = batch or self._take()
            log.exception("A batch of %d answers failed and was rolled back; each is stored on its own", len(batch))
            outcomes = [ALONE] * len(batch)
        # The results snapshots are dropped by put_my_response (@snapshots.changes_results), whichever way its
        # answer was stored: here, on its own, or in the caller's transaction.
        _settle(batch, outcomes)


def _settle(batch: list[tuple[Submission, asyncio.Future[Outcome]]], outcomes: Sequence[Outcome]) -> None:
    for (_, future), outcome in zip(batch, outcomes, strict=True):
        if not future.done():  # a caller that went away meanwhile no longer waits
            future.set_result(outcome)


_writers: dict[asyncio.AbstractEventLoop, AnswerWriter] = {}


def writer() -> AnswerWriter:
    """The writer of the running event loop, made the first time it is asked for."""
    loop = asyncio.get_running_loop()
    found = _writers.get(loop)
    if found is None:
        for closed in [other for other in _writers if other.is_closed()]:
            del _writers[closed]
        found = _writers[loop] = AnswerWriter()
    return found
