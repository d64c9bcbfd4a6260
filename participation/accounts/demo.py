"""The people of `samenspraak seed-demo`: one login of every role and two residents, which every area's demo
uses (officials write, residents take part)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from participation.accounts import services as accounts
from participation.accounts.models import User

DEMO_PASSWORD = "samenspraak-demo"


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    roles: tuple[str, ...]
    name: str


LOGINS = [
    Login("admin@demo.samenspraak.nl", DEMO_PASSWORD, ("admin",), "Anouk de Beheerder"),
    Login("ambtenaar@demo.samenspraak.nl", DEMO_PASSWORD, ("official",), "Pieter van der Berg"),
    Login("moderator@demo.samenspraak.nl", DEMO_PASSWORD, ("moderator",), "Fatima El Amrani"),
    # A second moderator: an appeal goes to another moderator than the one who decided.
    Login("moderator2@demo.samenspraak.nl", DEMO_PASSWORD, ("moderator",), "Daan Visser"),
    Login("burger@demo.samenspraak.nl", DEMO_PASSWORD, (), "Jan Jansen"),
    Login("bewoner@demo.samenspraak.nl", DEMO_PASSWORD, (), "Sanne de Vries"),
]


@dataclass(frozen=True)
class DemoPeople:
    admin: User
    official: User
    moderator: User
    citizens: list[User]


async def create_people(*, now: datetime) -> DemoPeople:
    users = {
        login.email: await accounts.create_user(
            email=login.email, password=login.password, display_name=login.name, roles=list(login.roles), now=now
        )
        for login in LOGINS
    }
    return DemoPeople(
        admin=users["admin@demo.samenspraak.nl"],
        official=users["ambtenaar@demo.samenspraak.nl"],
        moderator=users["moderator@demo.samenspraak.nl"],
        citizens=[users[login.email] for login in LOGINS if not login.roles],
    )
