"""RSS/Atom sources: entries become posts once; the feed is asked with its ETag and Last-Modified, and a 304
costs nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from participation.webcare import rules, services
from participation.webcare.models import Post, Source
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
