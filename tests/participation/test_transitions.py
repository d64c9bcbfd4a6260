"""A state transition is one conditional UPDATE: of many callers at once exactly one makes the move."""

from __future__ import annotations

import asyncio

import pytest

from participation import transitions
from participation.consultations.models import Consultation
from participation.errors import Conflict
from tests.support.consultations import make_park


async def test_of_twenty_closers_at_once_one_moves_the_row_and_the_rest_are_told(orm_any):
    park = await make_park()

    async def close() -> str:
        try:
            await transitions.move(Consultation, park.id, source="open", refusal="closed already", status="closed")
        except Conflict as exc:
            return exc.message
        return "moved"

    outcomes = await asyncio.gather(*(close() for _ in range(20)))
    assert outcomes.count("moved") == 1
    assert outcomes.count("closed already") == 19
    assert (await Consultation.get(id=park.id)).status == "closed"


async def test_a_row_in_none_of_the_source_states_is_a_conflict_and_stays_as_it_was(orm):
    park = await make_park(opened=False)
    with pytest.raises(Conflict) as refused:
        await transitions.move(
            Consultation, park.id, source=("open", "closed"), refusal="not now", code="wrong_state", status="decided"
        )
    assert refused.value.code == "wrong_state"
    assert (await Consultation.get(id=park.id)).status == "draft"
    await transitions.move(Consultation, park.id, source=("draft", "open"), refusal="not now", status="open")
    assert (await Consultation.get(id=park.id)).status == "open"
