"""The workspace's discussion and checklist through the API: members and officials read and post messages,
members add, take and tick off sub-tasks; others get the 404 of a workspace that does not exist; lists page
with cursors; bad input is a 422 naming the field; a hidden message has an empty body for others."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from participation.cocreation.models import ChecklistItem, Comment, Membership
from participation.cocreation.services import claims
from tests.support.cocreation import group_of, task_in
from tests.support.web import make_user, token_for


@pytest.fixture
async def claim(client):
    coord = await make_user("coord@example.nl", name="Coco")
    group = await group_of(2, coordinator=coord)
    member = (await Membership.get(group=group, role="member").prefetch_related("user")).user
    await member.__class__.filter(id=member.id).update(email="member@example.nl", display_name="Mia")
    await make_user("stranger@example.nl")
    await make_user("olaf@example.nl", "official", name="Olaf")
    view = await task_in()
    return await claims.claim_task(view.task.id, group_id=group.id, by=coord, now=datetime.now(UTC))


async def test_members_and_officials_talk_in_the_discussion_a_page_at_a_time(client, claim):
    mia = await token_for(client, "member@example.nl")
    url = f"/api/v1/claims/{claim.id}/comments"
    posted = await client.post(url, json={"body": "Zullen we **donderdag** afspreken?"}, headers=mia)
    assert posted.status_code == 201, posted.text
    body = posted.json()
    assert body["ref"] == f"comment:{body['id']}" and body["author"]["display_name"] == "Mia"
    assert "<strong>donderdag</strong>" in body["body_html"] and body["moderation"] == "published"
    olaf = await token_for(client, "olaf@example.nl")
    assert (await client.post(url, json={"body": "Goed idee."}, headers=olaf)).status_code == 201
    for n in range(3):
        await client.post(url, json={"body": f"Bericht {n}"}, headers=mia)
    first = (await client.get(f"{url}?limit=2", headers=mia)).json()
    assert [c["body"] for c in first["items"]] == ["Bericht 2", "Bericht 1"] and first["next"]
    rest = (await client.get(f"{url}?limit=10&cursor={first['next']}", headers=mia)).json()
    assert [c["body"] for c in rest["items"]] == ["Bericht 0", "Goed idee.", "Zullen we **donderdag** afspreken?"]
    assert rest["next"] is None
    empty = await client.post(url, json={"body": "   "}, headers=mia)
    assert empty.status_code == 422 and "body" in empty.json()["error"]["fields"]
    # A message a moderator hid: its body is withheld from the others, its author still reads it.
    hidden = await Comment.get(id=body["id"])
    await Comment.filter(id=hidden.id).update(moderation="hidden")
    coco = await token_for(client, "coord@example.nl")
    seen = {c["id"]: c for c in (await client.get(url, headers=coco)).json()["items"]}
    assert seen[hidden.id]["body"] == "" and seen[hidden.id]["moderation"] == "hidden"
    mine = {c["id"]: c for c in (await client.get(url, headers=mia)).json()["items"]}
    assert mine[hidden.id]["body"] == "Zullen we **donderdag** afspreken?"


async def test_members_add_take_and_tick_off_sub_tasks(client, claim):
    mia = await token_for(client, "member@example.nl")
    coco = await token_for(client, "coord@example.nl")
    url = f"/api/v1/claims/{claim.id}/checklist"
    made = await client.post(url, json={"text": "Foto's maken van het veld"}, headers=mia)
    assert made.status_code == 201, made.text
    item = made.json()
    assert item["ref"] == f"checklist_item:{item['id']}" and item["assignee"] is None and item["done"] is False
    taken = await client.post(f"{url}/{item['id']}/take", headers=mia)
    assert taken.status_code == 200 and taken.json()["assignee"]["display_name"] == "Mia"
    clash = await client.post(f"{url}/{item['id']}/take", headers=coco)
    assert clash.status_code == 409 and clash.json()["error"]["code"] == "taken"
    done = await client.put(f"{url}/{item['id']}/done", json={"done": True}, headers=mia)
    assert done.status_code == 200 and done.json()["done"] is True and done.json()["done_at"]
    listed = (await client.get(url, headers=coco)).json()
    assert [(i["text"], i["done"]) for i in listed["items"]] == [("Foto's maken van het veld", True)]
    assert (await ChecklistItem.get(id=item["id"])).done_at is not None
    wrong = await client.put(f"{url}/{item['id']}/done", json={"done": "ja"}, headers=mia)
    assert wrong.status_code == 422 and "done" in wrong.json()["error"]["fields"]
    long = await client.post(url, json={"text": "x\ny"}, headers=mia)
    assert long.status_code == 422 and "text" in long.json()["error"]["fields"]
    assert (await client.post(f"{url}/999999/take", headers=mia)).status_code == 404


async def test_others_find_no_workspace_and_officials_only_read_the_checklist(client, claim):
    stranger = await token_for(client, "stranger@example.nl")
    olaf = await token_for(client, "olaf@example.nl")
    base = f"/api/v1/claims/{claim.id}"
    for method, path, body in [
        ("GET", "/comments", None),
        ("POST", "/comments", {"body": "Hallo"}),
        ("GET", "/checklist", None),
        ("POST", "/checklist", {"text": "Bellen"}),
    ]:
        response = await client.request(method, base + path, json=body, headers=stranger)
        assert response.status_code == 404, (method, path)
        assert response.json()["error"]["code"] == "not_found"
    assert (await client.get(f"{base}/checklist", headers=olaf)).status_code == 200
    refused = await client.post(f"{base}/checklist", json={"text": "Bellen"}, headers=olaf)
    assert refused.status_code == 403
    assert await ChecklistItem.filter(claim_id=claim.id).count() == 0
