"""Polling Mastodon against a fake in Mastodon's documented shape (httpx.MockTransport): pages, cursors, boosts,
deduplication, rate limits and failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from participation.webcare import rules, services
from participation.webcare.models import Conversation, Post, Source
from participation.webcare.sources.base import Limits, parse_reset
from tests.support.mastodon import BASE, TOKEN, FakeMastodon
from tests.support.web import make_user


async def _source(**changes) -> Source:
    admin = await make_user("admin@example.nl", "admin")
    data = {"kind": "mastodon", "name": "Mastodon", "base_url": BASE, "access_token": TOKEN, "hashtags": ("parken",)}
    return await services.add_source(rules.SourceInput(**(data | changes)), by=admin, now=datetime.now(UTC))


async def test_rounds_follow_every_page_and_never_fetch_twice_or_skip(orm):
    fake = FakeMastodon(page_limit=5)
    for i in range(23):
        fake.post(f"bericht {i}")
    source = await _source()
    async with fake.client() as http:
        first = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
        assert (first.fetched, first.new) == (23, 23)
        # Each page went with the token, and the Link header was followed through 5 pages (and one empty).
        assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in fake.requests)
        for round_number in range(3):
            # More arrive between rounds than one page holds.
            for i in range(7):
                fake.post(f"ronde {round_number} bericht {i}")
            fake.requests.clear()
            polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
            assert (polled.fetched, polled.new) == (7, 7)
            assert "since_id=" in str(fake.requests[0].url)
        idle = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    assert (idle.fetched, idle.new) == (0, 0)
    texts = sorted(await Post.all().values_list("text", flat=True))
    assert len(texts) == 23 + 21 == len(set(texts))
    assert await Post.filter(uri__in=[s["uri"] for s in fake.statuses]).count() == 44


async def test_first_round_backfills_seven_days_and_boosts_are_unwrapped_and_deduplicated(orm):
    fake = FakeMastodon(page_limit=2)
    fake.post("te oud", age=timedelta(days=8))
    original = fake.post("Waarom is het park dicht?", age=timedelta(days=2))
    fake.post("boost", boost_of=original)  # a boost of a post the round also reads
    fake.post("nieuw")
    source = await _source()
    async with fake.client() as http:
        polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    assert polled.new == 2
    stored = {p.text: p for p in await Post.all()}
    assert set(stored) == {"Waarom is het park dicht?", "nieuw"}
    assert stored["Waarom is het park dicht?"].uri == original["uri"]
    assert stored["Waarom is het park dicht?"].external_id == original["id"]


async def test_mentions_and_keyword_search(orm):
    fake = FakeMastodon()
    fake.mention("@gemeente wanneer gaat het zwembad open?")
    fake.post("De fietsenstalling is vol", tags=())
    source = await _source(hashtags=(), keywords=("fietsenstalling",), account="gemeente")
    async with fake.client() as http:
        polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    assert polled.new == 2
    paths = {r.url.path for r in fake.requests}
    assert {"/api/v1/notifications", "/api/v2/search"} <= paths
    assert any("types%5B%5D=mention" in str(r.url) or "types[]=mention" in str(r.url) for r in fake.requests)


async def test_a_429_records_the_error_and_waits_for_the_iso_reset(orm):
    reset = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=7)
    fake = FakeMastodon(failures=[(429, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset.isoformat()})])
    fake.post("bericht")
    source = await _source()
    async with fake.client() as http:
        polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
        assert polled.new == 0 and "429" in polled.error
        stored = await Source.get(id=source.id)
        assert stored.status == "failing" and stored.next_poll_at == reset
        # Not due before the reset: the monitor leaves it alone.
        assert await services.poll_due(now=datetime.now(UTC), http=http) == 0
        assert await services.poll_due(now=reset + timedelta(seconds=1), http=http) == 1
    assert (await Source.get(id=source.id)).status == "ok"
    assert await Post.all().count() == 1


def test_reset_times_in_iso_8601_and_in_epoch_seconds():
    now = datetime.now(UTC)
    assert parse_reset("2026-12-01T12:00:00.000Z", now=now) == datetime(2026, 12, 1, 12, tzinfo=UTC)
    assert parse_reset("1796122590", now=now) == datetime.fromtimestamp(1796122590, UTC)
    assert parse_reset("not a time", now=now) is None


async def test_5xx_and_timeouts_back_off_and_one_failing_source_does_not_stop_the_others(orm):
    broken = FakeMastodon(failures=[(503, {}), "timeout"])
    working = FakeMastodon()
    working.post("werkt")
    first = await _source()
    second = await Source.create(
        kind="mastodon",
        name="Andere",
        base_url="https://ander.social",
        access_token=TOKEN,
        hashtags=["parken"],
        created_at=datetime.now(UTC),
    )

    def route(request: httpx.Request) -> httpx.Response:
        return (working if request.url.host == "ander.social" else broken).handler(request)

    now = datetime.now(UTC)
    async with httpx.AsyncClient(transport=httpx.MockTransport(route)) as http:
        assert await services.poll_due(now=now, http=http) == 2
        failing = await Source.get(id=first.id)
        assert failing.status == "failing" and "503" in failing.last_error
        assert now < failing.next_poll_at <= now + timedelta(seconds=10)
        assert (await Source.get(id=second.id)).status == "ok"
        await services.poll_source(first.id, http=http, now=now)
        failing = await Source.get(id=first.id)
        assert "did not answer in time" in failing.last_error and failing.failures == 2
    assert TOKEN not in failing.last_error
    assert await Post.filter(source_id=second.id).count() == 1


async def test_a_reply_in_the_thread_joins_the_conversation(orm):
    fake = FakeMastodon()
    root = fake.post("Waarom is het park dicht?")
    source = await _source()
    async with fake.client() as http:
        await services.poll_source(source.id, http=http, now=datetime.now(UTC))
        fake.post("Nog steeds dicht!", reply_to=root["id"])
        await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    assert await Conversation.all().count() == 1
    assert await Post.all().count() == 2


async def _rounds_until_idle(source_id: int, http: httpx.AsyncClient, limits: Limits, arrive) -> list[int]:
    """Poll until a round finds nothing; `arrive(n)` posts between rounds. Returns what each round fetched."""
    fetched: list[int] = []
    for round_number in range(50):
        polled = await services.poll_source(source_id, http=http, now=datetime.now(UTC), limits=limits)
        assert polled.error == ""
        fetched.append(polled.fetched)
        if polled.fetched == 0:
            return fetched
        arrive(round_number)
    raise AssertionError(f"the rounds never caught up: {fetched}")


async def test_more_than_a_round_may_read_is_read_on_over_the_next_rounds_never_skipped_or_twice(orm):
    fake = FakeMastodon(page_limit=5)
    for i in range(23):
        fake.post(f"eerst {i}")
    source = await _source()
    limits = Limits(pages=2, page_size=5)

    def arrive(round_number: int) -> None:
        if round_number < 6:
            for i in range(4):  # more than a page between rounds, less than a round's budget
                fake.post(f"ronde {round_number} bericht {i}")

    async with fake.client() as http:
        fetched = await _rounds_until_idle(source.id, http, limits, arrive)
    assert max(fetched) <= 10  # no round read more than its budget
    total = 23 + 6 * 4
    uris = await Post.all().values_list("uri", flat=True)
    assert len(uris) == len(set(uris)) == total
    assert set(uris) == {s["uri"] for s in fake.statuses}
    assert sum(fetched) == total  # nothing was fetched twice


async def test_a_first_round_longer_than_its_budget_backfills_to_the_limit_over_several_rounds(orm):
    fake = FakeMastodon(page_limit=5)
    for i in range(3):
        fake.post(f"te oud {i}", age=timedelta(days=8))
    for i in range(12):
        fake.post(f"nieuw {i}", age=timedelta(days=6))
    source = await _source()
    async with fake.client() as http:
        fetched = await _rounds_until_idle(source.id, http, Limits(pages=1, page_size=5), lambda _: None)
    assert fetched == [5, 5, 2, 0]
    texts = await Post.all().values_list("text", flat=True)
    assert sorted(texts) == sorted(f"nieuw {i}" for i in range(12))


async def test_a_walk_that_fails_half_way_goes_on_where_it_stopped(orm):
    fake = FakeMastodon(page_limit=5)
    for i in range(20):
        fake.post(f"bericht {i}")
    source = await _source()
    requests = 0

    def flaky(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        if requests == 3:  # the third page of the first round
            return httpx.Response(503, json={"error": "Unavailable"})
        return fake.handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(flaky)) as http:
        failed = await services.poll_source(source.id, http=http, now=datetime.now(UTC), limits=Limits(page_size=5))
        assert (failed.fetched, failed.new) == (10, 10) and "503" in failed.error
        fake.post("tussendoor")
        again = await services.poll_source(source.id, http=http, now=datetime.now(UTC), limits=Limits(page_size=5))
    assert again.error == ""
    assert again.fetched == 11  # the ten below where it stopped and the one that arrived, none of the first ten
    assert await Post.all().count() == 21
