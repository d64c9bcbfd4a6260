"""Social listening: which consultation a monitored post is about, and what was said about one consultation.

The targets come from the areas that offer them (participation/areas.py `match_targets`), never from another
area's tables: webcare knows no consultation, only ids and the phrases that name them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tortoise.functions import Count

from participation import matching
from participation.accounts.models import User
from participation.errors import NotAllowed
from participation.i18n import _
from participation.matching import MatchTarget
from participation.webcare.models import SENTIMENTS, Post

CONSULTATION = "consultation"
LATEST = 10


async def targets() -> list[MatchTarget]:
    # Imported here: participation/areas.py imports this area (its jobs), so this area reaches the list late.
    from participation import areas

    return await areas.match_targets()


async def consultation_names() -> dict[int, str]:
    """What posts can be matched to, by id, named as people call them (a consultation's title)."""
    return {t.id: t.name or str(t.id) for t in await targets() if t.kind == CONSULTATION}


def consultation_of(text: str, tags: Sequence[str], found: Sequence[MatchTarget]) -> int | None:
    return matching.match(text, tags, found, kind=CONSULTATION)


@dataclass
class Listening:
    consultation_id: int
    count: int
    # Every sentiment, in the order of SENTIMENTS, with its number of posts.
    sentiments: dict[str, int] = field(default_factory=dict)
    latest: list[Post] = field(default_factory=list)


async def for_consultation(consultation_id: int, *, viewer: User | None, limit: int = LATEST) -> Listening:
    """The posts matched to a consultation, for its officials: their count and sentiment (counted by the
    database), and the latest few."""
    if viewer is None or not viewer.has_role("official"):
        raise NotAllowed(_("Only officials see the monitored posts."))
    rows = (
        await Post.filter(consultation_id=consultation_id)
        .annotate(n=Count("id"))
        .group_by("sentiment")
        .values_list("sentiment", "n")
    )
    counted = dict(rows)
    sentiments = {s: int(counted.get(s, 0)) for s in SENTIMENTS}
    latest = (
        # Counted all, but a post moderation hid is not shown again here.
        await Post.filter(consultation_id=consultation_id, moderation="published")
        .order_by("-created_at", "-id")
        .limit(limit)
        if counted
        else []
    )
    return Listening(consultation_id, sum(sentiments.values()), sentiments, list(latest))
