"""Counting failures (sign-ins) and events (registrations, mails) in the database, so every process shares them.

Failed sign-ins are counted three ways. Per pair of account and address (10 in 15 minutes) and per address
across accounts (50): beyond those that pair or address is answered 429. Per account across addresses they
never lock anyone out: only a flood (100 in 15 minutes) puts the account in a stricter mode, where a password
alone works only from an address that signed in to it before; from elsewhere the owner asks for an e-mailed
sign-in link (sign_in_links.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError

from participation.accounts.models import KnownAddress, ThrottleEvent, User
from participation.accounts.rules import normalise_email
from participation.errors import TooManyRequests
from participation.i18n import _

LOGIN_FAILURES = 10  # per pair of account and address
ADDRESS_FAILURES = 50  # per address, across accounts
ACCOUNT_FLOOD = 100  # per account, across addresses: the stricter mode
LOGIN_WINDOW = timedelta(minutes=15)
# An address that signed in to an account is remembered this long after its last success.
KNOWN_ADDRESS_AGE = timedelta(days=180)


@dataclass(frozen=True)
class LoginKeys:
    pair: str
    address: str
    account: str

    def all(self) -> list[str]:
        return [self.pair, self.address, self.account]


def login_keys(email: str, address: str) -> LoginKeys:
    # Bounded and without NUL: the sign-in form does not limit what is typed, the key column (300) does.
    email = normalise_email(email)[:254]
    address = address[:64]
    return LoginKeys(
        pair=f"login-pair:{email[:220]}|{address}", address=f"login-address:{address}", account=f"login-account:{email}"
    )


def _address_digest(user: User, address: str) -> str:
    # Not the address itself: enough to recognise it, not to list where a person signs in from.
    return hashlib.sha256(f"{user.id}|{address}".encode()).hexdigest()


async def remember_address(user: User, address: str, *, now: datetime) -> None:
    """After a successful sign-in: this address may use the password even while the account is flooded."""
    digest = _address_digest(user, address)
    if await KnownAddress.filter(user_id=user.id, digest=digest).update(last_at=now):
        return
    try:
        await KnownAddress.create(user=user, digest=digest, last_at=now)
    except IntegrityError:  # the same person signing in from the same address twice at once
        await KnownAddress.filter(user_id=user.id, digest=digest).update(last_at=now)


async def is_known(user: User | None, address: str, *, now: datetime) -> bool:
    if user is None:
        return False
    digest = _address_digest(user, address)
    return await KnownAddress.filter(user_id=user.id, digest=digest, last_at__gt=now - KNOWN_ADDRESS_AGE).exists()


async def retry_after(key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
    """Seconds until `key` falls below `limit` events within `window`, or None when it is below already.

    One row is read however many were counted: the `limit`-th newest event, which decides."""
    if limit <= 0:
        return None
    deciding = (
        await ThrottleEvent.filter(key=key, at__gt=now - window)
        .order_by("-at", "-id")
        .offset(limit - 1)
        .first()
        .values_list("at", flat=True)
    )
    if deciding is None:
        return None
    return max(1, int((deciding + window - now).total_seconds()) + 1)


async def check(keys: list[str], *, limit: int, window: timedelta, now: datetime) -> None:
    """Raise TooManyRequests when any key has `limit` events within `window` before `now`."""
    for key in keys:
        seconds = await retry_after(key, limit=limit, window=window, now=now)
        if seconds is not None:
            raise TooManyRequests(_("Too many attempts. Try again later."), retry_after=seconds)


async def check_login(keys: LoginKeys, *, now: datetime) -> None:
    """TooManyRequests for a pair of account and address, or an address, with too many failures just now."""
    await check([keys.pair], limit=LOGIN_FAILURES, window=LOGIN_WINDOW, now=now)
    await check([keys.address], limit=ADDRESS_FAILURES, window=LOGIN_WINDOW, now=now)


async def flooded(keys: LoginKeys, *, now: datetime) -> int | None:
    """Seconds the account stays in the stricter mode, or None when it is not flooded."""
    return await retry_after(keys.account, limit=ACCOUNT_FLOOD, window=LOGIN_WINDOW, now=now)


# Mails that anyone can make the platform send to an address (a reset link, a sign-in link): a few per account
# and some more per asking address each hour. Beyond that they are silently not sent: the page that asked
# answers the same either way, so it cannot tell whether an account exists.
MAILS_PER_ACCOUNT = 3
MAILS_PER_ADDRESS = 10
MAIL_WINDOW = timedelta(hours=1)
RESET = "reset"
SIGN_IN_LINK = "sign-in-link"
REGISTRATION_TAKEN = "registration-taken"
MAIL_KINDS = (RESET, SIGN_IN_LINK, REGISTRATION_TAKEN)


def _mail_keys(kind: str, email: str, address: str) -> tuple[str, str]:
    return f"{kind}-account:{email[:254]}", f"{kind}-address:{address[:64]}"


async def allow_mail(kind: str, *, email: str, address: str, now: datetime) -> bool:
    """Whether one more mail of `kind` may go to `email`, asked from `address`; it is counted when it may."""
    account_key, address_key = _mail_keys(kind, email, address)
    if await retry_after(account_key, limit=MAILS_PER_ACCOUNT, window=MAIL_WINDOW, now=now) is not None:
        return False
    if await retry_after(address_key, limit=MAILS_PER_ADDRESS, window=MAIL_WINDOW, now=now) is not None:
        return False
    await record([account_key, address_key], now=now)
    return True


async def record(keys: list[str], *, now: datetime) -> None:
    await ThrottleEvent.bulk_create([ThrottleEvent(key=key, at=now) for key in keys])


async def forget(keys: list[str]) -> None:
    await ThrottleEvent.filter(key__in=keys).delete()


async def forget_account(email: str) -> None:
    """Every count kept under this e-mail address, for a deleted account."""
    keys = login_keys(email, "")
    await forget([keys.account, *(_mail_keys(kind, email, "")[0] for kind in MAIL_KINDS)])
    await ThrottleEvent.filter(key__startswith=keys.pair).delete()


async def prune(*, now: datetime, older_than: timedelta = timedelta(days=1)) -> int:
    events = await ThrottleEvent.filter(at__lt=now - older_than).delete()
    return events + await KnownAddress.filter(last_at__lt=now - KNOWN_ADDRESS_AGE).delete()
