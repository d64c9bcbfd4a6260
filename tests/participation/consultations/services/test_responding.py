from __future__ import annotations

from datetime import timedelta

import pytest

from participation.consultations.models import Answer, Consultation, Option, Question, ScaleTally
from participation.consultations.services import authoring, responding
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from tests.support.consultations import NOW, make_park
from tests.support.web import make_user


async def counts(park) -> dict:
    options = {o.id: o.count for o in await Option.filter(question__consultation_id=park.id)}
    tallies = {t.value: t.count for t in await ScaleTally.filter(question_id=park.scale)}
    answered = {q.id: q.answer_count for q in await Question.filter(consultation_id=park.id)}
    responses = (await Consultation.get(id=park.id)).response_count
    return {"options": options, "tallies": tallies, "answered": answered, "responses": responses}


async def test_a_response_is_stored_and_counted(orm):
    park = await make_park()
    citizen = await make_user("burger@example.nl")
    answers = {
        str(park.text): "Meer **bankjes** <script>x</script>",
        str(park.single): park.option("single_choice", 1),
        str(park.multiple): [park.option("multiple_choice", 0), park.option("multiple_choice", 2)],
        str(park.scale): 4,
    }
    outcome = await responding.put_my_response(park.id, user=citizen, answers=answers, now=NOW)
    assert outcome.created
    found = await counts(park)
    assert found["responses"] == 1
    assert found["tallies"] == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    assert [found["options"][park.option("single_choice", i)] for i in range(3)] == [0, 1, 0]
    assert [found["options"][park.option("multiple_choice", i)] for i in range(4)] == [1, 0, 1, 0]
    assert found["answered"] == {park.text: 1, park.single: 1, park.multiple: 1, park.scale: 1, park.statements: 0}
    text = await Answer.get(question_id=park.text)
    assert "<script>" not in text.text_html and "<strong>bankjes</strong>" in text.text_html
    mine = await responding.get_my_response(park.id, user=citizen, now=NOW)
    assert mine.answers == {
        **{int(k): v for k, v in answers.items()},
        park.multiple: sorted(answers[str(park.multiple)]),
    }


async def test_replacing_a_response_moves_the_counts(orm):
    park = await make_park()
    citizen = await make_user("burger@example.nl")
    first = {
        str(park.text): "Eerst",
        str(park.single): park.option("single_choice", 0),
        str(park.multiple): [park.option("multiple_choice", 0), park.option("multiple_choice", 1)],
        str(park.scale): 2,
    }
    await responding.put_my_response(park.id, user=citizen, answers=first, now=NOW)
    text_answer = await Answer.get(question_id=park.text)
    second = {
        str(park.text): "Daarna",
        str(park.single): park.option("single_choice", 2),
        str(park.multiple): [park.option("multiple_choice", 1), park.option("multiple_choice", 3)],
    }
    outcome = await responding.put_my_response(park.id, user=citizen, answers=second, now=NOW + timedelta(hours=1))
    assert not outcome.created
    found = await counts(park)
    assert found["responses"] == 1
    assert [found["options"][park.option("single_choice", i)] for i in range(3)] == [0, 0, 1]
    assert [found["options"][park.option("multiple_choice", i)] for i in range(4)] == [0, 1, 0, 1]
    assert found["tallies"] == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    assert found["answered"][park.scale] == 0
    assert found["answered"][park.text] == 1
    # The text answer keeps its id (its ref), with the new text.
    again = await Answer.get(question_id=park.text)
    assert (again.id, again.text) == (text_answer.id, "Daarna")
    assert await Answer.all().count() == 3
    mine = await responding.get_my_response(park.id, user=citizen, now=NOW)
    assert park.scale not in mine.answers
    assert mine.response.updated_at == NOW + timedelta(hours=1)


