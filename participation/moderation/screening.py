"""Screening a text at write time: what areas call before they publish citizen text.

`screen` runs the pure rules (detection.py), the admins' word lists and the flood rule and says whether the
text is held back before publication (`hold`) and what each rule found (`hits`). Personal data, listed words
and too many links hold a text back; links from an account younger than a day and floods flag it into the
queue while it stays published. The area stores its content in the state it is told and calls `intake.held`
(or `intake.flagged`) with the hits once it has a ref.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from participation.accounts.models import User
from participation.i18n import LANGUAGES
from participation.moderation import detection
from participation.moderation.models import ScreenedPost, WordList

NEW_ACCOUNT = timedelta(days=1)
FLOOD_WINDOW = timedelta(minutes=10)
FLOOD_POSTS = 10
# The rules that only flag: the content stays published and comes to the queue.
FLAGGING = ("links:new_account", "flood")


@dataclass
class Screening:
    hits: list[dict[str, str]] = field(default_factory=list)

    @property
    def hold(self) -> bool:
        return any(hit["rule"] not in FLAGGING for hit in self.hits)

    @property
    def flag(self) -> bool:
        return bool(self.hits)


# Compiled word lists by language, with the moment they were saved: compiled again only after a change.
_compiled: dict[str, tuple[datetime, re.Pattern[str] | None]] = {}


async def word_patterns() -> dict[str, re.Pattern[str] | None]:
    found = {}
    for stored in await WordList.all():
        cached = _compiled.get(stored.language)
        if cached is None or cached[0] != stored.updated_at:
            cached = (stored.updated_at, detection.compile_word_list(detection.parse_word_list(stored.entries)))
            _compiled[stored.language] = cached
        found[stored.language] = cached[1]
    return found


async def screen(texts: list[str], *, author: User, now: datetime) -> list[Screening]:
    """One Screening per text (one post by `author` at `now`, counted for the flood rule)."""
    patterns = await word_patterns()
    await ScreenedPost.create(author_id=author.id, created_at=now)
    recent = await ScreenedPost.filter(author_id=author.id, created_at__gt=now - FLOOD_WINDOW).count()
    created = author.created_at
    new_account = created is not None and now - created < NEW_ACCOUNT
    results = []
    for text in texts:
        hits = detection.personal_data(text)
        for language, pattern in patterns.items():
            hits += detection.words(text, pattern, language=language)
        hits += detection.links(text, new_account=new_account)
        if recent > FLOOD_POSTS:
            hits.append(detection.Hit("flood", f"{recent} posts in {FLOOD_WINDOW.seconds // 60} minutes"))
        results.append(Screening([hit.as_dict() for hit in hits]))
    return results


async def word_lists() -> dict[str, str]:
    stored = {w.language: w.entries for w in await WordList.all()}
    return {language: stored.get(language, "") for language in LANGUAGES}


async def save_word_lists(lists: dict[str, str], *, by: User, now: datetime) -> dict[str, str]:
    for language, entries in lists.items():
        if language in LANGUAGES:
            await WordList.update_or_create(
                defaults={"entries": entries.strip()[:100_000], "updated_at": now, "updated_by_id": by.id},
                language=language,
            )
    return await word_lists()


async def prune(*, now: datetime) -> int:
    """The monitor's job: screened posts older than the flood window are no longer needed."""
    return await ScreenedPost.filter(created_at__lt=now - FLOOD_WINDOW).delete()
