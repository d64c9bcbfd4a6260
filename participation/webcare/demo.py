"""The demo's monitored posts: a demo source (never polled, no network) whose posts are a bundled sample in
Mastodon's status format, stored through the same path as polled posts (sanitised, classified, threaded)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from participation.accounts.demo import DemoPeople
from participation.webcare import services
from participation.webcare.models import Conversation, Reply, ReplyTemplate, Source
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


# A month of earlier posts, so that the dashboard has days, sentiment and response times to show: (days ago,
# hour of the day in UTC, author, text, minutes until an official answered or None, status afterwards).
HISTORY = [
    (27, 8, "fenna", "De bus naar het centrum was weer te laat vanochtend. #gemeente", 95, "closed"),
    (26, 12, "joost", "Wanneer gaat het zwembad weer open? #gemeente", 40, "closed"),
    (25, 9, "amira", "Fijn dat de stoep eindelijk gemaakt is, bedankt! #gemeente", None, "no_reply_needed"),
    (23, 15, "pieter", "Het hek van het #Julianapark is kapot, gevaarlijk voor kinderen.", 30, "closed"),
    (22, 10, "lotte", "Hoe kan ik een afvalcontainer aanvragen? #gemeente", 180, "closed"),
    (21, 19, "sam", "Thanks for fixing the streetlights so quickly! #gemeente", None, "no_reply_needed"),
    (19, 7, "noor", "Waarom is de fietsenstalling bij het station altijd vol? #fietsroute", 300, "closed"),
    (18, 13, "fenna", "Mooi plan voor het #Julianapark, ik doe mee aan de peiling.", None, "no_reply_needed"),
    (16, 11, "joost", "De afvalbak in mijn straat is al een week niet geleegd. Slecht. #gemeente", 60, "closed"),
    (15, 16, "amira", "Where can I find the plans for the new #fietsroute?", 25, "closed"),
    (14, 9, "pieter", "Goed nieuws over de nieuwe bomen in het #Julianapark!", None, "no_reply_needed"),
    (12, 14, "lotte", "Het loket was vandaag dicht terwijl de site zei dat het open was. #gemeente", 120, "closed"),
    (11, 8, "sam", "Is the road to the harbour closed this weekend? #gemeente", 15, "closed"),
    (9, 18, "noor", "Bedankt voor de snelle hulp bij mijn aanvraag. #gemeente", None, "no_reply_needed"),
    (8, 10, "fenna", "Kunnen er meer bankjes komen in het #Julianapark?", 45, "replied"),
    (6, 12, "joost", "De nieuwe #fietsroute is nog steeds niet af, wat een gedoe.", 240, "replied"),
    (5, 9, "amira", "Leuk evenement in het park gisteren, dank je wel! #Julianapark", None, "no_reply_needed"),
    (3, 15, "pieter", "Waar kan ik mijn mening geven over de #fietsroute?", 20, "replied"),
    (2, 11, "lotte", "Er ligt al dagen glas op het fietspad, gevaarlijk. #fietsroute", None, "new"),
    (1, 8, "sam", "When is the next meeting about the #Julianapark?", None, "new"),
]


def _history_status(index: int, days: int, hour: int, author: str, html: str, *, now: datetime) -> dict:
    at = (now - timedelta(days=days)).replace(hour=hour, minute=(index * 7) % 60, second=0, microsecond=0)
    return _status(int((now - at).total_seconds() // 60), str(900 + index), author, f"<p>{html}</p>", None, now=now)


async def _history(source: Source, people: DemoPeople, *, now: datetime) -> int:
    """The month before today: posts stored as polled ones are, the answered ones with the reply that was sent
    (marked sent on the demo instance, which no reply ever reaches) and the status the thread ended in."""
    rows = [
        _history_status(i, days, hour, author, text, now=now)
        for i, (days, hour, author, text, _m, _s) in enumerate(HISTORY)
    ]
    posts = [mastodon._fetched(row, now=now) for row in rows]
    new = await services.store_posts(source, [p for p in posts if p is not None], now=now)
    for row, post, (_d, _h, author, _t, minutes, status) in zip(rows, posts, HISTORY, strict=True):
        conversation = await Conversation.get(posts__uri=post.uri) if post is not None else None
        if conversation is None:
            continue
        changes: dict = {"status": status}
        if minutes is not None:
            answered = post.created_at + timedelta(minutes=minutes)
            reply = await Reply.create(
                conversation=conversation,
                author=people.official,
                body=f"@{author} Dank je voor je bericht, we zoeken het uit en laten het je weten.",
                in_reply_to=row["id"],
                in_reply_to_author=author,
                status="sent",
                idempotency_key=f"demo-{row['id']}",
                external_id=f"r{row['id']}",
                uri=f"{INSTANCE}/users/gemeente/statuses/r{row['id']}",
                url=f"{INSTANCE}/@gemeente/r{row['id']}",
                created_at=answered,
                sent_at=answered,
            )
            changes |= {"first_response_at": reply.created_at, "assignee_id": people.official.id}
        await Conversation.filter(id=conversation.id).update(**changes)
    return new


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
    history = await _history(source, people, now=now)
    posts = [mastodon._fetched(_status(*row, now=now), now=now) for row in SAMPLE]
    new = await services.store_posts(source, [p for p in posts if p is not None], now=now)
    for name, body in TEMPLATES:
        await ReplyTemplate.create(name=name, body=body, author=people.official, created_at=now, updated_at=now)
    first = await source.conversations.filter(created_at__gt=now - timedelta(days=1)).order_by("id").first()
    if first is not None:
        await services.assign(first.id, to=people.official, by=people.official, now=now)
        await services.add_note(first.id, "Navragen bij de buitendienst.", by=people.official, now=now)
    return history + new
