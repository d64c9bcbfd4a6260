"""The monitor process: delivers due mail (and, as areas arrive, polls sources and delivers replies).

One failing part never stops the others: each job's errors are logged and the loop goes on.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from participation.accounts import sessions, throttle
from participation.consultations.authoring import apply_schedule
from participation.consultations.opinions import recompute_stale
from participation.mail.delivery import deliver_due, transport_for

log = logging.getLogger(__name__)


@dataclass
class Worker:
    smtp_url: str | None
    outbox_dir: Path
    mail_from: str
    http: httpx.AsyncClient
    interval: float = 2.0

    @classmethod
    def from_settings(cls, settings: Any, *, http: httpx.AsyncClient) -> Worker:
        return cls(smtp_url=settings.smtp_url, outbox_dir=settings.outbox_dir, mail_from=settings.mail_from, http=http)

    async def run_once(self, *, now: datetime | None = None) -> dict[str, int]:
        now = now or datetime.now(UTC)
        results: dict[str, int] = {}
        try:
            results["mail_sent"] = await deliver_due(
                transport=transport_for(self.smtp_url, self.outbox_dir), sender=self.mail_from, now=now
            )
        except Exception:
            log.exception("mail delivery round failed")
        try:
            results["throttle_events_pruned"] = await throttle.prune(now=now)
        except Exception:
            log.exception("pruning throttle events failed")
        try:
            results["sessions_pruned"] = await sessions.prune(now=now)
        except Exception:
            log.exception("pruning sessions failed")
        try:
            results["consultations_moved"] = await apply_schedule(now=now)
        except Exception:
            log.exception("consultation schedule round failed")
        try:
            results["opinion_groups_computed"] = await recompute_stale(now=now)
        except Exception:
            log.exception("opinion groups round failed")
        return results

    async def run_forever(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(self.interval)
