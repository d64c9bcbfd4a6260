"""RSS and Atom feeds (feedparser), fetched with ETag and Last-Modified so an unchanged feed costs a 304.

A feed holds only its newest entries: every round reads all of them (deduplicated by uri in storage), so nothing
is skipped as long as a feed does not get more new entries between two rounds than it shows. The first round
takes the entries of the backfill limit (7 days); that limit is kept as the feed's cursor, so a later round does
not take the older entries the first one left out. A feed has no replies: answering its posts is refused
(SourceError)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, datetime

import feedparser
import httpx

from participation.webcare.sources.base import BACKFILL, Config, Fetched, Limits, Round, Sent, SourceError, get


def _moment(entry: dict, *, now: datetime) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return now
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def _floor(cursor: str | None, *, now: datetime) -> datetime:
    """The backfill limit, taken at the first round and kept (the cursor), so an entry the first round left out
    as too old is not taken by the next round. A feed read before the limit was kept ("read") has none."""
    if cursor is None:
        return now - BACKFILL
    if cursor.isdigit():
        return datetime.fromtimestamp(int(cursor), UTC)
    return datetime.min.replace(tzinfo=UTC)


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
        headers: dict[str, str] = {"Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9"}
        if config.etag:
            headers["If-None-Match"] = config.etag
        if config.last_modified:
            headers["If-Modified-Since"] = config.last_modified
        response = await get(http, config.base_url, headers=headers, now=now)
        result = Round(etag=config.etag, last_modified=config.last_modified)
        if response.status_code == 304:
            return result
        parsed = feedparser.parse(response.content)
        if parsed.bozo and not parsed.entries:
            raise SourceError("The feed could not be read.")
        floor = _floor(cursors.get("feed"), now=now)
        for entry in parsed.entries:
            uri = entry.get("id") or entry.get("link")
            if not uri:
                continue
            created = _moment(entry, now=now)
            if created < floor:
                continue
            content = entry.get("content") or []
            html = content[0].get("value", "") if content else entry.get("summary", "")
            title = entry.get("title", "")
            result.posts.append(
                Fetched(
                    uri=str(uri)[:500],
                    external_id=str(uri)[:100],
                    url=str(entry.get("link") or uri)[:500],
                    author=str(entry.get("author") or "")[:300],
                    html=(f"<p>{title}</p>" if title and title not in html else "") + str(html),
                    created_at=created,
                    tags=tuple(str(t.get("term", "")).lower().lstrip("#") for t in entry.get("tags") or []),
                )
            )
        result.cursors["feed"] = str(int(floor.timestamp()))
        result.etag = response.headers.get("ETag", "")[:500]
        result.last_modified = response.headers.get("Last-Modified", "")[:200]
        return result

    async def reply(self, config: Config, **_: object) -> Sent:
        raise SourceError("A feed cannot be answered.")


NETWORK = Feed()
