"""RSS and Atom feeds (feedparser), fetched with ETag and Last-Modified so an unchanged feed costs a 304.

A feed holds only its newest entries: every round reads all of them (deduplicated by uri in storage). A paged
feed (RFC 5005: a `<link rel="next">` to older entries) is followed page by page until a page reaches what the
last round read (an entry no newer than its newest) or the backfill limit; so nothing is skipped when more
arrived than the first page holds. A feed that does not page shows what it shows: entries pushed out of it
between two rounds cannot be read back. The first round takes the entries of the backfill limit (7 days); that
limit is kept in the feed's cursor with the newest entry's time ("FLOOR:NEWEST", epoch seconds), so a later
round does not take the older entries the first one left out.

A round reads at most `Limits.pages` pages. When it stops before reaching the last round's newest entry (the
page budget is spent, or a page failed), the cursor becomes a walk, as a Mastodon query's does: the next page to
read, the walk's newest entry, and the old newest (or the floor) it has to reach —
"walk:FLOOR:NEWEST:TOP:NEXT", with NEXT written relative to the feed's address to fit the cursor column. The
next round goes on with the walk; once the walk reaches the old newest, the cursor moves to the walk's newest
and the pages left ask the feed (with its validators) for what arrived since. So a walk never reads the same
pages again, and nothing between is jumped over: pages that number their entries from the newest shift when
entries arrive, which only shows some entries twice (stored once). A walk whose next page does not fit the
cursor is not kept: the cursor stays, and the next round reads from the top again. A feed has no replies:
answering its posts is refused (SourceError)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from participation.webcare.sources.base import (
    BACKFILL,
    MAX_CURSOR,
    Config,
    Fetched,
    Limits,
    Round,
    Sent,
    SourceError,
    get,
)

ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9"
EPOCH = datetime.fromtimestamp(0, UTC)


def _moment(entry: dict, *, now: datetime) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return now
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def _same_origin(url: str, base_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def _relative(url: str, base_url: str) -> str:
    """A page of the feed (on the feed's own host) written short: "?page=3" beside the feed, else its path."""
    a, b = urlsplit(url), urlsplit(base_url)
    query = f"?{a.query}" if a.query else ""
    return query if a.path == b.path and query else (a.path or "/") + query


def _seconds(moment: datetime | None) -> str:
    return str(int(moment.timestamp())) if moment is not None else ""


def _moment_of(seconds: str) -> datetime | None:
    return datetime.fromtimestamp(int(seconds), UTC) if seconds.isdigit() and len(seconds) < 12 else None


@dataclass(frozen=True)
class Position:
    """Where a feed stands. `floor`: the backfill limit, taken at the first round and kept. `newest`: the newest
    entry read so far (None: nothing yet). A walk under way: `next` the page to go on with (relative to the
    feed's address), `top` the walk's newest entry; it has to reach `newest` (or the floor)."""

    floor: datetime
    newest: datetime | None = None
    top: datetime | None = None
    next: str | None = None

    @property
    def walking(self) -> bool:
        return self.next is not None

    def encode(self) -> str:
        if self.walking:
            return f"walk:{_seconds(self.floor)}:{_seconds(self.newest)}:{_seconds(self.top)}:{self.next}"
        return f"{_seconds(self.floor)}:{_seconds(self.newest)}" if self.newest else _seconds(self.floor)

    @classmethod
    def decode(cls, stored: str | None, *, now: datetime, base_url: str) -> Position:
        if stored is None:
            return cls(floor=now - BACKFILL)
        if stored.startswith("walk:"):
            _walk, floor, newest, top, following = (stored.split(":", 4) + ["", "", "", ""])[:5]
            start = _moment_of(floor)
            if start is None:
                return cls(floor=now - BACKFILL)
            at_rest = cls(floor=start, newest=_moment_of(newest))
            if not following.startswith(("/", "?")) or not _same_origin(urljoin(base_url, following), base_url):
                return at_rest  # not a page of this feed: read from the top again
            return replace(at_rest, top=_moment_of(top), next=following)
        floor, _, newest = stored.partition(":")
        if not floor.isdigit():
            # A feed read before the cursor held times ("read"): everything it showed then was read, so page on
            # only past what is new now.
            return cls(floor=EPOCH, newest=now)
        return cls(floor=_moment_of(floor) or EPOCH, newest=_moment_of(newest))


def _next_page(parsed, url: str, base_url: str) -> str | None:
    for link in parsed.feed.get("links", []):
        if link.get("rel") == "next" and link.get("href"):
            target = urljoin(url, link["href"])
            return target if _same_origin(target, base_url) else None
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
        result = Round(etag=config.etag, last_modified=config.last_modified)
        position = Position.decode(cursors.get("feed"), now=now, base_url=config.base_url)
        pages = max(1, limits.pages)
        while pages > 0:
            gap = position.walking
            position, pages = await self._walk(config, position, result, pages, http=http, now=now)
            self._keep(position, cursors, result)
            if result.error is not None or position.walking or not gap:
                break  # a page failed, or the budget is spent (the walk goes on next round), or all is read
            # The walk reached what the last round read: what arrived above it since is read with the pages left.
        return result

    async def _walk(
        self,
        config: Config,
        position: Position,
        result: Round,
        pages: int,
        *,
        http: httpx.AsyncClient,
        now: datetime,
    ) -> tuple[Position, int]:
        """Read pages into `result` from the top of the feed (or on with a walk under way) down to the last
        round's newest entry or the floor, within `pages`: the position after it and the pages left.

        A page that cannot be fetched ends the walk where it began, at rest, with the error in `result.error`:
        the next round reads from the top again, so nothing is jumped over and a page gone for good (a feed
        that shrank) does not hold the source up. Only the round's first page raises: nothing was read."""
        walking = position.walking
        url = urljoin(config.base_url, position.next or "") if walking else config.base_url
        headers = {"Accept": ACCEPT}
        if not walking:
            if result.etag:
                headers["If-None-Match"] = result.etag
            if result.last_modified:
                headers["If-Modified-Since"] = result.last_modified
        at_rest = Position(floor=position.floor, newest=position.newest)

        def failed(error: SourceError) -> tuple[Position, int]:
            if not walking and not result.posts and not result.cursors:
                raise error  # the round's first page: nothing was read, the round failed and the cursor stays
            result.error = error
            return at_rest, pages

        top, first = position.top if walking else position.newest, True
        while True:
            try:
                response = await get(http, url, headers=headers, now=now)
            except SourceError as exc:
                return failed(exc)
            pages -= 1
            if first and not walking:
                if response.status_code == 304:
                    return at_rest, pages  # unchanged since a round read it
                result.etag = response.headers.get("ETag", "")[:500]
                result.last_modified = response.headers.get("Last-Modified", "")[:200]
            parsed = feedparser.parse(response.content)
            following = None
            if parsed.bozo and not parsed.entries:
                if first and not walking:
                    return failed(SourceError("The feed could not be read."))
                # An unreadable page further down ends the walk, as the end of the feed does.
            else:
                reached = False
                for entry in parsed.entries:
                    post = self._post(entry, now=now)
                    if post is None:
                        continue
                    if post.created_at < position.floor:
                        reached = True
                        continue
                    if position.newest is not None and post.created_at <= position.newest:
                        reached = True  # what the last round read: still taken (storage skips it by uri)
                    result.posts.append(post)
                    if top is None or post.created_at > top:
                        top = post.created_at
                following = None if reached else _next_page(parsed, url, config.base_url)
            if following is None:
                return Position(floor=position.floor, newest=top or position.newest), pages
            if pages <= 0:
                return replace(at_rest, top=top, next=_relative(following, config.base_url)), pages
            url, headers, first = following, {"Accept": ACCEPT}, False

    @staticmethod
    def _keep(position: Position, cursors: Mapping[str, str], result: Round) -> None:
        encoded = position.encode()
        if len(encoded) <= MAX_CURSOR:
            result.cursors["feed"] = encoded
        elif "feed" not in cursors:
            # A walk too long to keep, on the first round: keep at least the floor; the walk begins again.
            result.cursors["feed"] = _seconds(position.floor)

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
