"""Counting failures (sign-ins) and events (registrations) in the database, so every process shares them."""

from __future__ import annotations

from datetime import datetime, timedelta

from participation.accounts.models import ThrottleEvent
from participation.accounts.rules import normalise_email
from participation.errors import TooManyRequests
from participation.i18n import _

LOGIN_FAILURES = 10
LOGIN_WINDOW = timedelta(minutes=15)


def login_keys(email: str, address: str) -> list[str]:
    # Bounded and without NUL: the sign-in form does not limit what is typed, the key column does.
    email = normalise_email(email)[:254]
    return [f"login-account:{email}", f"login-address:{address[:64]}"]


async def check(keys: list[str], *, limit: int, window: timedelta, now: datetime) -> None:
    """Raise TooManyRequests when any key has `limit` events within `window` before `now`."""
    if limit <= 0:
        return
    since = now - window
    for key in keys:
        events = await ThrottleEvent.filter(key=key, at__gt=since).order_by("at").values_list("at", flat=True)
        if len(events) >= limit:
            oldest_counted = events[-limit]
            retry_after = max(1, int((oldest_counted + window - now).total_seconds()) + 1)
            raise TooManyRequests(_("Too many attempts. Try again later."), retry_after=retry_after)


async def record(keys: list[str], *, now: datetime) -> None:
    await ThrottleEvent.bulk_create([ThrottleEvent(key=key, at=now) for key in keys])


async def forget(keys: list[str]) -> None:
    await ThrottleEvent.filter(key__in=keys).delete()


async def prune(*, now: datetime, older_than: timedelta = timedelta(days=1)) -> int:
    return await ThrottleEvent.filter(at__lt=now - older_than).delete()
