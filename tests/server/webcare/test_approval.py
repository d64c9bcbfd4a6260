"""Four-eyes approval (REPLY_APPROVAL on): a reply waits for a different official; the writer cannot approve
their own; once a second official approves, it is posted to the network (a local mastodon-mock) exactly once;
a reply sent back carries the reviewer's note and is not posted."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from participation.webcare.models import Conversation, Reply
from server.app import create_app
from tests.conftest import settings_with
from tests.support import mastodon_mock
from tests.support.web import make_user, post_form, sign_in, token_for


@pytest.fixture(scope="module")
def instance() -> Iterator[str]:
    with mastodon_mock.running() as base:
        yield base


@pytest.fixture
async def approving(settings):
    application = create_app(settings_with(settings, reply_approval=True))
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application, raise_app_exceptions=False, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies={"lang": "en"}) as c:
            yield c


def replies_on_network(instance: str, status_id: str) -> list[dict]:
    context = httpx.get(
        f"{instance}/api/v1/statuses/{status_id}/context",
        headers={"Authorization": f"Bearer {mastodon_mock.TOKEN}"},
    )
    context.raise_for_status()
    return context.json()["descendants"]


async def _monitored_question(client, instance: str, tag: str) -> tuple[int, dict]:
    await make_user("admin@example.nl", "admin")
    admin = await token_for(client, "admin@example.nl")
    source = await client.post(
        "/api/v1/sources",
        json={
            "kind": "mastodon",
            "name": "Mock",
            "base_url": instance,
            "access_token": mastodon_mock.TOKEN,
            "hashtags": [tag],
            "keywords": [],
        },
        headers=admin,
    )
    assert source.status_code == 201, source.text
    question = mastodon_mock.post(instance, f"Waarom ligt het #{tag} er zo vies bij?")
    polled = await client.post(f"/api/v1/sources/{source.json()['id']}/poll", headers=admin)
    assert polled.json()["new"] >= 1
    conversation = await Conversation.filter(source_id=source.json()["id"]).order_by("-id").first()
    return conversation.id, question


async def test_a_second_official_approves_and_the_reply_is_posted_exactly_once(approving, instance):
    client = approving
    conversation_id, question = await _monitored_question(client, instance, "vierogenpark")
    await make_user("writer@example.nl", "official", name="Wendy Writer")
    await make_user("checker@example.nl", "official", name="Chris Checker")
    page = f"/webcare/conversations/{conversation_id}"

    await sign_in(client, "writer@example.nl")
    assert "Submit for approval" in (await client.get(page)).text
    written = await post_form(client, page + "/replies", {"body": "We vegen het park morgen."}, page=page)
    assert written.status_code == 303
    reply = await Reply.get(conversation_id=conversation_id)
    assert reply.status == "awaiting_approval"
    assert replies_on_network(instance, question["id"]) == []
    shown = await client.get(page)
    assert "Awaiting approval" in shown.text and "Approve and send" not in shown.text

    # The writer cannot approve their own reply, not even by sending the form by hand.
    refused = await post_form(client, f"/webcare/replies/{reply.id}/approve", {}, page=page)
    assert refused.status_code == 303
    assert "cannot approve your own" in (await client.get(page)).text
    assert (await Reply.get(id=reply.id)).status == "awaiting_approval"
    assert replies_on_network(instance, question["id"]) == []

    client.cookies.clear()
    client.cookies.set("lang", "en")
    await sign_in(client, "checker@example.nl")
    assert "Approve and send" in (await client.get(page)).text
    approved = await post_form(client, f"/webcare/replies/{reply.id}/approve", {}, page=page)
    assert approved.status_code == 303
    sent = await Reply.get(id=reply.id)
    assert sent.status == "sent" and sent.url
    shown = await client.get(page)
    assert "Reply approved and sent." in shown.text and sent.url in shown.text
    assert "approved by Chris Checker" in shown.text
    # Approving again (a second tab, a double click) posts nothing more.
    again = await post_form(client, f"/webcare/replies/{reply.id}/approve", {}, page=page)
    assert again.status_code == 303
    on_network = replies_on_network(instance, question["id"])
    assert len(on_network) == 1 and "We vegen het park morgen." in on_network[0]["content"]
    assert (await Conversation.get(id=conversation_id)).status == "replied"


async def test_a_reply_sent_back_is_not_posted_and_shows_the_note(approving, instance):
    client = approving
    conversation_id, question = await _monitored_question(client, instance, "terugpark")
    writer = await make_user("writer@example.nl", "official", name="Wendy Writer")
    await make_user("checker@example.nl", "official", name="Chris Checker")
    headers = await token_for(client, "writer@example.nl")
    made = await client.post(
        f"/api/v1/webcare/conversations/{conversation_id}/replies", json={"body": "Geen idee."}, headers=headers
    )
    # API.md's statuses only: waiting for approval, it is not out yet ("queued").
    assert made.status_code == 201 and made.json() == {
        "id": made.json()["id"],
        "status": "queued",
        "url": None,
        "body": "Geen idee.",
    }
    assert (await Reply.get(id=made.json()["id"])).status == "awaiting_approval"
    page = f"/webcare/conversations/{conversation_id}"
    await sign_in(client, "checker@example.nl")
    empty = await post_form(client, f"/webcare/replies/{made.json()['id']}/return", {"note": " "}, page=page)
    assert empty.status_code == 422 and "Say what should change." in empty.text
    returned = await post_form(
        client, f"/webcare/replies/{made.json()['id']}/return", {"note": "Zeg wanneer we het doen."}, page=page
    )
    assert returned.status_code == 303
    shown = await client.get(page)
    assert "Sent back by Chris Checker:" in shown.text and "Zeg wanneer we het doen." in shown.text
    stored = await Reply.get(id=made.json()["id"])
    assert stored.status == "returned" and stored.author_id == writer.id
    # Neither the monitor nor a late approval sends it.
    late = await post_form(client, f"/webcare/replies/{stored.id}/approve", {}, page=page)
    assert late.status_code == 303 and (await Reply.get(id=stored.id)).status == "returned"
    assert replies_on_network(instance, question["id"]) == []
    # Sent back, it will never go out: "failed" in the API, as API.md lists.
    conversation = await client.get(f"/api/v1/webcare/conversations/{conversation_id}", headers=headers)
    assert conversation.json()["replies"] == [{"id": stored.id, "status": "failed", "url": None, "body": "Geen idee."}]
