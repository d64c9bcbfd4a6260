"""RSS/Atom sources: entries become posts once; the feed is asked with its ETag and Last-Modified, and a 304
costs nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from participation.webcare import rules, services
from participation.webcare.models import Cursor, Post, Source
from participation.webcare.sources import rss
from participation.webcare.sources.base import MAX_CURSOR, Limits
from participation.webcare.sources.rss import Position
from tests.support.web import make_user

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wijkblog</title><id>urn:wijkblog</id><updated>{now}</updated>
  {entries}
</feed>"""
ENTRY = """<entry><id>urn:wijkblog:{n}</id><title>Bericht {n}</title><link href="https://wijk.example/{n}"/>
  <updated>{now}</updated><author><name>Wijkraad</name></author>
  <content type="html">&lt;p&gt;Waarom is het park dicht?
  &lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</content></entry>"""


async def test_a_feed_is_read_once_and_then_asked_with_its_validators(orm):
    admin = await make_user("admin@example.nl", "admin")
    source = await services.add_source(
        rules.SourceInput(kind="rss", name="Wijkblog", base_url="https://wijk.example/feed.xml"),
        by=admin,
        now=datetime.now(UTC),
    )
    now = datetime.now(UTC).isoformat()
    entries = [ENTRY.format(n=n, now=now) for n in (1, 2)]
    seen: list[httpx.Request] = []

    def serve(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers.get("If-None-Match") == '"v2"':
            return httpx.Response(304)
        etag = '"v2"' if len(entries) == 3 else '"v1"'
        body = FEED.format(now=now, entries="".join(entries))
        return httpx.Response(200, text=body, headers={"ETag": etag, "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(serve)) as http:
        assert (await services.poll_source(source.id, http=http, now=datetime.now(UTC))).new == 2
        entries.append(ENTRY.format(n=3, now=now))
        polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
        assert (polled.fetched, polled.new) == (3, 1)
        assert seen[1].headers["If-None-Match"] == '"v1"'
        assert seen[1].headers["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"
        unchanged = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    assert (unchanged.fetched, unchanged.new) == (0, 0)
    assert (await Source.get(id=source.id)).status == "ok"
    post = await Post.get(uri="urn:wijkblog:3")
    assert post.url == "https://wijk.example/3" and post.category == "question"
    assert "<script" not in post.text_html and "alert" not in post.text_html


async def test_entries_the_first_round_left_out_as_too_old_stay_out_in_later_rounds(orm):
    admin = await make_user("admin@example.nl", "admin")
    source = await services.add_source(
        rules.SourceInput(kind="rss", name="Wijkblog", base_url="https://wijk.example/feed.xml"),
        by=admin,
        now=datetime.now(UTC),
    )
    now = datetime.now(UTC)
    old = (now - timedelta(days=9)).isoformat()
    entries = [ENTRY.format(n=1, now=old), ENTRY.format(n=2, now=now.isoformat())]

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=FEED.format(now=now.isoformat(), entries="".join(entries)))

    async with httpx.AsyncClient(transport=httpx.MockTransport(serve)) as http:
        assert (await services.poll_source(source.id, http=http, now=now)).new == 1
        entries.append(ENTRY.format(n=3, now=now.isoformat()))
        later = await services.poll_source(source.id, http=http, now=now + timedelta(minutes=5))
    assert later.new == 1
    assert sorted(await Post.all().values_list("uri", flat=True)) == ["urn:wijkblog:2", "urn:wijkblog:3"]


PAGED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wijkblog</title><id>urn:wijkblog</id><updated>{now}</updated>
  {next}{entries}
</feed>"""


async def test_a_paged_feed_is_followed_to_what_the_last_round_read_so_nothing_is_skipped(orm):
    """RFC 5005: the feed shows five entries a page, `rel="next"` leads to older ones."""
    admin = await make_user("admin@example.nl", "admin")
    source = await services.add_source(
        rules.SourceInput(kind="rss", name="Wijkblog", base_url="https://wijk.example/feed.xml"),
        by=admin,
        now=datetime.now(UTC),
    )
    start = datetime.now(UTC) - timedelta(days=2)
    entries: list[tuple[int, datetime]] = []  # newest first

    def arrive(count: int) -> None:
        for _ in range(count):
            n = len(entries) + 1
            entries.insert(0, (n, start + timedelta(minutes=n)))

    asked: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        page = int(request.url.params.get("page", "1"))
        shown = entries[(page - 1) * 5 : page * 5]
        more = len(entries) > page * 5
        link = f'<link rel="next" href="/feed.xml?page={page + 1}"/>' if more else ""
        body = "".join(ENTRY.format(n=n, now=at.isoformat()) for n, at in shown)
        return httpx.Response(200, text=PAGED.format(now=start.isoformat(), next=link, entries=body))

    arrive(13)
    async with httpx.AsyncClient(transport=httpx.MockTransport(serve)) as http:
        first = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
        assert (first.fetched, first.new) == (13, 13) and len(asked) == 3
        arrive(7)  # more than a page between two rounds
        asked.clear()
        second = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
        assert second.new == 7
        # Pages 1 and 2 hold the seven new ones; page 2 reaches what the first round read, so page 3 is not asked.
        assert [u.rsplit("/", 1)[1] for u in asked] == ["feed.xml", "feed.xml?page=2"]
        idle = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    assert idle.new == 0
    uris = await Post.all().values_list("uri", flat=True)
    assert len(uris) == len(set(uris)) == 20


class PagedFeed:
    """A paged feed (RFC 5005) of five entries a page, newest first, numbered from the newest (`?page=N`): an
    entry that arrives pushes every older one a place down, across pages. Counts every page asked."""

    def __init__(self, start: datetime, *, link: str = "/feed.xml?page={page}") -> None:
        self.start, self.link = start, link
        self.entries: list[tuple[int, datetime]] = []
        self.asked: list[str] = []

    def arrive(self, count: int) -> None:
        for _ in range(count):
            n = len(self.entries) + 1
            self.entries.insert(0, (n, self.start + timedelta(minutes=n)))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        self.asked.append("feed.xml" if page == 1 else f"page={page}")
        shown = self.entries[(page - 1) * 5 : page * 5]
        more = len(self.entries) > page * 5
        link = f'<link rel="next" href="{self.link.format(page=page + 1)}"/>' if more else ""
        body = "".join(ENTRY.format(n=n, now=at.isoformat()) for n, at in shown)
        return httpx.Response(200, text=PAGED.format(now=self.start.isoformat(), next=link, entries=body))

    def rounds(self) -> list[str]:
        asked, self.asked = self.asked, []
        return asked


async def feed_source() -> Source:
    admin = await make_user("admin@example.nl", "admin")
    return await services.add_source(
        rules.SourceInput(kind="rss", name="Wijkblog", base_url="https://wijk.example/feed.xml"),
        by=admin,
        now=datetime.now(UTC),
    )


async def test_more_new_pages_than_a_round_reads_go_on_next_round_where_the_last_stopped(orm):
    """Two pages a round: a round that runs out keeps its walk in the cursor (the next page, its newest entry,
    what it has to reach) and the next round goes on from there, not from the top; entries that arrive during
    the walk shift the numbered pages, which shows some twice and skips none."""
    source = await feed_source()
    feed = PagedFeed(datetime.now(UTC) - timedelta(days=2))
    two = Limits(pages=2, page_size=5)
    feed.arrive(13)
    async with httpx.AsyncClient(transport=httpx.MockTransport(feed)) as http:

        async def poll() -> int:
            return (await services.poll_source(source.id, http=http, now=datetime.now(UTC), limits=two)).new

        # The first round: 13 entries, three pages; two are read and the walk waits at page 3.
        assert await poll() == 10 and feed.rounds() == ["feed.xml", "page=2"]
        cursor = (await Cursor.get(source_id=source.id)).position
        assert cursor.startswith("walk:") and cursor.endswith(":?page=3") and len(cursor) <= MAX_CURSOR
        # It goes on at page 3, reaches the end of the feed, and asks the top with the page left.
        assert await poll() == 3 and feed.rounds() == ["page=3", "feed.xml"]
        assert ":" in (cursor := (await Cursor.get(source_id=source.id)).position) and "walk" not in cursor
        feed.arrive(17)  # more than the budget of two pages between two rounds
        assert await poll() == 10 and feed.rounds() == ["feed.xml", "page=2"]
        feed.arrive(4)  # while the walk is under way: the pages it has not read yet shift down by four
        # Page 3 now starts with four entries the last round read (stored once), then one it did not.
        assert await poll() == 6 and feed.rounds() == ["page=3", "page=4"]
        # Page 5 reaches what the second round read: the walk is done, and the page left reads the new top.
        assert await poll() == 1 + 4 and feed.rounds() == ["page=5", "feed.xml"]
        assert await poll() == 0 and feed.rounds() == ["feed.xml"]
    uris = await Post.filter(source_id=source.id).values_list("uri", flat=True)
    assert len(uris) == len(set(uris)) == 34


async def test_a_walk_whose_next_page_does_not_fit_the_cursor_starts_again_and_skips_nothing(orm):
    source = await feed_source()
    feed = PagedFeed(datetime.now(UTC) - timedelta(days=2), link="/feed.xml?page={page}&after=" + "x" * 80)
    feed.arrive(8)
    one = Limits(pages=1, page_size=5)
    async with httpx.AsyncClient(transport=httpx.MockTransport(feed)) as http:
        polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC), limits=one)
        assert polled.new == 5 and feed.rounds() == ["feed.xml"]
        # Only the floor is kept (the walk is too long for the column): the next round reads from the top.
        assert "walk" not in (await Cursor.get(source_id=source.id)).position
        polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC), limits=Limits(pages=5))
        assert polled.new == 3 and feed.rounds() == ["feed.xml", "page=2"]
    assert await Post.filter(source_id=source.id).count() == 8


async def test_a_page_of_a_walk_that_fails_sends_the_next_round_to_the_top_again(orm):
    """A page gone (a feed that shrank, a server error): the walk ends where it began, so the source does not
    get stuck on it and what the walk had to reach is still reached, from the top."""
    source = await feed_source()
    feed = PagedFeed(datetime.now(UTC) - timedelta(days=2))
    feed.arrive(12)
    broken = {"page": 0}

    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("page") == str(broken["page"]):
            feed.asked.append(f"page={broken['page']} (500)")
            return httpx.Response(500)
        return feed(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(serve)) as http:
        poll = services.poll_source
        assert (await poll(source.id, http=http, now=datetime.now(UTC), limits=Limits(pages=1))).new == 5
        assert feed.rounds() == ["feed.xml"] and "walk" in (await Cursor.get(source_id=source.id)).position
        broken["page"] = 2
        failed = await poll(source.id, http=http, now=datetime.now(UTC), limits=Limits(pages=3))
        assert failed.error and feed.rounds() == ["page=2 (500)"]
        assert (await Source.get(id=source.id)).status == "failing"
        assert "walk" not in (await Cursor.get(source_id=source.id)).position
        broken["page"] = 0
        later = datetime.now(UTC) + timedelta(hours=1)  # past the back-off
        assert (await poll(source.id, http=http, now=later, limits=Limits(pages=3))).new == 7
        assert feed.rounds() == ["feed.xml", "page=2", "page=3"]
    assert await Post.filter(source_id=source.id).count() == 12


def test_a_walk_is_kept_short_and_only_ever_leads_to_pages_of_the_feed_itself():
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    base = "https://wijk.example/blog/feed.xml?lang=nl"
    walk = Position(floor=now - timedelta(days=7), newest=now - timedelta(days=1), top=now, next="?page=3")
    assert Position.decode(walk.encode(), now=now, base_url=base) == walk
    assert rss._relative("https://wijk.example/blog/feed.xml?page=3", base) == "?page=3"
    assert rss._relative("https://wijk.example/archief/2?x=1", base) == "/archief/2?x=1"
    for elsewhere in ("//evil.example/feed", "https://evil.example/feed", "page=3"):
        stored = f"walk:{int(walk.floor.timestamp())}:{int(walk.newest.timestamp())}:{int(now.timestamp())}:{elsewhere}"
        assert Position.decode(stored, now=now, base_url=base) == Position(floor=walk.floor, newest=walk.newest)
    # Cursors written before walks existed read as before.
    assert Position.decode("read", now=now, base_url=base) == Position(floor=rss.EPOCH, newest=now)
    assert Position.decode(None, now=now, base_url=base) == Position(floor=now - timedelta(days=7))
