"""Moving a row from one state to the next, safely when several requests or processes try at once.

One conditional UPDATE ("... WHERE id = ? AND status = <the state it must be in>") that reports how many rows
it changed: 1 means this caller made the move, 0 that the row was no longer in that state (another request
moved it first). It holds no lock between a read and a write, so it is exact on SQLite (where
select_for_update does nothing) and on PostgreSQL alike. Consultations use it to open, close and decide;
claims, appeals and conversations move through their states the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tortoise.models import Model

from participation.errors import Conflict


async def move(
    model: type[Model],
    row_id: int,
    *,
    source: str | Iterable[str],
    refusal: str,
    code: str = "wrong_state",
    field: str = "status",
    **changes: Any,
) -> None:
    """Apply `changes` (typically the new state) to the row if its `field` is still `source` (one state or any of
    several); raise Conflict(refusal) if it is not. Call inside the transaction that makes the rest of the move."""
    states = [source] if isinstance(source, str) else list(source)
    condition = {field: states[0]} if len(states) == 1 else {f"{field}__in": states}
    if not await model.filter(id=row_id, **condition).update(**changes):
        raise Conflict(refusal, code=code)
