"""Request and response bodies of the co-creation API, and the conversion of domain objects to them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, PlainSerializer, field_validator
from pydantic_core import PydanticCustomError

from participation.accounts.models import User
from participation.cocreation import moderation, rules
from participation.cocreation.models import ChecklistItem, Claim, Comment, Invite
from participation.cocreation.services.groups import GroupView
from participation.cocreation.services.tasks import TaskView
from participation.paging import Page
from server.api.base import Cursor, Input, Limit, Output, Query

Time = Annotated[datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str)]
Tag = Annotated[str, Field(max_length=rules.TAG_MAX)]


# --- input -----------------------------------------------------------------------------------------


class GroupIn(Input):
    name: str = Field(max_length=rules.GROUP_NAME_MAX)
    description: str = Field(default="", max_length=rules.GROUP_DESCRIPTION_MAX)

    def domain(self) -> rules.GroupInput:
        return rules.GroupInput(name=self.name, description=self.description)


class InviteIn(Input):
    days: int | None = Field(default=None, ge=1, le=rules.INVITE_DAYS_MAX, description="valid this many days")


class JoinIn(Input):
    code: str = Field(max_length=40)


def _iso_time(value: Any) -> Any:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("datetime_parsing", "not an ISO 8601 date and time")


class TaskIn(Input):
    title: str = Field(max_length=rules.TITLE_MAX)
    description: str = Field(max_length=rules.DESCRIPTION_MAX)
    deliverable: str = Field(max_length=rules.DELIVERABLE_MAX)
    due_at: datetime
    min_group_size: int = Field(default=1, ge=1, le=rules.GROUP_SIZE_MAX)
    max_group_size: int = Field(default=10, ge=1, le=rules.GROUP_SIZE_MAX)
    max_claims: int = Field(default=1, ge=1, le=rules.CLAIMS_MAX)
    tags: list[Tag] = Field(default_factory=list, max_length=rules.TAGS_MAX)

    @field_validator("due_at", mode="before")
    @classmethod
    def _due_at(cls, value: Any) -> Any:
        # Read ISO 8601 text here: strict mode takes no text for a datetime once a before-validator ran.
        return _iso_time(value)

    def domain(self) -> rules.TaskInput:
        return rules.TaskInput(**self.model_dump())


class ClaimIn(Input):
    group_id: int = Field(ge=1, le=2_000_000_000)


class TaskListQuery(Query):
    cursor: Cursor = None
    limit: Limit = 20


# --- output ----------------------------------------------------------------------------------------


class MemberOut(Output):
    id: int
    display_name: str
    role: Literal["coordinator", "member"]


class GroupOut(Output):
    id: int
    ref: str
    # "" where a moderator hid them (`moderation` "review" or "hidden") and the reader is not of the group, an
    # official or a moderator.
    name: str
    description: str
    moderation: str
    members: list[MemberOut]


class InviteOut(Output):
    code: str
    expires_at: Time | None


class ClaimSummaryOut(Output):
    id: int
    group_id: int
    status: Literal["active", "submitted", "accepted", "released", "expired"]


class ClaimOut(ClaimSummaryOut):
    task_id: int
    claimed_at: Time


class TaskOut(Output):
    id: int
    title: str
    description: str
    description_html: str
    deliverable: str
    due_at: Time
    min_group_size: int
    max_group_size: int
    max_claims: int
    places_left: int
    tags: list[str]
    status: Literal["draft", "open", "claimed", "submitted", "accepted", "withdrawn"]
    claims: list[ClaimSummaryOut]


class TaskListOut(Output):
    items: list[TaskOut]
    next: str | None


def group_out(view: GroupView, *, viewer: User | None) -> dict[str, Any]:
    g = view.group
    members = [MemberOut(id=m.id, display_name=m.display_name, role=m.role) for m in view.members]
    sees = view.my_role is not None or moderation.shown_to(g.moderation, author_id=g.created_by_id, viewer=viewer)
    return GroupOut(
        id=g.id,
        ref=g.ref,
        name=g.name if sees else "",
        description=g.description if sees else "",
        moderation=g.moderation,
        members=members,
    ).model_dump()


def invite_out(invite: Invite) -> dict[str, Any]:
    return InviteOut(code=invite.code, expires_at=invite.expires_at).model_dump()


def claim_out(claim: Claim) -> dict[str, Any]:
    return ClaimOut(
        id=claim.id, group_id=claim.group_id, status=claim.status, task_id=claim.task_id, claimed_at=claim.claimed_at
    ).model_dump()


def _task(view: TaskView) -> TaskOut:
    t = view.task
    return TaskOut(
        id=t.id,
        title=t.title,
        description=t.description,
        description_html=t.description_html,
        deliverable=t.deliverable,
        due_at=t.due_at,
        min_group_size=t.min_group_size,
        max_group_size=t.max_group_size,
        max_claims=t.max_claims,
        places_left=t.places_left,
        tags=list(t.tags or []),
        status=view.state,
        claims=[ClaimSummaryOut(id=c.id, group_id=c.group_id, status=c.status) for c in view.claims],
    )


def task_out(view: TaskView) -> dict[str, Any]:
    return _task(view).model_dump()


def task_list_out(page: Page[TaskView]) -> dict[str, Any]:
    return TaskListOut(items=[_task(v) for v in page.items], next=page.next).model_dump()


# --- the workspace ---------------------------------------------------------------------------------


class DocumentIn(Input):
    body: str = Field(max_length=200_000)
    base_version: int = Field(ge=0, le=2_000_000_000)


class DocumentOut(Output):
    ref: str
    body: str
    version: int


class SavedOut(Output):
    version: int
    merged: bool


class ReviewIn(Input):
    verdict: Literal["accept", "changes"]
    feedback: str = Field(default="", max_length=10_000)


class SubmissionOut(Output):
    id: int
    task_id: int
    group_id: int
    status: Literal["active", "submitted", "accepted", "released", "expired"]
    submitted_version: int | None
    feedback: str


def submission_out(claim: Claim) -> dict[str, Any]:
    return SubmissionOut(
        id=claim.id,
        task_id=claim.task_id,
        group_id=claim.group_id,
        status=claim.status,
        submitted_version=claim.submitted_version,
        feedback=claim.feedback,
    ).model_dump()


# --- the discussion and the checklist of a workspace -----------------------------------------------


class CommentIn(Input):
    body: str = Field(max_length=5000)


class PersonOut(Output):
    id: int
    display_name: str


class CommentOut(Output):
    id: int
    ref: str
    author: PersonOut | None
    # "" where a moderator hid it (`moderation` "review" or "hidden") and the reader did not write it and is no
    # official or moderator.
    body: str
    body_html: str
    moderation: str
    created_at: Time


class CommentListOut(Output):
    items: list[CommentOut]
    next: str | None


class WorkspaceListQuery(Query):
    cursor: Cursor = None
    limit: Limit = 50


class ItemIn(Input):
    text: str = Field(max_length=300)


class DoneIn(Input):
    done: bool


class ItemOut(Output):
    id: int
    ref: str
    # "" where a moderator hid it, as for comments.
    text: str
    text_html: str
    moderation: str
    assignee: PersonOut | None
    done: bool
    done_at: Time | None
    created_at: Time


class ItemListOut(Output):
    items: list[ItemOut]
    next: str | None


def _person(user: User | None) -> PersonOut | None:
    return PersonOut(id=user.id, display_name=user.display_name) if user is not None else None


def comment_out(comment: Comment, *, viewer: User | None) -> CommentOut:
    sees = moderation.shown_to(comment.moderation, author_id=comment.author_id, viewer=viewer)
    return CommentOut(
        id=comment.id,
        ref=comment.ref,
        author=_person(comment.author),
        body=comment.body if sees else "",
        body_html=comment.body_html if sees else "",
        moderation=comment.moderation,
        created_at=comment.created_at,
    )


def comment_list_out(page: Page[Comment], *, viewer: User | None) -> dict[str, Any]:
    return CommentListOut(items=[comment_out(c, viewer=viewer) for c in page.items], next=page.next).model_dump()


def item_out(item: ChecklistItem, *, viewer: User | None) -> ItemOut:
    sees = moderation.shown_to(item.moderation, author_id=item.created_by_id, viewer=viewer)
    return ItemOut(
        id=item.id,
        ref=item.ref,
        text=item.text if sees else "",
        text_html=item.text_html if sees else "",
        moderation=item.moderation,
        assignee=_person(item.assignee),
        done=item.done_at is not None,
        done_at=item.done_at,
        created_at=item.created_at,
    )


def item_list_out(page: Page[ChecklistItem], *, viewer: User | None) -> dict[str, Any]:
    return ItemListOut(items=[item_out(i, viewer=viewer) for i in page.items], next=page.next).model_dump()
