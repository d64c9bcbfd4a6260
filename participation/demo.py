"""`samenspraak seed-demo`: a living demo in an empty database, each area's part as participation/areas.py
lists them."""

from __future__ import annotations

from datetime import datetime

from participation import areas
from participation.accounts.demo import LOGINS, Login
from participation.accounts.models import User

__all__ = ["LOGINS", "AlreadySeeded", "NotEmpty", "seed"]


class NotEmpty(Exception):
    pass


class AlreadySeeded(Exception):
    pass


async def seed(*, now: datetime, link_to: areas.LinkTo) -> list[Login]:
    """`link_to(name, **params)` builds the full links that notifications and e-mails carry."""
    if await User.exists(email=LOGINS[0].email):
        raise AlreadySeeded("The demo is in this database already.")
    if await User.exists():
        raise NotEmpty("The database has accounts already: seed-demo fills only an empty database.")
    await areas.seed_demo(now=now, link_to=link_to)
    return LOGINS
