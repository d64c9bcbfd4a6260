"""The mailer: the outbox table delivered over real SMTP (aiosmtpd), or to .eml files; retries lose nothing."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from aiosmtpd.controller import Controller

from participation.accounts.models import User
from participation.mail.delivery import DirectoryTransport, SmtpTransport, deliver_due, transport_for
from participation.mail.models import OutboxMail
from participation.mail.services import queue_mail
from participation.worker import Worker
from tests.conftest import settings_with
from tests.support.postgres import free_port
from tests.support.web import PASSWORD

SENDER = "Samenspraak <noreply@samenspraak.local>"


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


async def queue(n: int, at: datetime) -> list[OutboxMail]:
    return [
        await queue_mail(to=f"person{i}@example.nl", subject=f"Subject {i}", body=f"Body of mail {i}.", now=at)
        for i in range(n)
    ]


async def test_due_mail_is_sent_over_smtp_with_its_recipient_subject_and_body(orm, smtp_server):
    t = now()
    await queue(2, t)
    sent = await deliver_due(transport=SmtpTransport(smtp_server.url), sender=SENDER, now=t)
    assert sent == 2
    received = {m["To"]: m for m in smtp_server.inbox.messages}
    assert set(received) == {"person0@example.nl", "person1@example.nl"}
    message = received["person1@example.nl"]
    assert message["Subject"] == "Subject 1"
    assert message["From"] == SENDER
    assert message.get_content().strip() == "Body of mail 1."
    assert ["person1@example.nl"] in smtp_server.inbox.recipients
    for mail in await OutboxMail.all():
        assert (mail.status, mail.attempts, mail.last_error) == ("sent", 1, "")
        assert mail.sent_at is not None
    # Sent mail is not sent again.
    assert await deliver_due(transport=SmtpTransport(smtp_server.url), sender=SENDER, now=t + timedelta(hours=1)) == 0
    assert len(smtp_server.inbox.messages) == 2


async def test_mail_that_is_not_due_yet_waits(orm, smtp_server):
    t = now()
    await queue_mail(to="later@example.nl", subject="Later", body="x", now=t + timedelta(minutes=5))
    assert await deliver_due(transport=SmtpTransport(smtp_server.url), sender=SENDER, now=t) == 0
    assert smtp_server.inbox.messages == []


async def test_non_ascii_subject_and_body_arrive_intact(orm, smtp_server):
    t = now()
    await queue_mail(to="els@example.nl", subject="Inspraak: café ‘De Brug’ — €", body="Groetjes, Zoë ✓", now=t)
    await deliver_due(transport=SmtpTransport(smtp_server.url), sender=SENDER, now=t)
    [message] = smtp_server.inbox.messages
    assert message["Subject"] == "Inspraak: café ‘De Brug’ — €"
    assert message.get_content().strip() == "Groetjes, Zoë ✓"


async def test_without_smtp_url_mail_is_written_as_eml_files(orm, tmp_path):
    outbox = tmp_path / "outbox"
    transport = transport_for(None, outbox)
    assert isinstance(transport, DirectoryTransport)
    t = now()
    await queue(2, t)
    assert await deliver_due(transport=transport, sender=SENDER, now=t) == 2
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2
    messages = {
        m["To"]: m for m in (email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files)
    }
    assert messages["person0@example.nl"]["Subject"] == "Subject 0"
    assert messages["person0@example.nl"].get_content().strip() == "Body of mail 0."
    assert not list(outbox.glob("*.tmp"))


async def test_with_the_server_down_mail_stays_queued_and_is_sent_once_it_is_back(orm):
    server = SmtpServer(free_port())  # not started: nothing listens on the port
    transport = SmtpTransport(server.url, timeout=5)
    t = now()
    [mail] = await queue(1, t)

    assert await deliver_due(transport=transport, sender=SENDER, now=t) == 0
    await mail.refresh_from_db()
    assert mail.status == "queued"
    assert mail.attempts == 1
    assert mail.last_error
    assert t < mail.next_attempt_at <= t + timedelta(seconds=10)
    # Not retried before it is due.
    assert await deliver_due(transport=transport, sender=SENDER, now=t + timedelta(seconds=1)) == 0
    await mail.refresh_from_db()
    assert mail.attempts == 1

    server.start()
    try:
        assert await deliver_due(transport=transport, sender=SENDER, now=mail.next_attempt_at) == 1
    finally:
        server.stop()
    await mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == ("sent", 2, "")
    assert [m["To"] for m in server.inbox.messages] == ["person0@example.nl"]


async def test_retries_back_off_and_finally_give_up(orm):
    class Broken:
        async def send(self, message) -> None:
            raise ConnectionError("mail server away")

    t = now()
    [mail] = await queue(1, t)
    waits = []
    while True:
        await deliver_due(transport=Broken(), sender=SENDER, now=t)
        await mail.refresh_from_db()
        if mail.status == "failed":
            break
        waits.append(mail.next_attempt_at - t)
        t = mail.next_attempt_at
    assert waits[0] <= timedelta(seconds=10)
    assert waits == sorted(waits) and waits[-1] <= timedelta(hours=1)
    assert mail.attempts == 20
    assert "mail server away" in mail.last_error


async def test_a_mail_claimed_by_a_worker_that_died_is_sent_later(orm, smtp_server):
    t = now()
    [mail] = await queue(1, t)
    # A worker claimed it (status sending, lease of five minutes) and then vanished.
    await OutboxMail.filter(id=mail.id).update(status="sending", next_attempt_at=t + timedelta(minutes=5))
    transport = SmtpTransport(smtp_server.url)
    assert await deliver_due(transport=transport, sender=SENDER, now=t + timedelta(minutes=1)) == 0
    assert await deliver_due(transport=transport, sender=SENDER, now=t + timedelta(minutes=6)) == 1
    assert len(smtp_server.inbox.messages) == 1


async def test_two_concurrent_rounds_never_send_a_mail_twice(orm_any, smtp_server):
    t = now()
    await queue(12, t)

    class Slow(SmtpTransport):
        async def send(self, message) -> None:
            await asyncio.sleep(0.01)  # let the other round interleave
            await super().send(message)

    transport = Slow(smtp_server.url)
    results = await asyncio.gather(*(deliver_due(transport=transport, sender=SENDER, now=t) for _ in range(3)))
    assert sum(results) == 12
    received = sorted(m["To"] for m in smtp_server.inbox.messages)
    assert received == sorted(f"person{i}@example.nl" for i in range(12))
    assert await OutboxMail.filter(status="sent").count() == 12


async def test_a_registration_mail_reaches_the_smtp_server_and_its_link_confirms(client, settings, smtp_server):
    response = await client.post(
        "/api/v1/users", json={"email": "els@example.nl", "password": PASSWORD, "display_name": "Els"}
    )
    assert response.status_code == 201
    async with httpx.AsyncClient() as http:
        worker = Worker.from_settings(settings_with(settings, smtp_url=smtp_server.url), http=http)
        assert (await worker.run_once())["mail_sent"] == 1
    [message] = smtp_server.inbox.messages
    assert message["To"] == "els@example.nl"
    [link] = re.findall(r"http://testserver(/account/confirm/\S+)", message.get_content())
    assert (await client.get(link)).status_code == 303
    assert (await User.get(email="els@example.nl")).confirmed_at is not None
