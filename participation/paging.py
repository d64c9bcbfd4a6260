"""Cursor paging, newest first: the shape of every list (`{"items": [...], "next": CURSOR_OR_NULL}` in the API).

The cursor is the id of the last row shown; the next page is the rows with a smaller id. It never skips or
repeats a row when rows are added meanwhile, and costs the same on page 1 and page 1,000 (an index range).

A list in another order (the moderation queue: most reported first, then the longest waiting) pages by `keyset`:
the cursor is the sort key of the last row shown ("3-1764590000000000-42": whole numbers, a time in microseconds
since 1970 UTC), the next page the rows after it in that order; `before=` the rows before a key (a page's
"previous" link), one query either way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from tortoise import fields
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from participation.errors import Invalid
from participation.i18n import _
from participation.numbers import whole_number

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    next: str | None
    # The key before the first row shown, for a "previous" link (keyset pages only; None on the first page).
    previous: str | None = None


def parse_cursor(cursor: str | None) -> int | None:
    """The id in a cursor; None for none. A cursor is a row id: plain digits, at most nine (participation.numbers)."""
    if cursor is None or cursor == "":
        return None
    after = whole_number(cursor)
    if after is None:
        raise Invalid({"cursor": _("This cursor is not valid.")})
    return after


async def newest_first(query: QuerySet[Any], *, cursor: str | None, limit: int) -> Page[Any]:
    """One page of `query` by descending id, after `cursor`; `next` is set when there is more."""
    after = parse_cursor(cursor)
    if after is not None:
        query = query.filter(id__lt=after)
    rows = await query.order_by("-id").limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, str(rows[-1].id) if more and rows else None)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_KEY_PART = re.compile(r"[0-9]{1,17}", re.ASCII)


def _names(order: Sequence[str]) -> list[str]:
    return [name.removeprefix("-") for name in order]


def _encode(row: Any, order: Sequence[str]) -> str:
    parts = []
    for name in _names(order):
        value = getattr(row, name)
        if isinstance(value, datetime):
            value = (value if value.tzinfo else value.replace(tzinfo=UTC)) - _EPOCH
            value = value // _MICROSECOND
        parts.append(str(value))
    return "-".join(parts)


def _decode(cursor: str, query: QuerySet[Any], order: Sequence[str]) -> list[Any]:
    invalid = Invalid({"cursor": _("This cursor is not valid.")})
    parts = cursor.split("-")
    if len(parts) != len(order) or not all(_KEY_PART.fullmatch(part) for part in parts):
        raise invalid
    values: list[Any] = []
    for name, part in zip(_names(order), parts, strict=True):
        if isinstance(query.model._meta.fields_map[name], fields.DatetimeField):
            try:
                values.append(_EPOCH + int(part) * _MICROSECOND)
            except OverflowError:
                raise invalid from None
        else:
            if len(part) > 9:
                raise invalid
            values.append(int(part))
    return values


def _beyond(order: Sequence[str], values: Sequence[Any], *, backward: bool) -> Q:
    """Rows strictly after `values` in `order` (before them when `backward`)."""
    found: Q | None = None
    for name, value in reversed(list(zip(order, values, strict=True))):
        field = name.removeprefix("-")
        comparison = "lt" if name.startswith("-") != backward else "gt"
        strict = Q(**{f"{field}__{comparison}": value})
        found = strict if found is None else strict | (Q(**{field: value}) & found)
    assert found is not None
    return found


async def keyset(
    query: QuerySet[Any], *, order: Sequence[str], cursor: str | None, limit: int, before: str | None = None
) -> Page[Any]:
    """One page of `query` in `order` (which ends in a unique field, e.g. "id"): after the key `cursor`, or with
    `before`, the page that ends just before that key. `next` is set when there is more after it, `previous`
    when there are rows before it. Invalid for a cursor that is not one."""
    if before:
        values = _decode(before, query, order)
        backward = [name[1:] if name.startswith("-") else f"-{name}" for name in order]
        rows = await query.filter(_beyond(order, values, backward=True)).order_by(*backward).limit(limit + 1)
        earlier = len(rows) > limit
        rows = list(reversed(rows[:limit]))
        return Page(
            rows,
            _encode(rows[-1], order) if rows else None,
            _encode(rows[0], order) if earlier and rows else None,
        )
    values = _decode(cursor, query, order) if cursor else None
    if values is not None:
        query = query.filter(_beyond(order, values, backward=False))
    rows = await query.order_by(*order).limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(
        rows,
        _encode(rows[-1], order) if more and rows else None,
        _encode(rows[0], order) if values is not None and rows else None,
    )
