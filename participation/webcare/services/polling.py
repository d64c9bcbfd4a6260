"""Polling sources: one monitor at a time per source (a lease in the database that runs out when a worker dies),
cursors per query, errors recorded with back-off; one failing source never stops the others."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

import httpx
from tortoise.expressions import Q

from participation.accounts.models import User
from participation.errors import Conflict, NotAllowed
from participation.i18n import _
from participation.webcare import protection, rules
from participation.webcare.models import Cursor, Source
from participation.webcare.services.ingestion import store_posts
from participation.webcare.services.sources import config_of, get_source, token_of
from participation.webcare.sources import network
from participation.webcare.sources.base import Limits, SourceError, redact

log = logging.getLogger(__name__)


# This process's name on the leases it takes.
WORKER = uuid.uuid4().hex[:16]


@dataclass(frozen=True)
class Polled:
    fetched: int
    new: int
    error: str = ""


async def take_lease(source_id: int, *, now: datetime, owner: str = WORKER) -> bool:
    """One conditional UPDATE: this caller holds the source until `now + LEASE` unless another holds it still."""
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    taken = await Source.filter(free, id=source_id).update(leased_until=now + rules.LEASE, lease_owner=owner)
    return taken == 1


async def release_lease(source_id: int, *, owner: str = WORKER) -> None:
    await Source.filter(id=source_id, lease_owner=owner).update(leased_until=None, lease_owner="")


async def poll_source(
    source_id: int,
    *,
    http: httpx.AsyncClient,
    now: datetime,
    by: User | None = None,
    owner: str = WORKER,
    limits: Limits | None = None,
) -> Polled:
    """One round now (the API's poll, the monitor's round): refused with Conflict while another holds it.
    `limits`: how much a round reads of each query (what is left is read the next rounds)."""
    if by is not None and not (by.has_role("admin") or by.has_role("official")):
        raise NotAllowed(_("Only admins and officials poll sources."))
    source = await get_source(source_id)
    if source.demo:
        raise Conflict(_("The demo source is not polled."), code="demo_source")
    if not await take_lease(source_id, now=now, owner=owner):
        raise Conflict(_("This source is being polled right now."), code="being_polled")
    try:
        return await _poll(source, http=http, now=now, limits=limits)
    finally:
        await release_lease(source_id, owner=owner)


async def _poll(source: Source, *, http: httpx.AsyncClient, now: datetime, limits: Limits | None) -> Polled:
    cursors = {c.query: c.position for c in await Cursor.filter(source_id=source.id)}
    error: SourceError | None = None
    try:
        result = await network(source.kind).fetch(config_of(source), cursors, http=http, now=now, limits=limits)
        error = result.error
    except SourceError as exc:
        result, error = None, exc
    except Exception as exc:  # a bug in a client must not stop the other sources
        log.exception("source %s: polling failed", source.id)
        result, error = None, SourceError(f"Polling failed ({type(exc).__name__}).")
    new = 0
    if result is not None:
        new = await store_posts(source, result.posts, now=now)
        for query, position in result.cursors.items():
            updated = await Cursor.filter(source_id=source.id, query=query).update(position=position)
            if not updated:
                await Cursor.create(source_id=source.id, query=query, position=position)
    changes: dict = {"last_polled_at": now}
    if result is not None:
        changes |= {"etag": result.etag or source.etag, "last_modified": result.last_modified or source.last_modified}
    if error is None:
        changes |= {"status": "ok", "last_error": "", "failures": 0, "next_poll_at": now + rules.POLL_INTERVAL}
        if source.access_token and not protection.is_sealed(source.access_token) and protection.configured():
            changes["access_token"] = protection.seal(source.access_token)  # stored before tokens were sealed
        if result is not None and result.not_before is not None:
            changes["next_poll_at"] = max(result.not_before, now + rules.POLL_INTERVAL)
    else:
        failures = source.failures + 1
        retry = error.retry_at if error.retry_at and error.retry_at > now else now + rules.backoff(failures)
        message = redact(error.message, token_of(source))[:1000]
        changes |= {"status": "failing", "last_error": message, "failures": failures, "next_poll_at": retry}
        log.warning("source %s: %s (retry at %s)", source.id, message, retry.isoformat())
    await Source.filter(id=source.id).update(**changes)
    fetched = len(result.posts) if result is not None else 0
    return Polled(fetched=fetched, new=new, error=changes.get("last_error", ""))


async def poll_due(*, now: datetime, http: httpx.AsyncClient, limits: Limits | None = None) -> int:
    """The monitor's job: every source that is due, each under its lease; one failing never stops the others."""
    due = await Source.filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now), demo=False).values_list(
        "id", flat=True
    )
    polled = 0
    for source_id in due:
        try:
            await poll_source(source_id, http=http, now=now, limits=limits)
            polled += 1
        except Conflict:
            continue
        except Exception:
            log.exception("source %s: round failed", source_id)
    return polled
