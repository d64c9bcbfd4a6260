"""Password reset by a mailed link and password change; either ends every session and API token."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from participation.accounts import links, rules, sessions, throttle
from participation.accounts.models import ApiToken, User
from participation.accounts.passwords import hash_password, verify_password
from participation.accounts.services.tokens import changes_accounts
from participation.errors import Invalid
from participation.i18n import _, language
from participation.mail.services import queue_mail
from participation.notifications.services import notify

RESET_MAX_AGE = 3600


async def request_password_reset(
    *, email: str, address: str, urls: links.AccountLinks, secret: str, now: datetime
) -> None:
    """Mail a reset link if the account exists. Says nothing either way, so addresses cannot be probed; a few
    mails per account and per asking address an hour (throttle.allow_mail), the rest silently not sent."""
    if rules.email_error(email):
        raise Invalid({"email": rules.email_error(email) or ""})
    user = await User.get_or_none(email=rules.normalise_email(email), deleted_at__isnull=True)
    if user is None or not await throttle.allow_mail(throttle.RESET, email=user.email or "", address=address, now=now):
        return
    link = urls.reset(links.make(user, purpose="reset", secret=secret))
    await queue_mail(
        to=user.email or "",
        subject=_("Set a new password for Samenspraak"),
        body=_(
            "Someone asked to set a new password for your Samenspraak account.\n\n"
            "Choose a new password with this link (valid for one hour, once):\n%(link)s\n\n"
            "Was this not you? Then ignore this mail: your password stays as it is.",
            link=link,
        ),
        now=now,
    )


async def user_for_reset(token: str, *, secret: str) -> User:
    user, _data = await links.read(token, purpose="reset", secret=secret, max_age=RESET_MAX_AGE)
    return user


@changes_accounts
async def reset_password(token: str, *, password: str, secret: str, now: datetime) -> User:
    user = await user_for_reset(token, secret=secret)
    if message := rules.password_error(password):
        raise Invalid({"password": message})
    async with in_transaction():
        updated = await User.filter(id=user.id, auth_version=user.auth_version).update(
            password_hash=hash_password(password), auth_version=user.auth_version + 1
        )
        if not updated:
            raise links.used_already()
        await _password_changed(user, now=now)
    await user.refresh_from_db()
    return user


async def _password_changed(user: User, *, now: datetime) -> None:
    """Inside the transaction that set a new password. A new password is how a person takes back an account
    someone else may have used: every session and API token goes too, and the person is told (in their own
    language). The browser that set it is signed in again by its handler."""
    await sessions.end_all(user)
    revoked = await ApiToken.filter(user_id=user.id, revoked_at__isnull=True).update(revoked_at=now)
    with language(user.language):
        body = _("The password of your Samenspraak account was changed. Was this not you? Reset it now.")
        if revoked:
            body += "\n\n" + _("Your API tokens were revoked: create new ones on your account page.")
        await notify(user, kind="account", title=_("Your password was changed"), body=body, now=now)


@changes_accounts
async def change_password(user: User, *, current: str, new: str, now: datetime) -> User:
    errors = {}
    if not verify_password(user.password_hash, current):
        errors["current_password"] = _("This is not your current password.")
    if message := rules.password_error(new):
        errors["new_password"] = message
    if errors:
        raise Invalid(errors)
    async with in_transaction():
        user.password_hash = hash_password(new)
        user.auth_version += 1
        await user.save(update_fields=["password_hash", "auth_version"])
        await _password_changed(user, now=now)
    return user
