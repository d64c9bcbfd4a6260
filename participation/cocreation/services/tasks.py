"""Tasks: officials write them (a draft), publish them for claims and withdraw an open one nobody holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from participation import sanitize, transitions
from participation.accounts.models import User
from participation.cocreation import rules
from participation.cocreation.models import HOLDING, Claim, Task
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.paging import Page, newest_first
from participation.text import clean_line


@dataclass(frozen=True)
class TaskView:
    task: Task
    state: str
    # Every claim, oldest first, with its group fetched.
    claims: list[Claim]

    @property
    def holding(self) -> list[Claim]:
        return [c for c in self.claims if c.status in HOLDING]

    @property
    def accepted(self) -> list[Claim]:
        return [c for c in self.claims if c.status == "accepted"]


def _view(task: Task, claims: list[Claim]) -> TaskView:
    state = rules.task_state(task.status, (c.status for c in claims), places_left=task.places_left)
    return TaskView(task=task, state=state, claims=claims)


def _official(user: User) -> None:
    if not rules.is_official(user.roles):
        raise NotAllowed(_("Only officials write and publish tasks."))


async def create_task(data: rules.TaskInput, *, by: User, now: datetime) -> TaskView:
    _official(by)
    if errors := rules.task_errors(data, now=now):
        raise Invalid(errors)
    description, deliverable = await sanitize.sanitize_many([data.description.strip(), data.deliverable.strip()])
    task = await Task.create(
        title=clean_line(data.title).strip(),
        description=description.source,
        description_html=description.html,
        deliverable=deliverable.source,
        deliverable_html=deliverable.html,
        due_at=data.due_at,
        min_group_size=data.min_group_size,
        max_group_size=data.max_group_size,
        max_claims=data.max_claims,
        places_left=data.max_claims,
        tags=rules.clean_tags(data.tags),
        status="draft",
        created_by=by,
        created_at=now,
    )
    return _view(task, [])


async def get_task(task_id: int, *, viewer: User | None) -> TaskView:
    """A draft or a withdrawn task exists only for officials."""
    task = await Task.get_or_none(id=task_id)
    official = viewer is not None and rules.is_official(viewer.roles)
    if task is None or (task.status != "open" and not official):
        raise NotFound(_("There is no such task."))
    claims = await Claim.filter(task_id=task_id).prefetch_related("group").order_by("id")
    return _view(task, claims)


async def publish_task(task_id: int, *, by: User, now: datetime) -> TaskView:
    _official(by)
    await get_task(task_id, viewer=by)
    await transitions.move(
        Task, task_id, source="draft", refusal=_("Only a draft can be published."), status="open", published_at=now
    )
    return await get_task(task_id, viewer=by)


async def withdraw_task(task_id: int, *, by: User) -> TaskView:
    """An open task nobody holds: taking every place at once in the same UPDATE keeps a claim from slipping in."""
    _official(by)
    task = (await get_task(task_id, viewer=by)).task
    async with in_transaction():
        moved = await Task.filter(id=task_id, status="open", places_left=task.max_claims).update(
            status="withdrawn", places_left=0
        )
        if not moved:
            raise Conflict(_("Only an open task that no group holds can be withdrawn."), code="wrong_state")
    return await get_task(task_id, viewer=by)


async def list_tasks(*, viewer: User | None, state: str | None = None, tag: str | None = None) -> list[TaskView]:
    """Published tasks (officials: drafts and withdrawn ones too), open first, then in progress, then delivered;
    within each the nearest deadline first."""
    official = viewer is not None and rules.is_official(viewer.roles)
    query = Task.all() if official else Task.filter(status="open")
    tasks = await query
    claims: dict[int, list[Claim]] = {}
    for claim in await Claim.filter(task_id__in=[t.id for t in tasks]).prefetch_related("group").order_by("id"):
        claims.setdefault(claim.task_id, []).append(claim)
    views = [_view(t, claims.get(t.id, [])) for t in tasks]
    if state:
        views = [v for v in views if v.state == state]
    if tag:
        views = [v for v in views if tag.lower() in v.task.tags]
    order = {s: i for i, s in enumerate((*rules.LIST_ORDER, "draft", "withdrawn"))}
    return sorted(views, key=lambda v: (order.get(v.state, 99), v.task.due_at, v.task.id))


async def all_tags() -> list[str]:
    tags: set[str] = set()
    for task in await Task.filter(status="open").only("id", "tags"):
        tags.update(task.tags or [])
    return sorted(tags)


async def task_page(*, cursor: str | None, limit: int) -> Page[TaskView]:
    """Published tasks, newest first, a page at a time (the API's list)."""
    page = await newest_first(Task.filter(status="open"), cursor=cursor, limit=limit)
    claims: dict[int, list[Claim]] = {}
    for claim in await Claim.filter(task_id__in=[t.id for t in page.items]).order_by("id"):
        claims.setdefault(claim.task_id, []).append(claim)
    return Page([_view(t, claims.get(t.id, [])) for t in page.items], page.next)
