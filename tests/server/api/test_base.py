"""The API's shared pieces: a response straight from an output model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from starlette.responses import JSONResponse

from server.api.base import json_of
from server.consultations.schemas import MyResponseOut


def test_json_of_sends_the_bytes_json_response_sends_for_the_model_dumped():
    out = MyResponseOut(
        consultation_id=3,
        # Non-ASCII, markup, a line separator, quotes and backslashes, lists and numbers.
        answers={"1": 'Méér <b>schaduw</b>\u2028 "ja" \\ nee', "2": [4, 5], "3": 2, "4": None},
        created_at=datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
        updated_at=datetime(2026, 1, 2, 4, 4, 5, tzinfo=timezone(timedelta(hours=1))),
    )

    sent = json_of(out, status_code=201)

    assert sent.body == JSONResponse(out.model_dump()).body
    assert (sent.status_code, sent.headers["content-type"]) == (201, "application/json")
