"""Groups: forming one, invite codes, joining, leaving, coordinators handing over and removing members."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation import sanitize
from participation.accounts.models import User
from participation.cocreation import rules
from participation.cocreation.models import Claim, Group, Invite, Membership
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.text import clean_line


@dataclass(frozen=True)
class Member:
    id: int
    display_name: str
    role: str


@dataclass(frozen=True)
class GroupView:
    group: Group
    members: list[Member]
    # The viewer's role in the group, or None.
    my_role: str | None
    # Only for coordinators: the invites that still work.
    invites: list[Invite]
    claims: list[Claim]

    @property
    def size(self) -> int:
        return len(self.members)


async def form_group(data: rules.GroupInput, *, by: User, now: datetime) -> Group:
    if errors := rules.group_errors(data):
        raise Invalid(errors)
    name = clean_line(data.name).strip()
    [clean_name] = await sanitize.sanitize_many([name], policy="name")
    [description] = await sanitize.sanitize_many([data.description.strip()], policy="rich")
    async with in_transaction():
        group = await Group.create(
            name=name,
            name_html=clean_name.html,
            description=description.source,
            description_html=description.html,
            created_by=by,
            created_at=now,
        )
        await Membership.create(group=group, user=by, role="coordinator", joined_at=now)
    return group


async def _group(group_id: int) -> Group:
    group = await Group.get_or_none(id=group_id)
    if group is None:
        raise NotFound(_("There is no such group."))
    return group


async def role_of(group_id: int, user: User | None) -> str | None:
    if user is None:
        return None
    membership = await Membership.get_or_none(group_id=group_id, user_id=user.id)
    return membership.role if membership else None


async def group_view(group_id: int, *, viewer: User | None, now: datetime) -> GroupView:
    """A group is public (its name, members and tasks); its invites only its coordinators see."""
    group = await _group(group_id)
    memberships = await Membership.filter(group_id=group_id, user__deleted_at__isnull=True).prefetch_related("user")
    members = [Member(m.user.id, m.user.display_name, m.role) for m in memberships]
    my_role = next((m.role for m in memberships if viewer is not None and m.user.id == viewer.id), None)
    invites: list[Invite] = []
    if my_role == "coordinator":
        invites = [i for i in await Invite.filter(group_id=group_id, revoked_at__isnull=True) if _usable(i, now)]
    claims = await Claim.filter(group_id=group_id).prefetch_related("task").order_by("-id")
    return GroupView(group=group, members=members, my_role=my_role, invites=invites, claims=claims)


async def my_groups(user: User) -> list[tuple[Group, str]]:
    memberships = await Membership.filter(user_id=user.id).prefetch_related("group").order_by("group_id")
    return [(m.group, m.role) for m in memberships]


async def require_coordinator(group_id: int, user: User) -> Group:
    group = await _group(group_id)
    if await role_of(group_id, user) != "coordinator":
        raise NotAllowed(_("Only a coordinator of this group can do this."))
    return group


def _usable(invite: Invite, now: datetime) -> bool:
    return invite.revoked_at is None and (invite.expires_at is None or invite.expires_at > now)


async def create_invite(group_id: int, *, by: User, now: datetime, days: int | None = None) -> Invite:
    """A code anyone who has it can join with, until it is revoked or (with `days`) expires."""
    await require_coordinator(group_id, by)
    if days is not None and not 1 <= days <= rules.INVITE_DAYS_MAX:
        raise Invalid({"days": _("A number from 1 to %(n)s.", n=rules.INVITE_DAYS_MAX)})
    expires_at = now + timedelta(days=days) if days is not None else None
    return await Invite.create(
        group_id=group_id, code=secrets.token_urlsafe(12), created_by=by, created_at=now, expires_at=expires_at
    )


async def revoke_invite(group_id: int, invite_id: int, *, by: User, now: datetime) -> None:
    await require_coordinator(group_id, by)
    if not await Invite.filter(id=invite_id, group_id=group_id, revoked_at__isnull=True).update(revoked_at=now):
        raise NotFound(_("There is no such invite."))


async def members_count(group_id: int) -> int:
    """How many people the group has: a deleted account is no member (and never counts towards its size)."""
    return await Membership.filter(group_id=group_id, user__deleted_at__isnull=True).count()


async def room_error(group_id: int, *, size: int | None = None) -> str | None:
    """Why the group (of `size` members, default: as many as it has) cannot take one more now, or None. A group
    nobody is left in takes nobody: there is no one to welcome them or hand over to."""
    if size is None:
        size = await members_count(group_id)
        if size == 0:
            return _("Nobody is left in this group, so it takes no new members.")
    held = await Claim.filter(group_id=group_id, status__in=("active", "submitted")).prefetch_related("task")
    held_max = min((c.task.max_group_size for c in held), default=None)
    return rules.room_error(size, held_max=held_max)


async def join(code: str, *, by: User, now: datetime) -> Group:
    code = clean_line(code).strip()
    invite = await Invite.get_or_none(code=code) if code and len(code) <= 40 else None
    if invite is None or not _usable(invite, now):
        raise Invalid({"code": _("This code is not valid (any more). Ask the group for a new one.")})
    group = await _group(invite.group_id)
    if await role_of(group.id, by) is not None:
        return group
    if problem := await room_error(group.id):
        raise Conflict(problem, code="group_full")
    try:
        await Membership.create(group=group, user=by, role="member", joined_at=now)
    except IntegrityError:
        pass  # already a member: joining again changes nothing
    return group


async def _lock(group_id: int) -> None:
    """Hold the group's row until the transaction ends, so that the coordinators are counted and changed by one
    request at a time: two coordinators leaving at the same moment would otherwise both see the other one and
    leave the group without any. A row lock on PostgreSQL; on SQLite the database takes one writing transaction
    at a time, and this process runs its transactions one after the other. Account deletion takes the same
    lock (services/departures.py)."""
    await Group.select_for_update().filter(id=group_id).first()


async def leave(group_id: int, *, by: User) -> None:
    await _group(group_id)
    async with in_transaction():
        await _lock(group_id)
        membership = await Membership.get_or_none(group_id=group_id, user_id=by.id)
        if membership is None:
            raise NotFound(_("You are not a member of this group."))
        if membership.role == "coordinator" and await _last_coordinator(group_id):
            raise Conflict(
                _("You are the last coordinator: make another member coordinator before you leave."),
                code="last_coordinator",
            )
        await membership.delete()


async def _last_coordinator(group_id: int) -> bool:
    return await Membership.filter(group_id=group_id, role="coordinator", user__deleted_at__isnull=True).count() <= 1


async def make_coordinator(group_id: int, user_id: int, *, by: User) -> None:
    await require_coordinator(group_id, by)
    if not await Membership.filter(group_id=group_id, user_id=user_id).update(role="coordinator"):
        raise NotFound(_("This person is not a member of the group."))


async def remove_member(group_id: int, user_id: int, *, by: User) -> None:
    await require_coordinator(group_id, by)
    if user_id == by.id:
        raise Conflict(_("To leave the group yourself, use Leave the group."), code="remove_yourself")
    async with in_transaction():
        # Still a coordinator once the group is locked: one who left meanwhile cannot remove the one who stayed.
        await _lock(group_id)
        await require_coordinator(group_id, by)
        if not await Membership.filter(group_id=group_id, user_id=user_id).delete():
            raise NotFound(_("This person is not a member of the group."))
