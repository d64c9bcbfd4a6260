"""Handing in and reviewing: submit freezes the latest revision; an official accepts (the result on the task
page with credit, and in the open data) or asks for changes (back to the group, feedback in the workspace);
the group is told of each step."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from participation.cocreation.models import Claim
from participation.cocreation.services import claims, delivery, workspace
from participation.notifications.models import Notification
from tests.support.cocreation import group_of, task_in
from tests.support.queries import counting_queries
from tests.support.web import make_user, post_form, sign_in, token_for


async def _claim_with_document(client, body: str = "# Ons plan\n\nMeer *bomen*.\n"):
    coord = await make_user("coord@example.nl", name="Coco")
    group = await group_of(2, coordinator=coord, name="De Boomplanters")
    view = await task_in(title="Groen plein")
    claim = await claims.claim_task(view.task.id, group_id=group.id, by=coord, now=datetime.now(UTC))
    headers = await token_for(client, "coord@example.nl")
    await client.put(f"/api/v1/claims/{claim.id}/document", json={"body": body, "base_version": 0}, headers=headers)
    return claim, headers


async def test_submit_accept_and_the_result_is_published_with_credit(client):
    claim, member = await _claim_with_document(client)
    await make_user("olaf@example.nl", "official")
    official = await token_for(client, "olaf@example.nl")
    early = await client.post(f"/api/v1/claims/{claim.id}/review", json={"verdict": "accept"}, headers=official)
    assert early.status_code == 409
    submitted = await client.post(f"/api/v1/claims/{claim.id}/submit", headers=member)
    assert submitted.status_code == 201 and submitted.json()["submitted_version"] == 1
    assert (await client.get(f"/api/v1/tasks/{claim.task_id}")).json()["status"] == "submitted"
    # Frozen: the document no longer changes.
    late = await client.put(
        f"/api/v1/claims/{claim.id}/document", json={"body": "Anders", "base_version": 1}, headers=member
    )
    assert late.status_code == 409
    assert (
        await client.post(f"/api/v1/claims/{claim.id}/review", json={"verdict": "accept"}, headers=member)
    ).status_code == 403
    accepted = await client.post(
        f"/api/v1/claims/{claim.id}/review", json={"verdict": "accept", "feedback": "Mooi werk."}, headers=official
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert (await client.get(f"/api/v1/tasks/{claim.task_id}")).json()["status"] == "accepted"
    page = (await client.get(f"/tasks/{claim.task_id}")).text
    assert "The result, by" in page and "De Boomplanters" in page and "<em>bomen</em>" in page
    assert "Delivered by" in (await client.get("/tasks")).text
    data = (await client.get("/tasks/results.json")).json()
    assert data["results"][0]["group"] == "De Boomplanters" and "Meer *bomen*." in data["results"][0]["result"]
    rows = list(csv.DictReader(io.StringIO((await client.get("/tasks/results.csv")).text.lstrip("\ufeff"))))
    assert rows[0]["task"] == "Groen plein" and rows[0]["version"] == "1"
    titles = [n.title for n in await Notification.filter(kind="cocreation_claim").order_by("id")]
    assert len(titles) == 4  # two members, handed in and accepted
    assert "Groen plein: je werk is goedgekeurd" in titles
    # The task's title stands in quotes where a sentence goes on after it.
    assert 'De Boomplanters heeft "Groen plein" ingeleverd' in titles


async def test_changes_asked_go_back_to_the_group_with_feedback_on_the_pages(client):
    claim, member = await _claim_with_document(client)
    await make_user("olaf@example.nl", "official")
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    assert (await post_form(client, f"{page}/submit", {}, page=page)).status_code == 303
    assert (await Claim.get(id=claim.id)).status == "submitted"
    await sign_in(client, "olaf@example.nl")
    missing = await post_form(client, f"{page}/review", {"verdict": "changes", "feedback": ""}, page=page)
    assert missing.status_code == 422 and "Say what the group should change." in missing.text
    sent = await post_form(
        client, f"{page}/review", {"verdict": "changes", "feedback": "Voeg **kosten** toe."}, page=page
    )
    assert sent.status_code == 303
    assert (await Claim.get(id=claim.id)).status == "active"
    await sign_in(client, "coord@example.nl")
    shown = (await client.get(page)).text
    assert "Changes asked by the official" in shown and "<strong>kosten</strong>" in shown
    # Working again: the document can be saved and handed in once more.
    saved = await client.put(
        f"/api/v1/claims/{claim.id}/document",
        json={"body": "# Ons plan\n\nMeer *bomen*.\n\nKosten: 100 euro.\n", "base_version": 1},
        headers=member,
    )
    assert saved.json() == {"version": 2, "merged": False}
    again = await client.post(f"/api/v1/claims/{claim.id}/submit", headers=member)
    assert again.status_code == 201 and again.json()["submitted_version"] == 2


async def _accepted(official, *, number: int) -> None:
    """One more accepted result: a group of one hands in a document, an official accepts it."""
    now = datetime.now(UTC)
    coord = await make_user(f"ploeg{number}@example.nl")
    group = await group_of(1, coordinator=coord, name=f"Ploeg {number}")
    view = await task_in(title=f"Taak {number}", official=official)
    claim = await claims.claim_task(view.task.id, group_id=group.id, by=coord, now=now)
    await workspace.save_document(claim.id, body=f"Plan {number}.\n", base_version=0, by=coord, now=now)
    await delivery.submit(claim.id, by=coord, now=now)
    await delivery.review(claim.id, verdict="accept", feedback="", by=official, now=now)


async def test_the_open_data_of_results_costs_the_same_queries_for_one_result_or_many(client):
    official = await make_user("olaf@example.nl", "official")
    await _accepted(official, number=0)
    await client.get("/tasks/results.json")
    with counting_queries() as one:
        first = (await client.get("/tasks/results.json")).json()
    for number in range(1, 5):
        await _accepted(official, number=number)
    with counting_queries() as five:
        data = (await client.get("/tasks/results.json")).json()
    assert [r["result"] for r in first["results"]] == ["Plan 0.\n"]
    assert sorted(r["result"] for r in data["results"]) == [f"Plan {n}.\n" for n in range(5)]
    assert len(five) == len(one), five.statements
