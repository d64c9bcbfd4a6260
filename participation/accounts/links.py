"""Links mailed to a person that act for them (set a new password, sign in): signed with the secret key and
bound to the account's auth_version, so they are never stored, expire, and stop working once the password
changes. A link that may be used once carries a version of its own too, bumped by its use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from participation.accounts.models import User
from participation.errors import Invalid
from participation.i18n import _


@dataclass(frozen=True)
class AccountLinks:
    """The full links (with the site's address) that account mails carry. The web layer makes them from its own
    routes (server/accounts/pages.py `account_links`): the domain never builds a URL. Each function takes the
    signed token of its link."""

    confirm: Callable[[str], str]
    reset: Callable[[str], str]
    sign_in: Callable[[str], str]
    login: str
    forgot: str


def serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=f"samenspraak-{purpose}")


def make(user: User, *, purpose: str, secret: str, **versions: int) -> str:
    return serializer(secret, purpose).dumps({"u": user.id, "v": user.auth_version, **versions})


def used_already() -> Invalid:
    return Invalid({"token": _("This link has been used already. Ask for a new one.")})


async def read(token: str, *, purpose: str, secret: str, max_age: int) -> tuple[User, dict[str, Any]]:
    """The person a valid link acts for, and what else it carries; Invalid({"token": …}) says why not."""
    try:
        data = serializer(secret, purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise Invalid({"token": _("This link has expired. Ask for a new one.")}) from None
    except BadSignature:
        raise Invalid({"token": _("This link is not valid. Ask for a new one.")}) from None
    if not isinstance(data, dict):
        raise Invalid({"token": _("This link is not valid. Ask for a new one.")})
    user = await User.get_or_none(id=data.get("u", 0), deleted_at__isnull=True)
    if user is None or user.auth_version != data.get("v"):
        # The version moved on: the link was used already, or the password changed since.
        raise used_already()
    return user, data
