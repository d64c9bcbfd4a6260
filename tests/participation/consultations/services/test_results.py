from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from participation.consultations.analysis import opinion_groups
from participation.consultations.models import Answer
from participation.consultations.services import authoring, responding, results, statements
from participation.errors import NotAllowed, NotFound
from tests.support.consultations import NOW, citizens, make_park


async def answered_park():
    park = await make_park()
    people = await citizens(4)
    single, multiple = (lambda i: park.option("single_choice", i)), (lambda i: park.option("multiple_choice", i))
    given = [
        {park.text: "Bankjes", park.single: single(0), park.multiple: [multiple(0), multiple(1)], park.scale: 5},
        {park.text: "Meer schaduw", park.single: single(0), park.multiple: [multiple(1)], park.scale: 4},
        {park.text: "bankjes en bomen", park.single: single(2), park.multiple: [], park.scale: 2},
        {park.text: "Een toilet", park.multiple: [multiple(1), multiple(3)]},
    ]
    for i, (person, answers) in enumerate(zip(people, given, strict=True)):
        await responding.put_my_response(
            park.id, user=person, answers={str(k): v for k, v in answers.items()}, now=NOW + timedelta(minutes=i)
        )
    for person, vote in zip(people, ["agree", "agree", "disagree"], strict=False):
        await statements.vote_on_statement(park.statement(0), vote=vote, by=person, now=NOW)
    await statements.vote_on_statement(park.statement(1), vote="pass", by=people[0], now=NOW)
    return park, people


def question(found, question_id):
    return next(q for q in found.questions if q.id == question_id)


async def test_results_match_hand_computed_numbers(orm):
    park, _people = await answered_park()
    found = await results.results(park.id, viewer=park.official, now=NOW)
    assert found.responses == 4
    single = question(found, park.single)
    assert single.answered == 3
    assert [(o.count, o.percent) for o in single.options] == [(2, 66.7), (0, 0.0), (1, 33.3)]
    multiple = question(found, park.multiple)
    assert multiple.answered == 3
    assert [(o.count, o.percent) for o in multiple.options] == [(1, 33.3), (3, 100.0), (0, 0.0), (1, 33.3)]
    scale = question(found, park.scale)
    assert scale.distribution == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert scale.mean == 3.67
    text = question(found, park.text)
    assert text.answered == 4
    assert [a.text for a in text.answers.items] == ["Een toilet", "bankjes en bomen", "Meer schaduw", "Bankjes"]
    assert all(a.ref == f"answer:{a.id}" for a in text.answers.items)
    statement_results = question(found, park.statements).statements
    assert [(s.agree, s.disagree, s.passed) for s in statement_results] == [(2, 1, 0), (0, 0, 1), (0, 0, 0)]
    assert statement_results[0].percent("agree") == 66.7


async def test_open_answers_are_paged_and_searchable(orm):
    park, _people = await answered_park()
    first = await results.text_answers(park.text, viewer=park.official, now=NOW, limit=3)
    assert len(first.items) == 3 and first.next
    rest = await results.text_answers(park.text, viewer=park.official, now=NOW, limit=3, cursor=first.next)
    assert [a.text for a in rest.items] == ["Bankjes"]
    assert rest.next is None
    found = await results.text_answers(park.text, viewer=park.official, now=NOW, search="BANKJES")
    assert [a.text for a in found.items] == ["bankjes en bomen", "Bankjes"]
    percent = await results.text_answers(park.text, viewer=park.official, now=NOW, search="%")
    assert percent.items == []


async def test_results_are_for_officials_while_open_and_public_once_closed(orm):
    park, people = await answered_park()
    with pytest.raises(NotAllowed):
        await results.results(park.id, viewer=people[0], now=NOW)
    with pytest.raises(NotAllowed):
        await results.results(park.id, viewer=None, now=NOW)
    with pytest.raises(NotAllowed):
        await results.text_answers(park.text, viewer=None, now=NOW)
    await authoring.close_consultation(park.id, by=park.official, now=NOW)
    public = await results.results(park.id, viewer=None, now=NOW)
    assert public.responses == 4 and not public.full
    draft = await make_park(opened=False)
    with pytest.raises(NotFound):
        await results.results(draft.id, viewer=people[0], now=NOW)


async def test_hidden_answers_are_left_out_for_the_public_but_not_for_officials(orm):
    park, _people = await answered_park()
    hidden = await Answer.get(question_id=park.text, text="Een toilet")
    hidden.state = "hidden"
    await hidden.save()
    await authoring.close_consultation(park.id, by=park.official, now=NOW)
    public = question(await results.results(park.id, viewer=None, now=NOW), park.text)
    assert "Een toilet" not in [a.text for a in public.answers.items]
    official = question(await results.results(park.id, viewer=park.official, now=NOW), park.text)
    assert ("Een toilet", "hidden") in [(a.text, a.state) for a in official.answers.items]


async def test_reading_results_does_not_count_answer_rows(orm):
    # The counters are the truth: results read them, not the answers (proved by removing the answers).
    park, _people = await answered_park()
    await Answer.filter(question_id__in=[park.single, park.scale]).delete()
    found = await results.results(park.id, viewer=park.official, now=NOW)
    assert [o.count for o in question(found, park.single).options] == [2, 0, 1]
    assert question(found, park.scale).mean == 3.67


async def _queries_of_results(park, caplog) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        await results.results(park.id, viewer=park.official, now=NOW)
    return [r.getMessage() for r in caplog.records if r.name == "tortoise.db_client"]


async def test_results_cost_the_same_queries_at_any_number_of_responses(orm, caplog):
    park, _people = await answered_park()
    await opinion_groups.recompute_stale(now=NOW)  # the monitor stores the opinion groups
    few = await _queries_of_results(park, caplog)
    for person in await citizens(25, prefix="extra"):
        await responding.put_my_response(park.id, user=person, answers={str(park.text): "Nog een"}, now=NOW)
    many = await _queries_of_results(park, caplog)
    assert len(many) == len(few)
    # None of them reads responses or (non-text) answers: every number comes from a counter.
    assert not any('FROM "responses"' in q for q in many)
    [answers] = [q for q in many if 'FROM "answers"' in q]
    assert "LIMIT" in answers  # only the first page of the open answers
