"""Webcare objects for tests: a source that is never polled (the demo kind) with one conversation; for the
roles matrix also a reply template and a reply awaiting approval."""

from __future__ import annotations

from datetime import UTC, datetime

from participation.webcare import services
from participation.webcare.models import Conversation, ReplyTemplate, Source
from participation.webcare.sources.base import Fetched
from tests.support.web import make_user


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


async def webcare_matrix_world() -> dict[str, int]:
    """webcare_world with a reply template and a reply awaiting approval, written by another official."""
    world = await webcare_world()
    now = datetime.now(UTC)
    n = world["webcare_source"]
    template = await ReplyTemplate.create(name=f"Dank {n}", body="Dank je {name}!", created_at=now, updated_at=now)
    writer = await make_user(f"writer{n}@example.nl", "official", name=f"Schrijver {n}")
    waiting = await services.queue_reply(
        world["webcare_conversation"], "We kijken ernaar.", by=writer, now=now, approval=True
    )
    return world | {"webcare_template": template.id, "webcare_reply_waiting": waiting.id}
