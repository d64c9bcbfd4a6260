"""Mastodon (any instance): hashtag timelines, mentions of the organisation's account, keyword search; replies.

Each query keeps a cursor. At rest it is the newest id fetched: everything up to it is read. A round reads the
newest page and follows the `Link` header's next (older) page down to the cursor, so nothing is skipped when more
arrived than a page holds; the first round goes back until the backfill limit. A round reads at most
`Limits.pages` pages of a query: when it stops before reaching the cursor (the page budget or the rate limit is
spent, or the network failed half-way) the cursor becomes a walk — where to go on downwards (`max_id`), the newest
id of the walk, and the old cursor (or the backfill floor) it has to reach — and the next round first goes on
with the walk. The cursor moves to the walk's newest id only when the walk has reached the old cursor, so the
posts between are never jumped over. Posts fetched twice (a walk that failed half-way) are stored once, by uri.
Boosts are unwrapped to the post boosted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from participation.webcare import addresses
from participation.webcare.sources.base import (
    BACKFILL,
    MAX_CURSOR,
    Config,
    Fetched,
    Limits,
    Round,
    Sent,
    SourceError,
    check,
    get,
    parse_reset,
    parse_time,
    redact,
)

# Mastodon's limit on a status.
MAX_LENGTH = 500


def newer(a: str, b: str) -> bool:
    """Mastodon ids are numbers written as text: longer is larger."""
    return (len(a), a) > (len(b), b)


def queries(config: Config) -> list[str]:
    found = [f"tag:{tag}" for tag in config.hashtags]
    if config.account:
        found.append("mentions")
    found += [f"search:{word}" for word in config.keywords]
    return found


def _page_url(config: Config, query: str, *, since: str | None, max_id: str | None, size: int) -> str:
    base = config.base_url.rstrip("/")
    params: dict[str, str] = {"limit": str(size)}
    if since:
        params["since_id"] = since
    if max_id:
        params["max_id"] = max_id
    if query.startswith("tag:"):
        return f"{base}/api/v1/timelines/tag/{quote(query[4:], safe='')}?{urlencode(params)}"
    if query == "mentions":
        return f"{base}/api/v1/notifications?types[]=mention&{urlencode(params)}"
    return f"{base}/api/v2/search?{urlencode({'q': query[7:], 'type': 'statuses', **params})}"


@dataclass(frozen=True)
class Position:
    """Where a query stands. `since`: everything up to this id is read (None: nothing yet, the first round).
    A walk under way: `top` is its newest id, `resume` the oldest id it reached (go on below it), `floor` the
    backfill limit of a first round (epoch seconds)."""

    since: str | None = None
    top: str | None = None
    resume: str | None = None
    floor: int | None = None

    @property
    def walking(self) -> bool:
        return self.resume is not None

    def encode(self) -> str:
        if not self.walking:
            return self.since or ""
        return f"walk:{self.top}:{self.resume}:{self.since or ''}:{self.floor if self.floor is not None else ''}"

    @classmethod
    def decode(cls, stored: str | None) -> Position:
        if not stored:
            return cls()
        if not stored.startswith("walk:"):
            return cls(since=stored)  # at rest (and every cursor stored before walks existed)
        parts = stored.split(":")
        if len(parts) != 5 or not parts[1] or not parts[2]:
            return cls()
        floor = int(parts[4]) if parts[4].isdigit() else None
        return cls(since=parts[3] or None, top=parts[1], resume=parts[2], floor=floor)


def _same_host(url: str, base_url: str) -> bool:
    # The token goes only to the source's own instance, whatever a Link header says.
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def _fetched(status: dict[str, Any], *, now: datetime) -> Fetched | None:
    status = status.get("reblog") or status
    if not isinstance(status, dict) or not isinstance(status.get("uri"), str) or status.get("id") is None:
        return None
    account = status.get("account") or {}
    tags = tuple(str(t.get("name", "")).lower() for t in status.get("tags") or [] if isinstance(t, dict))
    return Fetched(
        uri=status["uri"][:500],
        external_id=str(status["id"])[:100],
        url=str(status.get("url") or status["uri"])[:500],
        author=str(account.get("acct") or account.get("username") or "")[:300],
        author_name=str(account.get("display_name") or "")[:300],
        html=str(status.get("content") or ""),
        created_at=parse_time(status.get("created_at"), default=now),
        in_reply_to=str(status.get("in_reply_to_id") or "")[:100],
        tags=tags,
    )


class Mastodon:
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
        result = Round()
        for query in queries(config):
            if result.not_before is not None:
                break  # the rate limit is spent: the other queries wait for the next round
            try:
                await self._query(config, query, Position.decode(cursors.get(query)), result, http, now, limits)
            except SourceError as exc:
                result.error = exc
                if exc.retry_at is not None:
                    result.not_before = exc.retry_at
        return result

    async def _query(
        self,
        config: Config,
        query: str,
        position: Position,
        result: Round,
        http: httpx.AsyncClient,
        now: datetime,
        limits: Limits,
    ) -> None:
        """Walk down from the newest post (or on with a walk under way) to the cursor, within the page budget.
        The position is written to `result.cursors` after every page, so a failure later keeps what was read."""
        headers = {"Authorization": f"Bearer {config.access_token}"} if config.access_token else {}
        pages = max(1, limits.pages)
        while pages > 0:
            gap = position.walking
            if not gap:
                floor = int((now - BACKFILL).timestamp()) if position.since is None else None
                position = replace(position, top=None, floor=floor)
            url: str | None = _page_url(
                config, query, since=position.since, max_id=position.resume, size=limits.page_size
            )
            finished = False
            while url is not None and pages > 0:
                response = await get(http, url, headers=headers, now=now, secret=config.access_token)
                pages -= 1
                if response.headers.get("X-RateLimit-Remaining", "").strip() == "0":
                    result.not_before = parse_reset(response.headers.get("X-RateLimit-Reset"), now=now)
                position, url, finished = self._page(response, config, query, position, result, now, limits)
                if finished:
                    url = None
                    position = Position(since=position.top or position.since)
                if not self._keep(query, position, result) and not finished:
                    return  # a walk too long to keep: the cursor stays, the walk begins again next round
                if result.not_before is not None:
                    return  # out of requests: the walk goes on next round
            if not finished or not gap:
                return  # the budget is spent (the walk goes on next round), or the query is read to its end
            # The gap is closed: what arrived above it since is read with the pages left.

    def _page(
        self,
        response: httpx.Response,
        config: Config,
        query: str,
        position: Position,
        result: Round,
        now: datetime,
        limits: Limits,
    ) -> tuple[Position, str | None, bool]:
        """One page read into `result`: the position after it, the next (older) page's url, whether the walk
        reached its end (the cursor, the backfill floor, or the end of the timeline)."""
        try:
            body = response.json()
        except ValueError:
            raise SourceError("The network answered something that is not JSON.") from None
        items = body.get("statuses", []) if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise SourceError("The network answered something that is not a list of posts.")
        items = [item for item in items if isinstance(item, dict) and item.get("id") is not None]
        if not items:
            return position, None, True
        floor = datetime.fromtimestamp(position.floor, UTC) if position.floor is not None else None
        top, oldest, reached = position.top, position.resume, False
        for item in items:
            item_id = str(item["id"])
            if position.since and not newer(item_id, position.since):
                reached = True
                continue
            if floor is not None and parse_time(item.get("created_at"), default=now) < floor:
                reached = True
                continue
            status = item.get("status") if query == "mentions" else item
            post = _fetched(status, now=now) if isinstance(status, dict) else None
            if post is not None:
                result.posts.append(post)
            if top is None or newer(item_id, top):
                top = item_id
            if oldest is None or newer(oldest, item_id):
                oldest = item_id
        position = replace(position, top=top, resume=oldest)
        if reached or oldest is None:
            return position, None, True
        url = response.links.get("next", {}).get("url")
        if url is None and query.startswith("search:") and len(items) >= limits.page_size:
            # Search has no Link header: page on by the oldest id.
            url = _page_url(config, query, since=position.since, max_id=oldest, size=limits.page_size)
        if url is not None and not _same_host(url, config.base_url):
            url = None
        return position, url, url is None

    @staticmethod
    def _keep(query: str, position: Position, result: Round) -> bool:
        encoded = position.encode()
        if len(encoded) > MAX_CURSOR:
            return False
        if encoded:
            result.cursors[query] = encoded
        return True

    async def reply(
        self,
        config: Config,
        *,
        body: str,
        in_reply_to: str,
        in_reply_to_author: str = "",
        idempotency_key: str,
        http: httpx.AsyncClient,
        now: datetime,
    ) -> Sent:
        text = body
        if in_reply_to_author and f"@{in_reply_to_author}".lower() not in body.lower():
            text = f"@{in_reply_to_author} {body}"
        headers = {"Idempotency-Key": idempotency_key}
        if config.access_token:
            headers["Authorization"] = f"Bearer {config.access_token}"
        try:
            response = await http.post(
                config.base_url.rstrip("/") + "/api/v1/statuses",
                json={"status": text, "in_reply_to_id": in_reply_to, "visibility": "public"},
                headers=headers,
                timeout=httpx.Timeout(15.0),
            )
        except httpx.TimeoutException:
            raise SourceError("The network did not answer in time.") from None
        except addresses.Refused:
            raise SourceError(addresses.refusal_message()) from None
        except httpx.HTTPError as exc:
            raise SourceError(
                redact(f"The network could not be reached ({type(exc).__name__}).", config.access_token)
            ) from None
        check(response, now=now)
        try:
            status = response.json()
            return Sent(external_id=str(status["id"]), uri=str(status.get("uri", "")), url=str(status.get("url", "")))
        except (ValueError, KeyError, TypeError):
            raise SourceError("The network answered something that is not a status.") from None


NETWORK = Mastodon()
