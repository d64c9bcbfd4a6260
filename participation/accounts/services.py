"""Use cases of accounts: registration, sign-in, password reset, profile, roles, deletion."""

from __future__ import annotations

import copy
import hashlib
import secrets
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from participation import sanitize
from participation.accounts import links, rules, sessions, throttle
from participation.accounts.models import ApiToken, KnownAddress, User
from participation.accounts.passwords import hash_password, needs_rehash, verify_password
from participation.afterwards import afterwards
from participation.errors import Conflict, Invalid, NotAllowed, NotFound, TooManyRequests
from participation.i18n import _, language
from participation.mail.services import forget_address, queue_mail
from participation.notifications.services import notify
from participation.text import clean_line

RESET_MAX_AGE = 3600
CONFIRM_MAX_AGE = 7 * 24 * 3600
TOKEN_PREFIX = "ssp_"


# A bearer token is checked on every API request. The person behind it is kept for a few seconds per process;
# every change to accounts made in this process drops them at once (`forget_token_users`); other processes see
# a revocation, a deletion or changed roles at most TOKEN_USER_TTL later.
TOKEN_USER_TTL = timedelta(seconds=5)
_TOKEN_USERS_MAX = 10_000
_token_users: dict[str, tuple[datetime, User]] = {}


def forget_token_users() -> None:
    _token_users.clear()


def _detached(user: User) -> User:
    """A copy that shares no mutable state with the kept one."""
    copied = copy.copy(user)
    copied.roles = list(user.roles)
    return copied


# After a service that changes who may do what, no process-local copy of a token's person is used.
_changes_accounts = afterwards(forget_token_users)


def _set_display_name(user: User, name: str) -> None:
    clean = sanitize.sanitize(rules.display_name(name), policy="name")
    user.display_name = clean.source
    user.display_name_html = clean.html


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
    _set_display_name(user, display_name)
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
    _set_display_name(user, name)
    try:
        await user.save()
    except IntegrityError:
        raise Invalid({"email": _("An account with this e-mail address exists already.")}) from None
    return user


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


# --- e-mail confirmation and password reset -------------------------------------------------


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


@_changes_accounts
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


@_changes_accounts
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


# --- profile ------------------------------------------------------------------------------------


@_changes_accounts
async def update_profile(user: User, *, display_name: str, language: str | None = None) -> User:
    if message := rules.display_name_error(display_name):
        raise Invalid({"display_name": message})
    _set_display_name(user, display_name)
    fields = ["display_name", "display_name_html"]
    if language in ("nl", "en"):
        user.language = language
        fields.append("language")
    await user.save(update_fields=fields)
    return user


@_changes_accounts
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
        _set_display_name(user, _("Former participant %(n)s", n=user.id))
        await user.save()
        await user.notifications.all().delete()


# --- roles ---------------------------------------------------------------------------------------


async def _keep_an_admin(losing: User) -> None:
    """Inside the transaction that takes admin from `losing`: refuse if no other admin would be left.

    The admins' rows are locked first (PostgreSQL; SQLite serialises writing transactions), so two admins
    stepping down at the same moment cannot both pass this check."""
    candidates = [
        user_id
        for user_id, roles in await User.filter(deleted_at__isnull=True).values_list("id", "roles")
        if "admin" in roles
    ]
    # Whole rows: Tortoise 1.1 drops FOR UPDATE from a values_list() query.
    locked = await User.filter(id__in=candidates).select_for_update().order_by("id")
    if not any("admin" in user.roles and user.id != losing.id for user in locked):
        raise Conflict(_("You are the last admin: make someone else admin first."))


@_changes_accounts
async def set_roles(target_id: int, *, roles: list[str], by: User, now: datetime) -> User:
    if not rules.can_manage_roles(by.roles):
        raise NotAllowed(_("Only an admin can change roles."))
    unknown = [r for r in roles if r not in rules.ASSIGNABLE_ROLES]
    if unknown:
        raise Invalid({"roles": _("Unknown role: %(roles)s", roles=", ".join(unknown))})
    target = await get_active_user(target_id)
    if target is None:
        raise NotFound(_("There is no such account."))
    new_roles = sorted(set(roles))
    if new_roles != sorted(target.roles):
        async with in_transaction():
            if "admin" in target.roles and "admin" not in new_roles:
                await _keep_an_admin(target)
            target.roles = new_roles
            await target.save(update_fields=["roles"])
            with language(target.language):  # written to the person in their language, not the admin's
                names = ", ".join(_(role) for role in new_roles) or _("citizen only")
                title = _("Your roles changed: %(roles)s", roles=names)
                await notify(target, kind="account", title=title, now=now)
    return target


async def list_accounts(*, query: str = "", limit: int = 50, offset: int = 0) -> tuple[list[User], int]:
    qs = User.filter(deleted_at__isnull=True)
    if query:
        qs = qs.filter(Q(email__icontains=query) | Q(display_name__icontains=query))
    total = await qs.count()
    return await qs.order_by("id").offset(offset).limit(limit), total


# --- personal API tokens ---------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Returns the stored token and the secret itself, which is never shown again."""
    name = " ".join(clean_line(name).split())
    if not name:
        raise Invalid({"name": _("Give the token a name")})
    if len(name) > rules.TOKEN_NAME_MAX:
        raise Invalid({"name": _("A name has at most %(n)s characters.", n=rules.TOKEN_NAME_MAX)})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = await ApiToken.create(user=user, name=name, digest=_digest(secret), prefix=secret[:10])
    return token, secret


async def list_tokens(user: User) -> list[ApiToken]:
    return await ApiToken.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


@_changes_accounts
async def revoke_token(user: User, token_id: int, *, now: datetime) -> None:
    updated = await ApiToken.filter(id=token_id, user=user, revoked_at__isnull=True).update(revoked_at=now)
    if not updated:
        raise NotFound(_("There is no such token."))


async def user_for_token(secret: str, *, now: datetime) -> User | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    digest = _digest(secret)
    cached = _token_users.get(digest)
    if cached is not None and cached[0] <= now < cached[0] + TOKEN_USER_TTL:
        return _detached(cached[1])
    token = await ApiToken.get_or_none(digest=digest, revoked_at__isnull=True).select_related("user")
    if token is None or token.user.is_deleted:
        _token_users.pop(digest, None)
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        await ApiToken.filter(id=token.id).update(last_used_at=now)
    if len(_token_users) >= _TOKEN_USERS_MAX:
        _token_users.clear()
    _token_users[digest] = (now, _detached(token.user))
    return token.user


async def issue_token_for_credentials(*, email: str, password: str, address: str, now: datetime) -> str:
    user = await authenticate(email=email, password=password, address=address, now=now)
    _token, secret = await create_token(user, name=_("API sign-in %(date)s", date=now.date().isoformat()))
    return secret


async def get_user_by_email(email: str) -> User | None:
    return await User.get_or_none(email=rules.normalise_email(email), deleted_at__isnull=True)
