"""The monitor's round: besides delivering, it forgets counted sign-in failures and registrations once stale,
and stores the status the consultations' schedule has reached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from participation.accounts.models import ThrottleEvent
from participation.consultations.models import Consultation
from participation.worker import Worker
from tests.support.consultations import NOW, make_park


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


async def test_a_round_stores_the_status_the_schedule_has_reached(orm, tmp_path):
    # An open consultation whose closing time passed, and a draft whose opening time passed.
    closing = await make_park(closes_at=NOW + timedelta(hours=1))
    opening = await make_park(opened=False, opens_at=NOW - timedelta(minutes=30), closes_at=NOW + timedelta(days=7))
    untouched = await make_park(closes_at=NOW + timedelta(days=7))
    later = NOW + timedelta(hours=2)
    async with httpx.AsyncClient() as http:
        worker = Worker(smtp_url=None, outbox_dir=tmp_path / "outbox", mail_from="x@example.nl", http=http)
        results = await worker.run_once(now=later)
    assert results["consultations_moved"] == 2
    stored = {c.id: c.status for c in await Consultation.all()}
    assert stored == {closing.id: "closed", opening.id: "open", untouched.id: "open"}
