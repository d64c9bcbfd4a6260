"""Registration (that cannot probe addresses), accounts made on the command line, e-mail confirmation."""

from __future__ import annotations

from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation.accounts import links, rules, throttle
from participation.accounts.models import User
from participation.accounts.passwords import hash_password
from participation.accounts.services.profile import set_display_name
from participation.errors import Invalid
from participation.i18n import _, language
from participation.mail.services import queue_mail

CONFIRM_MAX_AGE = 7 * 24 * 3600


async def register(
    *,
    email: str,
    password: str,
    display_name: str,
    address: str,
    registrations_per_hour: int,
    urls: links.AccountLinks,
    secret: str,
    now: datetime,
    roles: list[str] | None = None,
) -> None:
    """Make an account and mail a confirmation link. Returns nothing and answers the same when the address has
    an account already, so registering cannot probe addresses: then the owner gets a mail instead."""
    errors = rules.collect(
        email=rules.email_error(email),
        password=rules.password_error(password),
        display_name=rules.display_name_error(display_name),
    )
    if errors:
        raise Invalid(errors)
    email = rules.normalise_email(email)
    if registrations_per_hour and address:
        await throttle.check([f"register:{address}"], limit=registrations_per_hour, window=timedelta(hours=1), now=now)
    # Hashed either way, so a taken address is not answered faster.
    user = User(email=email, password_hash=hash_password(password), registered_from=address[:64])
    user.roles = sorted(set(roles or []))
    set_display_name(user, display_name)
    try:
        async with in_transaction():
            if address:
                await throttle.record([f"register:{address}"], now=now)
            if owner := await User.get_or_none(email=email):
                await _tell_owner_of_registration(owner, address=address, urls=urls, now=now)
                return
            await user.save()
            link = urls.confirm(confirmation_token(user, secret=secret))
            await queue_mail(
                to=email,
                subject=_("Confirm your e-mail address for Samenspraak"),
                body=_(
                    "Welcome to Samenspraak, %(name)s.\n\nConfirm your e-mail address with this link "
                    "(valid for 7 days):\n%(link)s\n\nDid you not register? Then ignore this mail.",
                    name=user.display_name,
                    link=link,
                ),
                now=now,
            )
    except IntegrityError:
        return  # registered at this very moment by another request: that one sent the mail


def registered_message(email: str) -> str:
    """What a registration answers, whether the address was free or not."""
    return _(
        "We sent a mail to %(email)s. Confirm your address with the link in it, and sign in.",
        email=rules.normalise_email(email),
    )


async def _tell_owner_of_registration(owner: User, *, address: str, urls: links.AccountLinks, now: datetime) -> None:
    if not await throttle.allow_mail(throttle.REGISTRATION_TAKEN, email=owner.email or "", address=address, now=now):
        return
    login, forgot = urls.login, urls.forgot
    with language(owner.language):  # written to the owner in their language, not the registering browser's
        await queue_mail(
            to=owner.email or "",
            subject=_("Someone tried to register with your e-mail address"),
            body=_(
                "Someone tried to make a new Samenspraak account with your e-mail address. You have an account "
                "already, so nothing was made.\n\nWas this you? Sign in:\n%(login)s\n\n"
                "Forgot your password? Set a new one:\n%(forgot)s\n\n"
                "Was this not you? Then ignore this mail. Your account stays as it is.",
                login=login,
                forgot=forgot,
            ),
            now=now,
        )


async def create_user(*, email: str, password: str, display_name: str | None, roles: list[str], now: datetime) -> User:
    """Made from the command line: confirmed at once, any roles."""
    unknown = [r for r in roles if r not in rules.ASSIGNABLE_ROLES]
    errors = rules.collect(
        email=rules.email_error(email),
        password=rules.password_error(password),
        roles=_("Unknown role: %(roles)s", roles=", ".join(unknown)) if unknown else None,
    )
    name = (display_name or email.split("@")[0]).strip()
    if not errors and (message := rules.display_name_error(name)):
        errors["display_name"] = message
    if errors:
        raise Invalid(errors)
    user = User(email=rules.normalise_email(email), password_hash=hash_password(password), confirmed_at=now)
    user.roles = sorted(set(roles))
    set_display_name(user, name)
    try:
        await user.save()
    except IntegrityError:
        raise Invalid({"email": _("An account with this e-mail address exists already.")}) from None
    return user


def confirmation_token(user: User, *, secret: str) -> str:
    return links.serializer(secret, "confirm").dumps({"u": user.id, "e": user.email})


async def confirm_email(token: str, *, secret: str, now: datetime) -> User:
    try:
        data = links.serializer(secret, "confirm").loads(token, max_age=CONFIRM_MAX_AGE)
    except SignatureExpired:
        raise Invalid({"token": _("This confirmation link has expired.")}) from None
    except BadSignature:
        raise Invalid({"token": _("This confirmation link is not valid.")}) from None
    user = await User.get_or_none(id=data.get("u"), email=data.get("e"), deleted_at__isnull=True)
    if user is None:
        raise Invalid({"token": _("This confirmation link is not valid.")})
    if user.confirmed_at is None:
        user.confirmed_at = now
        await user.save(update_fields=["confirmed_at"])
    return user
