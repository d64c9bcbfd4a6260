"""Join requests: a person asks to join a group (with an optional message); its coordinators accept or decline.

One waiting request per person and group (`JoinRequest.pending`, unique). A request is decided once: the move
from pending is one conditional UPDATE, so two coordinators answering at once do not both act. Accepting keeps
the group within its size: at most GROUP_MEMBERS_MAX members, and no more than the largest group size of a task
it works on now. The new member is added and then the group counted again in the same transaction, with the
group's row locked on PostgreSQL (SQLite lets one writer at a time), so two acceptances at once cannot overfill
it. Coordinators are told of a new request, the person of the answer, each in their own language.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation import sanitize, transitions
from participation.accounts.models import User
from participation.cocreation import rules
from participation.cocreation.models import Group, JoinRequest, Membership
from participation.cocreation.services.groups import members_count, require_coordinator, role_of, room_error
from participation.errors import Conflict, Invalid, NotFound
from participation.i18n import _, language
from participation.notifications.services import notify
from participation.text import clean_text


async def _group(group_id: int) -> Group:
    group = await Group.get_or_none(id=group_id)
    if group is None:
        raise NotFound(_("There is no such group."))
    return group


def _name(group: Group) -> str:
    return group.name if group.moderation == "published" else _("the group")


async def ask(group_id: int, *, message: str = "", by: User, now: datetime, link: str = "") -> JoinRequest:
    """Ask to join; `link` (to the group's page) goes to the coordinators with the news."""
    group = await _group(group_id)
    message = clean_text(message).strip()
    if len(message) > rules.JOIN_MESSAGE_MAX:
        raise Invalid({"message": _("At most %(n)s characters.", n=rules.JOIN_MESSAGE_MAX)})
    if await role_of(group_id, by) is not None:
        raise Conflict(_("You are a member of this group already."), code="already_member")
    if await JoinRequest.exists(group_id=group_id, user_id=by.id, status="pending"):
        raise Conflict(_("You have asked to join this group already; its coordinators will answer."), code="asked")
    if problem := await room_error(group_id):
        raise Conflict(problem, code="group_full")
    [clean] = await sanitize.sanitize_many([message], policy="plain")
    try:
        async with in_transaction():
            made = await JoinRequest.create(
                group=group,
                user=by,
                message=clean.source,
                message_html=clean.html,
                pending=f"{group_id}:{by.id}",
                created_at=now,
            )
            name = _name(group)
            for coordinator in await User.filter(
                group_memberships__group_id=group_id, group_memberships__role="coordinator"
            ):
                with language(coordinator.language):
                    await notify(
                        coordinator,
                        kind="cocreation_group",
                        title=_("%(person)s asks to join %(group)s", person=by.display_name, group=name),
                        body=message,
                        link=link,
                        now=now,
                    )
    except IntegrityError:
        # A second request sent at the same moment.
        raise Conflict(
            _("You have asked to join this group already; its coordinators will answer."), code="asked"
        ) from None
    return made


async def waiting(group_id: int, *, by: User) -> list[JoinRequest]:
    """The requests waiting for an answer, oldest first (coordinators). A deleted account's request no longer
    waits: its message stays stored under the pseudonym (like every contribution), but nobody can let it in."""
    await require_coordinator(group_id, by)
    return await JoinRequest.filter(
        group_id=group_id, status="pending", user__deleted_at__isnull=True
    ).prefetch_related("user")


async def mine(group_id: int, user: User | None) -> JoinRequest | None:
    """The person's request to this group that waits for an answer, if any."""
    if user is None:
        return None
    return await JoinRequest.get_or_none(group_id=group_id, user_id=user.id, status="pending")


async def _waiting_request(group_id: int, request_id: int) -> JoinRequest:
    found = await JoinRequest.get_or_none(id=request_id, group_id=group_id).prefetch_related("user")
    if found is None or found.user.is_deleted:
        raise NotFound(_("There is no such request."))
    if found.status != "pending":
        raise Conflict(_("This request has been answered already."), code="wrong_state")
    return found


async def decide(
    group_id: int, request_id: int, *, accept: bool, by: User, now: datetime, link: str = ""
) -> JoinRequest:
    """Accept (the person becomes a member) or decline a waiting request; the person is told."""
    group = await require_coordinator(group_id, by)
    found = await _waiting_request(group_id, request_id)
    if accept and (problem := await room_error(group_id)):
        raise Conflict(problem, code="group_full")
    async with in_transaction():
        if accept:
            # The group's row, locked on PostgreSQL until the count below is committed.
            await Group.select_for_update().filter(id=group_id).first()
        await transitions.move(
            JoinRequest,
            found.id,
            source="pending",
            refusal=_("This request has been answered already."),
            status="accepted" if accept else "declined",
            pending=None,
            decided_at=now,
            decided_by_id=by.id,
        )
        if accept:
            joined = await Membership.get_or_none(group_id=group_id, user_id=found.user_id)
            if joined is None:
                await Membership.create(group_id=group_id, user_id=found.user_id, role="member", joined_at=now)
                # Counted again now the row is in: a concurrent acceptance may have taken the last place.
                size = await members_count(group_id)
                if problem := await room_error(group_id, size=size - 1):
                    raise Conflict(problem, code="group_full")
        person = found.user
        with language(person.language):
            name = _name(group)
            if accept:
                title = _("Welcome to %(group)s", group=name)
                body = _("A coordinator accepted your request: you are a member of %(group)s now.", group=name)
            else:
                title = _("Your request to join %(group)s", group=name)
                body = _("A coordinator of %(group)s declined your request to join.", group=name)
            await notify(person, kind="cocreation_group", title=title, body=body, link=link, now=now)
    return await JoinRequest.get(id=found.id)


async def withdraw(group_id: int, *, by: User, now: datetime) -> None:
    """Take back one's own waiting request."""
    await _group(group_id)
    if not await JoinRequest.filter(group_id=group_id, user_id=by.id, status="pending").update(
        status="withdrawn", pending=None, decided_at=now
    ):
        raise NotFound(_("You have no request waiting for this group."))
