"""Coordinators changing a group at the same moment, on SQLite and PostgreSQL: a group always keeps a coordinator.
The coordinators are counted and changed under the group's lock (services/groups.py `_lock`)."""

from __future__ import annotations

import asyncio

from participation.accounts.models import User
from participation.cocreation.models import Group, Membership
from participation.cocreation.services import groups
from participation.errors import Conflict, NotAllowed
from tests.support.cocreation import group_of

ROUNDS = 6


async def _two_coordinators() -> tuple[Group, User, User]:
    group = await group_of(3)
    first, second, _member = [
        m.user for m in await Membership.filter(group=group).order_by("id").prefetch_related("user")
    ]
    await groups.make_coordinator(group.id, second.id, by=first)
    return group, first, second


async def _coordinators(group: Group) -> int:
    return await Membership.filter(group=group, role="coordinator").count()


async def test_two_coordinators_leaving_at_once_leave_one_behind(orm_any):
    worlds = [await _two_coordinators() for _ in range(ROUNDS)]
    outcomes = await asyncio.gather(
        *(groups.leave(group.id, by=person) for group, *both in worlds for person in both), return_exceptions=True
    )
    for n, (group, _first, _second) in enumerate(worlds):
        pair = outcomes[2 * n : 2 * n + 2]
        assert sorted(type(o).__name__ for o in pair) == ["Conflict", "NoneType"], pair
        refused = next(o for o in pair if isinstance(o, Conflict))
        assert refused.code == "last_coordinator"
        assert await _coordinators(group) == 1 and await Membership.filter(group=group).count() == 2


async def test_a_coordinator_leaving_while_removing_the_other_one_leaves_one_behind(orm_any):
    worlds = [await _two_coordinators() for _ in range(ROUNDS)]
    outcomes = await asyncio.gather(
        *(
            call
            for group, first, second in worlds
            for call in (groups.leave(group.id, by=first), groups.remove_member(group.id, second.id, by=first))
        ),
        return_exceptions=True,
    )
    for n, (group, _first, _second) in enumerate(worlds):
        pair = outcomes[2 * n : 2 * n + 2]
        # Left, then no longer allowed to remove; or removed the other, then refused as the last coordinator.
        assert [type(o) for o in pair] in ([type(None), NotAllowed], [Conflict, type(None)]), pair
        assert await _coordinators(group) == 1
