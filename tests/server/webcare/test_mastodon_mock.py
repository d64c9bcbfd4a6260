"""The monitor and replies against mastodon-mock, a separate implementation of the Mastodon client API, started
on 127.0.0.1 by the test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from participation.webcare.models import Post
from tests.support import mastodon_mock
from tests.support.web import make_user, token_for


@pytest.fixture(scope="module")
def instance() -> Iterator[str]:
    with mastodon_mock.running() as base:
        yield base


async def test_poll_then_reply_and_the_reply_reaches_the_network(client, instance):
    for i in range(45):
        mastodon_mock.post(instance, f"Bericht {i} over #samenspraakpark")
    await make_user("admin@example.nl", "admin")
    await make_user("official@example.nl", "official")
    admin = await token_for(client, "admin@example.nl")
    official = await token_for(client, "official@example.nl")
    source = await client.post(
        "/api/v1/sources",
        json={
            "kind": "mastodon",
            "name": "Mock",
            "base_url": instance,
            "access_token": mastodon_mock.TOKEN,
            "hashtags": ["samenspraakpark"],
            "keywords": [],
        },
        headers=admin,
    )
    assert source.status_code == 201
    poll = f"/api/v1/sources/{source.json()['id']}/poll"
    first = await client.post(poll, headers=official)
    assert first.json() == {"fetched": 45, "new": 45}
    question = mastodon_mock.post(instance, "Waarom is het #samenspraakpark dicht?")
    assert (await client.post(poll, headers=official)).json() == {"fetched": 1, "new": 1}
    assert (await client.post(poll, headers=admin)).json() == {"fetched": 0, "new": 0}
    assert await Post.all().count() == 46

    inbox = await client.get("/api/v1/webcare/conversations?status=new&limit=1", headers=official)
    newest = inbox.json()["items"][0]
    assert newest["posts"][0]["external_id"] == question["id"]
    assert newest["posts"][0]["ref"].startswith("post:")
    reply = await client.post(
        f"/api/v1/webcare/conversations/{newest['id']}/replies",
        json={"body": "Het park is dicht voor onderhoud, morgen weer open."},
        headers=official,
    )
    assert reply.status_code == 201, reply.text
    sent = reply.json()
    assert sent["status"] == "sent" and "/@testuser/" in sent["url"]
    # Read back from the mock's API: a reply to the question, with our text.
    status_id = sent["url"].rstrip("/").rsplit("/", 1)[1]
    on_network = httpx.get(
        f"{instance}/api/v1/statuses/{status_id}", headers={"Authorization": f"Bearer {mastodon_mock.TOKEN}"}
    ).json()
    assert on_network["in_reply_to_id"] == question["id"]
    assert "morgen weer open" in on_network["content"]
    conversation = await client.get(f"/api/v1/webcare/conversations/{newest['id']}", headers=official)
    assert conversation.json()["status"] == "replied"
    assert conversation.json()["replies"] == [sent]
