"""`samenspraak seed-demo`: a living demo in an empty database. Each area adds its part here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from participation.accounts import services as accounts
from participation.accounts.models import User
from participation.consultations.demo import seed_consultations


class NotEmpty(Exception):
    pass


class AlreadySeeded(Exception):
    pass


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    roles: tuple[str, ...]
    name: str


DEMO_PASSWORD = "samenspraak-demo"

LOGINS = [
    Login("admin@demo.samenspraak.nl", DEMO_PASSWORD, ("admin",), "Anouk de Beheerder"),
    Login("ambtenaar@demo.samenspraak.nl", DEMO_PASSWORD, ("official",), "Pieter van der Berg"),
    Login("moderator@demo.samenspraak.nl", DEMO_PASSWORD, ("moderator",), "Fatima El Amrani"),
    Login("burger@demo.samenspraak.nl", DEMO_PASSWORD, (), "Jan Jansen"),
    Login("bewoner@demo.samenspraak.nl", DEMO_PASSWORD, (), "Sanne de Vries"),
]


async def seed(*, now: datetime, base_url: str) -> list[Login]:
    if await User.exists(email=LOGINS[0].email):
        raise AlreadySeeded("The demo is in this database already.")
    if await User.exists():
        raise NotEmpty("The database has accounts already: seed-demo fills only an empty database.")
    users: dict[str, User] = {}
    for login in LOGINS:
        users[login.email] = await accounts.create_user(
            email=login.email, password=login.password, display_name=login.name, roles=list(login.roles), now=now
        )
    citizens = [users[login.email] for login in LOGINS if not login.roles]
    await seed_consultations(official=users["ambtenaar@demo.samenspraak.nl"], citizens=citizens, now=now)
    return LOGINS
