"""The consultations JSON API, as API.md describes it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from participation.consultations.analysis import opinion_groups
from participation.consultations.models import Consultation, Decision, Response, StatementVote
from participation.consultations.services import polis_import
from participation.mail.models import OutboxMail
from participation.notifications.models import Notification
from tests.support.consultation_pages import real_now
from tests.support.web import make_user, token_for

PAYLOAD = {
    "title": "Parkeerbeleid centrum",
    "summary": "Hoe verdelen we de parkeerplekken?",
    "body": "Lees de **notitie**.",
    "questions": [
        {"kind": "text", "prompt": "Wat is uw grootste zorg?", "required": True},
        {"kind": "single_choice", "prompt": "Woont u in het centrum?", "options": ["Ja", "Nee"]},
        {"kind": "multiple_choice", "prompt": "Hoe reist u?", "options": ["Auto", "Fiets", "Bus"]},
        {"kind": "scale", "prompt": "Hoe druk is het?", "scale_min": 1, "scale_max": 5, "min_label": "rustig"},
        {"kind": "statements", "prompt": "Stellingen", "statements": ["Betaald parkeren overal", "Meer fietsrekken"]},
    ],
}


async def official_headers(client):
    await make_user("official@example.nl", "official")
    return await token_for(client, "official@example.nl")


async def citizen_headers(client, email="citizen@example.nl"):
    await make_user(email)
    return await token_for(client, email)


async def create(client, headers, payload=PAYLOAD):
    response = await client.post("/api/v1/consultations", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def opened(client, headers):
    data = await create(client, headers)
    assert (await client.post(f"/api/v1/consultations/{data['id']}/open", headers=headers)).status_code == 200
    return data


def ids(data):
    q = {question["kind"]: question for question in data["questions"]}
    return q


async def test_an_official_creates_a_draft_with_ids(client):
    headers = await official_headers(client)
    data = await create(client, headers)
    assert data["status"] == "draft"
    assert data["body_html"] == "<p>Lees de <strong>notitie</strong>.</p>"
    assert data["decision"] is None
    q = ids(data)
    assert [o["label"] for o in q["single_choice"]["options"]] == ["Ja", "Nee"]
    assert all(isinstance(o["id"], int) for o in q["multiple_choice"]["options"])
    assert [s["text"] for s in q["statements"]["statements"]] == ["Betaald parkeren overal", "Meer fietsrekken"]
    assert all(s["ref"] == f"statement:{s['id']}" for s in q["statements"]["statements"])
    assert (q["scale"]["scale_min"], q["scale"]["scale_max"], q["scale"]["min_label"]) == (1, 5, "rustig")
    assert data["created_at"].endswith("+00:00")
    again = await client.get(f"/api/v1/consultations/{data['id']}", headers=headers)
    assert again.json() == data


async def test_question_input_is_checked_strictly_with_a_message_per_field(client):
    headers = await official_headers(client)
    bad = {
        "title": "",
        "opens_at": "2025-05-01T10:00:00",
        "questions": [
            {"kind": "text", "prompt": "x", "options": ["a", "b"]},
            {"kind": "single_choice", "prompt": "x", "options": ["only one"]},
            {"kind": "scale", "prompt": "x", "scale_min": 3, "scale_max": 2},
            {"kind": "statements", "prompt": "", "statements": ["ok", "OK"]},
        ],
    }
    response = await client.post("/api/v1/consultations", json=bad, headers=headers)
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {
        "title",
        "opens_at",
        "questions.0.options",
        "questions.1.options",
        "questions.2.scale_max",
        "questions.3.prompt",
        "questions.3.statements.1",
    }
    wrong_types = {"title": "t", "questions": [{"kind": "poll", "prompt": 5, "required": "yes"}]}
    response = await client.post("/api/v1/consultations", json=wrong_types, headers=headers)
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {
        "questions.0.kind",
        "questions.0.prompt",
        "questions.0.required",
    }
    too_many = {"title": "t", "questions": [{"kind": "text", "prompt": "x"}] * 51}
    response = await client.post("/api/v1/consultations", json=too_many, headers=headers)
    assert response.json()["error"]["fields"] == {"questions": "At most 50 items."}
    assert await Consultation.all().count() == 0


async def test_authentication_and_permission_come_before_input(client):
    official = await official_headers(client)
    citizen = await citizen_headers(client)
    data = await opened(client, official)
    q = ids(data)
    answer = f"/api/v1/consultations/{data['id']}/my-response"
    vote = f"/api/v1/statements/{q['statements']['statements'][0]['id']}/vote"
    bad_token = {"Authorization": "Bearer nope"}

    def refused(response, status: int, code: str) -> None:
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), response.text

    for headers in ({}, bad_token):
        refused(await client.post("/api/v1/consultations", json={"title": 5}, headers=headers), 401, "unauthenticated")
        refused(await client.post("/api/v1/consultations", json=PAYLOAD, headers=headers), 401, "unauthenticated")
        refused(await client.put(answer, json={"answers": 5}, headers=headers), 401, "unauthenticated")
        body = {"answers": {str(q["text"]["id"]): "Zonder te zijn aangemeld"}}
        refused(await client.put(answer, json=body, headers=headers), 401, "unauthenticated")
        refused(await client.put(vote, json={"vote": "maybe"}, headers=headers), 401, "unauthenticated")
        refused(await client.put(vote, json={"vote": "agree"}, headers=headers), 401, "unauthenticated")
    refused(await client.post("/api/v1/consultations", json={"title": 5}, headers=citizen), 403, "forbidden")
    refused(await client.post("/api/v1/consultations", json=PAYLOAD, headers=citizen), 403, "forbidden")
    # None of them left anything behind: only the official's consultation is stored, no answer, no vote.
    assert await Consultation.all().count() == 1
    assert await Response.all().count() == 0
    assert await StatementVote.all().count() == 0


async def test_answering_creates_then_replaces(client):
    official = await official_headers(client)
    citizen = await citizen_headers(client)
    data = await opened(client, official)
    q = ids(data)
    path = f"/api/v1/consultations/{data['id']}/my-response"
    assert (await client.get(path, headers=citizen)).status_code == 404
    answers = {
        str(q["text"]["id"]): "Te weinig plek",
        str(q["single_choice"]["id"]): q["single_choice"]["options"][0]["id"],
        str(q["multiple_choice"]["id"]): [q["multiple_choice"]["options"][1]["id"]],
        str(q["scale"]["id"]): 4,
    }
    first = await client.put(path, json={"answers": answers}, headers=citizen)
    assert first.status_code == 201, first.text
    assert first.json()["answers"] == answers
    answers[str(q["scale"]["id"])] = 2
    second = await client.put(path, json={"answers": answers}, headers=citizen)
    assert second.status_code == 200
    mine = await client.get(path, headers=citizen)
    assert mine.json()["answers"][str(q["scale"]["id"])] == 2
    assert mine.json()["created_at"].endswith("+00:00")
    results = (await client.get(f"/api/v1/consultations/{data['id']}/results", headers=official)).json()
    assert results["responses"] == 1
    scale = next(x for x in results["questions"] if x["kind"] == "scale")
    assert scale["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0}
    assert scale["mean"] == 2.0


async def test_bad_answers_are_422_per_question_id(client):
    official = await official_headers(client)
    citizen = await citizen_headers(client)
    data = await opened(client, official)
    other = ids(await opened(client, official))
    q = ids(data)
    path = f"/api/v1/consultations/{data['id']}/my-response"
    answers = {
        str(q["single_choice"]["id"]): other["single_choice"]["options"][0]["id"],
        str(q["multiple_choice"]["id"]): "Fiets",
        str(q["scale"]["id"]): True,
        "424242": "x",
    }
    response = await client.put(path, json={"answers": answers}, headers=citizen)
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {str(q[k]["id"]) for k in ("text", "single_choice", "multiple_choice", "scale")} | {"424242"}
    assert (await client.put(path, json={"answers": []}, headers=citizen)).status_code == 422
    assert (await client.put(path, content=b"{not json", headers=citizen)).status_code == 400


async def test_answering_a_closed_consultation_is_409_saying_why(client):
    official = await official_headers(client)
    citizen = await citizen_headers(client)
    data = await opened(client, official)
    assert (await client.post(f"/api/v1/consultations/{data['id']}/close", headers=official)).status_code == 200
    answers = {str(ids(data)["text"]["id"]): "Te laat"}
    response = await client.put(
        f"/api/v1/consultations/{data['id']}/my-response", json={"answers": answers}, headers=citizen
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "not_open" and "closed" in error["message"]


async def test_statements_are_proposed_pending_and_voted_on(client):
    official = await official_headers(client)
    citizen = await citizen_headers(client)
    data = await opened(client, official)
    question = ids(data)["statements"]
    proposed = await client.post(
        f"/api/v1/questions/{question['id']}/statements", json={"text": "Gratis parkeren op zondag"}, headers=citizen
    )
    assert proposed.status_code == 201
    assert proposed.json()["status"] == "pending"
    assert proposed.json()["ref"] == f"statement:{proposed.json()['id']}"
    shown = (await client.get(f"/api/v1/consultations/{data['id']}")).json()
    assert "Gratis parkeren op zondag" not in str(shown)
    target = question["statements"][0]["id"]
    first = await client.put(f"/api/v1/statements/{target}/vote", json={"vote": "agree"}, headers=citizen)
    assert (first.status_code, first.json()) == (201, {"statement_id": target, "vote": "agree"})
    second = await client.put(f"/api/v1/statements/{target}/vote", json={"vote": "disagree"}, headers=citizen)
    assert second.status_code == 200
    bad = await client.put(f"/api/v1/statements/{target}/vote", json={"vote": "maybe"}, headers=citizen)
    assert bad.status_code == 422 and set(bad.json()["error"]["fields"]) == {"vote"}
    pending = proposed.json()["id"]
    hidden = await client.put(f"/api/v1/statements/{pending}/vote", json={"vote": "agree"}, headers=citizen)
    assert hidden.status_code == 404
    assert not await StatementVote.exists(statement_id=pending)
    results = (await client.get(f"/api/v1/consultations/{data['id']}/results", headers=official)).json()
    statements_question = next(x for x in results["questions"] if x["kind"] == "statements")
    tallies = {s["id"]: (s["agree"], s["disagree"], s["pass"]) for s in statements_question["statements"]}
    assert tallies[target] == (0, 1, 0)


async def test_the_results_have_the_documented_shape(client):
    official = await official_headers(client)
    data = await opened(client, official)
    q = ids(data)
    for i in range(3):
        headers = await citizen_headers(client, f"c{i}@example.nl")
        answers = {str(q["text"]["id"]): f"Antwoord {i}", str(q["scale"]["id"]): 1 + i}
        if i < 2:
            answers[str(q["single_choice"]["id"])] = q["single_choice"]["options"][i]["id"]
        r = await client.put(
            f"/api/v1/consultations/{data['id']}/my-response", json={"answers": answers}, headers=headers
        )
        assert r.status_code == 201
    await client.post(f"/api/v1/consultations/{data['id']}/close", headers=official)
    results = (await client.get(f"/api/v1/consultations/{data['id']}/results")).json()
    assert results["responses"] == 3 and results["status"] == "closed"
    by_kind = {x["kind"]: x for x in results["questions"]}
    assert set(by_kind["single_choice"]) == {"id", "kind", "prompt", "answered", "options"}
    assert by_kind["single_choice"]["options"] == [
        {"id": q["single_choice"]["options"][0]["id"], "label": "Ja", "count": 1, "percent": 50.0},
        {"id": q["single_choice"]["options"][1]["id"], "label": "Nee", "count": 1, "percent": 50.0},
    ]
    assert set(by_kind["scale"]) == {"id", "kind", "prompt", "answered", "distribution", "mean"}
    assert by_kind["scale"]["distribution"] == {"1": 1, "2": 1, "3": 1, "4": 0, "5": 0}
    assert by_kind["scale"]["mean"] == 2.0
    text = by_kind["text"]
    assert [a["text_html"] for a in text["answers"]] == ["<p>Antwoord 2</p>", "<p>Antwoord 1</p>", "<p>Antwoord 0</p>"]
    assert all(
        set(a) == {"id", "ref", "text_html", "created_at"} and a["ref"] == f"answer:{a['id']}" for a in text["answers"]
    )
    statements = by_kind["statements"]
    assert set(statements["statements"][0]) == {"id", "ref", "text", "text_html", "agree", "disagree", "pass"}
    assert statements["groups"] == []
    page = await client.get(f"/api/v1/questions/{q['text']['id']}/answers?limit=2&q=antwoord")
    assert [a["text_html"] for a in page.json()["items"]] == ["<p>Antwoord 2</p>", "<p>Antwoord 1</p>"]
    rest = await client.get(f"/api/v1/questions/{q['text']['id']}/answers?limit=2&cursor={page.json()['next']}")
    assert (len(rest.json()["items"]), rest.json()["next"]) == (1, None)
    assert (await client.get(f"/api/v1/questions/{q['text']['id']}/answers?limit=0")).status_code == 422


async def test_the_decision_is_published_and_respondents_are_told(client):
    official = await official_headers(client)
    citizen = await citizen_headers(client)
    data = await opened(client, official)
    q = ids(data)
    await client.put(
        f"/api/v1/consultations/{data['id']}/my-response",
        json={"answers": {str(q["text"]["id"]): "x"}},
        headers=citizen,
    )
    decision = {"summary": "Vergunningen voor bewoners.", "body": "Omdat *u* het vroeg."}
    early = await client.post(f"/api/v1/consultations/{data['id']}/decision", json=decision, headers=official)
    assert (early.status_code, early.json()["error"]["code"]) == (409, "wrong_state")
    assert (await Consultation.get(id=data["id"])).status == "open"
    await client.post(f"/api/v1/consultations/{data['id']}/close", headers=official)
    refused = await client.post(f"/api/v1/consultations/{data['id']}/decision", json=decision, headers=citizen)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "forbidden")
    assert (await Consultation.get(id=data["id"])).status == "closed"
    assert not await Decision.exists(consultation_id=data["id"])
    assert await OutboxMail.filter(subject__contains="Parkeerbeleid").count() == 0
    with_outcome = {**decision, "outcomes": {str(q["text"]["id"]): "Meer plekken voor bewoners."}}
    published = await client.post(f"/api/v1/consultations/{data['id']}/decision", json=with_outcome, headers=official)
    assert published.status_code == 201, published.text
    assert published.json()["status"] == "decided"
    assert published.json()["body_html"] == "<p>Omdat <em>u</em> het vroeg.</p>"
    shown = (await client.get(f"/api/v1/consultations/{data['id']}")).json()
    assert shown["status"] == "decided"
    assert shown["decision"]["summary"] == "Vergunningen voor bewoners."
    assert shown["decision"]["published_at"].endswith("+00:00")
    assert ids(shown)["text"]["outcome_html"] == "<p>Meer plekken voor bewoners.</p>"
    assert [m.to for m in await OutboxMail.filter(subject__contains="Parkeerbeleid")] == ["citizen@example.nl"]
    assert await Notification.filter(kind="consultation_decision").count() == 1


async def test_exports_for_officials_and_open_data_once_closed(client):
    official = await official_headers(client)
    citizen = await citizen_headers(client)
    data = await opened(client, official)
    q = ids(data)
    answers = {
        str(q["text"]["id"]): "Mijn mening",
        str(q["single_choice"]["id"]): q["single_choice"]["options"][1]["id"],
    }
    await client.put(f"/api/v1/consultations/{data['id']}/my-response", json={"answers": answers}, headers=citizen)
    path = f"/api/v1/consultations/{data['id']}"
    refused = await client.get(f"{path}/responses.csv", headers=citizen)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "forbidden")
    assert "Mijn mening" not in refused.text
    exported = await client.get(f"{path}/responses.csv", headers=official)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert "citizen@example.nl" not in exported.text and "citizen" not in exported.text
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert len(rows) == 2 and rows[1][3:5] == ["Mijn mening", "Nee"]
    as_json = (await client.get(f"{path}/responses.json", headers=official)).json()
    assert as_json["responses"][0]["respondent"] == rows[1][0]
    # Not public while open: the numbers are not shown, to visitors (401: signing in may help) nor citizens.
    for headers, status in (({}, 401), (citizen, 403)):
        early = await client.get(f"{path}/results.csv", headers=headers)
        assert early.status_code == status
        assert early.headers["content-type"].startswith("application/json")
        assert "Nee" not in early.text and "closes" in early.json()["error"]["message"]
    await client.post(f"{path}/close", headers=official)
    open_csv = await client.get(f"{path}/results.csv")
    assert open_csv.status_code == 200 and "Nee" in open_csv.text and "Mijn mening" not in open_csv.text
    open_json = (await client.get(f"{path}/results.json")).json()
    assert open_json["responses"] == 1


async def test_lists_hide_drafts_except_for_officials_who_ask(client):
    official = await official_headers(client)
    draft = await create(client, official)
    live = await opened(client, official)
    public = (await client.get("/api/v1/consultations")).json()
    assert [c["id"] for c in public["items"]] == [live["id"]] and public["next"] is None
    assert (await client.get("/api/v1/consultations?status=draft")).json()["items"] == []
    drafts = (await client.get("/api/v1/consultations?status=draft", headers=official)).json()
    assert [c["id"] for c in drafts["items"]] == [draft["id"]]
    assert (await client.get("/api/v1/consultations?status=nonsense")).status_code == 422
    assert (await client.get("/api/v1/consultations?cursor=abc")).status_code == 422
    assert (await client.get(f"/api/v1/consultations/{draft['id']}")).status_code == 404
    paged = (await client.get("/api/v1/consultations?status=draft&limit=1", headers=official)).json()
    assert paged["next"] is None


async def test_the_openapi_document_describes_every_consultation_operation(client):
    document = (await client.get("/api/openapi.json")).json()
    paths = document["paths"]
    expected = {
        ("/api/v1/consultations", "get"),
        ("/api/v1/consultations", "post"),
        ("/api/v1/consultations/{id}", "get"),
        ("/api/v1/consultations/{id}", "put"),
        ("/api/v1/consultations/{id}/open", "post"),
        ("/api/v1/consultations/{id}/close", "post"),
        ("/api/v1/consultations/{id}/my-response", "put"),
        ("/api/v1/consultations/{id}/my-response", "get"),
        ("/api/v1/consultations/{id}/results", "get"),
        ("/api/v1/consultations/{id}/results.csv", "get"),
        ("/api/v1/consultations/{id}/results.json", "get"),
        ("/api/v1/consultations/{id}/decision", "post"),
        ("/api/v1/consultations/{id}/responses.csv", "get"),
        ("/api/v1/consultations/{id}/responses.json", "get"),
        ("/api/v1/questions/{id}/statements", "post"),
        ("/api/v1/questions/{id}/answers", "get"),
        ("/api/v1/statements/{id}/vote", "put"),
    }
    assert expected <= {(path, method) for path, methods in paths.items() for method in methods}
    create = paths["/api/v1/consultations"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("ConsultationIn")
    assert "201" in create["responses"] and "422" in create["responses"]
    schemas = document["components"]["schemas"]
    assert "pass" in schemas["StatementResultOut"]["properties"]
    assert set(schemas["QuestionIn"]["properties"]) >= {"kind", "prompt", "required", "options", "statements"}


async def test_an_imported_polis_conversation_has_groups_with_leanings_in_the_api(client):
    london = Path(__file__).resolve().parents[2] / "data" / "polis" / "london.youth.policing"
    imported = await polis_import.import_folder(london, now=real_now())
    before = (await client.get(f"/api/v1/consultations/{imported.consultation_id}/results")).json()
    [question] = before["questions"]
    # Not computed yet, and a request does not compute them.
    assert question["groups"] == [] and question["groups_computed_at"] is None
    await opinion_groups.recompute_stale(now=real_now())
    results = (await client.get(f"/api/v1/consultations/{imported.consultation_id}/results")).json()
    [question] = results["questions"]
    assert question["kind"] == "statements"
    assert len(question["statements"]) == 36  # the published ones; 3 were moderated out
    assert question["groups_computed_at"] is not None
    assert sum(g["size"] for g in question["groups"]) == 24
    published = {s["id"] for s in question["statements"]}
    for group in question["groups"]:
        assert set(group) == {"size", "representative", "leanings"}
        assert group["representative"] and set(group["representative"]) <= published
        assert [lean["id"] for lean in group["leanings"]] == group["representative"]
        assert {lean["direction"] for lean in group["leanings"]} <= {"agree", "disagree"}
