"""Claims: a group takes a place on a task, releases it, or lets it expire at the deadline.

Taking a place is one conditional UPDATE on the task's `places_left` (only while it is above 0, the task open
and its deadline ahead), the first statement of the transaction that creates the claim: it reports 1 or 0 rows,
so exactly `max_claims` claims win however many arrive at once, in one process or in many, on SQLite (where the
UPDATE takes the write lock at once) and on PostgreSQL (where it locks the row until the claim commits).
"""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation import transitions
from participation.accounts.models import User
from participation.cocreation import rules
from participation.cocreation.models import HOLDING, Claim, Group, Membership, Task
from participation.cocreation.services.groups import members_count
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _, language
from participation.notifications.services import notify

ALREADY_CLAIMED = "already_claimed"


def holding_key(task_id: int, group_id: int) -> str:
    return f"{task_id}:{group_id}"


async def claim_task(task_id: int, *, group_id: int, by: User, now: datetime) -> Claim:
    group = await Group.get_or_none(id=group_id)
    if group is None:
        raise NotFound(_("There is no such group."))
    if not await Membership.exists(group_id=group_id, user_id=by.id):
        raise NotAllowed(_("Only a member of the group can claim a task for it."))
    task = await Task.get_or_none(id=task_id)
    if task is None or task.status == "draft" or (task.status == "withdrawn" and not rules.is_official(by.roles)):
        raise NotFound(_("There is no such task."))
    if task.status != "open":
        raise Conflict(_("This task is not open for claims."), code="wrong_state")
    if task.due_at <= now:
        raise Conflict(_("The deadline of this task has passed: it can no longer be claimed."), code="past_due")
    size = await members_count(group_id)
    if problem := rules.size_error(size, low=task.min_group_size, high=task.max_group_size):
        raise Invalid({"group_id": problem})
    if await Claim.exists(holding=holding_key(task_id, group_id)):
        raise Conflict(_("Your group holds this task already."), code=ALREADY_CLAIMED)
    try:
        async with in_transaction():
            taken = await Task.filter(id=task_id, status="open", places_left__gt=0, due_at__gt=now).update(
                places_left=F("places_left") - 1
            )
            if not taken:
                raise Conflict(
                    _("Another group was just before you: this task has no place left."), code=ALREADY_CLAIMED
                )
            return await Claim.create(
                task_id=task_id,
                group_id=group_id,
                status="active",
                holding=holding_key(task_id, group_id),
                claimed_by=by,
                claimed_at=now,
            )
    except IntegrityError:
        # The same group claimed it twice at once: the first holds it, this one gave its place back (rollback).
        raise Conflict(_("Your group holds this task already."), code=ALREADY_CLAIMED) from None


async def _claim(claim_id: int) -> Claim:
    claim = await Claim.get_or_none(id=claim_id).prefetch_related("task", "group")
    if claim is None:
        raise NotFound(_("There is no such claim."))
    return claim


async def release_claim(claim_id: int, *, by: User, now: datetime) -> Claim:
    claim = await _claim(claim_id)
    if not await Membership.exists(group_id=claim.group_id, user_id=by.id):
        raise NotFound(_("There is no such claim."))
    async with in_transaction():
        await transitions.move(
            Claim,
            claim_id,
            source="active",
            refusal=_("Only a claim the group is still working on can be released."),
            status="released",
            holding=None,
            ended_at=now,
        )
        await Task.filter(id=claim.task_id).update(places_left=F("places_left") + 1)
    return await _claim(claim_id)


async def expire_claims(*, now: datetime) -> int:
    """The monitor's job: every active claim past its task's deadline expires, its place goes back to the task
    and the group is told. Each claim moves with a conditional UPDATE, so with several monitors running one
    expires it and the others skip it."""
    due = await Claim.filter(status="active", task__due_at__lte=now).prefetch_related("task", "group")
    expired = 0
    for claim in due:
        try:
            async with in_transaction():
                await transitions.move(
                    Claim, claim.id, source="active", refusal="", status="expired", holding=None, ended_at=now
                )
                await Task.filter(id=claim.task_id).update(places_left=F("places_left") + 1)
                await _tell_group(claim, now=now)
        except Conflict:
            continue
        expired += 1
    return expired


async def _tell_group(claim: Claim, *, now: datetime) -> None:
    members = await User.filter(group_memberships__group_id=claim.group_id)
    for user in members:
        with language(user.language):
            await notify(
                user,
                kind="cocreation_claim",
                title=_("Your claim on %(title)s has expired", title=claim.task.title),
                body=_(
                    'The deadline of "%(title)s" has passed without a submission from %(group)s. '
                    "The task is open for other groups again.",
                    title=claim.task.title,
                    group=claim.group.name,
                ),
                now=now,
            )


async def claims_of(group_id: int) -> list[Claim]:
    return await Claim.filter(group_id=group_id, status__in=HOLDING).prefetch_related("task")
