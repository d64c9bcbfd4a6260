"""Reports: anyone signed in reports a statement or an open answer (page form and API); one report per person
counts; at REPORT_THRESHOLD distinct people the content is hidden pending review: a placeholder on the pages,
left out of the public API."""

from __future__ import annotations

import pytest

from participation.consultations.models import Answer, Statement
from participation.consultations.services import authoring
from participation.moderation.models import LogEntry, ModerationItem, Report
from tests.support.consultation_pages import answer_park, in_english, park_in, real_now, text_of
from tests.support.web import make_user, post_form, sign_in, token_for

pytestmark = pytest.mark.usefixtures("orm")


async def reporters(client, count: int) -> list[dict[str, str]]:
    headers = []
    for i in range(count):
        await make_user(f"melder{i}@example.nl")
        headers.append(await token_for(client, f"melder{i}@example.nl"))
    return headers


async def seed_statement(park) -> Statement:
    question = park.question("statements")
    return (await Statement.filter(question_id=question.id).order_by("id"))[0]


async def test_a_report_is_stored_and_a_repeat_is_not_counted_again(client):
    park = await park_in("open")
    statement = await seed_statement(park)
    [headers] = await reporters(client, 1)
    body = {"ref": statement.ref, "reason": "abuse", "note": "Dit is kwetsend."}
    first = await client.post("/api/v1/reports", json=body, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["ref"] == statement.ref and first.json()["reason"] == "abuse"
    again = await client.post("/api/v1/reports", json={**body, "reason": "spam"}, headers=headers)
    assert again.status_code == 200
    assert await Report.filter(ref=statement.ref).count() == 1
    item = await ModerationItem.get(ref=statement.ref)
    assert item.reports == 1 and item.status == "waiting"
    assert await LogEntry.filter(event="report", ref=statement.ref).count() == 1


@pytest.mark.parametrize("ref", ["statement:999999", "poll:1", "statement:x", "statement:²", "nothing", ""])
async def test_unknown_content_is_404(client, ref):
    [headers] = await reporters(client, 1)
    response = await client.post("/api/v1/reports", json={"ref": ref, "reason": "spam"}, headers=headers)
    assert response.status_code == 404
    assert await Report.all().count() == 0


async def test_an_unknown_reason_is_422_naming_the_field(client):
    park = await park_in("open")
    statement = await seed_statement(park)
    [headers] = await reporters(client, 1)
    response = await client.post("/api/v1/reports", json={"ref": statement.ref, "reason": "ugly"}, headers=headers)
    assert response.status_code == 422
    # A client of the API sends the values themselves: the message names those, not the page's labels.
    error = response.json()["error"]
    assert error["fields"] == {"reason": "Choose one of: spam, abuse, personal_data, off_topic, illegal"}
    assert error["message"] == "reason: Choose one of: spam, abuse, personal_data, off_topic, illegal"
    client.cookies.set("lang", "nl")
    dutch = await client.post("/api/v1/reports", json={"ref": statement.ref, "reason": "ugly"}, headers=headers)
    assert dutch.json()["error"]["fields"] == {"reason": "Kies een van: spam, abuse, personal_data, off_topic, illegal"}
    assert await Report.all().count() == 0


async def test_reporting_needs_a_sign_in(client):
    park = await park_in("open")
    statement = await seed_statement(park)
    response = await client.post("/api/v1/reports", json={"ref": statement.ref, "reason": "spam"})
    assert response.status_code == 401


async def test_a_proposed_statement_waiting_for_moderation_cannot_be_reported(client):
    park = await park_in("open")
    author = await make_user("schrijver@example.nl")
    await client.post(
        f"/api/v1/questions/{park.question('statements').id}/statements",
        json={"text": "Meer bankjes bij de vijver"},
        headers=await token_for(client, "schrijver@example.nl"),
    )
    pending = await Statement.get(author_id=author.id)
    [headers] = await reporters(client, 1)
    response = await client.post("/api/v1/reports", json={"ref": pending.ref, "reason": "spam"}, headers=headers)
    assert response.status_code == 404


async def test_the_threshold_of_distinct_people_hides_a_statement_pending_review(client, settings):
    assert settings.report_threshold == 3
    park = await park_in("open")
    statement = await seed_statement(park)
    people = await reporters(client, 3)
    for headers in people[:2]:
        await client.post("/api/v1/reports", json={"ref": statement.ref, "reason": "abuse"}, headers=headers)
        # The same person again does not count.
        await client.post("/api/v1/reports", json={"ref": statement.ref, "reason": "abuse"}, headers=headers)
    shown = (await client.get(f"/api/v1/consultations/{park.id}")).json()
    assert statement.ref in [s["ref"] for q in shown["questions"] for s in q["statements"]]
    await client.post("/api/v1/reports", json={"ref": statement.ref, "reason": "abuse"}, headers=people[2])
    assert (await Statement.get(id=statement.id)).status == "review"
    shown = (await client.get(f"/api/v1/consultations/{park.id}")).json()
    assert statement.ref not in [s["ref"] for q in shown["questions"] for s in q["statements"]]
    page = text_of((await in_english(client).get(f"/consultations/{park.id}")).text)
    assert "Hidden pending review" in page
    assert statement.text not in page
    # It cannot be voted on meanwhile.
    vote = await client.put(f"/api/v1/statements/{statement.id}/vote", json={"vote": "agree"}, headers=people[0])
    assert vote.status_code == 404


async def test_a_reported_open_answer_is_withheld_from_public_results_but_still_counted(client):
    park = await park_in("open")
    author = await make_user("antwoorder@example.nl")
    await answer_park(park, author, {str(park.text): "Koop mijn bankjes in de winkel om de hoek"})
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    answer = await Answer.get(question_id=park.text)
    for headers in await reporters(client, 3):
        response = await client.post(
            "/api/v1/reports", json={"ref": answer.ref, "reason": "personal_data"}, headers=headers
        )
        assert response.status_code == 201
    results = (await client.get(f"/api/v1/consultations/{park.id}/results")).json()
    text = next(q for q in results["questions"] if q["id"] == park.text)
    assert text["answers"] == []
    # The response still counts: the person did answer.
    assert text["answered"] == 1 and results["responses"] == 1
    page = text_of((await in_english(client).get(f"/consultations/{park.id}/results")).text)
    assert "Hidden pending review" in page
    assert "Koop mijn bankjes" not in page
    listed = (await client.get(f"/api/v1/questions/{park.text}/answers")).json()
    assert listed["items"] == []


async def test_the_report_form_next_to_a_statement_works_without_javascript(client):
    park = await park_in("open")
    statement = await seed_statement(park)
    await make_user("buurman@example.nl")
    await sign_in(in_english(client), "buurman@example.nl")
    page = (await client.get(f"/consultations/{park.id}")).text
    # On a consultation open for answers, the report button belongs to the answer form (its value is the ref);
    # the answers page and the results keep a report form of their own, sent here.
    assert f'name="report" value="{statement.ref}"' in page
    response = await post_form(
        client,
        "/moderation/reports",
        {"ref": statement.ref, "reason": "off_topic", "note": "", "next": f"/consultations/{park.id}"},
        page=f"/consultations/{park.id}",
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/consultations/{park.id}"
    assert (await Report.get(ref=statement.ref)).reason == "off_topic"
    followed = text_of((await client.get(response.headers["location"])).text)
    assert "Thank you for your report" in followed


async def test_the_report_form_refuses_an_unknown_reason_and_stores_nothing(client):
    park = await park_in("open")
    statement = await seed_statement(park)
    await make_user("buurman@example.nl")
    await sign_in(in_english(client), "buurman@example.nl")
    response = await post_form(
        client,
        "/moderation/reports",
        {"ref": statement.ref, "reason": "ugly", "next": f"/consultations/{park.id}"},
        page=f"/consultations/{park.id}",
    )
    assert response.status_code == 303
    assert await Report.all().count() == 0
    # A page names the reasons as its form does.
    assert (
        "Choose one of these: “spam or advertising”, “abuse, threats or discrimination”, “personal data of someone”, "
        "“off topic”, “against the law”." in text_of((await client.get(response.headers["location"])).text)
    )
