"""What monitored posts can be about: targets an area offers (`Area.match_targets` in participation/areas.py),
and the one rule that matches a post's text and hashtags to them.

The area that owns the targets (consultations) says what names them; the area that reads posts (webcare) only
matches. Neither imports the other: both know this module, and participation/areas.py joins them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A hashtag shorter than this matches nothing: #park would match every consultation about a park.
MIN_TAG = 6


@dataclass(frozen=True)
class MatchTarget:
    # What the id is of ("consultation"), and the id.
    kind: str
    id: int
    # Phrases that name the target in a text, matched case-insensitively (a consultation's title).
    phrases: tuple[str, ...]
    # Hashtags that name it (without "#", lower case).
    hashtags: tuple[str, ...] = ()
    # What people call it, for pages that list it (a consultation's title).
    name: str = ""


def squashed(text: str) -> str:
    """Letters and digits only, lower case: "Het Julianapark opnieuw" -> "hetjulianaparkopnieuw"."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def match(text: str, tags: Sequence[str], targets: Sequence[MatchTarget], *, kind: str) -> int | None:
    """The id of the first target of `kind` that the post names: a phrase in its text, one of the target's
    hashtags, or a hashtag of MIN_TAG letters or more that is part of a phrase written without spaces
    (#julianapark for "Het Julianapark opnieuw inrichten")."""
    lowered = text.lower()
    tags = [tag.lower().lstrip("#") for tag in tags]
    for target in targets:
        if target.kind != kind:
            continue
        if any(phrase and phrase.lower() in lowered for phrase in target.phrases):
            return target.id
        if any(tag in target.hashtags for tag in tags):
            return target.id
        joined = [squashed(phrase) for phrase in target.phrases]
        if any(len(tag) >= MIN_TAG and tag in phrase for tag in tags for phrase in joined):
            return target.id
    return None
