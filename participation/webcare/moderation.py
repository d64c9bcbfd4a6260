"""Monitored posts in moderation: the content kind `post` (ref `post:ID`), registered in participation/areas.py,
and the check of each new post against the moderation rules when it is stored.

A monitored post is someone else's text on another network, so moderation cannot take it down; hiding it keeps
it out of what this platform shows (the inbox marks it, social listening leaves it out) while it stays stored.
The rules that need an account of ours (the flood rule, links from a new account) do not apply: a post has no
author here. A rule hit puts the post in the queue and it stays visible until a moderator decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from participation.i18n import lazy
from participation.moderated import Moderated
from participation.moderation import detection, intake, screening
from participation.moderation.rules import ContentKind, ContentSummary
from participation.webcare.models import Post


def ref(post_id: int) -> str:
    return f"post:{post_id}"


async def screen_posts(posts: Sequence[Post], *, now: datetime) -> int:
    """Every post against personal data, the admins' word lists and too many links; hits go to the queue.
    Returns how many were flagged."""
    if not posts:
        return 0
    patterns = await screening.word_patterns(now=now)
    flagged = 0
    for post in posts:
        hits = detection.personal_data(post.text)
        for language, pattern in patterns.items():
            hits += detection.words(post.text, pattern, language=language)
        hits += detection.links(post.text, new_account=False)
        if hits:
            await intake.flagged(ref(post.id), author_id=None, now=now, hits=[hit.as_dict() for hit in hits])
            flagged += 1
    return flagged


def _post(p: Post) -> ContentSummary:
    return ContentSummary(
        ref=ref(p.id),
        text=p.text,
        author_id=None,
        created_at=p.created_at,
        state=p.moderation,
        title=f"{p.source.name}: {p.author}",
        route="webcare:conversation",
        params={"id": p.conversation_id},
        url=p.url or "",
    )


posts = Moderated(Post, _post, prefetch=("source",))

CONTENT = {"post": ContentKind(label=lazy("monitored post"), load=posts.load, hide=posts.hide, publish=posts.publish)}
