from __future__ import annotations

from datetime import UTC, datetime

import httpx

from participation import demo
from participation.accounts.models import User
from participation.webcare import dashboard, services
from participation.webcare.models import Conversation, Note, Post, ReplyTemplate, Source
from server.app import create_app

NOW = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)


async def test_the_demo_has_a_monitored_source_with_conversations_and_needs_no_network(orm, settings):
    router = create_app(settings).router
    await demo.seed(now=NOW, link_to=lambda name, **p: "https://x.example" + str(router.url_path_for(name, **p)))
    source = await Source.get(demo=True)
    # The bundled sample: a month of history (20 posts, the answered ones with their sent reply) and today (8).
    assert await Post.filter(source_id=source.id).count() == 28
    # The follow-up question joined its thread.
    assert await Conversation.filter(source_id=source.id).count() == 27
    assert set(await Post.all().values_list("category", flat=True)) == {"question", "complaint", "compliment", "other"}
    assert await Conversation.filter(status="assigned").count() == 1 and await Note.all().count() == 1
    # Reply templates to start from, with their placeholders.
    assert "{name}" in (await ReplyTemplate.get(name="Meedoen")).body
    # Posts about a consultation are matched to it by hashtag.
    assert await Post.exclude(consultation_id=None).count() >= 3

    # The dashboard has a month to show: posts on many days, every sentiment, response times and a backlog.
    official = next(u for u in await User.all() if u.has_role("official"))
    figures = await dashboard.dashboard(dashboard.default_period(NOW), by=official, now=NOW)
    assert sum(1 for n in figures.per_day.values() if n) >= 15 and all(figures.sentiments.values())
    assert figures.median_response is not None and figures.answered >= 10
    assert sum(sum(ages.values()) for ages in figures.backlog.values()) >= 3

    def no_network(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"the demo reached the network: {request.url}")

    async with httpx.AsyncClient(transport=httpx.MockTransport(no_network)) as http:
        assert await services.poll_due(now=NOW, http=http) == 0
