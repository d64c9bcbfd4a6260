"""Screening a text at write time: what areas call before they publish citizen text.

`screen` runs the pure rules (detection.py), the admins' word lists and the flood rule and says whether the
text is held back before publication (`hold`) and what each rule found (`hits`). Personal data, listed words
and too many links hold a text back; links from an account younger than a day and floods flag it into the
queue while it stays published. The area stores its content in the state it is told and calls `intake.held`
(or `intake.flagged`) with the hits once it has a ref.

`screen` runs on every answer and statement, so it asks the database nothing in the usual case (issue 6 §4:
a write of its own per answer took SQLite's write lock outside the answers' group commit):
- The compiled word lists are kept per process for `WORD_LISTS_TTL` and dropped at once when this process
  saves them; another process uses a saved list at most `WORD_LISTS_TTL` later.
- The flood rule counts posts in memory, per author and per process (`Floods`): with several server
  processes each counts the posts it screened, so an author whose posts are spread evenly over N processes is
  flagged after about N × `FLOOD_POSTS` posts. The rule only flags (the content stays published), so a late
  flag costs a moderator's look, not a wrong decision.
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from participation.accounts.models import User
from participation.i18n import LANGUAGES
from participation.moderation import detection
from participation.moderation.models import ScreenedPost, WordList

NEW_ACCOUNT = timedelta(days=1)
FLOOD_WINDOW = timedelta(minutes=10)
FLOOD_POSTS = 10
# Per author, no more posts are remembered than this: a flood counts as "at least this many" beyond it.
FLOOD_REMEMBERED = 1000
WORD_LISTS_TTL = timedelta(seconds=5)
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


# Compiled word lists by language, with the entries they were compiled from: compiled again only after a change.
_compiled: dict[str, tuple[str, re.Pattern[str] | None]] = {}
# The patterns of all languages as last read, with the `now` they were read at.
_patterns: tuple[datetime, dict[str, re.Pattern[str] | None]] | None = None
# Counts the saves: lists read while one was saved are not kept.
_saves = 0


async def word_patterns(*, now: datetime) -> dict[str, re.Pattern[str] | None]:
    global _patterns
    if _patterns is not None and _patterns[0] <= now < _patterns[0] + WORD_LISTS_TTL:
        return _patterns[1]
    saves = _saves
    found = {}
    for stored in await WordList.all():
        cached = _compiled.get(stored.language)
        if cached is None or cached[0] != stored.entries:
            cached = (stored.entries, detection.compile_word_list(detection.parse_word_list(stored.entries)))
            _compiled[stored.language] = cached
        found[stored.language] = cached[1]
    if saves == _saves:
        _patterns = (now, found)
    return found


class Floods:
    """Posts per author in the last `FLOOD_WINDOW`, counted in this process's memory."""

    def __init__(self) -> None:
        self._posts: dict[int, deque[datetime]] = {}
        self._swept: datetime | None = None

    def post(self, author_id: int, now: datetime) -> int:
        """Counts one post by `author_id` at `now`; how many they made in the window up to `now`."""
        since = now - FLOOD_WINDOW
        if self._swept is None or now - self._swept > FLOOD_WINDOW:
            self._sweep(since)
            self._swept = now
        # Kept in time order (a request that took its `now` earlier may come later), so that counting is a
        # look at the ends rather than a walk through up to FLOOD_REMEMBERED posts on every post of a flood.
        posts = self._posts.setdefault(author_id, deque(maxlen=FLOOD_REMEMBERED))
        if len(posts) == posts.maxlen:
            posts.popleft()
        if not posts or posts[-1] <= now:
            posts.append(now)
        else:
            bisect.insort(posts, now)
        while posts and posts[0] <= since:
            posts.popleft()
        # What is left is after `since`; of that, what is not after `now`.
        return len(posts) if posts[-1] <= now else bisect.bisect_right(posts, now)

    def _sweep(self, since: datetime) -> None:
        # Once a window: authors with no post in it are forgotten, so the memory holds recent authors only.
        for author_id in [a for a, posts in self._posts.items() if not posts or posts[-1] <= since]:
            del self._posts[author_id]


_floods = Floods()


def forget() -> None:
    """Drops what this process keeps (word lists, flood counts): when its database changes under it (tests)."""
    global _patterns, _floods
    _patterns = None
    _compiled.clear()
    _floods = Floods()


async def screen(texts: list[str], *, author: User, now: datetime) -> list[Screening]:
    """One Screening per text (one post by `author` at `now`, counted for the flood rule)."""
    patterns = await word_patterns(now=now)
    recent = _floods.post(author.id, now)
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
    global _patterns, _saves
    for language, entries in lists.items():
        if language in LANGUAGES:
            await WordList.update_or_create(
                defaults={"entries": entries.strip()[:100_000], "updated_at": now, "updated_by_id": by.id},
                language=language,
            )
    _patterns = None
    _saves += 1
    return await word_lists()


async def prune(*, now: datetime) -> int:
    """The monitor's job: screened posts older than the flood window are no longer needed. (The flood rule
    counts in memory now; this clears the rows it used to write.)"""
    return await ScreenedPost.filter(created_at__lt=now - FLOOD_WINDOW).delete()
