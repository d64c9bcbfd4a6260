"""The demo's monitored posts: a demo source (never polled, no network) whose posts are a bundled sample in
Mastodon's status format, stored through the same path as polled posts (sanitised, classified, threaded)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from participation.accounts.demo import DemoPeople
from participation.webcare import services
from participation.webcare.models import ReplyTemplate, Source
from participation.webcare.sources import mastodon

INSTANCE = "https://social.demo.samenspraak.nl"

# (minutes ago, id, author, content, in reply to id): written for the demo, in Mastodon's shape.
SAMPLE = [
    (
        600,
        "1001",
        "fenna",
        '<p>Waarom staat het hek van het Julianapark al een week open? <a href="https://social.demo.samenspraak.nl/tags/julianapark">#Julianapark</a></p>',
        None,
    ),
    (540, "1002", "joost", "<p>De prullenbakken bij de speeltuin zijn weer vol. Echt vies zo. #Julianapark</p>", None),
    (500, "1003", "amira", "<p>Bedankt voor de nieuwe bankjes in het park, heel fijn! #Julianapark</p>", None),
    (420, "1004", "pieter", "<p>Hoe kan ik meedoen aan de peiling over de #fietsroute?</p>", None),
    (300, "1005", "fenna", "<p>En wanneer wordt het gemaakt?</p>", "1001"),
    (200, "1006", "lotte", "<p>Mooi weer vandaag in de stad. #gemeente</p>", None),
    (
        90,
        "1007",
        "sam",
        "<p>The streetlights on Kerkstraat have been broken for days, this is dangerous. #gemeente</p>",
        None,
    ),
    (30, "1008", "noor", "<p>Great meeting about the square tonight, thanks! #gemeente</p>", None),
]

# Reply templates officials start from (placeholders: reply_templates.py).
TEMPLATES = [
    ("Bedankt", "Dank je wel, {name}! Fijn dat je dit laat weten."),
    ("Meedoen", "Hoi {name}, je kunt je mening geven in de raadpleging: {consultation_url}"),
    ("Melding doorgegeven", "Hoi {name}, dank je voor je melding. We hebben het doorgegeven aan de buitendienst."),
]


def _status(minutes: int, status_id: str, author: str, html: str, reply_to: str | None, *, now: datetime) -> dict:
    return {
        "id": status_id,
        "uri": f"{INSTANCE}/users/{author}/statuses/{status_id}",
        "url": f"{INSTANCE}/@{author}/{status_id}",
        "created_at": (now - timedelta(minutes=minutes)).isoformat(),
        "in_reply_to_id": reply_to,
        "content": html,
        "account": {"id": author, "username": author, "acct": author, "display_name": author.capitalize()},
        "tags": [
            {"name": t.lower()} for t in ("Julianapark", "gemeente", "fietsroute") if f"#{t}".lower() in html.lower()
        ],
        "reblog": None,
    }


async def seed(people: DemoPeople, *, now: datetime, link_to: Callable[..., str]) -> int:
    source = await Source.create(
        kind="mastodon",
        name="Mastodon (demo)",
        base_url=INSTANCE,
        hashtags=["gemeente", "julianapark", "fietsroute"],
        account="gemeente",
        demo=True,
        created_at=now,
    )
    posts = [mastodon._fetched(_status(*row, now=now), now=now) for row in SAMPLE]
    new = await services.store_posts(source, [p for p in posts if p is not None], now=now)
    for name, body in TEMPLATES:
        await ReplyTemplate.create(name=name, body=body, author=people.official, created_at=now, updated_at=now)
    first = await source.conversations.all().order_by("id").first()
    if first is not None:
        await services.assign(first.id, to=people.official, by=people.official, now=now)
        await services.add_note(first.id, "Navragen bij de buitendienst.", by=people.official, now=now)
    return new
