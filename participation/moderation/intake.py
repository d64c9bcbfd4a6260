"""How areas hand content to moderation at write time: `held` puts an item in the queue (held back before
publication, with what the automatic rules found), `flagged` one that stays published. Areas call this; it
never calls them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from participation.moderation import alerts
from participation.moderation.models import LogEntry, ModerationItem


async def enqueue(ref: str, *, author_id: int | None, now: datetime, reported: bool = False, **changes: Any) -> None:
    """The item of `ref` waiting for a decision (made if new), with `changes` on it; `reported` counts one more
    reporter."""
    values = {"status": "waiting", "updated_at": now, **changes}
    counted = {"reports": F("reports") + 1} if reported else {}
    if await ModerationItem.filter(ref=ref, status="waiting").update(**values, **counted):
        return
    # From here the queue grows: the item was decided before, or is new.
    if not await ModerationItem.filter(ref=ref).update(**values, **counted):
        try:
            await ModerationItem.create(
                ref=ref, author_id=author_id, **{"waiting_since": now, **values}, reports=1 if reported else 0
            )
        except IntegrityError:
            # Made by a concurrent call meanwhile.
            await ModerationItem.filter(ref=ref).update(**values, **counted)
            return
    await alerts.queue_grew(now=now)


async def held(ref: str, *, author_id: int | None, now: datetime, hits: Sequence[dict[str, str]] = ()) -> None:
    """Content held back before publication (pre-moderated, or a rule's `hits`): into the queue, logged."""
    await enqueue(ref, author_id=author_id, now=now, held=True, hits=list(hits), waiting_since=now)
    await LogEntry.create(
        event="rule_hit" if hits else "held", ref=ref, actor_id=None, detail={"hits": list(hits)}, created_at=now
    )


async def flagged(ref: str, *, author_id: int | None, now: datetime, hits: Sequence[dict[str, str]]) -> None:
    """Published content a rule flagged (it stays published): into the queue, logged."""
    await enqueue(ref, author_id=author_id, now=now, hits=list(hits), waiting_since=now)
    await LogEntry.create(event="rule_hit", ref=ref, actor_id=None, detail={"hits": list(hits)}, created_at=now)


@dataclass(frozen=True)
class Found:
    """What the rules found in one text at write time: held back (`held`) or flagged while it stays published."""

    ref: str
    author_id: int | None
    held: bool
    hits: Sequence[dict[str, str]]
    now: datetime


async def found_many(found: Sequence[Found]) -> None:
    """`held` or `flagged` for each, in order, in four queries whatever their number: for callers that store
    many texts in one transaction (the answers' group commit). Call it inside that transaction: a concurrent
    first item of the same ref fails it on the unique key, and the caller stores each on its own."""
    if not found:
        return
    items = {item.ref: item for item in await ModerationItem.filter(ref__in=sorted({f.ref for f in found}))}
    new: dict[str, ModerationItem] = {}
    for f in found:
        item = items.get(f.ref) or new.get(f.ref)
        if item is None:
            new[f.ref] = ModerationItem(
                ref=f.ref,
                author_id=f.author_id,
                status="waiting",
                reports=0,
                waiting_since=f.now,
                held=f.held,
                hits=list(f.hits),
                updated_at=f.now,
            )
            continue
        item.status, item.updated_at, item.waiting_since, item.hits = "waiting", f.now, f.now, list(f.hits)
        if f.held:
            item.held = True
    if items:
        await ModerationItem.bulk_update(
            list(items.values()), fields=["status", "updated_at", "waiting_since", "hits", "held"]
        )
    if new:
        await ModerationItem.bulk_create(list(new.values()))
    await LogEntry.bulk_create(
        [
            LogEntry(
                event="rule_hit" if f.hits else "held",
                ref=f.ref,
                actor_id=None,
                detail={"hits": list(f.hits)},
                created_at=f.now,
            )
            for f in found
        ]
    )
