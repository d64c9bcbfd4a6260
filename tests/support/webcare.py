"""Webcare objects for tests: a source that is never polled (the demo kind) with one conversation."""

from __future__ import annotations

from datetime import UTC, datetime

from participation.webcare import services
from participation.webcare.models import Conversation, Source
from participation.webcare.sources.base import Fetched


async def webcare_world(text: str = "Waarom is het park dicht?") -> dict[str, int]:
    now = datetime.now(UTC)
    source = await Source.create(
        kind="mastodon",
        name="Mastodon (demo)",
        base_url="https://social.example",
        hashtags=["parken"],
        demo=True,
        created_at=now,
    )
    n = await Source.all().count()
    post = Fetched(
        uri=f"https://social.example/users/lieke/statuses/{n}",
        external_id=str(n),
        url="https://social.example/@lieke/1",
        author="lieke",
        html=f"<p>{text}</p>",
        created_at=now,
        tags=("parken",),
    )
    await services.store_posts(source, [post], now=now)
    conversation = await Conversation.filter(source_id=source.id).first()
    return {"webcare_source": source.id, "webcare_conversation": conversation.id}
