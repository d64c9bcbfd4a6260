from __future__ import annotations

from datetime import UTC, datetime

import httpx

from participation import demo
from participation.webcare import services
from participation.webcare.models import Conversation, Note, Post, ReplyTemplate, Source
from server.app import create_app

NOW = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)


async def test_the_demo_has_a_monitored_source_with_conversations_and_needs_no_network(orm, settings):
    router = create_app(settings).router
    await demo.seed(now=NOW, link_to=lambda name, **p: "https://x.example" + str(router.url_path_for(name, **p)))
    source = await Source.get(demo=True)
    assert await Post.filter(source_id=source.id).count() == 8
    # The follow-up question joined its thread.
    assert await Conversation.filter(source_id=source.id).count() == 7
    assert set(await Post.all().values_list("category", flat=True)) == {"question", "complaint", "compliment", "other"}
    assert await Conversation.filter(status="assigned").count() == 1 and await Note.all().count() == 1
    # Reply templates to start from, with their placeholders.
    assert "{name}" in (await ReplyTemplate.get(name="Meedoen")).body
    # Posts about a consultation are matched to it by hashtag.
    assert await Post.exclude(consultation_id=None).count() >= 3

    def no_network(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"the demo reached the network: {request.url}")

    async with httpx.AsyncClient(transport=httpx.MockTransport(no_network)) as http:
        assert await services.poll_due(now=NOW, http=http) == 0
