"""Delivering the outbox: SMTP when configured, otherwise .eml files in the data folder.

Each due mail is first claimed with a conditional UPDATE, so several workers never send one twice.
A failure is recorded and retried with back-off; nothing is lost while a mail server is away.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

import aiosmtplib

from participation.mail.models import OutboxMail

log = logging.getLogger(__name__)

# The first retry is due within 10 seconds; later ones wait longer, up to an hour.
BACKOFF = [timedelta(seconds=s) for s in (5, 30, 120, 600, 1800, 3600)]
MAX_ATTEMPTS = 20
# A mail claimed by a worker that died is claimed again after this long.
CLAIM_LEASE = timedelta(minutes=5)


class Transport(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


def backoff(attempts: int) -> timedelta:
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def build_message(mail: OutboxMail, *, sender: str, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(idstring=f"outbox-{mail.id}", domain="samenspraak.local")
    message.set_content(mail.body)
    return message


@dataclass
class SmtpTransport:
    """`smtp://user:password@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start)."""

    url: str
    timeout: float = 20.0

    async def send(self, message: EmailMessage) -> None:
        parts = urlsplit(self.url)
        use_tls = parts.scheme == "smtps"
        await aiosmtplib.send(
            message,
            hostname=parts.hostname or "localhost",
            port=parts.port or (465 if use_tls else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=use_tls,
            start_tls=None if not use_tls else False,
            timeout=self.timeout,
        )


@dataclass
class DirectoryTransport:
    """Writes each mail as an .eml file: the default when no SMTP server is configured."""

    directory: Path

    async def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
        data = bytes(message)
        await asyncio.to_thread(_write_atomically, self.directory / f"{name}.eml", data)


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def transport_for(smtp_url: str | None, outbox_dir: Path) -> Transport:
    return SmtpTransport(smtp_url) if smtp_url else DirectoryTransport(outbox_dir)


async def deliver_due(*, transport: Transport, sender: str, now: datetime, limit: int = 100) -> int:
    """Send every mail that is due; returns how many were sent."""
    due = (
        await OutboxMail.filter(status__in=["queued", "sending"], next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .limit(limit)
    )
    sent = 0
    for mail in due:
        claimed = await OutboxMail.filter(id=mail.id, status=mail.status, next_attempt_at=mail.next_attempt_at).update(
            status="sending", next_attempt_at=now + CLAIM_LEASE
        )
        if not claimed:
            continue  # another worker has it
        try:
            await transport.send(build_message(mail, sender=sender, now=now))
        except Exception as exc:  # any failure of the mail server: record it, retry later
            attempts = mail.attempts + 1
            error = f"{type(exc).__name__}: {exc}"[:2000]
            log.warning("mail %s to outbox failed (attempt %s): %s", mail.id, attempts, type(exc).__name__)
            await OutboxMail.filter(id=mail.id).update(
                status="failed" if attempts >= MAX_ATTEMPTS else "queued",
                attempts=attempts,
                last_error=error,
                next_attempt_at=now + backoff(attempts),
            )
        else:
            await OutboxMail.filter(id=mail.id).update(
                status="sent", attempts=mail.attempts + 1, sent_at=now, last_error=""
            )
            sent += 1
    return sent
