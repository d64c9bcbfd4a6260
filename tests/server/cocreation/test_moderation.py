"""Co-creation's texts in moderation: the document, workspace messages and checklist items are reported from the
workspace (by those who see it: anyone else is told there is no such content) and through the API; a group from
its page. Hidden content shows a placeholder to others and stays, marked, for its author, officials and
moderators; a hidden document leaves the task page and the open data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from participation.cocreation.models import ChecklistItem, Claim, Comment, Group, Membership
from participation.cocreation.services import claims, delivery, workspace
from participation.moderation.models import Report
from tests.support.cocreation import group_of, task_in
from tests.support.consultation_pages import text_of
from tests.support.web import make_user, post_form, sign_in, token_for

PLACEHOLDER = "Hidden pending review: people reported this"
HIDDEN = "Hidden by a moderator."


@pytest.fixture
async def world(client):
    coord = await make_user("coord@example.nl", name="Coco")
    group = await group_of(3, coordinator=coord, name="De Groene Buurt")
    others = [m.user_id for m in await Membership.filter(group=group, role="member").order_by("id")]
    for user_id, (email, name) in zip(others, [("mia@example.nl", "Mia"), ("max@example.nl", "Max")], strict=True):
        await coord.__class__.filter(id=user_id).update(email=email, display_name=name)
    await make_user("stranger@example.nl", name="Sven")
    await make_user("olaf@example.nl", "official", name="Olaf")
    await make_user("mo@example.nl", "moderator", name="Mo")
    view = await task_in()
    claim = await claims.claim_task(view.task.id, group_id=group.id, by=coord, now=datetime.now(UTC))
    now = datetime.now(UTC)
    await workspace.save_document(claim.id, body="# Ons plan\n\nMeer bomen.\n", base_version=0, by=coord, now=now)
    comment = await workspace.add_comment(claim.id, body="Kom je donderdag?", by=coord, now=now)
    item = await workspace.add_item(claim.id, text="Foto's maken", by=coord, now=now)
    return {"claim": claim, "group": group, "comment": comment, "item": item, "task": view.task}


async def _report(client, email: str, ref: str):
    headers = await token_for(client, email)
    return await client.post("/api/v1/reports", json={"ref": ref, "reason": "abuse"}, headers=headers)


async def test_members_report_a_message_and_three_reports_hide_it_from_the_other_members(client, world):
    claim, comment = world["claim"], world["comment"]
    await sign_in(client, "mia@example.nl")
    page = (await client.get(f"/claims/{claim.id}")).text
    # A report form beside the message, the document and the item; none for the reader's own writing.
    assert f'value="{comment.ref}"' in page and f'value="document:{claim.id}"' in page
    assert f'value="{world["item"].ref}"' in page
    sent = await post_form(
        client,
        "/moderation/reports",
        {"ref": comment.ref, "reason": "abuse", "next": f"/claims/{claim.id}#comment-{comment.id}"},
        page=f"/claims/{claim.id}",
    )
    assert sent.status_code == 303 and sent.headers["location"].startswith(f"/claims/{claim.id}")
    assert await Report.filter(ref=comment.ref).count() == 1
    assert (await _report(client, "max@example.nl", comment.ref)).status_code == 201
    assert (await _report(client, "olaf@example.nl", comment.ref)).status_code == 201
    assert (await Comment.get(id=comment.id)).moderation == "review"
    # Mia, another member, sees the placeholder; Coco, who wrote it, and the official still read it, marked.
    mia = text_of((await client.get(f"/claims/{claim.id}")).text)
    assert "Kom je donderdag?" not in mia and PLACEHOLDER in mia
    await sign_in(client, "coord@example.nl")
    coco = (await client.get(f"/claims/{claim.id}")).text
    assert "Kom je donderdag?" in coco and f'value="{comment.ref}"' not in coco
    await sign_in(client, "olaf@example.nl")
    olaf = text_of((await client.get(f"/claims/{claim.id}")).text)
    assert "Kom je donderdag?" in olaf


async def test_who_cannot_see_the_workspace_cannot_report_in_it_and_learns_nothing(client, world):
    claim = world["claim"]
    refs = [f"document:{claim.id}", world["comment"].ref, world["item"].ref]
    for ref in refs:
        refused = await _report(client, "stranger@example.nl", ref)
        unknown = await _report(client, "stranger@example.nl", ref.split(":")[0] + ":999999")
        assert refused.status_code == unknown.status_code == 404
        assert refused.json() == unknown.json()
        # A moderator who is no official is not in the workspace either.
        assert (await _report(client, "mo@example.nl", ref)).status_code == 404
    await sign_in(client, "stranger@example.nl")
    sent = await post_form(
        client, "/moderation/reports", {"ref": world["comment"].ref, "reason": "spam", "next": "/tasks"}, page="/tasks"
    )
    assert sent.status_code == 303
    assert await Report.all().count() == 0
    # The members and officials can.
    for ref in refs:
        assert (await _report(client, "mia@example.nl", ref)).status_code == 201, ref
    assert (await _report(client, "olaf@example.nl", world["item"].ref)).status_code == 201


async def test_a_hidden_checklist_item_is_a_placeholder_for_the_other_members(client, world):
    claim, item = world["claim"], world["item"]
    for email in ("mia@example.nl", "max@example.nl", "olaf@example.nl"):
        assert (await _report(client, email, item.ref)).status_code == 201
    assert (await ChecklistItem.get(id=item.id)).moderation == "review"
    await sign_in(client, "mia@example.nl")
    page = text_of((await client.get(f"/claims/{claim.id}")).text)
    assert "Foto's maken" not in page and PLACEHOLDER in page
    await sign_in(client, "coord@example.nl")
    assert "Foto's maken" in text_of((await client.get(f"/claims/{claim.id}")).text)


async def _hide(client, ref: str) -> None:
    headers = await token_for(client, "mo@example.nl")
    decided = await client.post(
        "/api/v1/moderation/decisions",
        json={"ref": ref, "action": "hide", "ground": "terms_respect", "facts": "Scheldwoorden."},
        headers=headers,
    )
    assert decided.status_code == 201, decided.text


async def test_a_hidden_group_keeps_its_name_for_its_members_and_moderators_only(client, world):
    group = world["group"]
    await sign_in(client, "stranger@example.nl")
    page = (await client.get(f"/groups/{group.id}")).text
    assert f'value="{group.ref}"' in page
    sent = await post_form(
        client,
        "/moderation/reports",
        {"ref": group.ref, "reason": "abuse", "next": f"/groups/{group.id}"},
        page=f"/groups/{group.id}",
    )
    assert sent.status_code == 303 and await Report.filter(ref=group.ref).count() == 1
    await _hide(client, group.ref)
    assert (await Group.get(id=group.id)).moderation == "hidden"
    shown = text_of((await client.get(f"/groups/{group.id}")).text)
    assert "De Groene Buurt" not in shown and "Wij doen mee." not in shown and HIDDEN in shown
    assert "De Groene Buurt" not in (await client.get(f"/tasks/{world['task'].id}")).text
    api = (await client.get(f"/api/v1/groups/{group.id}")).json()
    assert api["name"] == "" and api["description"] == "" and api["moderation"] == "hidden"
    for email in ("mia@example.nl", "mo@example.nl"):
        await sign_in(client, email)
        assert "De Groene Buurt" in text_of((await client.get(f"/groups/{group.id}")).text), email
    headers = await token_for(client, "mia@example.nl")
    assert (await client.get(f"/api/v1/groups/{group.id}", headers=headers)).json()["name"] == "De Groene Buurt"


async def test_a_hidden_document_leaves_the_task_page_and_the_open_data(client, world):
    claim = world["claim"]
    coord = await Membership.get(group=world["group"], role="coordinator").prefetch_related("user")
    olaf = await make_user("olga@example.nl", "official")
    now = datetime.now(UTC)
    await delivery.submit(claim.id, by=coord.user, now=now)
    await delivery.review(claim.id, verdict="accept", feedback="", by=olaf, now=now)
    task_page = f"/tasks/{world['task'].id}"
    assert "Meer bomen." in (await client.get(task_page)).text
    await _hide(client, f"document:{claim.id}")
    assert (await Claim.get(id=claim.id)).document_moderation == "hidden"
    shown = text_of((await client.get(task_page)).text)
    assert "Meer bomen." not in shown and HIDDEN in shown
    [row] = (await client.get("/tasks/results.json")).json()["results"]
    assert row["result"] is None and row["task_id"] == world["task"].id
    # The group still has it in the workspace, marked.
    await sign_in(client, "mia@example.nl")
    assert "Meer bomen." in (await client.get(f"/claims/{claim.id}")).text


async def test_the_moderators_queue_shows_each_kind_with_its_text_and_where_it_is(client, world):
    claim, group = world["claim"], world["group"]
    refs = [f"document:{claim.id}", world["comment"].ref, world["item"].ref]
    for ref in refs:
        assert (await _report(client, "mia@example.nl", ref)).status_code == 201
    assert (await _report(client, "stranger@example.nl", group.ref)).status_code == 201
    await sign_in(client, "mo@example.nl")
    queue = await client.get("/moderation")
    assert queue.status_code == 200
    shown = text_of(queue.text)
    for text in ("Meer bomen.", "Kom je donderdag?", "Foto's maken", "De Groene Buurt"):
        assert text in shown, text
    assert f'href="/tasks/{world["task"].id}"' in queue.text and f'href="/groups/{group.id}"' in queue.text
    headers = await token_for(client, "mo@example.nl")
    listed = (await client.get("/api/v1/moderation/queue", headers=headers)).json()["items"]
    assert {i["ref"] for i in listed} == {*refs, group.ref}


async def test_a_report_of_a_group_refused_comes_back_open_with_the_note(client, world):
    group = world["group"]
    await sign_in(client, "stranger@example.nl")
    page = f"/groups/{group.id}"
    sent = {"ref": group.ref, "note": "Scheldwoorden in de naam.", "next": f"{page}#report-group-{group.id}"}
    response = await post_form(client, "/moderation/reports", sent, page=page)
    assert response.status_code == 303 and response.headers["location"] == f"{page}#report-group-{group.id}"
    assert await Report.filter(ref=group.ref).count() == 0
    shown = (await client.get(page)).text
    form = shown.split(f'id="report-group-{group.id}"')[1].split("</details>")[0]
    assert form.startswith(" open>") and ">Scheldwoorden in de naam.</textarea>" in form
    assert 'class="field-error" id="report-reason-error-group-' in form
