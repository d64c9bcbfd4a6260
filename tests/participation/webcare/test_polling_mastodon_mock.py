"""Rounds against mastodon-mock (a separate implementation of the Mastodon client API, on 127.0.0.1) with more
posts than one round may read, on SQLite and PostgreSQL: every post is stored exactly once after enough rounds."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from participation.webcare.models import Post, Source
from participation.webcare.services import poll_source
from participation.webcare.sources.base import Limits
from tests.support import mastodon_mock

_tags = itertools.count()


@pytest.fixture(scope="module")
def instance() -> Iterator[str]:
    with mastodon_mock.running() as base:
        yield base


async def test_posts_beyond_a_rounds_budget_are_read_in_the_next_rounds_exactly_once(orm_any, instance):
    tag = f"budget{next(_tags)}x{orm_any.split(':', 1)[0]}"
    expected = {mastodon_mock.post(instance, f"Eerst {i} #{tag}")["uri"] for i in range(17)}
    source = await Source.create(
        kind="mastodon",
        name="Mock",
        base_url=instance,
        access_token=mastodon_mock.TOKEN,
        hashtags=[tag],
        created_at=datetime.now(UTC),
    )
    limits = Limits(pages=2, page_size=3)  # six posts a round
    fetched: list[int] = []
    async with httpx.AsyncClient() as http:
        for round_number in range(30):
            polled = await poll_source(source.id, http=http, now=datetime.now(UTC), limits=limits)
            assert polled.error == ""
            fetched.append(polled.fetched)
            if polled.fetched == 0:
                break
            if round_number < 3:  # more arrive between rounds than a page holds
                for i in range(4):
                    expected.add(mastodon_mock.post(instance, f"Ronde {round_number} nr {i} #{tag}")["uri"])
    assert fetched[-1] == 0, fetched
    assert max(fetched) <= 6
    uris = await Post.filter(source_id=source.id).values_list("uri", flat=True)
    assert len(uris) == len(set(uris)) == 17 + 12
    assert set(uris) == expected
    assert sum(fetched) == 17 + 12  # nothing fetched twice