async def test_an_invalid_response_changes_nothing_and_names_each_question(orm):
    park = await make_park()
    other = await make_park()
    citizen = await make_user("burger@example.nl")
    bad = {
        str(park.single): other.option("single_choice", 0),
        str(park.multiple): [park.option("multiple_choice", 0), True],
        str(park.scale): 6,
        "999999": "x",
    }
    with pytest.raises(Invalid) as caught:
        await responding.put_my_response(park.id, user=citizen, answers=bad, now=NOW)
    assert set(caught.value.fields) == {str(park.text), str(park.single), str(park.multiple), str(park.scale), "999999"}
    assert "needs an answer" in caught.value.fields[str(park.text)]
    assert (await counts(park))["responses"] == 0
    assert await Answer.all().count() == 0


async def test_answering_is_only_possible_while_open(orm):
    draft = await make_park(opened=False)
    citizen = await make_user("burger@example.nl")
    with pytest.raises(NotFound):
        await responding.put_my_response(draft.id, user=citizen, answers={str(draft.text): "x"}, now=NOW)
    with pytest.raises(Conflict) as caught:
        await responding.put_my_response(draft.id, user=draft.official, answers={str(draft.text): "x"}, now=NOW)
    assert "not open yet" in caught.value.message
    park = await make_park()
    await authoring.close_consultation(park.id, by=park.official, now=NOW)
    with pytest.raises(Conflict) as caught:
        await responding.put_my_response(park.id, user=citizen, answers={str(park.text): "x"}, now=NOW)
    assert caught.value.code == "not_open"


async def test_an_unconfirmed_account_takes_part_unless_confirmation_is_required(orm):
    park = await make_park()
    citizen = await make_user("burger@example.nl")
    citizen.confirmed_at = None
    with pytest.raises(NotAllowed):
        await responding.put_my_response(
            park.id, user=citizen, answers={str(park.text): "x"}, now=NOW, require_confirmed=True
        )
    await responding.put_my_response(park.id, user=citizen, answers={str(park.text): "x"}, now=NOW)


async def test_my_responses_for_the_account_page(orm):
    first, second = await make_park(), await make_park(by=None, title="Parkeerbeleid")
    citizen = await make_user("burger@example.nl")
    assert await responding.get_my_response(first.id, user=citizen, now=NOW) is None
    await responding.put_my_response(first.id, user=citizen, answers={str(first.text): "a"}, now=NOW)
    await responding.put_my_response(
        second.id, user=citizen, answers={str(second.text): "b"}, now=NOW + timedelta(minutes=5)
    )
    await authoring.close_consultation(first.id, by=first.official, now=NOW + timedelta(minutes=6))
    mine = await responding.my_responses(user=citizen, now=NOW + timedelta(minutes=7))
    assert [(m.consultation_id, m.title, m.status) for m in mine] == [
        (second.id, "Parkeerbeleid", "open"),
        (first.id, "Herinrichting Julianapark", "closed"),
    ]


async def test_my_responses_include_consultations_where_i_only_voted(orm):
    from participation.consultations.services import statements

    answered, voted = await make_park(), await make_park(by=None, title="Parkeerbeleid")
    citizen = await make_user("burger@example.nl")
    await responding.put_my_response(answered.id, user=citizen, answers={str(answered.text): "a"}, now=NOW)
    later = NOW + timedelta(minutes=3)
    await statements.vote_on_statement(voted.statement(0), vote="agree", by=citizen, now=NOW + timedelta(minutes=1))
    await statements.vote_on_statement(voted.statement(1), vote="pass", by=citizen, now=later)
    # A vote where a response exists adds nothing new.
    await statements.vote_on_statement(answered.statement(0), vote="disagree", by=citizen, now=later)
    mine = await responding.my_responses(user=citizen, now=later)
    assert [m.consultation_id for m in mine] == [voted.id, answered.id]
    assert (mine[0].responded_at, mine[0].updated_at) == (NOW + timedelta(minutes=1), later)
