"""Replies go out through an outbox: queued with the reply, delivered with an Idempotency-Key derived from it,
retried with back-off (the first retry within 10 s) by the monitor, and never posted twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from participation.webcare import rules, services
from participation.webcare.models import Conversation, Reply
from tests.support.mastodon import BASE, TOKEN, FakeMastodon
from tests.support.web import make_user


async def _conversation(fake: FakeMastodon, http) -> tuple[Conversation, dict]:
    admin = await make_user("admin@example.nl", "admin")
    data = rules.SourceInput(kind="mastodon", name="M", base_url=BASE, access_token=TOKEN, hashtags=("parken",))
    source = await services.add_source(data, by=admin, now=datetime.now(UTC))
    question = fake.post("Waarom is het park dicht?")
    await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    return await Conversation.get(source_id=source.id), question


async def test_a_failed_first_attempt_is_retried_by_the_monitor_and_posts_exactly_once(orm):
    fake = FakeMastodon()
    official = await make_user("official@example.nl", "official")
    async with fake.client() as http:
        conversation, question = await _conversation(fake, http)
        fake.requests.clear()
        now = datetime.now(UTC)
        reply = await services.queue_reply(conversation.id, "We kijken ernaar.", by=official, now=now)
        # The network takes the post but the answer is lost (a 502 from a proxy after the instance posted).
        fake.failures.append("lost")
        failed = await services.deliver(reply.id, http=http, now=now)
        assert failed.status == "failed" and "502" in failed.error
        assert now < failed.next_attempt_at <= now + timedelta(seconds=10)
        # Not due yet: the monitor leaves it.
        assert await services.deliver_due(now=now, http=http) == 0
        assert await services.deliver_due(now=failed.next_attempt_at, http=http) == 1
        # Once more (a second monitor, a late retry): nothing is posted again.
        assert await services.deliver_due(now=failed.next_attempt_at + timedelta(hours=1), http=http) == 0
    sent = await Reply.get(id=reply.id)
    assert sent.status == "sent" and sent.url.startswith(BASE) and sent.attempts == 2
    posts = [r for r in fake.requests if r.method == "POST"]
    assert len(posts) == 2 and len({r.headers["Idempotency-Key"] for r in posts}) == 1
    # Posted once on the network, although two attempts reached it.
    assert len(fake.posted) == 1
    body = posts[-1].read().decode()
    assert question["id"] in body and "@lieke We kijken ernaar." in body
    conversation = await Conversation.get(id=conversation.id)
    assert conversation.status == "replied" and conversation.first_response_at == now


async def test_a_reply_to_a_post_that_is_gone_fails_with_the_networks_error(orm):
    fake = FakeMastodon()
    official = await make_user("official@example.nl", "official")
    async with fake.client() as http:
        conversation, question = await _conversation(fake, http)
        fake.statuses.clear()  # deleted on the network: Mastodon answers 404
        reply = await services.queue_reply(conversation.id, "Antwoord", by=official, now=datetime.now(UTC))
        failed = await services.deliver(reply.id, http=http, now=datetime.now(UTC))
    assert failed.status == "failed" and "404" in failed.error and "Record not found" in failed.error
    assert TOKEN not in failed.error


async def test_replies_are_checked_before_they_are_queued(orm):
    fake = FakeMastodon()
    official = await make_user("official@example.nl", "official")
    citizen = await make_user("citizen@example.nl")
    async with fake.client() as http:
        conversation, _question = await _conversation(fake, http)
    for body in ("", "x" * (rules.MAX_REPLY + 1)):
        try:
            await services.queue_reply(conversation.id, body, by=official, now=datetime.now(UTC))
        except services.Invalid as exc:
            assert "body" in exc.fields
        else:
            raise AssertionError("an invalid reply was queued")
    try:
        await services.queue_reply(conversation.id, "Hoi", by=citizen, now=datetime.now(UTC))
    except services.NotAllowed:
        pass
    else:
        raise AssertionError("a citizen queued a reply")
    assert await Reply.all().count() == 0
