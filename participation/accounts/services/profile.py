"""A person's profile: the display name (sanitised once, kept as source and HTML), the language, deletion."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from participation import sanitize
from participation.accounts import rules, sessions, throttle
from participation.accounts.models import ApiToken, KnownAddress, User
from participation.accounts.passwords import verify_password
from participation.accounts.services.tokens import changes_accounts
from participation.errors import Invalid
from participation.i18n import _
from participation.mail.services import forget_address


def set_display_name(user: User, name: str) -> None:
    clean = sanitize.sanitize(rules.display_name(name), policy="name")
    user.display_name = clean.source
    user.display_name_html = clean.html


@changes_accounts
async def update_profile(user: User, *, display_name: str, language: str | None = None) -> User:
    if message := rules.display_name_error(display_name):
        raise Invalid({"display_name": message})
    set_display_name(user, display_name)
    fields = ["display_name", "display_name_html"]
    if language in ("nl", "en"):
        user.language = language
        fields.append("language")
    await user.save(update_fields=fields)
    return user


@changes_accounts
async def delete_account(user: User, *, password: str, now: datetime) -> None:
    """Delete the person, keep their contributions under a pseudonym."""
    if not verify_password(user.password_hash, password):
        raise Invalid({"password": _("This is not your current password.")})
    async with in_transaction():
        await ApiToken.filter(user=user).delete()
        await sessions.end_all(user)
        await KnownAddress.filter(user=user).delete()
        if user.email:
            await forget_address(user.email)
            await throttle.forget_account(user.email)
        user.email = None
        user.password_hash = ""
        user.roles = []
        user.deleted_at = now
        user.auth_version += 1
        user.registered_from = ""
        set_display_name(user, _("Former participant %(n)s", n=user.id))
        await user.save()
        await user.notifications.all().delete()
