"""Claims: a member claims a task for their group, within the size bounds, while a place is left; exactly
`max_claims` win when dozens of groups claim at once through several server processes; releasing and expiring
give the place back, expiring exactly once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise

from participation import db
from participation.accounts import services as accounts
from participation.cocreation.models import Claim, Membership, Task
from participation.cocreation.services import claims
from participation.notifications.models import Notification
from tests.support.cocreation import group_of, task_in
from tests.support.servers import servers
from tests.support.web import make_user, post_form, sign_in, token_for

ROOT = Path(__file__).resolve().parents[3]


async def coordinator_of(group):
    return (await Membership.get(group=group, role="coordinator").prefetch_related("user")).user


async def test_a_member_claims_a_task_for_their_group_over_the_api(client):
    view = await task_in(min_group_size=2, max_group_size=3)
    group = await group_of(2, coordinator=await make_user("coord@example.nl"))
    headers = await token_for(client, "coord@example.nl")
    claimed = await client.post(f"/api/v1/tasks/{view.task.id}/claims", json={"group_id": group.id}, headers=headers)
    assert claimed.status_code == 201, claimed.text
    assert claimed.json()["status"] == "active" and claimed.json()["group_id"] == group.id
    task = (await client.get(f"/api/v1/tasks/{view.task.id}")).json()
    assert task["status"] == "claimed" and task["places_left"] == 0
    assert task["claims"] == [{"id": claimed.json()["id"], "group_id": group.id, "status": "active"}]
    again = await client.post(f"/api/v1/tasks/{view.task.id}/claims", json={"group_id": group.id}, headers=headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_claimed"


async def test_a_group_outside_the_size_bounds_gets_a_422_and_takes_no_place(client):
    view = await task_in(min_group_size=3, max_group_size=4)
    group = await group_of(2, coordinator=await make_user("coord@example.nl"))
    headers = await token_for(client, "coord@example.nl")
    refused = await client.post(f"/api/v1/tasks/{view.task.id}/claims", json={"group_id": group.id}, headers=headers)
    assert refused.status_code == 422
    assert "at least 3 people" in refused.json()["error"]["fields"]["group_id"]
    assert (await Task.get(id=view.task.id)).places_left == 1
    assert await Claim.all().count() == 0


async def test_only_a_member_of_the_group_claims_for_it(client):
    view = await task_in()
    group = await group_of(1)
    await make_user("stranger@example.nl")
    headers = await token_for(client, "stranger@example.nl")
    refused = await client.post(f"/api/v1/tasks/{view.task.id}/claims", json={"group_id": group.id}, headers=headers)
    assert refused.status_code == 403
    assert await Claim.all().count() == 0


async def test_a_second_group_is_told_on_the_page_that_the_task_is_taken(client):
    view = await task_in()
    first = await group_of(1)
    await claims.claim_task(view.task.id, group_id=first.id, by=await coordinator_of(first), now=datetime.now(UTC))
    second = await group_of(1, coordinator=await make_user("late@example.nl"), name="Te Laat")
    await sign_in(client, "late@example.nl")
    page = f"/tasks/{view.task.id}"
    # The form is gone once no place is left, but a page loaded earlier may still send it.
    response = await post_form(client, f"{page}/claims", {"group_id": str(second.id)}, page=page)
    assert response.status_code == 409
    assert "Another group was just before you: this task has no place left." in response.text
    assert await Claim.filter(group=second).count() == 0


async def test_claiming_on_the_page_then_releasing_gives_the_place_back(client):
    view = await task_in()
    group = await group_of(1, coordinator=await make_user("coord@example.nl"), name="De Doeners")
    await sign_in(client, "coord@example.nl")
    page = f"/tasks/{view.task.id}"
    claimed = await post_form(client, f"{page}/claims", {"group_id": str(group.id)}, page=page)
    assert claimed.status_code == 303
    shown = (await client.get(page)).text
    assert "Your group holds this task now." in shown and "De Doeners" in shown
    claim = await Claim.get(group=group)
    group_page = (await client.get(f"/groups/{group.id}")).text
    assert view.task.title in group_page
    released = await post_form(client, f"/claims/{claim.id}/release", {}, page=page)
    assert released.headers["location"] == page
    assert (await Claim.get(id=claim.id)).status == "released"
    assert (await Task.get(id=view.task.id)).places_left == 1
    # Released, the group may claim it again.
    assert (await post_form(client, f"{page}/claims", {"group_id": str(group.id)}, page=page)).status_code == 303


async def test_a_claim_past_the_deadline_expires_once_and_the_group_is_told(orm):
    view = await task_in(max_claims=2)
    group = await group_of(2)
    now = datetime.now(UTC)
    await claims.claim_task(view.task.id, group_id=group.id, by=await coordinator_of(group), now=now)
    assert await claims.expire_claims(now=now) == 0
    later = view.task.due_at + timedelta(seconds=1)
    # Several monitors at once: one expires it.
    counts = await asyncio.gather(*(claims.expire_claims(now=later) for _ in range(5)))
    assert sum(counts) == 1
    assert (await Claim.get(group=group)).status == "expired"
    assert (await Task.get(id=view.task.id)).places_left == 2
    told = await Notification.filter(kind="cocreation_claim")
    # In each member's language: Dutch, an account's default.
    assert [n.title for n in told] == ["Je groep heeft Een plan voor het speelveld niet meer"] * 2


def _monitor_once(database_url: str, data_dir) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(data_dir), "SECRET_KEY": "x" * 40}
    return subprocess.Popen(
        [sys.executable, "-m", "server.cli", "monitor", "--once"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


async def test_a_claim_past_its_deadline_expires_once_with_several_monitor_processes(any_db_url, tmp_path):
    await Tortoise.init(config=db.tortoise_config(any_db_url))
    try:
        view = await task_in(max_claims=1)
        group = await group_of(3)
        now = datetime.now(UTC)
        await claims.claim_task(view.task.id, group_id=group.id, by=await coordinator_of(group), now=now)
        await Task.filter(id=view.task.id).update(due_at=now - timedelta(minutes=1))
    finally:
        await Tortoise.close_connections()
    tmp_path.joinpath("data").mkdir()
    # Four monitor processes, each its own `samenspraak monitor --once`, at the same moment.
    runs = [_monitor_once(any_db_url, tmp_path / "data") for _ in range(4)]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, [err for _out, err in outputs]
    expired = [int(out.split("claims_expired: ")[1].split(",")[0]) for out, _err in outputs if "claims_expired" in out]
    assert sum(expired) == 1, outputs
    await Tortoise.init(config=db.tortoise_config(any_db_url))
    try:
        assert (await Claim.get(group=group)).status == "expired"
        assert (await Task.get(id=view.task.id)).places_left == 1
        # Each of the three members is told once.
        assert await Notification.filter(kind="cocreation_claim").count() == 3
    finally:
        await Tortoise.close_connections()


async def _claim_all(urls: list[str], task_id: int, plans: list[tuple[str, int]]) -> list[httpx.Response]:
    async with httpx.AsyncClient(timeout=60) as http:
        return await asyncio.gather(
            *(
                http.post(
                    f"{urls[i % len(urls)]}/api/v1/tasks/{task_id}/claims",
                    json={"group_id": group_id},
                    headers={"Authorization": f"Bearer {token}"},
                )
                for i, (token, group_id) in enumerate(plans)
            )
        )


@pytest.mark.parametrize("max_claims", [2])
async def test_dozens_of_groups_claiming_at_once_through_several_processes_exactly_max_claims_win(
    any_db_url, tmp_path, max_claims
):
    groups_at_once = 36
    await Tortoise.init(config=db.tortoise_config(any_db_url))
    try:
        view = await task_in(max_claims=max_claims)
        plans = []
        for _ in range(groups_at_once):
            group = await group_of(1)
            _token, secret = await accounts.create_token(await coordinator_of(group), name="race")
            plans.append((secret, group.id))
    finally:
        await Tortoise.close_connections()
    with servers(any_db_url, tmp_path / "servers", 3) as urls:
        responses = await _claim_all(urls, view.task.id, plans)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * max_claims + [409] * (groups_at_once - max_claims), [r.text for r in responses]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"already_claimed"}
    await Tortoise.init(config=db.tortoise_config(any_db_url))
    try:
        assert (await Task.get(id=view.task.id)).places_left == 0
        assert await Claim.filter(task_id=view.task.id).count() == max_claims
    finally:
        await Tortoise.close_connections()
