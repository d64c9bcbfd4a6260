"""Several monitors against one database never poll a source at once: a lease per source (conditional UPDATE);
a dead worker's lease runs out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx

from participation.errors import Conflict
from participation.webcare import rules, services
from participation.webcare.models import Post, Source
from tests.support.mastodon import BASE, TOKEN, FakeMastodon


async def _sources(n: int) -> list[int]:
    ids = []
    for i in range(n):
        source = await Source.create(
            kind="mastodon",
            name=f"Bron {i}",
            base_url=BASE,
            access_token=TOKEN,
            hashtags=[f"tag{i}"],
            created_at=datetime.now(UTC),
        )
        ids.append(source.id)
    return ids


async def test_two_workers_poll_every_source_once_and_store_no_duplicates(orm_any):
    fake = FakeMastodon(page_limit=3)
    ids = await _sources(4)
    for i in range(4):
        for j in range(10):
            fake.post(f"bron {i} bericht {j}", tags=(f"tag{i}",))
    at_once = 0
    busy: set[int] = set()
    overlaps: list[int] = []

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal at_once
        tag = request.url.path.rsplit("/", 1)[-1]
        if tag in busy:
            overlaps.append(tag)
        busy.add(tag)
        await asyncio.sleep(0.01)
        busy.discard(tag)
        return fake.handler(request)

    now = datetime.now(UTC)
    async with httpx.AsyncClient(transport=httpx.MockTransport(slow)) as http:

        async def worker(name: str) -> int:
            polled = 0
            for source_id in ids:
                try:
                    await services.poll_source(source_id, http=http, now=now, owner=name)
                    polled += 1
                except Conflict:
                    pass
            return polled

        one, two = await asyncio.gather(worker("one"), worker("two"))
    assert overlaps == []
    assert await Post.all().count() == 40
    assert len(set(await Post.all().values_list("uri", flat=True))) == 40
    assert one + two >= 4


async def test_a_held_lease_refuses_a_second_worker_and_a_dead_workers_lease_expires(orm_any):
    (source_id,) = await _sources(1)
    now = datetime.now(UTC)
    assert await services.take_lease(source_id, now=now, owner="dead")
    assert not await services.take_lease(source_id, now=now, owner="alive")
    fake = FakeMastodon()
    async with fake.client() as http:
        try:
            await services.poll_source(source_id, http=http, now=now, owner="alive")
        except Conflict as exc:
            assert exc.code == "being_polled"
        else:
            raise AssertionError("a second worker polled a leased source")
        later = now + rules.LEASE + rules.LEASE / 10
        fake.post("na de lease", tags=("tag0",))
        polled = await services.poll_source(source_id, http=http, now=later, owner="alive")
    assert polled.new == 1
    assert (await Source.get(id=source_id)).leased_until is None
