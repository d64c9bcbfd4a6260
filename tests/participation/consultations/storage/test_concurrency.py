"""Many citizens answering at once never lose or double a count, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter

from participation.accounts.models import User
from participation.consultations.models import (
    Answer,
    Consultation,
    Option,
    Question,
    Response,
    ScaleTally,
    Statement,
    StatementVote,
)
from participation.consultations.services import responding, statements
from tests.support.consultations import NOW, make_park

PEOPLE = 30


async def people(count: int) -> list[User]:
    return [await User.create(email=f"p{i}@example.nl", display_name=f"p{i}") for i in range(count)]


def answers_for(park, i: int, *, round_: int) -> dict[str, object]:
    single = park.option("single_choice", (i + round_) % 3)
    multiple = [park.option("multiple_choice", j) for j in range(4) if (i + round_ + j) % 2 == 0]
    given: dict[str, object] = {str(park.text): f"Antwoord {i}.{round_}", str(park.single): single}
    given[str(park.multiple)] = multiple
    if (i + round_) % 3:
        given[str(park.scale)] = 1 + (i * 7 + round_) % 5
    return given


async def test_concurrent_answers_and_replacements_keep_exact_tallies(orm_any):
    park = await make_park()
    crowd = await people(PEOPLE)

    first = await asyncio.gather(
        *[
            responding.put_my_response(park.id, user=p, answers=answers_for(park, i, round_=0), now=NOW)
            for i, p in enumerate(crowd)
        ]
    )
    assert all(o.created for o in first)
    # Everyone replaces their answer at once, half of them twice at the same time (the same person racing).
    racing = [
        responding.put_my_response(park.id, user=p, answers=answers_for(park, i, round_=1), now=NOW)
        for i, p in enumerate(crowd)
    ] + [
        responding.put_my_response(park.id, user=p, answers=answers_for(park, i, round_=2), now=NOW)
        for i, p in enumerate(crowd)
        if i % 2 == 0
    ]
    second = await asyncio.gather(*racing)
    assert not any(o.created for o in second)

    # The truth is in the stored answers; the counters must equal a recount of them.
    assert (await Consultation.get(id=park.id)).response_count == PEOPLE == await Response.all().count()
    recount: Counter[int] = Counter()
    scale: Counter[int] = Counter()
    answered: Counter[int] = Counter()
    for answer in await Answer.all():
        answered[answer.question_id] += 1
        if isinstance(answer.value, list):
            recount.update(answer.value)
        elif answer.question_id == park.single:
            recount[answer.value] += 1
        elif answer.question_id == park.scale:
            scale[answer.value] += 1
    for option in await Option.filter(question__consultation_id=park.id):
        assert option.count == recount[option.id], option.label
    for tally in await ScaleTally.filter(question_id=park.scale):
        assert tally.count == scale[tally.value]
    for question in await Question.filter(consultation_id=park.id):
        assert question.answer_count == answered[question.id]
    assert answered[park.single] == PEOPLE


async def test_concurrent_first_answers_by_the_same_person_make_one_response(orm_any):
    park = await make_park()
    (person,) = await people(1)
    outcomes = await asyncio.gather(
        *[
            responding.put_my_response(park.id, user=person, answers=answers_for(park, 0, round_=r), now=NOW)
            for r in range(4)
        ]
    )
    assert [o.created for o in outcomes].count(True) == 1
    assert (await Consultation.get(id=park.id)).response_count == 1
    assert await Answer.filter(question_id=park.single).count() == 1
    assert sum(o.count for o in await Option.filter(question_id=park.single)) == 1


async def test_concurrent_votes_and_vote_changes_keep_exact_tallies(orm_any):
    park = await make_park()
    crowd = await people(PEOPLE)
    target = park.statement(0)
    choices = ["agree", "disagree", "pass"]
    await asyncio.gather(
        *[statements.vote_on_statement(target, vote=choices[i % 3], by=p, now=NOW) for i, p in enumerate(crowd)]
    )
    await asyncio.gather(
        *[
            statements.vote_on_statement(target, vote=choices[(i + shift) % 3], by=p, now=NOW)
            for i, p in enumerate(crowd)
            for shift in (1, 2)
        ]
    )
    stored = await Statement.get(id=target)
    votes = Counter(await StatementVote.filter(statement_id=target).values_list("vote", flat=True))
    assert sum(votes.values()) == PEOPLE
    assert (stored.agree, stored.disagree, stored.passed) == (votes["agree"], votes["disagree"], votes["pass"])
