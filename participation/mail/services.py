"""Queueing mail inside the caller's transaction; delivery happens later (see `delivery`)."""

from __future__ import annotations

from datetime import datetime

from participation.mail.models import OutboxMail


async def queue_mail(*, to: str, subject: str, body: str, now: datetime) -> OutboxMail:
    """Write a mail to the outbox table. Call inside the transaction of the change that causes it."""
    return await OutboxMail.create(to=to, subject=subject[:300], body=body, next_attempt_at=now)


async def forget_address(address: str) -> int:
    """Delete every mail to this address, sent or not: for a deleted account, whose address must go."""
    return await OutboxMail.filter(to=address).delete()
