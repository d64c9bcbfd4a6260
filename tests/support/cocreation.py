"""Co-creation objects for tests: groups of a given size, tasks in a given state, made through the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from participation.accounts.models import User
from participation.cocreation import rules
from participation.cocreation.models import Claim, Group, Membership
from participation.cocreation.services import claims, delivery, groups, joining, tasks, workspace
from participation.cocreation.services.tasks import TaskView
from tests.support.web import make_user

_made = iter(range(1, 10**9))


async def group_of(size: int, *, coordinator: User | None = None, name: str = "De Buurtploeg") -> Group:
    """A group with `coordinator` (or a new person) and size - 1 more members who joined with a code."""
    now = datetime.now(UTC)
    coordinator = coordinator or await make_user(f"coordinator{next(_made)}@example.nl")
    group = await groups.form_group(rules.GroupInput(name=name, description="Wij doen mee."), by=coordinator, now=now)
    if size > 1:
        invite = await groups.create_invite(group.id, by=coordinator, now=now)
        for _ in range(size - 1):
            await groups.join(invite.code, by=await make_user(f"member{next(_made)}@example.nl"), now=now)
    return group


def task_input(**changes: object) -> rules.TaskInput:
    values: dict[str, object] = {
        "title": "Een plan voor het speelveld",
        "description": "Bedenk **samen** hoe het speelveld aan de Dorpsstraat groener wordt.",
        "deliverable": "Een plan van hooguit twee pagina's.",
        "due_at": datetime.now(UTC) + timedelta(days=30),
        "min_group_size": 1,
        "max_group_size": 10,
        "max_claims": 1,
        "tags": ["groen"],
    }
    return rules.TaskInput(**(values | changes))  # type: ignore[arg-type]


async def task_in(state: str = "open", *, official: User | None = None, **changes: object) -> TaskView:
    """A task, `draft` or `open` (published)."""
    now = datetime.now(UTC)
    official = official or await make_user(f"official{next(_made)}@example.nl", "official")
    view = await tasks.create_task(task_input(**changes), by=official, now=now)
    if state == "open":
        view = await tasks.publish_task(view.task.id, by=official, now=now)
    return view


async def matrix_world(user: User | None) -> dict[str, object]:
    """The co-creation objects the roles matrix names: tasks by state (each changed by one case only), groups
    `user` coordinates (anonymous: someone else's), a group `user` is a plain member of, someone else's group
    with its invite code (which the matrix joins), one nobody of the matrix joins (`other_group`), and a claim
    of `user`'s group."""
    now = datetime.now(UTC)
    official = await make_user(f"matrix-official{next(_made)}@example.nl", "official")
    world: dict[str, object] = {}
    for name, state in {
        "task_draft": "draft",
        "task_open": "open",
        "task_to_publish": "draft",
        "task_to_withdraw": "open",
        "task_to_claim": "open",
        "task_held": "open",
        "task_workspace": "open",
        "task_api_workspace": "open",
        "task_their_workspace": "open",
        "task_to_submit": "open",
        "task_to_review": "open",
        "task_api_to_submit": "open",
        "task_api_to_review": "open",
        "api_task_to_publish": "draft",
        "api_task_to_claim": "open",
    }.items():
        world[name] = (await task_in(state, official=official)).task.id
    owner = user or await make_user(f"matrix-owner{next(_made)}@example.nl")
    mine = await group_of(3, coordinator=owner, name="Mijn groep")
    api_mine = await group_of(1, coordinator=owner, name="Mijn API-groep")
    theirs = await group_of(1, name="Hun groep")
    their_coordinator = (await Membership.get(group=theirs).prefetch_related("user")).user
    members = [m.user_id for m in await Membership.filter(group=mine, role="member").order_by("id")]
    leave = await group_of(1, name="Om te verlaten")
    leave_coordinator = (await Membership.get(group=leave).prefetch_related("user")).user
    leave_code = (await groups.create_invite(leave.id, by=leave_coordinator, now=now)).code
    await groups.join(leave_code, by=owner, now=now)
    held_claim = await claims.claim_task(int(world["task_held"]), group_id=mine.id, by=owner, now=now)  # type: ignore[arg-type]
    workspace_claim = await claims.claim_task(int(world["task_workspace"]), group_id=mine.id, by=owner, now=now)  # type: ignore[arg-type]
    api_claim = await claims.claim_task(int(world["task_api_workspace"]), group_id=mine.id, by=owner, now=now)  # type: ignore[arg-type]
    other = await group_of(1, name="Een andere groep")
    other_coordinator = (await Membership.get(group=other).prefetch_related("user")).user
    their_claim = await claims.claim_task(
        int(world["task_their_workspace"]),  # type: ignore[arg-type]
        group_id=other.id,
        by=other_coordinator,
        now=now,
    )
    handed: dict[str, int] = {}
    for name in ("to_submit", "to_review", "api_to_submit", "api_to_review"):
        held = await claims.claim_task(int(world[f"task_{name}"]), group_id=mine.id, by=owner, now=now)  # type: ignore[arg-type]
        await workspace.save_document(held.id, body="Ons plan.", base_version=0, by=owner, now=now)
        if "review" in name:
            await delivery.submit(held.id, by=owner, now=now)
        handed[f"claim_{name}"] = held.id
    world |= handed
    item = await workspace.add_item(workspace_claim.id, text="Foto's maken", by=owner, now=now)
    # A request waiting for `user`'s answer, and a group `user` (if signed in) has asked to join.
    asker = await make_user(f"matrix-asker{next(_made)}@example.nl")
    waiting = await joining.ask(mine.id, by=asker, now=now)
    asked = await group_of(1, name="Gevraagd")
    if user is not None:
        await joining.ask(asked.id, by=user, now=now)
    api_item = await workspace.add_item(api_claim.id, text="Bellen met de gemeente", by=owner, now=now)
    world |= {"my_join_request": waiting.id, "asked_group": asked.id, "api_item": api_item.id}
    world |= {
        "my_workspace": workspace_claim.id,
        "api_workspace": api_claim.id,
        "their_workspace": their_claim.id,
        "my_item": item.id,
        "my_group": mine.id,
        "api_my_group": api_mine.id,
        "their_group": theirs.id,
        "other_group": other.id,
        "their_code": (await groups.create_invite(theirs.id, by=their_coordinator, now=now)).code,
        "my_invite": (await groups.create_invite(mine.id, by=owner, now=now)).id,
        "my_member": members[0],
        "my_member2": members[1],
        "leave_group": leave.id,
        "my_claim": held_claim.id,
    }
    return world


async def claimed_with_a_plan() -> Claim:
    """A task claimed by a group of two whose coordinator is Coco (coord@example.nl), with a first revision saved."""
    coord = await make_user("coord@example.nl", name="Coco")
    group = await group_of(2, coordinator=coord)
    view = await task_in()
    claim = await claims.claim_task(view.task.id, group_id=group.id, by=coord, now=datetime.now(UTC))
    await workspace.save_document(claim.id, body="# Plan\n\nEen.\n", base_version=0, by=coord, now=datetime.now(UTC))
    return claim
