"""The monitor process: delivers due mail and runs every area's periodic jobs (participation/areas.py).

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

from participation import areas
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
        results.update(await areas.run_jobs(now=now, log=log, http=self.http))
        return results

    async def run_forever(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(self.interval)
