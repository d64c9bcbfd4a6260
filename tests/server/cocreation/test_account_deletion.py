"""Deleting an account in co-creation (through /account/delete): the person is nobody's member any more and never
counts towards a group's size; a group whose last coordinator it was gets the longest-standing member as
coordinator, everyone left told; a group nobody is left in gives its tasks back and takes nobody new. Every test
runs on SQLite and on PostgreSQL (the deletion is one transaction across the areas' hooks)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.cocreation.models import ChecklistItem, Claim, Draft, Invite, JoinRequest, Membership, Task
from participation.cocreation.services import claims, departures, groups, joining, workspace
from participation.errors import Conflict, Invalid
from participation.notifications.models import Notification
from tests.conftest import settings_with
from tests.support.cocreation import group_of, task_in
from tests.support.consultation_pages import text_of
from tests.support.web import PASSWORD, make_user, post_form, sign_in


@pytest.fixture
def settings(settings, any_db_url):
    return settings_with(settings, database_url=any_db_url)


async def _delete(client, email: str) -> None:
    await sign_in(client, email)
    deleted = await post_form(client, "/account/delete", {"password": PASSWORD}, page="/account")
    assert deleted.status_code == 303
    client.cookies.clear()
    client.cookies.set("lang", "en")


@pytest.fixture
async def trio(client):
    """Coco coordinates; Mia (Dutch) joined before Tom (English)."""
    now = datetime.now(UTC)
    coco = await make_user("coco@example.nl", name="Coco")
    mia = await make_user("mia@example.nl", name="Mia")
    tom = await make_user("tom@example.nl", name="Tom")
    await User.filter(id=tom.id).update(language="en")
    group = await group_of(1, coordinator=coco, name="De Vijverploeg")
    code = (await groups.create_invite(group.id, by=coco, now=now)).code
    await groups.join(code, by=mia, now=now)
    await groups.join(code, by=tom, now=datetime.now(UTC))
    return group, coco, mia, tom


async def test_the_longest_standing_member_becomes_coordinator_and_everyone_left_is_told(client, trio):
    group, coco, mia, tom = trio
    await _delete(client, "coco@example.nl")
    roles = {m.user_id: m.role for m in await Membership.filter(group=group)}
    assert roles == {mia.id: "coordinator", tom.id: "member"}
    told = {n.user_id: n.title for n in await Notification.filter(kind="cocreation_group")}
    assert told[mia.id] == "Je bent nu coördinator van De Vijverploeg"
    assert told[tom.id] == "Mia is now a coordinator of De Vijverploeg"
    # Mia can do what a coordinator does; the page lists two members, not the former one.
    await sign_in(client, "mia@example.nl")
    page = text_of((await client.get(f"/groups/{group.id}")).text)
    assert "Former participant" not in page and "Coco" not in page
    made = await post_form(client, f"/groups/{group.id}/invites", {}, page=f"/groups/{group.id}")
    assert made.status_code == 303 and await Invite.filter(group=group, created_by=mia).exists()


async def test_a_group_with_another_coordinator_keeps_its_roles(client, trio):
    group, coco, mia, tom = trio
    await groups.make_coordinator(group.id, tom.id, by=coco)
    await _delete(client, "coco@example.nl")
    roles = {m.user_id: m.role for m in await Membership.filter(group=group)}
    assert roles == {mia.id: "member", tom.id: "coordinator"}
    assert not await Notification.filter(kind="cocreation_group").exists()


async def test_a_deleted_member_no_longer_counts_towards_the_size_of_a_claim_or_of_joining(client, trio):
    group, coco, mia, tom = trio
    now = datetime.now(UTC)
    needs_three = await task_in(min_group_size=3, max_group_size=3)
    await _delete(client, "tom@example.nl")
    with pytest.raises(Invalid):
        await claims.claim_task(needs_three.task.id, group_id=group.id, by=coco, now=now)
    # A group of two holding a task for at most two: full; once Mia goes, there is room for one again.
    pair = await task_in(min_group_size=1, max_group_size=2)
    await claims.claim_task(pair.task.id, group_id=group.id, by=coco, now=now)
    newcomer = await make_user("ria@example.nl", name="Ria")
    code = (await groups.create_invite(group.id, by=coco, now=now)).code
    with pytest.raises(Conflict):
        await groups.join(code, by=newcomer, now=now)
    await _delete(client, "mia@example.nl")
    await groups.join(code, by=newcomer, now=now)
    assert {m.user_id for m in await Membership.filter(group=group)} == {coco.id, newcomer.id}


async def test_what_the_person_took_on_is_free_again_and_their_unsaved_text_goes(client, trio):
    group, coco, mia, tom = trio
    now = datetime.now(UTC)
    view = await task_in()
    claim = await claims.claim_task(view.task.id, group_id=group.id, by=coco, now=now)
    item = await workspace.add_item(claim.id, text="Bellen met de gemeente", by=coco, now=now)
    await workspace.take_item(claim.id, item.id, by=tom)
    await Draft.create(claim=claim, user=tom, body="Mijn concept.", base_version=0, updated_at=now)
    await _delete(client, "tom@example.nl")
    assert (await ChecklistItem.get(id=item.id)).assignee_id is None
    assert not await Draft.filter(user=tom).exists()
    await workspace.take_item(claim.id, item.id, by=mia)


async def test_a_group_nobody_is_left_in_gives_its_task_back_and_takes_nobody_new(client):
    now = datetime.now(UTC)
    solo = await make_user("solo@example.nl", name="Solo")
    asker = await make_user("asker@example.nl", name="Asker")
    await User.filter(id=asker.id).update(language="en")
    group = await group_of(1, coordinator=solo, name="Eenmansploeg")
    code = (await groups.create_invite(group.id, by=solo, now=now)).code
    view = await task_in()
    claim = await claims.claim_task(view.task.id, group_id=group.id, by=solo, now=now)
    await joining.ask(group.id, by=asker, now=now)
    await _delete(client, "solo@example.nl")
    assert (await Claim.get(id=claim.id)).status == "released"
    assert (await Task.get(id=view.task.id)).places_left == 1
    request = await JoinRequest.get(group=group)
    assert request.status == "declined"
    told = await Notification.get(user=asker, kind="cocreation_group")
    assert "Nobody is left in Eenmansploeg" in told.body
    with pytest.raises(Invalid):
        await groups.join(code, by=asker, now=now)  # the invite no longer works
    with pytest.raises(Conflict):
        await joining.ask(group.id, by=asker, now=now)
    await sign_in(client, "asker@example.nl")
    page = text_of((await client.get(f"/groups/{group.id}")).text)
    assert "Nobody is left in this group" in page and "Ask to join" not in page
    # Another group can claim the task now.
    other = await group_of(1, name="De Nieuwe Ploeg")
    coordinator = (await Membership.get(group=other).prefetch_related("user")).user
    await claims.claim_task(view.task.id, group_id=other.id, by=coordinator, now=now)


async def test_a_wrong_password_changes_nothing_in_the_groups(client, trio):
    group, coco, mia, tom = trio
    await sign_in(client, "coco@example.nl")
    refused = await post_form(client, "/account/delete", {"password": "niet mijn wachtwoord"}, page="/account")
    assert refused.status_code == 422
    assert (await Membership.get(group=group, user=coco)).role == "coordinator"
    assert await Membership.filter(group=group).count() == 3


def _link(name: str, **params: object) -> str:
    return f"http://testserver/{name}"


async def _account_deleted(user: User) -> None:
    """Co-creation's part of an account deletion, as participation/areas.py runs it (without the password check,
    whose hashing would keep the two calls of a test from meeting)."""
    async with in_transaction():
        await User.filter(id=user.id).update(deleted_at=datetime.now(UTC))
        await departures.account_deleted(user, now=datetime.now(UTC), link_to=_link)


async def _coordinators_and_member(trio) -> tuple:
    group, coco, mia, tom = trio
    await groups.make_coordinator(group.id, mia.id, by=coco)
    return group, coco, mia, tom


async def test_two_coordinators_deleting_their_accounts_at_once_leave_the_member_coordinator(client, trio):
    group, coco, mia, tom = await _coordinators_and_member(trio)
    await asyncio.gather(_account_deleted(coco), _account_deleted(mia))
    assert {m.user_id: m.role for m in await Membership.filter(group=group)} == {tom.id: "coordinator"}


async def test_a_coordinator_leaving_while_the_other_deletes_her_account_leaves_a_coordinator(client, trio):
    group, coco, mia, tom = await _coordinators_and_member(trio)
    left, deleted = await asyncio.gather(groups.leave(group.id, by=coco), _account_deleted(mia), return_exceptions=True)
    assert deleted is None
    roles = {m.user_id: m.role for m in await Membership.filter(group=group)}
    # Coco left first (Tom took over from Mia), or Mia's account went first (Coco, the last one, may not leave).
    if left is None:
        assert roles == {tom.id: "coordinator"}
    else:
        assert isinstance(left, Conflict) and left.code == "last_coordinator"
        assert roles == {coco.id: "coordinator", tom.id: "member"}
