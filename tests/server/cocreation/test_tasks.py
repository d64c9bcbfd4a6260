"""Tasks through the pages and the API: officials write a draft, publish it, withdraw an open one; everyone
reads the list (open first) and a task's page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from participation.cocreation.models import Membership, Task
from participation.cocreation.services import claims
from tests.support.cocreation import group_of, task_in
from tests.support.web import make_user, post_form, sign_in, token_for

DUE = (datetime.now(UTC) + timedelta(days=20)).replace(microsecond=0)
TASK = {
    "title": "Ontwerp een bankje",
    "description": "Een bankje voor het *plein*. <script>x()</script>",
    "deliverable": "Een tekening en een prijs.",
    "due_at": DUE.isoformat(),
    "min_group_size": 2,
    "max_group_size": 5,
    "max_claims": 2,
}


async def test_an_official_writes_and_publishes_a_task_over_the_api(client):
    await make_user("olaf@example.nl", "official")
    headers = await token_for(client, "olaf@example.nl")
    created = await client.post("/api/v1/tasks", json={**TASK, "tags": ["Groen", "groen", "jongeren"]}, headers=headers)
    assert created.status_code == 201, created.text
    task = created.json()
    assert task["status"] == "draft" and task["claims"] == [] and task["max_claims"] == 2
    assert task["tags"] == ["groen", "jongeren"]
    assert "<script" not in task["description_html"] and "<em>plein</em>" in task["description_html"]
    assert datetime.fromisoformat(task["due_at"]) == DUE

    # A draft is for officials only.
    assert (await client.get(f"/api/v1/tasks/{task['id']}")).status_code == 404
    assert task["id"] not in [t["id"] for t in (await client.get("/api/v1/tasks")).json()["items"]]

    published = await client.post(f"/api/v1/tasks/{task['id']}/publish", headers=headers)
    assert published.status_code == 200 and published.json()["status"] == "open"
    again = await client.post(f"/api/v1/tasks/{task['id']}/publish", headers=headers)
    assert again.status_code == 409
    listed = (await client.get("/api/v1/tasks")).json()
    assert [t["id"] for t in listed["items"]] == [task["id"]] and listed["next"] is None
    assert (await client.get(f"/api/v1/tasks/{task['id']}")).json()["status"] == "open"


async def test_a_task_with_bad_fields_is_a_422_naming_them(client):
    await make_user("olaf@example.nl", "official")
    headers = await token_for(client, "olaf@example.nl")
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    response = await client.post(
        "/api/v1/tasks",
        json={**TASK, "title": " ", "due_at": past, "min_group_size": 4, "max_group_size": 3},
        headers=headers,
    )
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"title", "due_at", "max_group_size"}
    assert await Task.all().count() == 0


async def test_a_citizen_cannot_write_a_task(client):
    await make_user("carla@example.nl")
    headers = await token_for(client, "carla@example.nl")
    assert (await client.post("/api/v1/tasks", json=TASK, headers=headers)).status_code == 403
    await sign_in(client, "carla@example.nl")
    assert (await client.get("/tasks/new")).status_code == 403


async def test_the_official_writes_a_task_on_the_page_and_publishes_it(client):
    await make_user("olaf@example.nl", "official")
    await sign_in(client, "olaf@example.nl")
    form = {
        "title": "Een plan voor de speeltuin",
        "description": "Wat moet er *anders*?",
        "deliverable": "Een plan.",
        "due_at": "",
        "min_group_size": "2",
        "max_group_size": "x",
        "max_claims": "1",
        "tags": "spelen, groen",
    }
    wrong = await post_form(client, "/tasks/new", form)
    assert wrong.status_code == 422
    assert "Give the deadline." in wrong.text and "This must be a whole number." in wrong.text
    assert 'value="spelen, groen"' in wrong.text
    saved = await post_form(client, "/tasks/new", {**form, "due_at": "2099-06-01T17:00", "max_group_size": "6"})
    assert saved.status_code == 303
    task = await Task.get(title="Een plan voor de speeltuin")
    assert task.status == "draft" and task.tags == ["spelen", "groen"]
    assert (await post_form(client, f"/tasks/{task.id}/publish", {}, page=f"/tasks/{task.id}")).status_code == 303
    page = await client.get(f"/tasks/{task.id}")
    assert "Open for claims" in page.text and "<em>anders</em>" in page.text and "1 place left of 1" in page.text


async def test_the_list_shows_open_tasks_first_then_in_progress_and_filters_by_tag_and_state(client):
    official = await make_user("olaf@example.nl", "official")
    held = await task_in(official=official, title="Al vergeven", tags=["groen"])
    free = await task_in(official=official, title="Nog vrij", tags=["verkeer"])
    await task_in("draft", official=official, title="Nog een concept")
    group = await group_of(1)
    coordinator = (await Membership.get(group=group).prefetch_related("user")).user
    await claims.claim_task(held.task.id, group_id=group.id, by=coordinator, now=datetime.now(UTC))

    page = (await client.get("/tasks")).text
    assert page.index("Nog vrij") < page.index("Al vergeven")
    assert "Nog een concept" not in page
    assert "Open for claims" in page and "In progress" in page
    only_green = (await client.get("/tasks?tag=groen")).text
    assert "Al vergeven" in only_green and "Nog vrij" not in only_green
    only_open = (await client.get("/tasks?state=open")).text
    assert "Nog vrij" in only_open and "Al vergeven" not in only_open
    bad = await client.get("/tasks?state=nonsense")
    assert bad.status_code == 422 and "Choose one of the states in the list." in bad.text
    assert "Nog vrij" in (await client.get("/")).text
    assert free.task.id != held.task.id


async def test_an_open_task_nobody_holds_can_be_withdrawn_and_a_held_one_not(client):
    official = await make_user("olaf@example.nl", "official")
    free = await task_in(official=official, title="Vrij")
    held = await task_in(official=official, title="Bezet")
    group = await group_of(1)
    coordinator = (await Membership.get(group=group).prefetch_related("user")).user
    await claims.claim_task(held.task.id, group_id=group.id, by=coordinator, now=datetime.now(UTC))
    await sign_in(client, "olaf@example.nl")
    assert (await post_form(client, f"/tasks/{free.task.id}/withdraw", {}, page="/tasks")).status_code == 303
    assert (await Task.get(id=free.task.id)).status == "withdrawn"
    refused = await post_form(client, f"/tasks/{held.task.id}/withdraw", {}, page="/tasks")
    assert (
        "Only an open task that no group holds can be withdrawn."
        in (await client.get(refused.headers["location"])).text
    )
    assert (await Task.get(id=held.task.id)).status == "open"
    # Withdrawn tasks are gone for everyone else.
    await post_form(client, "/logout", {}, page="/")
    assert (await client.get(f"/tasks/{free.task.id}")).status_code == 404


async def test_a_task_delivered_by_one_group_with_a_place_left_says_it_can_still_be_claimed(client):
    from participation.cocreation.services import delivery, workspace
    from tests.support.consultation_pages import text_of

    official = await make_user("olaf@example.nl", "official")
    view = await task_in(official=official, max_claims=2, title="Twee plannen voor het plein")
    group = await group_of(1, name="De Pleinploeg")
    member = (await Membership.get(group=group).prefetch_related("user")).user
    now = datetime.now(UTC)
    claim = await claims.claim_task(view.task.id, group_id=group.id, by=member, now=now)
    await workspace.save_document(claim.id, body="Ons plan.", base_version=0, by=member, now=now)
    await delivery.submit(claim.id, by=member, now=now)
    await delivery.review(claim.id, verdict="accept", feedback="", by=official, now=now)
    client.cookies.set("lang", "en")
    listed = text_of((await client.get("/tasks")).text)
    assert "Twee plannen voor het plein" in listed and "1 place left of 2" in listed
    page = (await client.get(f"/tasks/{view.task.id}")).text
    assert 'status-accepted">Delivered' in page and 'status-open">Open for claims' in page
