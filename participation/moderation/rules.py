"""Pure rules of moderation: who moderates. The moderation area grows here (reports, rules, decisions)."""

from __future__ import annotations

from collections.abc import Sequence


def can_moderate(roles: Sequence[str]) -> bool:
    return "moderator" in roles
