"""Consultations in every state for page tests (at the real clock, as the pages read it), and page helpers."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import httpx

from participation.consultations.services import authoring, decisions, responding
from tests.support.consultations import Park, make_park, official


def real_now() -> datetime:
    return datetime.now(UTC)


async def park_in(state: str, **changes: object) -> Park:
    """The standard consultation (every question kind) as a draft, open, closed or decided."""
    now = real_now()
    park = await make_park(opened=state != "draft", now=now, **changes)
    if state in ("closed", "decided"):
        await authoring.close_consultation(park.id, by=park.official, now=real_now())
    if state == "decided":
        await decisions.publish_decision(
            park.id,
            summary="We leggen een hondenveld aan.",
            body="Veel mensen vroegen **meer groen**.",
            outcomes={park.text: "We planten dertig bomen."},
            by=park.official,
            now=real_now(),
        )
    return park


async def answer_park(park: Park, user, overrides: dict[str, object] | None = None) -> None:
    answers = {
        str(park.text): "Meer bankjes bij de vijver",
        str(park.single): park.option("single_choice", 1),
        str(park.multiple): [park.option("multiple_choice", 0), park.option("multiple_choice", 2)],
        str(park.scale): 4,
    }
    answers.update(overrides or {})
    await responding.put_my_response(park.id, user=user, answers=answers, now=real_now())


def in_english(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """Pages in English, whatever the default language (tests assert the English source text)."""
    client.cookies.set("lang", "en")
    return client


def text_of(page: str) -> str:
    """The visible text of a page, tags dropped and whitespace collapsed, for assertions on sentences."""
    inline = re.sub(r"</?(?:a|time|span|strong|em|b|code)\b[^>]*>", "", page)
    without_tags = re.sub(r"<[^>]+>", " ", inline)
    return re.sub(r"\s+", " ", html.unescape(without_tags))


__all__ = ["answer_park", "in_english", "official", "park_in", "real_now", "text_of"]
