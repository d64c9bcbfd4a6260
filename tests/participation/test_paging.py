"""Cursor paging: newest first, nothing skipped or repeated, and a cursor that is no id is a clear refusal."""

from __future__ import annotations

import pytest

from participation.consultations.models import Consultation
from participation.errors import Invalid
from participation.paging import newest_first, parse_cursor
from tests.support.consultations import make_park


@pytest.mark.parametrize("cursor", ["²", "١٢", "12a", "-3", " 4", "9" * 10])
def test_a_cursor_of_other_characters_than_ascii_digits_is_invalid(cursor):
    with pytest.raises(Invalid) as refused:
        parse_cursor(cursor)
    assert "cursor" in refused.value.fields


async def test_pages_cover_every_row_once_newest_first(orm):
    ids = [(await make_park(opened=False)).id for _ in range(5)]
    seen, cursor = [], None
    while True:
        page = await newest_first(Consultation.all(), cursor=cursor, limit=2)
        seen += [c.id for c in page.items]
        if page.next is None:
            break
        cursor = page.next
    assert seen == sorted(ids, reverse=True)
