"""The few statements written as SQL rather than through the ORM (bulk writes of the answers' group commit, the
moderation intake of a batch, the webcare dashboard's counts): the driver's parameter placeholders, made one way
for every caller. `?` on SQLite; `$1`, `$2`, ... on PostgreSQL (asyncpg numbers them)."""

from __future__ import annotations

from typing import Any


def dialect_of(db: Any) -> str:
    """The dialect of a Tortoise client, or `db` itself when it is already one ("sqlite", "postgres")."""
    return db if isinstance(db, str) else db.capabilities.dialect


def marks(db: Any, count: int, *, start: int = 1) -> list[str]:
    """`count` placeholders for `db` (a client or a dialect), numbered from `start` where they are numbered."""
    if dialect_of(db) == "postgres":
        return [f"${i}" for i in range(start, start + count)]
    return ["?"] * count


def filled(template: str, db: Any) -> str:
    """`template` with each `{}` made the next placeholder of `db` (a client or a dialect)."""
    parts = template.split("{}")
    given = marks(db, len(parts) - 1)
    return "".join(part + mark for part, mark in zip(parts, [*given, ""], strict=True))
