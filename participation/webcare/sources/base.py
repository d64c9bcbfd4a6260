"""The interface every network client keeps: fetch what is new for a source, post a reply.

A client takes the app's injected httpx.AsyncClient, returns plain values and raises SourceError (with when to
try again, if the network said) for anything that went wrong; it never puts the access token in a message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

import httpx

from participation.webcare import addresses

# The first round of a source fetches back this far.
BACKFILL = timedelta(days=7)
# At most this many pages a query and round; a query with more to read goes on where it stopped next round.
MAX_PAGES = 200
# Posts asked for a page (Mastodon gives at most 40).
PAGE_SIZE = 40
# The longest cursor the database keeps (webcare_cursors.position).
MAX_CURSOR = 100


@dataclass(frozen=True)
class Limits:
    """What one round may read of one query: `pages` pages of `page_size` posts."""

    pages: int = MAX_PAGES
    page_size: int = PAGE_SIZE


class SourceError(Exception):
    """The network failed or refused; `retry_at` is when it said to come back (rate limits)."""

    def __init__(self, message: str, *, retry_at: datetime | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_at = retry_at


@dataclass(frozen=True)
class Config:
    """What a client needs of a source (the token included: clients are the only readers of it)."""

    base_url: str
    access_token: str = ""
    hashtags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    account: str = ""
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class Fetched:
    uri: str
    external_id: str
    url: str
    author: str
    html: str
    created_at: datetime
    in_reply_to: str = ""
    tags: tuple[str, ...] = ()
    # The display name, where the network has one.
    author_name: str = ""


@dataclass
class Round:
    posts: list[Fetched] = field(default_factory=list)
    # Query -> the new cursor position (what the network client wrote: the domain stores it as it is).
    cursors: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    # The rate limit says: do not come back before this.
    not_before: datetime | None = None
    # A query that failed (the others still count); its cursor stays where it was.
    error: SourceError | None = None


@dataclass(frozen=True)
class Sent:
    external_id: str
    uri: str
    url: str


class Network(Protocol):
    async def fetch(
        self,
        config: Config,
        cursors: Mapping[str, str],
        *,
        http: httpx.AsyncClient,
        now: datetime,
        limits: Limits | None = None,
    ) -> Round: ...

    async def reply(
        self,
        config: Config,
        *,
        body: str,
        in_reply_to: str,
        idempotency_key: str,
        http: httpx.AsyncClient,
        now: datetime,
    ) -> Sent: ...


def redact(message: str, secret: str) -> str:
    return message.replace(secret, "***") if secret else message


def parse_reset(value: str | None, *, now: datetime) -> datetime | None:
    """X-RateLimit-Reset: Mastodon sends an ISO 8601 time, some servers epoch seconds; both are taken."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{1,12}(\.\d+)?", value):
        return datetime.fromtimestamp(float(value), UTC)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def retry_after(response: httpx.Response, *, now: datetime) -> datetime | None:
    value = response.headers.get("Retry-After", "").strip()
    if value.isascii() and value.isdigit() and len(value) < 9:
        return now + timedelta(seconds=int(value))
    return parse_reset(response.headers.get("X-RateLimit-Reset"), now=now)


async def get(http: httpx.AsyncClient, url: str, *, headers: Mapping[str, str], now: datetime, secret: str = ""):
    """GET with the errors every network shares turned into SourceError (429 with its reset, 5xx, timeouts)."""
    try:
        response = await http.get(url, headers=dict(headers), timeout=httpx.Timeout(15.0))
    except httpx.TimeoutException:
        raise SourceError("The network did not answer in time.") from None
    except addresses.Refused:
        raise SourceError(addresses.refusal_message()) from None
    except httpx.HTTPError as exc:
        raise SourceError(redact(f"The network could not be reached ({type(exc).__name__}).", secret)) from None
    check(response, now=now)
    return response


def check(response: httpx.Response, *, now: datetime) -> None:
    if response.status_code == 429:
        raise SourceError("Rate limited by the network (429).", retry_at=retry_after(response, now=now))
    if response.status_code >= 400:
        detail = ""
        try:
            body = response.json()
            if isinstance(body, dict) and isinstance(body.get("error"), str):
                detail = ": " + body["error"][:200]
        except ValueError:
            pass
        raise SourceError(f"The network answered {response.status_code}{detail}.")


def parse_time(value: object, *, default: datetime) -> datetime:
    if not isinstance(value, str):
        return default
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return default
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
