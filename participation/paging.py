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
from participation.numbers import whole_number

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    next: str | None


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
