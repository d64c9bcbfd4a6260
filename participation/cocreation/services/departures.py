"""What co-creation does when a person deletes their account (participation/areas.py calls `account_deleted`).

A deleted account is nobody's member any more: its memberships end, so it never counts towards a group's size
(the size bounds of a claim, the room left to join). What they wrote stays under their pseudonym, as the
deletion policy keeps contributions; what was theirs alone goes (text they had not saved) and what they had
taken on in work still going is free for the others again; a request of theirs to join a group is withdrawn.

A group must keep someone who can accept requests and hand over: when its last coordinator leaves this way,
the member who has been in the group longest becomes coordinator, and everyone left is told. A group nobody is
left in ends its work: its claims still being worked on go back to their tasks (another group can claim them),
its invites stop working and waiting requests are declined, each asker told. Work it handed in stays for the
official to review, and an accepted result keeps its credit.

Each group is handled with its row locked (PostgreSQL; SQLite lets one writer at a time), so two coordinators
deleting their accounts at once still leave the group a coordinator.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation import transitions
from participation.accounts.models import User
from participation.cocreation.models import ChecklistItem, Claim, Group, Invite, JoinRequest, Membership, Task
from participation.cocreation.services import drafts
from participation.errors import Conflict
from participation.i18n import _, language
from participation.notifications.services import notify


def _name(group: Group) -> str:
    return group.name if group.moderation == "published" else _("the group")


async def account_deleted(user: User, *, now: datetime, link_to: Callable[..., str]) -> None:
    """`link_to(name, **params)` makes the full links of the notices (the group's page)."""
    await drafts.forget_all(user)
    await JoinRequest.filter(user_id=user.id, status="pending").update(status="withdrawn", pending=None, decided_at=now)
    for membership in await Membership.filter(user_id=user.id).order_by("group_id"):
        async with in_transaction():
            await Group.select_for_update().filter(id=membership.group_id).first()
            await _leave(membership, now=now, link=link_to("groups:detail", id=membership.group_id))


async def _leave(membership: Membership, *, now: datetime, link: str) -> None:
    group = await Group.get(id=membership.group_id)
    active = await Claim.filter(group_id=group.id, status="active").values_list("id", flat=True)
    await ChecklistItem.filter(claim_id__in=list(active), assignee_id=membership.user_id).update(assignee_id=None)
    await membership.delete()
    rest = await Membership.filter(group_id=group.id, user__deleted_at__isnull=True).order_by("joined_at", "id")
    if not rest:
        await _ended(group, now=now, link=link)
    elif not any(m.role == "coordinator" for m in rest):
        heir = rest[0]
        await Membership.filter(id=heir.id).update(role="coordinator")
        await _tell_members(group, heir_id=heir.user_id, now=now, link=link)


async def _tell_members(group: Group, *, heir_id: int, now: datetime, link: str) -> None:
    heir = await User.get(id=heir_id)
    for person in await User.filter(group_memberships__group_id=group.id, deleted_at__isnull=True):
        with language(person.language):
            name = _name(group)
            if person.id == heir_id:
                title = _("You are now a coordinator of %(group)s", group=name)
                body = _(
                    "The last coordinator of %(group)s deleted their account. You have been in the group longest, "
                    "so you are its coordinator now: you answer requests to join and can make others coordinator.",
                    group=name,
                )
            else:
                title = _("%(person)s is now a coordinator of %(group)s", person=heir.display_name, group=name)
                body = _(
                    "The last coordinator of %(group)s deleted their account. %(person)s has been in the group "
                    "longest and is its coordinator now.",
                    group=name,
                    person=heir.display_name,
                )
            await notify(person, kind="cocreation_group", title=title, body=body, link=link, now=now)


async def _ended(group: Group, *, now: datetime, link: str) -> None:
    """Nobody is left in `group`: the tasks it was working on open again, nobody can join it any more."""
    for claim in await Claim.filter(group_id=group.id, status="active"):
        try:
            await transitions.move(
                Claim, claim.id, source="active", refusal="", status="released", holding=None, ended_at=now
            )
        except Conflict:
            continue  # handed in or expired at this very moment
        await Task.filter(id=claim.task_id).update(places_left=F("places_left") + 1)
    await Invite.filter(group_id=group.id, revoked_at__isnull=True).update(revoked_at=now)
    for request in await JoinRequest.filter(group_id=group.id, status="pending").prefetch_related("user"):
        await JoinRequest.filter(id=request.id, status="pending").update(
            status="declined", pending=None, decided_at=now
        )
        with language(request.user.language):
            name = _name(group)
            await notify(
                request.user,
                kind="cocreation_group",
                title=_("Your request to join %(group)s", group=name),
                body=_("Nobody is left in %(group)s, so it takes no new members.", group=name),
                link=link,
                now=now,
            )
