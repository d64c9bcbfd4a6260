"""RSS and Atom feeds (feedparser), fetched with ETag and Last-Modified so an unchanged feed costs a 304.

A feed holds only its newest entries: every round reads all of them (deduplicated by uri in storage). A paged
feed (RFC 5005: a `<link rel="next">` to older entries) is followed page by page until a page reaches what the
last round read (an entry no newer than its newest) or the backfill limit, within `Limits.pages`; so nothing is
skipped when more arrived than the first page holds. A feed that does not page shows what it shows: entries
pushed out of it between two rounds cannot be read back. The first round takes the entries of the backfill limit
(7 days); that limit is kept in the feed's cursor with the newest entry's time ("FLOOR:NEWEST", epoch
seconds), so a later round does not take the older entries the first one left out. When the page budget runs
out before the pages reach the last round's newest entry, the cursor stays where it was (the next round reads
them again rather than jump over the rest). A feed has no replies: answering its posts is refused
(SourceError)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from participation.webcare.sources.base import BACKFILL, Config, Fetched, Limits, Round, Sent, SourceError, get

ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9"
EPOCH = datetime.fromtimestamp(0, UTC)


def _moment(entry: dict, *, now: datetime) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return now
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def _position(cursor: str | None, *, now: datetime) -> tuple[datetime, datetime | None]:
    """(the backfill floor, the newest entry read so far or None). The floor is taken at the first round and
    kept, so an entry the first round left out as too old is not taken by the next round. A feed read before
    the cursor held times ("read") has no floor."""
    if cursor is None:
        return now - BACKFILL, None
    floor, _, newest = cursor.partition(":")
    if not floor.isdigit():
        return EPOCH, now  # everything the feed showed then was read: page on only past what is new now
    return (
        datetime.fromtimestamp(int(floor), UTC),
        datetime.fromtimestamp(int(newest), UTC) if newest.isdigit() else None,
    )


def _next_page(parsed, url: str, base_url: str) -> str | None:
    for link in parsed.feed.get("links", []):
        if link.get("rel") == "next" and link.get("href"):
            target = urljoin(url, link["href"])
            a, b = urlsplit(target), urlsplit(base_url)
            return target if (a.scheme, a.netloc) == (b.scheme, b.netloc) else None
    return None


class Feed:
    async def fetch(
        self,
        config: Config,
        cursors: Mapping[str, str],
        *,
        http: httpx.AsyncClient,
        now: datetime,
        limits: Limits | None = None,
    ) -> Round:
        limits = limits or Limits()
        headers: dict[str, str] = {"Accept": ACCEPT}
        if config.etag:
            headers["If-None-Match"] = config.etag
        if config.last_modified:
            headers["If-Modified-Since"] = config.last_modified
        response = await get(http, config.base_url, headers=headers, now=now)
        result = Round(etag=config.etag, last_modified=config.last_modified)
        if response.status_code == 304:
            return result
        result.etag = response.headers.get("ETag", "")[:500]
        result.last_modified = response.headers.get("Last-Modified", "")[:200]
        floor, newest = _position(cursors.get("feed"), now=now)
        top = newest
        url, pages, complete = config.base_url, 0, True
        while True:
            parsed = feedparser.parse(response.content)
            if parsed.bozo and not parsed.entries:
                if pages == 0:
                    raise SourceError("The feed could not be read.")
                break
            pages += 1
            reached = False
            for entry in parsed.entries:
                post = self._post(entry, now=now)
                if post is None:
                    continue
                if post.created_at < floor:
                    reached = True
                    continue
                if newest is not None and post.created_at <= newest:
                    reached = True  # what the last round read: still taken (storage skips it by uri)
                result.posts.append(post)
                if top is None or post.created_at > top:
                    top = post.created_at
            following = None if reached else _next_page(parsed, url, config.base_url)
            if following is None:
                break
            if pages >= limits.pages:
                complete = False  # older pages are left: read again next round rather than jumped over
                break
            url = following
            response = await get(http, url, headers={"Accept": ACCEPT}, now=now)
        floor_part = str(int(floor.timestamp()))
        if complete:
            result.cursors["feed"] = f"{floor_part}:{int(top.timestamp())}" if top else floor_part
        elif "feed" not in cursors:
            result.cursors["feed"] = floor_part
        return result

    @staticmethod
    def _post(entry: dict, *, now: datetime) -> Fetched | None:
        uri = entry.get("id") or entry.get("link")
        if not uri:
            return None
        content = entry.get("content") or []
        html = content[0].get("value", "") if content else entry.get("summary", "")
        title = entry.get("title", "")
        return Fetched(
            uri=str(uri)[:500],
            external_id=str(uri)[:100],
            url=str(entry.get("link") or uri)[:500],
            author=str(entry.get("author") or "")[:300],
            html=(f"<p>{title}</p>" if title and title not in html else "") + str(html),
            created_at=_moment(entry, now=now),
            tags=tuple(str(t.get("term", "")).lower().lstrip("#") for t in entry.get("tags") or []),
        )

    async def reply(self, config: Config, **_: object) -> Sent:
        raise SourceError("A feed cannot be answered.")


NETWORK = Feed()
