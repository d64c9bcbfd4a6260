"""Join requests from the group's page: a citizen asks (with an optional message, once while it waits), the
coordinators are told and see it, accept or decline it, and the person is told in their language; a full group
takes nobody more, also when two coordinators accept at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from participation.accounts.models import User
from participation.cocreation.models import JoinRequest, Membership
from participation.cocreation.services import claims, joining
from participation.notifications.models import Notification
from tests.support.cocreation import group_of, task_in
from tests.support.consultation_pages import text_of
from tests.support.web import PASSWORD, make_user, post_form, sign_in


@pytest.fixture
async def group(client):
    coord = await make_user("coord@example.nl", name="Coco")
    await User.filter(id=coord.id).update(language="en")
    await make_user("anna@example.nl", name="Anna")
    return await group_of(1, coordinator=coord, name="De Groene Buurt")


async def _ask(client, group_id: int, message: str = ""):
    return await post_form(client, f"/groups/{group_id}/requests", {"message": message}, page=f"/groups/{group_id}")


async def test_a_citizen_asks_and_a_coordinator_accepts(client, group):
    page = text_of((await client.get(f"/groups/{group.id}")).text)
    assert "to ask to join this group" in page
    await sign_in(client, "anna@example.nl")
    sent = await _ask(client, group.id, "Ik woon om de hoek en help graag.")
    assert sent.status_code == 303
    shown = text_of((await client.get(f"/groups/{group.id}")).text)
    assert "You asked to join on" in shown and "Ask to join" not in shown
    # Once while it waits.
    again = await _ask(client, group.id, "Nog een keer")
    assert again.status_code == 409 and "asked to join this group already" in text_of(again.text)
    assert await JoinRequest.filter(group=group).count() == 1
    [told] = await Notification.filter(kind="cocreation_group")
    assert told.title == "Anna asks to join De Groene Buurt" and told.link.endswith(f"/groups/{group.id}#requests")

    await sign_in(client, "coord@example.nl")
    coordinator_page = (await client.get(f"/groups/{group.id}")).text
    assert "Ik woon om de hoek en help graag." in coordinator_page
    request = await JoinRequest.get(group=group)
    answered = await post_form(
        client, f"/groups/{group.id}/requests/{request.id}", {"answer": "accept"}, page=f"/groups/{group.id}"
    )
    assert answered.status_code == 303
    anna = await User.get(email="anna@example.nl")
    assert await Membership.exists(group=group, user=anna, role="member")
    assert (await JoinRequest.get(id=request.id)).status == "accepted"
    # Anna's account speaks Dutch (the default): she is told in Dutch.
    welcome = await Notification.get(kind="cocreation_group", user=anna)
    assert welcome.title == "Welkom bij De Groene Buurt"
    # Answered once.
    twice = await post_form(
        client, f"/groups/{group.id}/requests/{request.id}", {"answer": "decline"}, page=f"/groups/{group.id}"
    )
    assert twice.status_code == 303 and (await JoinRequest.get(id=request.id)).status == "accepted"


async def test_a_declined_person_is_told_and_may_ask_again(client, group):
    await sign_in(client, "anna@example.nl")
    await _ask(client, group.id)
    request = await JoinRequest.get(group=group)
    await sign_in(client, "coord@example.nl")
    await post_form(
        client, f"/groups/{group.id}/requests/{request.id}", {"answer": "decline"}, page=f"/groups/{group.id}"
    )
    anna = await User.get(email="anna@example.nl")
    assert not await Membership.exists(group=group, user=anna)
    told = await Notification.get(kind="cocreation_group", user=anna)
    assert told.body == "Een coördinator van De Groene Buurt heeft je verzoek om mee te doen afgewezen."
    await sign_in(client, "anna@example.nl")
    assert (await _ask(client, group.id)).status_code == 303
    assert await JoinRequest.filter(group=group, status="pending").count() == 1


async def test_only_coordinators_answer_and_members_cannot_ask(client, group):
    await sign_in(client, "anna@example.nl")
    await _ask(client, group.id)
    request = await JoinRequest.get(group=group)
    await make_user("eve@example.nl")
    await sign_in(client, "eve@example.nl")
    assert "Ik woon" not in (await client.get(f"/groups/{group.id}")).text
    refused = await post_form(
        client, f"/groups/{group.id}/requests/{request.id}", {"answer": "accept"}, page=f"/groups/{group.id}"
    )
    assert refused.status_code == 403 and (await JoinRequest.get(id=request.id)).status == "pending"
    await sign_in(client, "coord@example.nl")
    member = await _ask(client, group.id)
    assert member.status_code == 409


async def test_a_group_holding_a_task_takes_no_more_than_the_task_allows(client, group):
    view = await task_in(max_group_size=2)
    coord = await User.get(email="coord@example.nl")
    await claims.claim_task(view.task.id, group_id=group.id, by=coord, now=datetime.now(UTC))
    people = [await make_user(f"p{i}@example.nl") for i in range(3)]
    now = datetime.now(UTC)
    first, second = [await joining.ask(group.id, by=p, now=now) for p in people[:2]]
    await joining.decide(group.id, first.id, accept=True, by=coord, now=now)
    # One place was left: the second waits on, and the page says why.
    await sign_in(client, "coord@example.nl")
    refused = await post_form(
        client, f"/groups/{group.id}/requests/{second.id}", {"answer": "accept"}, page=f"/groups/{group.id}"
    )
    assert refused.status_code == 303
    assert "at most 2 people" in text_of((await client.get(refused.headers["location"])).text)
    assert (await JoinRequest.get(id=second.id)).status == "pending"
    assert await Membership.filter(group=group).count() == 2
    await sign_in(client, str(people[2].email))
    full = await _ask(client, group.id)
    assert full.status_code == 409 and "at most 2 people" in text_of(full.text)


async def test_a_deleted_accounts_request_no_longer_waits_and_nobody_can_let_it_in(client, group):
    await sign_in(client, "anna@example.nl")
    await _ask(client, group.id, "Ik woon om de hoek.")
    request = await JoinRequest.get(group=group)
    deleted = await post_form(client, "/account/delete", {"password": PASSWORD}, page="/account")
    assert deleted.status_code == 303
    client.cookies.clear()
    client.cookies.set("lang", "en")
    await sign_in(client, "coord@example.nl")
    page = (await client.get(f"/groups/{group.id}")).text
    assert "Ik woon om de hoek." not in page and "Former participant" not in page
    answered = await post_form(
        client, f"/groups/{group.id}/requests/{request.id}", {"answer": "accept"}, page=f"/groups/{group.id}"
    )
    assert answered.status_code == 404
    assert await Membership.filter(group=group).count() == 1
    # Kept under the pseudonym, like every contribution.
    assert (await JoinRequest.get(id=request.id)).message == "Ik woon om de hoek."
