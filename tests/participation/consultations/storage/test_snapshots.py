"""The short-lived read cache: served within its TTL, dropped by every write, never a shortcut past permissions."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from participation.consultations import repository
from participation.consultations.models import Option
from participation.consultations.services import responding, results, statements
from participation.consultations.storage import snapshots
from participation.errors import NotAllowed, NotFound
from tests.support.consultations import NOW, citizens, make_park


async def test_results_are_served_from_the_snapshot_within_its_ttl(orm):
    park = await make_park()
    first = await results.results(park.id, viewer=park.official, now=NOW)
    # A change that bypasses the services (as another process's write would look to this one) ...
    await Option.filter(id=park.option("single_choice", 0)).update(count=99)
    within = await results.results(park.id, viewer=park.official, now=NOW + timedelta(seconds=1))
    after = await results.results(park.id, viewer=park.official, now=NOW + snapshots.TTL)
    single = lambda found: next(q for q in found.questions if q.kind == "single_choice").options[0].count  # noqa: E731
    # ... is seen once the TTL has passed, not before.
    assert (single(first), single(within), single(after)) == (0, 0, 99)


async def test_a_write_in_this_process_is_visible_at_once(orm):
    park = await make_park()
    [citizen] = await citizens(1)
    await results.results(park.id, viewer=park.official, now=NOW)
    answers = {str(park.text): "Meer bankjes", str(park.single): park.option("single_choice", 1), str(park.scale): 4}
    await responding.put_my_response(park.id, user=citizen, answers=answers, now=NOW)
    found = await results.results(park.id, viewer=park.official, now=NOW)
    assert found.responses == 1
    assert next(q for q in found.questions if q.kind == "single_choice").options[1].count == 1


async def test_permissions_and_the_schedule_are_applied_to_every_read(orm):
    draft = await make_park(opened=False)
    [citizen] = await citizens(1)
    # The official's read fills the cache; the citizen still may not see the draft.
    await repository.get_consultation(draft.id, viewer=draft.official, now=NOW)
    with pytest.raises(NotFound):
        await repository.get_consultation(draft.id, viewer=citizen, now=NOW)

    park = await make_park(closes_at=NOW + timedelta(seconds=1))
    await results.results(park.id, viewer=park.official, now=NOW)
    with pytest.raises(NotAllowed):
        await results.results(park.id, viewer=citizen, now=NOW)
    # One second later the consultation has closed by its schedule: the cached snapshot does not hide that.
    closed = await results.results(park.id, viewer=citizen, now=NOW + timedelta(seconds=1))
    assert closed.status == "closed"
    view = await repository.get_consultation(park.id, viewer=citizen, now=NOW + timedelta(seconds=1))
    assert view.status == "closed" and "respond" not in view.actions


async def test_concurrent_readers_share_one_computation():
    calls = 0
    release = asyncio.Event()

    async def compute():
        nonlocal calls
        calls += 1
        await release.wait()
        return calls

    readers = [asyncio.create_task(snapshots.remember(("results", "shared"), compute, now=NOW)) for _ in range(20)]
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*readers) == [1] * 20
    assert calls == 1


async def test_a_failed_computation_fails_its_waiters_and_is_not_kept():
    async def broken():
        raise RuntimeError("database went away")

    readers = [snapshots.remember(("results", "broken"), broken, now=NOW) for _ in range(3)]
    outcomes = await asyncio.gather(*readers, return_exceptions=True)
    assert all(isinstance(o, RuntimeError) for o in outcomes)

    async def works():
        return "ok"

    assert await snapshots.remember(("results", "broken"), works, now=NOW) == "ok"


async def test_a_statement_vote_is_in_the_results_read_right_after_it(orm):
    park = await make_park()
    [citizen, other] = await citizens(2)
    statement = park.statement(0)

    def tally(found) -> tuple[int, int, int]:
        question = next(q for q in found.questions if q.kind == "statements")
        shown = next(s for s in question.statements if s.id == statement)
        return shown.agree, shown.disagree, shown.passed

    assert tally(await results.results(park.id, viewer=park.official, now=NOW)) == (0, 0, 0)
    # Within the TTL of the snapshot just taken: the vote's own process drops it, so the new count shows.
    await statements.vote_on_statement(statement, vote="agree", by=citizen, now=NOW)
    assert tally(await results.results(park.id, viewer=park.official, now=NOW)) == (1, 0, 0)
    await statements.vote_on_statement(statement, vote="disagree", by=other, now=NOW)
    await statements.vote_on_statement(statement, vote="disagree", by=citizen, now=NOW)  # a changed vote
    assert tally(await results.results(park.id, viewer=park.official, now=NOW)) == (0, 2, 0)


async def test_a_reader_near_the_end_of_an_entry_is_served_it_while_it_is_read_again():
    values = iter(["first", "second"])
    release = asyncio.Event()

    async def compute():
        value = next(values)
        if value == "second":
            await release.wait()
        return value

    key = ("results", "ahead")
    assert await snapshots.remember(key, compute, now=NOW) == "first"
    # In the last quarter of its life: served at once, nobody waits for the computation it starts.
    assert await snapshots.remember(key, compute, now=NOW + snapshots.REFRESH_AHEAD) == "first"
    release.set()
    await asyncio.gather(*snapshots._refreshing)
    # Past the old entry's end, the new one (read at REFRESH_AHEAD) is served without computing again.
    assert await snapshots.remember(key, compute, now=NOW + snapshots.TTL) == "second"


async def test_readers_in_one_turn_near_the_end_of_an_entry_start_one_computation():
    computed = []

    async def compute():
        computed.append(len(computed))
        await asyncio.sleep(0)
        return f"value {len(computed)}"

    key = ("results", "crowd")
    assert await snapshots.remember(key, compute, now=NOW) == "value 1"
    # Fifty requests read the entry in its last quarter before any refresh has had a turn to run.
    late = NOW + snapshots.REFRESH_AHEAD
    served = await asyncio.gather(*(snapshots.remember(key, compute, now=late) for _ in range(50)))
    assert set(served) == {"value 1"}
    await asyncio.gather(*snapshots._refreshing)
    assert len(computed) == 2
    assert await snapshots.remember(key, compute, now=late) == "value 2"


async def test_readers_near_the_end_of_an_entry_start_one_computation_between_them():
    calls = 0

    async def compute():
        nonlocal calls
        calls += 1
        return calls

    key = ("results", "ahead-many")
    assert await snapshots.remember(key, compute, now=NOW) == 1
    # Fifty readers before the event loop runs the background computation (fifty requests in one turn of
    # the loop under load): all are served the entry at once, and one computation is started, not fifty.
    late = NOW + snapshots.REFRESH_AHEAD
    assert [await snapshots.remember(key, compute, now=late) for _ in range(50)] == [1] * 50
    await asyncio.gather(*snapshots._refreshing)
    assert calls == 2
    assert await snapshots.remember(key, compute, now=NOW + snapshots.TTL) == 2


async def test_a_background_computation_cancelled_before_it_began_leaves_no_waiter_stuck():
    async def compute():
        return "value"

    key = ("results", "ahead-cancelled")
    await snapshots.remember(key, compute, now=NOW)
    await snapshots.remember(key, compute, now=NOW + snapshots.REFRESH_AHEAD)
    for task in list(snapshots._refreshing):
        task.cancel()
    await asyncio.gather(*snapshots._refreshing, return_exceptions=True)
    # Past the entry's end a reader computes afresh instead of waiting for the cancelled computation.
    assert await asyncio.wait_for(snapshots.remember(key, compute, now=NOW + snapshots.TTL), 5) == "value"
