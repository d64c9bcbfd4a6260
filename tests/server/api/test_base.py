"""The API's shared pieces: a response straight from an output model, a body checked for NUL characters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse

from server.api.base import ApiError, Input, json_of, parse_body
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


class Nested(Input):
    answers: dict[str, Any]


async def _parsed(body: bytes) -> Nested:
    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    return await parse_body(Request({"type": "http", "method": "PUT", "headers": []}, receive), Nested)


@pytest.mark.parametrize(
    "body",
    [
        b'{"answers": {"1": "a\\u0000b"}}',
        b'{"answers": {"1": ["ok", {"deeper": "\\u0000"}]}}',
        b'{"answers": {"\\u0000": "key"}}',
    ],
)
async def test_a_nul_anywhere_in_a_body_is_refused_naming_the_field(body):
    with pytest.raises(ApiError) as refused:
        await _parsed(body)
    assert (refused.value.status, list(refused.value.fields)) == (422, ["answers"])


async def test_a_body_without_a_nul_is_taken_as_sent():
    # A backslash before "u0000" is text, not a NUL: taken (the check is only skipped when no escape is there).
    parsed = await _parsed(b'{"answers": {"1": "C:\\\\u0000 pad", "2": [3, 4]}}')
    assert parsed.answers == {"1": "C:\\u0000 pad", "2": [3, 4]}
