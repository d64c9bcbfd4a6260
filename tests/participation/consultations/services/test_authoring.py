from __future__ import annotations

from datetime import timedelta

import pytest

from participation.consultations import repository
from participation.consultations.models import Consultation, Option, Question, ScaleTally, Statement
from participation.consultations.rules import QuestionInput
from participation.consultations.services import authoring, responding
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from tests.support.consultations import NOW, make_park, official, park_input
from tests.support.web import make_user


async def test_an_official_creates_a_draft_with_every_question_kind(orm):
    park = await make_park(opened=False)
    view = park.view
    assert view.status == "draft"
    assert view.consultation.body_html == "<p>Het park krijgt <strong>nieuwe</strong> paden.</p>"
    assert [q.kind for q in view.questions] == ["text", "single_choice", "multiple_choice", "scale", "statements"]
    assert [o.label for o in park.question("single_choice").options] == ["Lopend", "Fiets", "Auto"]
    assert [t.value for t in await ScaleTally.filter(question_id=park.scale)] == [1, 2, 3, 4, 5]
    seeds = park.question("statements").statements
    assert [s.text for s in seeds] == ["Meer bomen", "Een hondenveld", "Meer licht"]
    assert all(s.status == "published" and s.author_id is None for s in seeds)
    assert {"edit_questions", "open", "export", "results"} <= view.actions


async def test_citizens_may_not_create_and_never_see_drafts(orm):
    citizen = await make_user("burger@example.nl", "moderator", "admin")
    with pytest.raises(NotAllowed):
        await authoring.create_consultation(data=park_input(), by=citizen, now=NOW)
    park = await make_park(opened=False)
    with pytest.raises(NotFound):
        await repository.get_consultation(park.id, viewer=citizen, now=NOW)
    with pytest.raises(NotFound):
        await repository.get_consultation(park.id, viewer=None, now=NOW)
    assert (await repository.list_consultations(viewer=citizen, now=NOW, status="draft")).items == []
    assert (await repository.list_consultations(viewer=citizen, now=NOW)).items == []
    drafts = await repository.list_consultations(viewer=park.official, now=NOW, status="draft")
    assert [c.id for c in drafts.items] == [park.id]


async def test_bad_input_is_refused_field_by_field(orm):
    data = park_input(title=" ")
    data.questions[1].options = ["Alleen"]
    with pytest.raises(Invalid) as caught:
        await authoring.create_consultation(data=data, by=await official(), now=NOW)
    assert set(caught.value.fields) == {"title", "questions.1.options"}
    assert await Consultation.all().count() == 0


async def test_open_and_close_by_hand_with_conflicts_on_the_wrong_state(orm):
    park = await make_park(opened=False)
    by = park.official
    with pytest.raises(Conflict):
        await authoring.close_consultation(park.id, by=by, now=NOW)
    opened = await authoring.open_consultation(park.id, by=by, now=NOW)
    assert (opened.status, opened.opens_at) == ("open", NOW)
    with pytest.raises(Conflict):
        await authoring.open_consultation(park.id, by=by, now=NOW)
    closed = await authoring.close_consultation(park.id, by=by, now=NOW + timedelta(days=1))
    assert (closed.status, closed.closes_at) == ("closed", NOW + timedelta(days=1))
    with pytest.raises(Conflict):
        await authoring.close_consultation(park.id, by=by, now=NOW + timedelta(days=1))
    with pytest.raises(Conflict):
        await authoring.open_consultation(park.id, by=by, now=NOW + timedelta(days=1))
    citizen = await make_user("burger@example.nl")
    with pytest.raises(NotAllowed):
        await authoring.close_consultation(park.id, by=citizen, now=NOW)


async def test_a_draft_without_questions_cannot_open(orm):
    by = await official()
    consultation = await authoring.create_consultation(data=park_input(questions=[]), by=by, now=NOW)
    with pytest.raises(Conflict) as caught:
        await authoring.open_consultation(consultation.id, by=by, now=NOW)
    assert caught.value.code == "no_questions"


async def test_the_schedule_opens_and_closes_even_if_nobody_looked(orm):
    by = await official()
    opens, closes = NOW + timedelta(days=1), NOW + timedelta(days=8)
    consultation = await authoring.create_consultation(
        data=park_input(opens_at=opens, closes_at=closes), by=by, now=NOW
    )
    citizen = await make_user("burger@example.nl")
    with pytest.raises(NotFound):
        await repository.get_consultation(consultation.id, viewer=citizen, now=NOW)

    during = NOW + timedelta(days=2)
    assert (await repository.get_consultation(consultation.id, viewer=citizen, now=during)).status == "open"
    listed = await repository.list_consultations(viewer=None, now=during, status="open")
    assert [c.id for c in listed.items] == [consultation.id]
    text = (await repository.get_consultation(consultation.id, viewer=by, now=during)).questions[0].id
    outcome = await responding.put_my_response(consultation.id, user=citizen, answers={str(text): "Ja"}, now=during)
    assert outcome.created

    after = NOW + timedelta(days=9)
    assert (await repository.get_consultation(consultation.id, viewer=citizen, now=after)).status == "closed"
    assert [c.id for c in (await repository.list_consultations(viewer=None, now=after, status="closed")).items] == [
        consultation.id
    ]
    with pytest.raises(Conflict) as caught:
        await responding.put_my_response(consultation.id, user=citizen, answers={str(text): "Nee"}, now=after)
    assert caught.value.code == "not_open"
    assert "closed" in caught.value.message

    # The stored status still says draft until the worker applies the schedule; then it says closed.
    assert (await Consultation.get(id=consultation.id)).status == "draft"
    assert await authoring.apply_schedule(now=after) == 1
    assert (await Consultation.get(id=consultation.id)).status == "closed"
    assert await authoring.apply_schedule(now=after) == 0


