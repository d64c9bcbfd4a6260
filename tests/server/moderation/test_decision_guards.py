"""Who may report and decide: content a person cannot see is as unknown to them as content that does not exist
(a report is 404 either way, so the answer does not reveal it); a suspended moderator cannot decide and is told
why; a moderator never decides about their own content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from participation import i18n
from participation.consultations.models import Answer, Statement
from participation.consultations.services import authoring
from participation.moderation import services
from participation.moderation.models import ModerationDecision, Report
from tests.support.consultation_pages import answer_park, in_english, park_in, real_now, text_of
from tests.support.web import make_user, post_form, sign_in, token_for

pytestmark = pytest.mark.usefixtures("orm")


async def seed_statement(park) -> Statement:
    return (await Statement.filter(question_id=park.question("statements").id).order_by("id"))[0]


async def test_a_statement_of_a_draft_consultation_is_404_like_unknown_content(client):
    park = await park_in("draft")
    statement = await seed_statement(park)
    await make_user("buurman@example.nl")
    headers = await token_for(client, "buurman@example.nl")
    hidden = await client.post("/api/v1/reports", json={"ref": statement.ref, "reason": "spam"}, headers=headers)
    unknown = await client.post("/api/v1/reports", json={"ref": "statement:999999", "reason": "spam"}, headers=headers)
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json()
    assert await Report.all().count() == 0
    # An official sees the draft, and may report what is in it.
    await make_user("ambtenaar2@example.nl", "official")
    official = await token_for(client, "ambtenaar2@example.nl")
    seen = await client.post("/api/v1/reports", json={"ref": statement.ref, "reason": "spam"}, headers=official)
    assert seen.status_code == 201


async def test_the_report_form_on_a_draft_statement_says_no_such_content(client):
    park = await park_in("draft")
    statement = await seed_statement(park)
    await make_user("buurman@example.nl")
    await sign_in(in_english(client), "buurman@example.nl")
    response = await post_form(
        client, "/moderation/reports", {"ref": statement.ref, "reason": "spam", "next": "/"}, page="/"
    )
    assert response.status_code == 303
    assert "There is no such content" in text_of((await client.get("/")).text)
    assert await Report.all().count() == 0


async def test_an_open_answer_is_reported_only_where_it_can_be_read(client):
    park = await park_in("open")
    author = await make_user("antwoorder@example.nl")
    await answer_park(park, author, {str(park.text): "Meer bankjes bij de vijver"})
    answer = await Answer.get(question_id=park.text)
    await make_user("buurman@example.nl")
    other = await token_for(client, "buurman@example.nl")
    # While open, results (and so the answers) are for officials only.
    early = await client.post("/api/v1/reports", json={"ref": answer.ref, "reason": "spam"}, headers=other)
    assert early.status_code == 404
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    late = await client.post("/api/v1/reports", json={"ref": answer.ref, "reason": "spam"}, headers=other)
    assert late.status_code == 201


async def moderator_statement(client, park, email: str) -> Statement:
    author = await make_user(email, "moderator")
    response = await client.post(
        f"/api/v1/questions/{park.question('statements').id}/statements",
        json={"text": "Meer bankjes bij de vijver"},
        headers=await token_for(client, email),
    )
    assert response.status_code == 201, response.text
    return await Statement.get(author_id=author.id)


async def test_a_moderator_cannot_decide_about_their_own_content(client):
    park = await park_in("open")
    mine = await moderator_statement(client, park, "mod@example.nl")
    headers = await token_for(client, "mod@example.nl")
    body = {"ref": mine.ref, "action": "keep", "ground": "terms_compatible", "facts": "Past bij de regels."}
    response = await client.post("/api/v1/moderation/decisions", json=body, headers=headers)
    assert response.status_code == 403
    assert "your own content" in response.json()["error"]["message"]
    assert (await Statement.get(id=mine.id)).status == "pending"
    assert await ModerationDecision.all().count() == 0
    # Nor warn or suspend themselves through it.
    await sign_in(in_english(client), "mod@example.nl")
    page = await post_form(
        client,
        "/moderation/restrictions",
        {"ref": mine.ref, "action": "warn", "until": "", "ground": "terms_respect", "facts": "Let op."},
        page="/moderation",
    )
    assert page.status_code == 403
    assert "your own content" in text_of(page.text)
    # Another moderator does.
    await make_user("mod2@example.nl", "moderator")
    other = await client.post(
        "/api/v1/moderation/decisions", json=body, headers=await token_for(client, "mod2@example.nl")
    )
    assert other.status_code == 201


async def test_a_suspended_moderator_cannot_decide_and_is_told_why(client):
    park = await park_in("open")
    theirs = await moderator_statement(client, park, "mod@example.nl")
    boss = await make_user("mod2@example.nl", "moderator")
    until = datetime.now(UTC) + timedelta(days=3)
    await services.restrict(
        theirs.ref, action="suspend", ground="terms_spam", facts="Reclame.", until=until, by=boss, now=real_now()
    )
    target = (await Statement.filter(question_id=park.question("statements").id).order_by("id"))[0]
    headers = await token_for(client, "mod@example.nl")
    body = {"ref": target.ref, "action": "hide", "ground": "terms_spam", "facts": "Reclame."}
    response = await client.post("/api/v1/moderation/decisions", json=body, headers=headers)
    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert "suspended until" in message and "UTC" not in message
    with i18n.language("en"):
        assert i18n.moment(until) in message  # "4 December 2026, 17:20": the pages' one date style
    assert (await Statement.get(id=target.id)).status == "published"
    assert await ModerationDecision.filter(moderator__email="mod@example.nl").count() == 0
    await sign_in(in_english(client), "mod@example.nl")
    page = await post_form(client, "/moderation/decisions", body, page="/moderation")
    assert page.status_code == 403
    assert "Your account is suspended until" in text_of(page.text)
