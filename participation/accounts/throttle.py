"""Counting failures (sign-ins) and events (registrations) in the database, so every process shares them."""

from __future__ import annotations

from datetime import datetime, timedelta

from participation.accounts.models import ThrottleEvent
from participation.errors import TooManyRequests
from participation.i18n import _

LOGIN_FAILURES = 10
LOGIN_WINDOW = timedelta(minutes=15)


def login_keys(email: str, address: str) -> list[str]:
    # Bounded and without NUL: the sign-in form does not limit what is typed, the key column does.
    email = email.strip().lower().replace("\x00", "")[:254]
    return [f"login-account:{email}", f"login-address:{address[:64]}"]


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


# Mails that anyone can make the platform send to an address (a reset link, a sign-in link): a few per account
# and some more per asking address each hour. Beyond that they are silently not sent: the page that asked
# answers the same either way, so it cannot tell whether an account exists.
MAILS_PER_ACCOUNT = 3
MAILS_PER_ADDRESS = 10
MAIL_WINDOW = timedelta(hours=1)
RESET = "reset"
MAIL_KINDS = (RESET,)


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
    await forget([login_keys(email, "")[0], *(_mail_keys(kind, email, "")[0] for kind in MAIL_KINDS)])


async def prune(*, now: datetime, older_than: timedelta = timedelta(days=1)) -> int:
    return await ThrottleEvent.filter(at__lt=now - older_than).delete()
