"""Storing a round's posts: many posts a transaction, each in its own savepoint, so a post another monitor stored
in the meantime costs only itself (no half-made conversation stays behind) — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from participation.webcare import services
from participation.webcare.models import Conversation, Post, Source
from participation.webcare.services import ingestion
from participation.webcare.sources.base import Fetched


def _post(n: int, at: datetime) -> Fetched:
    return Fetched(
        uri=f"https://social.example/users/lieke/statuses/{n}",
        external_id=str(n),
        url=f"https://social.example/@lieke/{n}",
        author="lieke",
        html=f"<p>Bericht {n} over het park</p>",
        created_at=at + timedelta(seconds=n),
    )


async def _source(name: str) -> Source:
    return await Source.create(
        kind="mastodon", name=name, base_url="https://social.example", demo=True, created_at=datetime.now(UTC)
    )


async def test_a_post_stored_by_another_monitor_meanwhile_costs_only_itself(orm_any, monkeypatch):
    ours, theirs = await _source("Ons"), await _source("Ander")
    now = datetime.now(UTC)
    posts = [_post(n, now) for n in range(7)]
    real_targets = ingestion.listening.targets
    raced = []

    async def targets():
        # After this round looked up which posts are known: another monitor stores one of them first.
        if not raced:
            raced.append(0)
            raced[0] = await services.store_posts(theirs, [posts[3]], now=now)
        return await real_targets()

    monkeypatch.setattr(ingestion.listening, "targets", targets)
    monkeypatch.setattr(ingestion, "BATCH", 4)  # two transactions for seven posts
    new = await services.store_posts(ours, posts, now=now)
    assert raced == [1] and new == 6
    uris = await Post.all().values_list("uri", flat=True)
    assert sorted(uris) == sorted(p.uri for p in posts)
    assert await Post.filter(source_id=theirs.id).count() == 1
    # Every conversation has its post: the one whose post lost the race was rolled back with it.
    assert await Conversation.all().count() == 7
    assert await Conversation.filter(posts__id__isnull=True).count() == 0


@pytest.mark.parametrize("batch", [1, 3, 200])
async def test_a_reply_in_the_same_round_joins_its_parents_conversation_across_batches(orm_any, monkeypatch, batch):
    source = await _source("Ons")
    now = datetime.now(UTC)
    root = _post(1, now)
    reply = Fetched(**{**root.__dict__, "uri": root.uri + "/r", "external_id": "2", "in_reply_to": "1"})
    reply = Fetched(**{**reply.__dict__, "created_at": root.created_at + timedelta(minutes=1)})
    others = [_post(n, now) for n in range(3, 6)]
    monkeypatch.setattr(ingestion, "BATCH", batch)
    assert await services.store_posts(source, [reply, *others, root], now=now) == 5
    stored = {p.external_id: p for p in await Post.all()}
    assert stored["2"].conversation_id == stored["1"].conversation_id
    assert await Conversation.all().count() == 4
