"""Mastodon (any instance): hashtag timelines, mentions of the organisation's account, keyword search; replies.

Each query keeps a cursor: the newest id it has fetched. A round reads the newest page and follows the `Link`
header's next (older) page until it reaches the cursor, so nothing is skipped when more arrived than a page
holds; the first round goes back until the backfill limit. A query's cursor moves only when the query went
through to its end; a query that failed half-way keeps its cursor and is read again next round (the posts it
did fetch are stored, deduplicated by uri). Boosts are unwrapped to the post boosted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from participation.webcare.sources.base import (
    BACKFILL,
    MAX_PAGES,
    Config,
    Fetched,
    Round,
    Sent,
    SourceError,
    check,
    get,
    parse_reset,
    parse_time,
    redact,
)

PAGE = 40
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


def _first_url(config: Config, query: str, cursor: str | None) -> str:
    base = config.base_url.rstrip("/")
    params: dict[str, str] = {"limit": str(PAGE)}
    if cursor:
        params["since_id"] = cursor
    if query.startswith("tag:"):
        return f"{base}/api/v1/timelines/tag/{quote(query[4:], safe='')}?{urlencode(params)}"
    if query == "mentions":
        return f"{base}/api/v1/notifications?types[]=mention&{urlencode(params)}"
    return f"{base}/api/v2/search?{urlencode({'q': query[7:], 'type': 'statuses', **params})}"


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
        self, config: Config, cursors: Mapping[str, str], *, http: httpx.AsyncClient, now: datetime
    ) -> Round:
        result = Round()
        for query in queries(config):
            if result.not_before is not None:
                break  # the rate limit is spent: the other queries wait for the next round
            try:
                await self._query(config, query, cursors.get(query), result, http=http, now=now)
            except SourceError as exc:
                result.error = exc
                if exc.retry_at is not None:
                    result.not_before = exc.retry_at
        return result

    async def _query(
        self, config: Config, query: str, cursor: str | None, result: Round, *, http: httpx.AsyncClient, now: datetime
    ) -> None:
        headers = {"Authorization": f"Bearer {config.access_token}"} if config.access_token else {}
        url: str | None = _first_url(config, query, cursor)
        newest = cursor
        oldest_allowed = now - BACKFILL
        for _page in range(MAX_PAGES):
            if url is None:
                break
            response = await get(http, url, headers=headers, now=now, secret=config.access_token)
            if response.headers.get("X-RateLimit-Remaining", "").strip() == "0":
                result.not_before = parse_reset(response.headers.get("X-RateLimit-Reset"), now=now)
            try:
                body = response.json()
            except ValueError:
                raise SourceError("The network answered something that is not JSON.") from None
            items = body.get("statuses", []) if isinstance(body, dict) else body
            if not isinstance(items, list) or not items:
                break
            reached = False
            for item in items:
                if not isinstance(item, dict) or item.get("id") is None:
                    continue
                item_id = str(item["id"])
                if cursor and not newer(item_id, cursor):
                    reached = True
                    continue
                status = item.get("status") if query == "mentions" else item
                post = _fetched(status, now=now) if isinstance(status, dict) else None
                moment = parse_time(item.get("created_at"), default=now)
                if cursor is None and moment < oldest_allowed:
                    reached = True
                    continue
                if post is not None:
                    result.posts.append(post)
                if newest is None or newer(item_id, newest):
                    newest = item_id
            if reached:
                break
            url = response.links.get("next", {}).get("url")
            if url is None and query.startswith("search:") and len(items) >= PAGE:
                # Search has no Link header: page on by the oldest id.
                url = _first_url(config, query, cursor) + "&" + urlencode({"max_id": str(items[-1].get("id"))})
            if url is not None and not _same_host(url, config.base_url):
                url = None
            if result.not_before is not None and url is not None:
                # Out of requests before the end: this query's cursor stays, it is read again next round.
                return
        if newest is not None:
            result.cursors[query] = newest

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
