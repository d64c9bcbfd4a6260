"""The monitor's round: besides delivering, it forgets counted sign-in failures and registrations once stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from participation.accounts.models import ThrottleEvent
from participation.worker import Worker


async def test_a_round_prunes_old_throttle_events_and_keeps_recent_ones(orm, tmp_path):
    now = datetime.now(UTC)
    await ThrottleEvent.bulk_create(
        [
            ThrottleEvent(key="login-address:10.0.0.1", at=now - timedelta(days=2)),
            ThrottleEvent(key="register:10.0.0.1", at=now - timedelta(days=1, minutes=1)),
            ThrottleEvent(key="register:10.0.0.1", at=now - timedelta(minutes=30)),
        ]
    )
    async with httpx.AsyncClient() as http:
        worker = Worker(smtp_url=None, outbox_dir=tmp_path / "outbox", mail_from="x@example.nl", http=http)
        results = await worker.run_once(now=now)
    assert results["throttle_events_pruned"] == 2
    assert [e.key for e in await ThrottleEvent.all()] == ["register:10.0.0.1"]