async def test_apply_schedule_opens_due_drafts_and_leaves_the_rest(orm):
    by = await official()
    due = await authoring.create_consultation(data=park_input(opens_at=NOW - timedelta(minutes=1)), by=by, now=NOW)
    later = await authoring.create_consultation(data=park_input(opens_at=NOW + timedelta(minutes=1)), by=by, now=NOW)
    unscheduled = await authoring.create_consultation(data=park_input(), by=by, now=NOW)
    assert await authoring.apply_schedule(now=NOW) == 1
    statuses = {c.id: c.status for c in await Consultation.all()}
    assert statuses == {due.id: "open", later.id: "draft", unscheduled.id: "draft"}


async def test_questions_are_edited_only_in_a_draft(orm):
    park = await make_park(opened=False)
    by = park.official
    added = await authoring.add_question(park.id, question=QuestionInput("text", "Nog iets?"), by=by, now=NOW)
    assert added.position == 5
    await authoring.move_question(added.id, offset=-5, by=by, now=NOW)
    order = await Question.filter(consultation_id=park.id).values_list("id", flat=True)
    assert order[0] == added.id
    await authoring.update_question(
        park.single,
        question=QuestionInput("single_choice", "Hoe vaak?", options=["Dagelijks", "Wekelijks"]),
        by=by,
        now=NOW,
    )
    single = await Question.get(id=park.single).prefetch_related("options")
    assert single.prompt == "Hoe vaak?"
    assert [o.label for o in single.options] == ["Dagelijks", "Wekelijks"]
    await authoring.remove_question(park.statements, by=by, now=NOW)
    assert not await Statement.filter(question_id=park.statements).exists()
    remaining = list(await Question.filter(consultation_id=park.id).values_list("id", flat=True))
    await authoring.reorder_questions(park.id, order=list(reversed(remaining)), by=by, now=NOW)
    assert list(await Question.filter(consultation_id=park.id).values_list("id", flat=True)) == list(
        reversed(remaining)
    )
    assert list(await Question.filter(consultation_id=park.id).values_list("position", flat=True)) == [0, 1, 2, 3, 4]
    with pytest.raises(Invalid):
        await authoring.reorder_questions(park.id, order=remaining[:2], by=by, now=NOW)

    await authoring.open_consultation(park.id, by=by, now=NOW)
    with pytest.raises(Conflict) as caught:
        await authoring.add_question(park.id, question=QuestionInput("text", "Te laat"), by=by, now=NOW)
    assert "frozen" in caught.value.message
    with pytest.raises(Conflict):
        await authoring.remove_question(park.text, by=by, now=NOW)
    with pytest.raises(Conflict):
        await authoring.replace_draft(park.id, data=park_input(), by=by, now=NOW)
    assert await Option.filter(question_id=park.single).count() == 2


async def test_details_stay_editable_while_open_but_the_opening_time_does_not(orm):
    park = await make_park()
    by = park.official
    c = park.view.consultation
    later = NOW + timedelta(days=30)
    updated = await authoring.update_details(
        park.id, title="Nieuw", summary="", body="*b*", opens_at=c.opens_at, closes_at=later, by=by, now=NOW
    )
    assert (updated.title, updated.body_html, updated.closes_at) == ("Nieuw", "<p><em>b</em></p>", later)
    with pytest.raises(Invalid) as caught:
        await authoring.update_details(
            park.id, title="x", summary="", body="", opens_at=NOW, closes_at=NOW - timedelta(seconds=1), by=by, now=NOW
        )
    assert set(caught.value.fields) == {"opens_at", "closes_at"}


async def test_the_index_lists_open_then_decided_then_closed(orm):
    by = await official()
    ids = {}
    for name in ("closed", "open", "draft"):
        c = await authoring.create_consultation(data=park_input(title=name), by=by, now=NOW)
        ids[name] = c.id
        if name != "draft":
            await authoring.open_consultation(c.id, by=by, now=NOW)
        if name == "closed":
            await authoring.close_consultation(c.id, by=by, now=NOW)
    public = await repository.consultation_index(viewer=None, now=NOW)
    assert [c.title for c in public] == ["open", "closed"]
    assert [c.title for c in await repository.consultation_index(viewer=by, now=NOW)] == ["open", "closed", "draft"]
    page = await repository.list_consultations(viewer=None, now=NOW, limit=1)
    assert [c.id for c in page.items] == [ids["open"]]
    rest = await repository.list_consultations(viewer=None, now=NOW, limit=1, cursor=page.next)
    assert [c.id for c in rest.items] == [ids["closed"]]
    assert rest.next is None
