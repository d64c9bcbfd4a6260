"""Handing in and reviewing: the group submits the latest revision (frozen as the submission); an official
accepts it (published on the task page with credit to the group, and as open data) or asks for changes with
feedback (back to the group). Everyone in the group is told of each step, in their own language."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from participation import sanitize, transitions
from participation.accounts.models import User
from participation.cocreation import rules
from participation.cocreation.models import Claim, Revision
from participation.cocreation.services.workspace import access
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.exports import Document, csv_line
from participation.i18n import _, language
from participation.notifications.services import notify

FEEDBACK_MAX = 10_000
VERDICTS = ("accept", "changes")


async def _tell_group(claim: Claim, message: Callable[[], tuple[str, str]], *, link: str, now: datetime) -> None:
    """`message` gives the title and the body; it is called in each member's language."""
    for user in await User.filter(group_memberships__group_id=claim.group_id):
        with language(user.language):
            title, body = message()
            await notify(user, kind="cocreation_claim", title=title, body=body, link=link, now=now)


async def submit(claim_id: int, *, by: User, now: datetime, link: str = "") -> Claim:
    found = await access(claim_id, viewer=by)
    if not found.member:
        raise NotAllowed(_("Only the group's members hand in its work."))
    claim = found.claim
    if claim.status == "active" and claim.document_version == 0:
        raise Conflict(_("The document is still empty: write the result before you hand it in."), code="empty")
    async with in_transaction():
        await transitions.move(
            Claim,
            claim_id,
            source="active",
            refusal=_("Only work in progress can be handed in."),
            status="submitted",
            submitted_version=claim.document_version,
            submitted_at=now,
        )
        task, group, version = claim.task.title, claim.group.name, claim.document_version
        await _tell_group(
            claim,
            lambda: (
                _('%(group)s handed in "%(title)s"', group=group, title=task),
                _(
                    'Version %(v)s of the document is handed in for "%(title)s". An official reviews it.',
                    v=version,
                    title=task,
                ),
            ),
            link=link,
            now=now,
        )
    return await Claim.get(id=claim_id).prefetch_related("task", "group")


async def review(claim_id: int, *, verdict: str, feedback: str, by: User, now: datetime, link: str = "") -> Claim:
    if not rules.is_official(by.roles):
        raise NotAllowed(_("Only officials review handed-in work."))
    claim = await Claim.get_or_none(id=claim_id).prefetch_related("task", "group")
    if claim is None:
        raise NotFound(_("There is no such claim."))
    feedback = feedback.strip()
    errors: dict[str, str] = {}
    if verdict not in VERDICTS:
        errors["verdict"] = _("Choose: accept, or ask for changes.")
    if verdict == "changes" and not feedback:
        errors["feedback"] = _("Say what the group should change.")
    if len(feedback) > FEEDBACK_MAX:
        errors["feedback"] = _("At most %(n)s characters.", n=FEEDBACK_MAX)
    if errors:
        raise Invalid(errors)
    [clean] = await sanitize.sanitize_many([feedback], policy="rich")
    task, group = claim.task.title, claim.group.name
    async with in_transaction():
        await transitions.move(
            Claim,
            claim_id,
            source="submitted",
            refusal=_("Only handed-in work can be reviewed."),
            status="accepted" if verdict == "accept" else "active",
            feedback=clean.source,
            feedback_html=clean.html,
            reviewed_at=now,
            reviewed_by_id=by.id,
        )
        if verdict == "accept":
            await _tell_group(
                claim,
                lambda: (
                    _("%(title)s: your work is accepted", title=task),
                    _(
                        'The result of %(group)s for "%(title)s" is accepted and published with credit to the group.',
                        group=group,
                        title=task,
                    ),
                ),
                link=link,
                now=now,
            )
        else:
            await _tell_group(
                claim,
                lambda: (
                    _("%(title)s: changes asked", title=task),
                    _(
                        'An official asks %(group)s for changes to "%(title)s":\n\n%(feedback)s',
                        group=group,
                        title=task,
                        feedback=feedback,
                    ),
                ),
                link=link,
                now=now,
            )
    return await Claim.get(id=claim_id).prefetch_related("task", "group")


@dataclass(frozen=True)
class Result:
    claim: Claim
    revision: Revision


async def accepted_results(task_id: int | None = None) -> list[Result]:
    """Accepted work, with the revision that was handed in: public, for the task page and open data."""
    query = Claim.filter(status="accepted", task__status="open")
    if task_id is not None:
        query = query.filter(task_id=task_id)
    claims = await query.prefetch_related("task", "group").order_by("id")
    if not claims:
        return []
    # The revisions handed in, read at once (one query, not one per claim): (claim, version) pairs.
    handed_in = reduce(operator.or_, (Q(claim_id=c.id, version=c.submitted_version) for c in claims))
    revisions = {(r.claim_id, r.version): r for r in await Revision.filter(handed_in)}
    return [Result(claim=c, revision=revisions[(c.id, c.submitted_version)]) for c in claims]


FIELDS = ["task_id", "task", "group_id", "group", "submitted_at", "accepted_at", "version", "result"]


def _row(result: Result) -> dict[str, object]:
    """One accepted result; what moderation hid (the document, the group's name) is left out (null)."""
    c = result.claim
    return {
        "task_id": c.task.id,
        "task": c.task.title,
        "group_id": c.group.id,
        "group": c.group.name if c.group.moderation == "published" else None,
        "submitted_at": c.submitted_at.isoformat() if c.submitted_at else None,
        "accepted_at": c.reviewed_at.isoformat() if c.reviewed_at else None,
        "version": c.submitted_version,
        "result": result.revision.body if c.document_moderation == "published" else None,
    }


async def results_export() -> Document:
    """Accepted results as open data (JSON and CSV): the task, the group credited, the text handed in."""
    rows = [_row(r) for r in await accepted_results()]
    return Document(
        name="accepted-task-results",
        json=lambda: {"results": rows},
        csv=lambda: csv_line(FIELDS) + "".join(csv_line([row[f] for f in FIELDS]) for row in rows),
    )
