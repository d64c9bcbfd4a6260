"""There is always an admin: the last one cannot step down, not even two at the same moment."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from participation.accounts import services as accounts
from participation.accounts.models import User
from participation.errors import Conflict
from tests.support.web import make_user

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_two_admins_stepping_down_at_once_leave_one_admin(orm_any):
    first = await make_user("eerste@example.nl", "admin")
    second = await make_user("tweede@example.nl", "admin", "official")
    outcomes = await asyncio.gather(
        accounts.set_roles(first.id, roles=[], by=first, now=NOW),
        accounts.set_roles(second.id, roles=["official"], by=second, now=NOW),
        return_exceptions=True,
    )
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1
    admins = [u for u in await User.all() if "admin" in u.roles]
    assert len(admins) == 1


async def test_an_admin_can_step_down_while_another_remains(orm):
    first = await make_user("eerste@example.nl", "admin")
    await make_user("tweede@example.nl", "admin")
    changed = await accounts.set_roles(first.id, roles=["official"], by=first, now=NOW)
    assert changed.roles == ["official"]
    with pytest.raises(Conflict):
        second = await User.get(email="tweede@example.nl")
        await accounts.set_roles(second.id, roles=[], by=second, now=NOW)
