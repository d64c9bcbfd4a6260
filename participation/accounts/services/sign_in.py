"""Signing in with e-mail and password (throttled), and finding the active person behind an id or address."""

from __future__ import annotations

from datetime import datetime

from participation.accounts import rules, throttle
from participation.accounts.models import User
from participation.accounts.passwords import hash_password, needs_rehash, verify_password
from participation.errors import NotAllowed, TooManyRequests
from participation.i18n import _


async def authenticate(*, email: str, password: str, address: str, now: datetime) -> User:
    """Sign in. Failures are counted (throttle.py); too many from this pair or address answer TooManyRequests,
    and so does a password alone from an address new to an account that is being flooded."""
    keys = throttle.login_keys(email, address)
    await throttle.check_login(keys, now=now)
    email = rules.normalise_email(email)
    # Longer or with a NUL it cannot exist (and would fail the lookup, on PostgreSQL at least).
    known = bool(email) and len(email) <= rules.EMAIL_MAX and "\x00" not in email
    user = await User.get_or_none(email=email, deleted_at__isnull=True) if known else None
    # Decided before the password is looked at, and the same for an address without an account: during a
    # flood a new address learns nothing, not even whether the password was right.
    flood = await throttle.flooded(keys, now=now)
    if flood is not None and not await throttle.is_known(user, address, now=now):
        await throttle.record(keys.all(), now=now)
        raise TooManyRequests(
            _("Many wrong passwords were tried for this account just now. Sign in with a link by e-mail instead."),
            retry_after=flood,
        )
    if user is None or not verify_password(user.password_hash if user else "", password):
        await throttle.record(keys.all(), now=now)
        raise NotAllowed(_("The e-mail address or password is not right."), code="bad_credentials")
    await throttle.forget([keys.pair])
    await throttle.remember_address(user, address, now=now)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        await user.save(update_fields=["password_hash"])
    return user


async def get_active_user(user_id: int, *, auth_version: int | None = None) -> User | None:
    user = await User.get_or_none(id=user_id, deleted_at__isnull=True)
    if user is None or (auth_version is not None and user.auth_version != auth_version):
        return None
    return user


async def get_user_by_email(email: str) -> User | None:
    return await User.get_or_none(email=rules.normalise_email(email), deleted_at__isnull=True)
