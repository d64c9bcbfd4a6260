"""Signing in with an e-mailed link: the way in that always works, also while an account is flooded with
failed sign-ins (throttle.py). The link is a signed one like the reset link (links.py), valid 15 minutes and
once; asking for one says the same whether the account exists, and sends a few an hour at most."""

from __future__ import annotations

from datetime import datetime

from participation.accounts import links, rules, throttle
from participation.accounts.models import User
from participation.errors import Invalid
from participation.i18n import _
from participation.mail.services import queue_mail

PURPOSE = "sign-in"
MAX_AGE = 15 * 60


async def request_link(*, email: str, address: str, urls: links.AccountLinks, secret: str, now: datetime) -> None:
    if message := rules.email_error(email):
        raise Invalid({"email": message})
    user = await User.get_or_none(email=rules.normalise_email(email), deleted_at__isnull=True)
    if user is None or not await throttle.allow_mail(
        throttle.SIGN_IN_LINK, email=user.email or "", address=address, now=now
    ):
        return
    token = links.make(user, purpose=PURPOSE, secret=secret, s=user.sign_in_link_version)
    link = urls.sign_in(token)
    await queue_mail(
        to=user.email or "",
        subject=_("Your sign-in link for Samenspraak"),
        body=_(
            "Sign in to Samenspraak with this link (valid for 15 minutes, once):\n%(link)s\n\n"
            "Did you not ask for it? Then ignore this mail. Nobody can sign in without it.",
            link=link,
        ),
        now=now,
    )


async def user_for_link(token: str, *, secret: str) -> User:
    """The person a link would sign in, without using it up (the page that asks to confirm)."""
    user, data = await links.read(token, purpose=PURPOSE, secret=secret, max_age=MAX_AGE)
    if data.get("s") != user.sign_in_link_version:
        raise links.used_already()
    return user


async def sign_in_with_link(token: str, *, address: str, secret: str, now: datetime) -> User:
    """Uses the link up (and every other link sent before it) and remembers the address as one that signed in."""
    user = await user_for_link(token, secret=secret)
    used = await User.filter(
        id=user.id, auth_version=user.auth_version, sign_in_link_version=user.sign_in_link_version
    ).update(sign_in_link_version=user.sign_in_link_version + 1)
    if not used:
        raise links.used_already()
    await throttle.remember_address(user, address, now=now)
    user.sign_in_link_version += 1
    return user
