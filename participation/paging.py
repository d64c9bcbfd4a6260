"""Cursor paging, newest first: the shape of every list (`{"items": [...], "next": CURSOR_OR_NULL}` in the API).

The cursor is the id of the last row shown; the next page is the rows with a smaller id. It never skips or
repeats a row when rows are added meanwhile, and costs the same on page 1 and page 1,000 (an index range).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.queryset import QuerySet

from participation.errors import Invalid
from participation.i18n import _

T = TypeVar("T")

# Ids beyond this cannot exist (PostgreSQL's integer columns end at 2^31 - 1): a larger cursor means "from the top".
LARGEST_ID = 2**31 - 1


@dataclass
class Page(Generic[T]):
    items: list[T]
    next: str | None


def parse_cursor(cursor: str | None) -> int | None:
    """The id in a cursor; None for none. Only ASCII digits (str.isdigit() also accepts "²", which int() does not)."""
    if cursor is None or cursor == "":
        return None
    if not (cursor.isascii() and cursor.isdigit()):
        raise Invalid({"cursor": _("This cursor is not valid.")})
    return min(int(cursor), LARGEST_ID + 1) if len(cursor) < 12 else LARGEST_ID + 1


async def newest_first(query: QuerySet[Any], *, cursor: str | None, limit: int) -> Page[Any]:
    """One page of `query` by descending id, after `cursor`; `next` is set when there is more."""
    after = parse_cursor(cursor)
    if after is not None:
        query = query.filter(id__lt=after)
    rows = await query.order_by("-id").limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, str(rows[-1].id) if more and rows else None)
