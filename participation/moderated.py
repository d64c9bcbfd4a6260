"""One kind of an area's content as moderation acts on it: rows loaded by id, one hidden, one published.

Each area's moderation.py registers its kinds of content with moderation (participation/moderation/rules.py
`ContentKind`): `load` is one query for many ids, and `hide` and `publish` are one UPDATE of the row's
moderation state. This module holds that shape once. It knows no area: an area names its model, the column of
the state, and how a row reads to moderation (`summary`, which makes moderation's ContentSummary, or None to
leave a row out).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.models import Model

Summary = TypeVar("Summary")


@dataclass(frozen=True)
class Moderated(Generic[Summary]):
    model: type[Model]
    # How a row (with `prefetch` fetched) reads to moderation. None: the area loads its content its own way.
    summary: Callable[[Any], Summary | None] | None = None
    prefetch: tuple[str, ...] = ()
    # The column that holds the moderation state, and how it says "published".
    state: str = "moderation"
    published: str = "published"
    # Awaited with the row's id after every change of its state (an area dropping what it computed from it).
    changed: Callable[[int], Awaitable[None]] | None = None

    async def load(self, ids: Sequence[int]) -> dict[int, Summary]:
        if self.summary is None:
            raise TypeError(f"{self.model.__name__} has no summary: its area loads it")
        rows = await self.model.filter(id__in=list(ids)).prefetch_related(*self.prefetch)
        return {row.pk: found for row in rows if (found := self.summary(row)) is not None}

    async def hide(self, row_id: int, *, review: bool) -> None:
        """Hidden by a moderator, or (`review`) by reports until a moderator looks."""
        await self._set(row_id, "review" if review else "hidden")

    async def publish(self, row_id: int) -> None:
        await self._set(row_id, self.published)

    async def _set(self, row_id: int, value: str) -> None:
        await self.model.filter(id=row_id).update(**{self.state: value})
        if self.changed is not None:
            await self.changed(row_id)
