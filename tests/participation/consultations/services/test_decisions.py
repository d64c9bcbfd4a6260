from __future__ import annotations

import pytest

from participation.areas import notification_kinds
from participation.consultations import repository
from participation.consultations.models import Consultation, Decision, Question
from participation.consultations.services import authoring, decisions, responding
from participation.errors import Conflict, Invalid, NotAllowed
from participation.mail.models import OutboxMail
from participation.notifications.models import Notification
from participation.notifications.services import set_preferences
from tests.support.consultations import NOW, citizens, make_park


async def test_publishing_the_decision_tells_every_respondent(orm):
    park = await make_park()
    people = await citizens(3)
    for person in people[:2]:
        await responding.put_my_response(park.id, user=person, answers={str(park.text): "Ja"}, now=NOW)
    people[0].language = "en"
    await people[0].save()
    await set_preferences(people[1], kinds=notification_kinds(), email_kinds=set())
    await authoring.close_consultation(park.id, by=park.official, now=NOW)
    decision = await decisions.publish_decision(
        park.id,
        summary="We planten twintig bomen.",
        body="Omdat **veel** mensen schaduw willen.",
        outcomes={park.text: "Bankjes komen er ook."},
        by=park.official,
        now=NOW,
        link=f"https://inspraak.example.nl/consultations/{park.id}",
    )
    assert decision.body_html == "<p>Omdat <strong>veel</strong> mensen schaduw willen.</p>"
    assert (await Consultation.get(id=park.id)).status == "decided"
    assert (await Question.get(id=park.text)).outcome_html == "<p>Bankjes komen er ook.</p>"
    notifications = await Notification.filter(kind="consultation_decision").order_by("user_id")
    assert [n.user_id for n in notifications] == [people[0].id, people[1].id]
    assert all(n.link == f"https://inspraak.example.nl/consultations/{park.id}" for n in notifications)
    assert "Herinrichting Julianapark" in notifications[0].title
    # One e-mail per respondent who wants e-mail; the one who turned it off gets only the notification.
    mails = await OutboxMail.all()
    assert [m.to for m in mails] == [people[0].email]
    assert "We planten twintig bomen." in mails[0].body and f"/consultations/{park.id}" in mails[0].body
    view = await repository.get_consultation(park.id, viewer=None, now=NOW)
    assert view.status == "decided" and view.decision.summary == "We planten twintig bomen."


async def test_a_decision_needs_a_closed_consultation_and_an_official(orm):
    park = await make_park()
    citizen = (await citizens(1))[0]
    with pytest.raises(Conflict):
        await decisions.publish_decision(park.id, summary="x", body="", by=park.official, now=NOW)
    await authoring.close_consultation(park.id, by=park.official, now=NOW)
    with pytest.raises(NotAllowed):
        await decisions.publish_decision(park.id, summary="x", body="", by=citizen, now=NOW)
    with pytest.raises(Invalid) as caught:
        await decisions.publish_decision(park.id, summary=" ", body="", outcomes={999: "x"}, by=park.official, now=NOW)
    assert set(caught.value.fields) == {"summary", "outcomes.999"}
    await decisions.publish_decision(park.id, summary="Besluit", body="", by=park.official, now=NOW)
    with pytest.raises(Conflict):
        await decisions.publish_decision(park.id, summary="Nog een", body="", by=park.official, now=NOW)
    assert await Decision.all().count() == 1


async def test_who_only_voted_on_statements_is_told_too_with_a_full_link_in_the_mail(orm):
    from participation.consultations.services import statements

    park = await make_park()
    voter, answerer = await citizens(2)
    await statements.vote_on_statement(park.statement(0), vote="agree", by=voter, now=NOW)
    await statements.vote_on_statement(park.statement(1), vote="pass", by=voter, now=NOW)
    await responding.put_my_response(park.id, user=answerer, answers={str(park.text): "Ja"}, now=NOW)
    await statements.vote_on_statement(park.statement(0), vote="disagree", by=answerer, now=NOW)
    await authoring.close_consultation(park.id, by=park.official, now=NOW)
    await decisions.publish_decision(
        park.id,
        summary="Besluit",
        body="",
        by=park.official,
        now=NOW,
        link=f"https://inspraak.example.nl/consultations/{park.id}",
    )
    told = await Notification.filter(kind="consultation_decision").values_list("user_id", flat=True)
    assert sorted(told) == sorted([voter.id, answerer.id])  # each once
    mails = await OutboxMail.filter(to=voter.email)
    assert len(mails) == 1
    assert f"https://inspraak.example.nl/consultations/{park.id}" in mails[0].body
