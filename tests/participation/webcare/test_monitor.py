"""The monitor's round runs webcare's jobs with its HTTP client: due sources are polled, due replies sent."""

from __future__ import annotations

from datetime import UTC, datetime

from participation.webcare import rules, services
from participation.webcare.models import Post, Reply
from participation.worker import Worker
from tests.support.mastodon import BASE, TOKEN, FakeMastodon
from tests.support.web import make_user


async def test_a_monitor_round_polls_due_sources_and_sends_due_replies(orm, tmp_path):
    fake = FakeMastodon()
    fake.post("Waarom is het park dicht?")
    admin = await make_user("admin@example.nl", "admin")
    official = await make_user("official@example.nl", "official")
    data = rules.SourceInput(kind="mastodon", name="M", base_url=BASE, access_token=TOKEN, hashtags=("parken",))
    await services.add_source(data, by=admin, now=datetime.now(UTC))
    async with fake.client() as http:
        worker = Worker(smtp_url=None, outbox_dir=tmp_path / "outbox", mail_from="x@example.nl", http=http)
        first = await worker.run_once(now=datetime.now(UTC))
        assert first["webcare_sources_polled"] == 1 and await Post.all().count() == 1
        post = await Post.get()
        reply = await services.queue_reply(post.conversation_id, "We kijken.", by=official, now=datetime.now(UTC))
        second = await worker.run_once(now=datetime.now(UTC))
    assert second["webcare_replies_sent"] == 1
    assert (await Reply.get(id=reply.id)).status == "sent" and len(fake.posted) == 1
