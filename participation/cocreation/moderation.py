"""What moderation may do with co-creation's texts, registered in participation/areas.py: a claim's document
(`document:CLAIM_ID`, all its revisions at once), workspace comments (`comment:ID`), checklist items
(`checklist_item:ID`) and groups (`group:ID`, their name and description).

A workspace is not public: only its group's members and officials see it, so only they can report what is in
it (`visible_to`); anyone else is told there is no such content. A group's page is public.

What hiding does: the text is withheld from those who did not write it (a placeholder stands in its place);
the author, officials and moderators still see it, marked. A hidden document stays in the workspace for its
group (they wrote it, and can mend it) but its accepted result leaves the task page and the open data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tortoise.expressions import Q

from participation.accounts.models import User
from participation.cocreation import rules
from participation.cocreation.models import ChecklistItem, Claim, Comment, Group, Membership, Revision
from participation.i18n import lazy
from participation.moderated import Moderated
from participation.moderation.rules import ContentKind, ContentSummary


def shown_to(state: str, *, author_id: int | None, viewer: User | None) -> bool:
    """Whether `viewer` sees the text of content in moderation `state` (others see the placeholder)."""
    if state == "published":
        return True
    if viewer is None:
        return False
    return viewer.id == author_id or rules.is_official(viewer.roles) or "moderator" in viewer.roles


async def _may_see_workspace(claim_id: int | None, user: User | None) -> bool:
    if claim_id is None or user is None:
        return False
    if rules.is_official(user.roles):
        return True
    claim = await Claim.get_or_none(id=claim_id).only("id", "group_id")
    return claim is not None and await Membership.exists(group_id=claim.group_id, user_id=user.id)


# --- documents -------------------------------------------------------------------------------------------


async def load_documents(ids: Sequence[int]) -> dict[int, ContentSummary]:
    claims = await Claim.filter(id__in=list(ids), document_version__gt=0).prefetch_related("task", "group")
    if not claims:
        return {}
    latest = Q(*(Q(claim_id=c.id, version=c.document_version) for c in claims), join_type="OR")
    revisions = {r.claim_id: r for r in await Revision.filter(latest)}
    return {
        c.id: ContentSummary(
            ref=c.document_ref,
            text=revisions[c.id].body,
            author_id=revisions[c.id].author_id,
            created_at=revisions[c.id].created_at,
            state=c.document_moderation,
            title=c.task.title,
            route="tasks:detail",
            params={"id": c.task_id},
        )
        for c in claims
        if c.id in revisions
    }


documents = Moderated(Claim, state="document_moderation")


async def document_visible_to(claim_id: int, user: User | None, now: datetime) -> bool:
    return await _may_see_workspace(claim_id, user)


# --- comments ----------------------------------------------------------------------------------------------


def _in_workspace(row: Comment | ChecklistItem, *, text: str, author_id: int | None) -> ContentSummary:
    # A workspace's message or checklist item, as moderation lists it: under its task.
    return ContentSummary(
        ref=row.ref,
        text=text,
        author_id=author_id,
        created_at=row.created_at,
        state=row.moderation,
        title=row.claim.task.title,
        route="tasks:detail",
        params={"id": row.claim.task_id},
    )


def _comment(c: Comment) -> ContentSummary:
    return _in_workspace(c, text=c.body, author_id=c.author_id)


comments = Moderated(Comment, _comment, prefetch=("claim__task",))


async def _in_visible_workspace(model: type[Comment] | type[ChecklistItem], item_id: int, user: User | None) -> bool:
    # A workspace's message or checklist item is seen by whoever sees the workspace it belongs to.
    found = await model.get_or_none(id=item_id).only("id", "claim_id")
    return found is not None and await _may_see_workspace(found.claim_id, user)


async def comment_visible_to(comment_id: int, user: User | None, now: datetime) -> bool:
    return await _in_visible_workspace(Comment, comment_id, user)


# --- checklist items ---------------------------------------------------------------------------------------


def _item(i: ChecklistItem) -> ContentSummary:
    return _in_workspace(i, text=i.text, author_id=i.created_by_id)


items = Moderated(ChecklistItem, _item, prefetch=("claim__task",))


async def item_visible_to(item_id: int, user: User | None, now: datetime) -> bool:
    return await _in_visible_workspace(ChecklistItem, item_id, user)


# --- groups ------------------------------------------------------------------------------------------------


def _group(g: Group) -> ContentSummary:
    return ContentSummary(
        ref=g.ref,
        text=f"{g.name}\n\n{g.description}".strip(),
        author_id=g.created_by_id,
        created_at=g.created_at,
        state=g.moderation,
        title=g.name,
        route="groups:detail",
        params={"id": g.id},
    )


groups = Moderated(Group, _group)


CONTENT = {
    "document": ContentKind(
        label=lazy("task document"),
        load=load_documents,
        hide=documents.hide,
        publish=documents.publish,
        visible_to=document_visible_to,
    ),
    "comment": ContentKind(
        label=lazy("workspace message"),
        load=comments.load,
        hide=comments.hide,
        publish=comments.publish,
        visible_to=comment_visible_to,
    ),
    "checklist_item": ContentKind(
        label=lazy("checklist item"),
        load=items.load,
        hide=items.hide,
        publish=items.publish,
        visible_to=item_visible_to,
    ),
    "group": ContentKind(
        label=lazy("group name and description"), load=groups.load, hide=groups.hide, publish=groups.publish
    ),
}
