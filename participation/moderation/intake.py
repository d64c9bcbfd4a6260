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

from participation import sql
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
    """`held` or `flagged` for each, in order, in at most four statements whatever their number: for callers that
    store many texts in one transaction (the answers' group commit). Call it inside that transaction: a concurrent
    first item of the same ref fails it on the unique key, and the caller stores each on its own.

    Written straight to the driver (one read, one executemany per table): in a flood every answer of a batch
    comes here, and building a model object and a CASE term per row cost more than the rest of the batch."""
    if not found:
        return
    db = ModerationItem._meta.db
    refs = sorted({f.ref for f in found})
    in_list = ",".join(sql.marks(db, len(refs)))
    _count, rows = await db.execute_query(
        f'SELECT "id","ref","held" FROM "moderation_items" WHERE "ref" IN ({in_list})', refs
    )
    items = {ref: [item_id, bool(held)] for item_id, ref, held in rows}
    # The state each item ends in, by ref: the last finding's time and hits; held back once any finding held it.
    final: dict[str, tuple[bool, Sequence[dict[str, str]], datetime, int | None]] = {}
    for f in found:
        before = final.get(f.ref)
        stored = items.get(f.ref)
        held = f.held or (before[0] if before else bool(stored and stored[1]))
        final[f.ref] = (held, f.hits, f.now, before[3] if before else f.author_id)
    item_fields = ModerationItem._meta.fields_map
    when = item_fields["updated_at"].to_db_value
    hits_of = item_fields["hits"].to_db_value
    updates = []
    inserts = []
    for ref, (held, hits, at, author_id) in final.items():
        at_db, hits_db = when(at, ModerationItem), hits_of(list(hits), ModerationItem)
        if ref in items:
            updates.append(["waiting", at_db, at_db, hits_db, held, items[ref][0]])
        else:
            inserts.append([ref, author_id, "waiting", 0, at_db, held, hits_db, at_db])
    if updates:
        await db.execute_many(
            sql.filled(
                'UPDATE "moderation_items" SET "status"={},"updated_at"={},"waiting_since"={},"hits"={},"held"={} '
                'WHERE "id"={}',
                db,
            ),
            updates,
        )
    if inserts:
        await db.execute_many(
            sql.filled(
                'INSERT INTO "moderation_items" ("ref","author_id","status","reports","waiting_since","held","hits",'
                '"updated_at") VALUES ({},{},{},{},{},{},{},{})',
                db,
            ),
            inserts,
        )
    log_fields = LogEntry._meta.fields_map
    logged_at, detail_of = log_fields["created_at"].to_db_value, log_fields["detail"].to_db_value
    await db.execute_many(
        sql.filled(
            'INSERT INTO "moderation_log" ("event","ref","actor_id","detail","created_at") VALUES ({},{},{},{},{})',
            db,
        ),
        [
            [
                "rule_hit" if f.hits else "held",
                f.ref,
                None,
                detail_of({"hits": list(f.hits)}, LogEntry),
                logged_at(f.now, LogEntry),
            ]
            for f in found
        ],
    )
