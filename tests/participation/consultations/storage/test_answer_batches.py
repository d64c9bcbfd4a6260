"""Group commit of answers: many responses in one transaction, each with its own outcome, nothing lost."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import pytest
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.consultations.models import Answer, Consultation, Option, Response
from participation.consultations.rules import QuestionInput
from participation.consultations.services import authoring, responding, results
from participation.consultations.storage import answer_batches
from participation.consultations.storage.answer_batches import AnswerWriter
from participation.consultations.storage.answer_store import Submission, store_batch
from participation.errors import Conflict
from participation.moderation.models import LogEntry, ModerationItem
from tests.support.answering_processes import answer_in_processes
from tests.support.consultations import NOW, make_park
from tests.support.tallies import assert_tallies_match_answers


async def people(count: int, prefix: str = "p") -> list[User]:
    return [await User.create(email=f"{prefix}{i}@example.nl", display_name=f"{prefix}{i}") for i in range(count)]


def answers_for(park, i: int, *, round_: int) -> dict[str, object]:
    """Different answers per person and round; the scale and multiple choice questions left out now and then."""
    given: dict[str, object] = {
        str(park.text): f"Antwoord {i}.{round_}",
        str(park.single): park.option("single_choice", (i + round_) % 3),
    }
    if (i + round_) % 4:
        given[str(park.multiple)] = [park.option("multiple_choice", j) for j in range(4) if (i + round_ + j) % 2 == 0]
    if (i + round_) % 3:
        given[str(park.scale)] = 1 + (i * 7 + round_) % 5
    return given


class Recording:
    """A store that records the size of each batch it is given, and can be told to fail after storing."""

    def __init__(self, *, failures: int = 0) -> None:
        self.sizes: list[int] = []
        self.failures = failures

    async def __call__(self, submissions: Sequence[Submission]):
        self.sizes.append(len(submissions))
        outcomes = await store_batch(submissions)
        if self.failures:
            self.failures -= 1
            raise OperationalError("the connection was lost")  # after the writes: they must be rolled back
        return outcomes


async def waiting(writer: AnswerWriter, count: int) -> None:
    for _ in range(2000):
        if writer.waiting >= count:
            return
        await asyncio.sleep(0.001)
    raise AssertionError(f"{writer.waiting} submissions wait, not {count}")


def put(park, person: User, answers: dict[str, object], writer: AnswerWriter | None = None):
    return asyncio.ensure_future(
        responding.put_my_response(park.id, user=person, answers=answers, now=NOW, writer=writer)
    )


async def test_200_concurrent_answers_of_100_people_with_replacements_keep_exact_tallies(orm_any):
    park = await make_park()
    crowd = await people(100)
    # Half of them answered before; then everyone answers twice at once (the same person racing themselves).
    for i, person in enumerate(crowd[:50]):
        await responding.put_my_response(park.id, user=person, answers=answers_for(park, i, round_=0), now=NOW)
    store = Recording()
    writer = AnswerWriter(store=store)
    outcomes = await asyncio.gather(
        *[
            responding.put_my_response(
                park.id, user=person, answers=answers_for(park, i, round_=r), now=NOW, writer=writer
            )
            for r in (1, 2)
            for i, person in enumerate(crowd)
        ]
    )
    # Batched: far fewer transactions than answers.
    assert sum(store.sizes) == 200 and len(store.sizes) < 20, store.sizes
    # `created` once per person who had not answered before, never twice.
    assert sum(o.created for o in outcomes) == 50
    assert (await Consultation.get(id=park.id)).response_count == 100 == await Response.all().count()
    await assert_tallies_match_answers(park.id)
    # Everyone's stored answers are one of their two submissions, whole.
    for i, person in enumerate(crowd):
        mine = await responding.get_my_response(park.id, user=person, now=NOW)
        sent = [{int(k): v for k, v in answers_for(park, i, round_=r).items()} for r in (1, 2)]
        assert mine.answers in sent


async def test_two_answers_of_one_person_in_one_batch_are_applied_in_order(orm_any):
    park = await make_park()
    [person, other] = await people(2)
    writer = AnswerWriter(store=(store := Recording()))
    first = {str(park.text): "Eerst", str(park.single): park.option("single_choice", 0), str(park.scale): 2}
    second = {str(park.text): "Daarna", str(park.multiple): [park.option("multiple_choice", 3)]}
    async with writer.held():
        earlier = put(park, person, first, writer)
        await waiting(writer, 1)
        later = put(park, person, second, writer)
        alongside = put(park, other, first, writer)
        await waiting(writer, 3)
    one, two, three = await asyncio.gather(earlier, later, alongside)
    assert store.sizes == [3]
    assert (one.created, two.created, three.created) == (True, False, True)
    assert one.response.id == two.response.id != three.response.id
    assert one.mine.answers == {park.text: "Eerst", park.single: park.option("single_choice", 0), park.scale: 2}
    mine = await responding.get_my_response(park.id, user=person, now=NOW)
    assert mine.answers == {park.text: "Daarna", park.multiple: [park.option("multiple_choice", 3)]}
    assert (await Consultation.get(id=park.id)).response_count == 2
    await assert_tallies_match_answers(park.id)


async def test_replacements_in_one_batch_keep_ids_and_moderation_states_as_one_after_the_other(orm_any):
    optional_text = [
        QuestionInput("text", "Wat mist u in het park?"),
        QuestionInput("single_choice", "Hoe komt u naar het park?", options=["Lopend", "Fiets", "Auto"]),
    ]
    park = await make_park(questions=optional_text)
    [person] = await people(1)
    await responding.put_my_response(park.id, user=person, answers={str(park.text): "Eerst"}, now=NOW)
    stored = await Answer.get(question_id=park.text)
    await Answer.filter(id=stored.id).update(state="hidden")
    writer = AnswerWriter()
    async with writer.held():
        changed = put(park, person, {str(park.text): "Anders"}, writer)
        await waiting(writer, 1)
        dropped = put(park, person, {str(park.single): park.option("single_choice", 0)}, writer)
        await waiting(writer, 2)
        again = put(park, person, {str(park.text): "Weer"}, writer)
        await waiting(writer, 3)
    one, two, three = await asyncio.gather(changed, dropped, again)
    # The first changes the hidden answer in place (it stays hidden); the second drops it; the third is new.
    assert one.mine.states == {park.text: "hidden"}
    assert two.mine.states == {} and three.mine.states == {}
    [text] = await Answer.filter(question_id=park.text)
    assert (text.text, text.state) == ("Weer", "visible") and text.id != stored.id
    assert not any(o.created for o in (one, two, three))
    await assert_tallies_match_answers(park.id)


async def test_a_consultation_that_closes_before_its_batch_refuses_only_its_own_answers(orm_any):
    park, other = await make_park(), await make_park(by=None, title="Parkeerbeleid")
    crowd = await people(6)
    writer = AnswerWriter(store=(store := Recording()))
    async with writer.held():
        tasks = [
            put(p, person, answers_for(p, i, round_=0), writer) for i, person in enumerate(crowd) for p in (park, other)
        ]
        await waiting(writer, len(tasks))
        # Validated while open; closed before the batch reads the consultation again.
        await authoring.close_consultation(other.id, by=other.official, now=NOW)
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    assert store.sizes == [12]
    for outcome in outcomes[1::2]:
        assert isinstance(outcome, Conflict) and outcome.code == "not_open"
        assert "closed" in outcome.message
    assert all(o.created for o in outcomes[0::2])
    assert await Response.filter(consultation_id=other.id).count() == 0
    assert sum(o.count for o in await Option.filter(question__consultation_id=other.id)) == 0
    assert (await Consultation.get(id=park.id)).response_count == 6
    await assert_tallies_match_answers(park.id)
    await assert_tallies_match_answers(other.id)


async def test_a_failed_batch_is_rolled_back_and_each_answer_stored_on_its_own(orm_any, caplog):
    park = await make_park()
    crowd = await people(20)
    for i, person in enumerate(crowd[:10]):
        await responding.put_my_response(park.id, user=person, answers=answers_for(park, i, round_=0), now=NOW)
    store = Recording(failures=1)
    writer = AnswerWriter(store=store)
    async with writer.held():
        tasks = [put(park, person, answers_for(park, i, round_=1), writer) for i, person in enumerate(crowd)]
        await waiting(writer, 20)
    outcomes = await asyncio.gather(*tasks)
    assert store.sizes == [20]  # the one batch, which failed; then each on its own, past the writer
    assert "failed and was rolled back" in caplog.text
    assert [o.created for o in outcomes] == [False] * 10 + [True] * 10
    assert (await Consultation.get(id=park.id)).response_count == 20
    await assert_tallies_match_answers(park.id)
    for i, person in enumerate(crowd):
        mine = await responding.get_my_response(park.id, user=person, now=NOW)
        assert mine.answers == {int(k): v for k, v in answers_for(park, i, round_=1).items()}
    # The writer goes on: the next batch is stored as a batch.
    again = await asyncio.gather(*[put(park, p, answers_for(park, i, round_=2), writer) for i, p in enumerate(crowd)])
    assert not any(o.created for o in again) and sum(store.sizes[1:]) == 20
    await assert_tallies_match_answers(park.id)


async def test_a_caller_that_goes_away_leaves_its_answer_stored_whole_or_not_at_all(orm_any):
    park = await make_park()
    crowd = await people(10)
    for i, person in enumerate(crowd):
        await responding.put_my_response(park.id, user=person, answers=answers_for(park, i, round_=0), now=NOW)
    await results.results(park.id, viewer=park.official, now=NOW)  # a results snapshot to be dropped
    tasks: list[asyncio.Future] = []

    async def store_and_lose_a_caller(submissions: Sequence[Submission]):
        tasks[5].cancel()  # its caller goes away while the batch is being stored
        return await store_batch(submissions)

    writer = AnswerWriter(store=store_and_lose_a_caller)
    async with writer.held():
        tasks += [put(park, person, answers_for(park, i, round_=1), writer) for i, person in enumerate(crowd)]
        await waiting(writer, 10)
        tasks[2].cancel()  # goes away before its batch begins
        await asyncio.sleep(0)
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    assert [i for i, o in enumerate(outcomes) if isinstance(o, asyncio.CancelledError)] == [2, 5]
    for i, person in enumerate(crowd):
        mine = await responding.get_my_response(park.id, user=person, now=NOW)
        expected = answers_for(park, i, round_=0 if i == 2 else 1)
        assert mine.answers == {int(k): v for k, v in expected.items()}, i
    await assert_tallies_match_answers(park.id)
    # The batch dropped the results snapshot although one of its callers never returned.
    found = await results.results(park.id, viewer=park.official, now=NOW)
    single = next(q for q in found.questions if q.kind == "single_choice")
    stored = {o.id: o.count for o in await Option.filter(question_id=park.single)}
    assert {o.id: o.count for o in single.options} == stored


async def test_a_batch_costs_the_same_queries_at_any_size(orm, caplog):
    park = await make_park()
    crowd = await people(60)
    same = {str(park.text): "Ja", str(park.single): park.option("single_choice", 0), str(park.scale): 3}

    async def queries_of_batch(group: list[User]) -> int:
        writer = AnswerWriter()
        async with writer.held():
            tasks = [put(park, person, same, writer) for person in group]
            await waiting(writer, len(group))
            caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            await asyncio.gather(*tasks)
        return len([r for r in caplog.records if r.name == "tortoise.db_client"])

    few = await queries_of_batch(crowd[:3])
    many = await queries_of_batch(crowd[3:])
    assert many == few
    # Replacing costs the same at any size too.
    assert await queries_of_batch(crowd[:3]) == await queries_of_batch(crowd[3:])
    await assert_tallies_match_answers(park.id)


async def test_an_answer_with_personal_data_in_a_batch_is_held_back_in_it_and_the_others_are_published(orm_any):
    park = await make_park()
    crowd = await people(3)
    texts = ["Meer bankjes", "Mijn BSN is 111222333, bel me", "Meer licht"]
    writer = AnswerWriter(store=(store := Recording()))
    async with writer.held():
        tasks = [put(park, person, {str(park.text): text}, writer) for person, text in zip(crowd, texts, strict=True)]
        await waiting(writer, 3)
    outcomes = await asyncio.gather(*tasks)
    assert store.sizes == [3]
    assert [o.mine.states for o in outcomes] == [{}, {park.text: "pending"}, {}]
    stored = {a.response_id: a for a in await Answer.filter(question_id=park.text)}
    assert [stored[o.mine.response.id].state for o in outcomes] == ["visible", "pending", "visible"]
    held = stored[outcomes[1].mine.response.id]
    item = await ModerationItem.get()
    assert item.ref == held.ref and item.held and item.hits[0]["rule"] == "personal_data:bsn"
    assert await LogEntry.filter(event="rule_hit", ref=held.ref).count() == 1
    # Again, with an item in the queue already: that item comes back with what was found now, logged again.
    again = await put(park, crowd[1], {str(park.text): "Nog eens: 111222333, en mail a@example.nl"}, writer)
    assert again.mine.states == {park.text: "pending"}
    item = await ModerationItem.get()
    assert item.ref == held.ref and {hit["rule"] for hit in item.hits} == {"personal_data:bsn", "personal_data:email"}
    assert await LogEntry.filter(event="rule_hit", ref=held.ref).count() == 2


def test_each_event_loop_has_its_own_writer():
    async def writer_of_this_loop() -> tuple[AnswerWriter, AnswerWriter]:
        return answer_batches.writer(), answer_batches.writer()

    first, same = asyncio.run(writer_of_this_loop())
    second, _ = asyncio.run(writer_of_this_loop())
    assert first is same and first is not second


@pytest.mark.parametrize("size", [1, 3])
async def test_answers_inside_a_transaction_of_the_caller_are_stored_in_it(orm, size):
    park = await make_park()
    crowd = await people(size)
    async with in_transaction():
        for i, person in enumerate(crowd):
            outcome = await responding.put_my_response(
                park.id, user=person, answers=answers_for(park, i, round_=0), now=NOW
            )
            assert outcome.created
    assert (await Consultation.get(id=park.id)).response_count == size
    await assert_tallies_match_answers(park.id)


async def test_several_processes_answering_the_same_people_keep_exact_tallies(orm_any):
    park = await make_park()
    crowd = await people(30)
    # Three processes (each its own writer), every person answering in each of them at the same moment: first
    # responses race across processes (on PostgreSQL a batch can then fail and fall back), replacements too.
    plans = [[(p.id, answers_for(park, i, round_=r)) for i, p in enumerate(crowd)] for r in range(3)]
    created = await asyncio.to_thread(answer_in_processes, orm_any, park.id, plans)
    assert sum(sum(flags) for flags in created) == 30
    assert (await Consultation.get(id=park.id)).response_count == 30 == await Response.all().count()
    await assert_tallies_match_answers(park.id)
    for i, person in enumerate(crowd):
        mine = await responding.get_my_response(park.id, user=person, now=NOW)
        assert mine.answers in [{int(k): v for k, v in answers_for(park, i, round_=r).items()} for r in range(3)]
