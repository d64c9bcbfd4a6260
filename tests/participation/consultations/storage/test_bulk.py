"""The statements straight to the driver (bulk) read and write values exactly as Tortoise would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from participation.accounts.models import User
from participation.consultations.models import Answer, Response
from participation.consultations.storage import bulk
from tests.support.consultations import NOW, make_park


async def _response(park, name: str, *, at: datetime) -> Response:
    user = await User.create(email=f"{name}@example.nl", display_name=name)
    return await Response.create(consultation_id=park.id, user_id=user.id, created_at=at, updated_at=at)


async def test_rows_read_are_the_rows_tortoise_reads(orm_any: str) -> None:
    park = await make_park()
    # Microseconds, and a time given in another zone: both come back as the same instant, in UTC.
    at = datetime(2025, 5, 1, 11, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    response = await _response(park, "a", at=at)
    await Answer.create(
        response_id=response.id,
        question_id=park.multiple,
        value=[park.option("multiple_choice", 0), park.option("multiple_choice", 2)],
        created_at=at,
        updated_at=NOW,
    )
    await Answer.create(
        response_id=response.id,
        question_id=park.text,
        text="Meer bankjes",
        text_html="<p>Meer bankjes</p>",
        created_at=at,
        updated_at=NOW,
    )
    fields = ("id", "response_id", "question_id", "value", "text", "state", "created_at", "updated_at")
    where, values = bulk.where_pairs(
        Answer._meta.db, "response_id", "question_id", {response.id: [park.text, park.multiple]}
    )

    read = sorted(await bulk.rows_of(Answer, fields, where=where, values=values))

    assert read == sorted(await Answer.filter(response_id=response.id).values_list(*fields))
    assert [row[6].utcoffset() for row in read] == [timedelta(0), timedelta(0)]
    assert read[0][6] == at


async def test_touch_returns_the_rows_it_locked_unchanged(orm_any: str) -> None:
    park = await make_park()
    first = await _response(park, "a", at=NOW)
    second = await _response(park, "b", at=NOW + timedelta(minutes=1))
    await _response(park, "c", at=NOW)
    where, values = bulk.where_pairs(
        Response._meta.db, "consultation_id", "user_id", {park.id: [first.user_id, second.user_id]}
    )

    touched = await bulk.touch(Response, "updated_at", ("id", "user_id", "created_at"), where=where, values=values)

    assert sorted(touched) == [(first.id, first.user_id, NOW), (second.id, second.user_id, NOW + timedelta(minutes=1))]
    assert {r.updated_at for r in await Response.filter(id__in=[first.id, second.id])} == {
        NOW,
        NOW + timedelta(minutes=1),
    }


async def test_values_written_read_back_through_tortoise_as_given(orm_any: str) -> None:
    park = await make_park()
    response = await _response(park, "a", at=NOW)
    answer = await Answer.create(
        response_id=response.id,
        question_id=park.single,
        value=park.option("single_choice", 0),
        created_at=NOW,
        updated_at=NOW,
    )
    later = datetime(2025, 6, 2, 8, 0, 0, 5, tzinfo=UTC)

    await bulk.update_each(Answer, ["value", "updated_at"], [((answer.id,), [[3, 1], later])])
    changed = await Answer.get(id=answer.id)
    assert (changed.value, changed.updated_at) == ([3, 1], later)

    await bulk.update_each(Answer, ["value"], [((answer.id,), [None])])
    assert (await Answer.get(id=answer.id)).value is None
