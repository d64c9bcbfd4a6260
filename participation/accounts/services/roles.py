"""Roles, which only admins change (never leaving no admin), and the admins' list of accounts."""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from participation.accounts import rules
from participation.accounts.models import User
from participation.accounts.services.sign_in import get_active_user
from participation.accounts.services.tokens import changes_accounts
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _, language
from participation.notifications.services import notify


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


@changes_accounts
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
