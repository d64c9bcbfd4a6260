"""Pure rules of co-creation: valid groups and tasks, what a task's state is, who may do what.

Nothing here touches the database or the clock: callers pass plain values and `now`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from participation.i18n import _, lazy
from participation.text import clean_line, clean_text, is_one_line

# The kinds of notification this area sends, with what the preferences page calls them.
NOTIFICATION_KINDS = {
    "cocreation_claim": lazy("News about a task your group holds"),
    "cocreation_group": lazy("Requests to join a group: new ones (coordinators) and the answer to yours"),
}

GROUP_NAME_MAX = 100
GROUP_DESCRIPTION_MAX = 5000
TITLE_MAX = 200
DESCRIPTION_MAX = 20000
DELIVERABLE_MAX = 5000
TAG_MAX = 40
TAGS_MAX = 10
GROUP_SIZE_MAX = 100
CLAIMS_MAX = 100
INVITE_DAYS_MAX = 365
JOIN_MESSAGE_MAX = 1000
# The most members a group has: the largest group any task asks for.
GROUP_MEMBERS_MAX = GROUP_SIZE_MAX

# A task's state as people see it (API.md): its stored status, then what its claims reached.
TASK_STATES = ("draft", "open", "claimed", "submitted", "accepted")
# The order of the task list: open first, then in progress, then delivered.
LIST_ORDER = ("open", "claimed", "submitted", "accepted")


def is_official(roles: Sequence[str]) -> bool:
    return "official" in roles


@dataclass(frozen=True)
class GroupInput:
    name: str
    description: str = ""


def group_errors(data: GroupInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = clean_line(data.name).strip()
    if not name:
        errors["name"] = _("Give the group a name.")
    elif len(name) > GROUP_NAME_MAX:
        errors["name"] = _("At most %(n)s characters.", n=GROUP_NAME_MAX)
    elif not is_one_line(data.name):
        errors["name"] = _("The name fits on one line.")
    if len(data.description) > GROUP_DESCRIPTION_MAX:
        errors["description"] = _("At most %(n)s characters.", n=GROUP_DESCRIPTION_MAX)
    return errors


@dataclass(frozen=True)
class TaskInput:
    title: str
    description: str
    deliverable: str
    due_at: datetime | None
    min_group_size: int = 1
    max_group_size: int = 10
    max_claims: int = 1
    tags: list[str] = field(default_factory=list)


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags in lower case, trimmed, each once, in the order given."""
    found: list[str] = []
    for tag in tags:
        tag = clean_line(tag).strip().lower()
        if tag and tag not in found:
            found.append(tag)
    return found


def task_errors(data: TaskInput, *, now: datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = clean_line(data.title).strip()
    if not title:
        errors["title"] = _("Give the task a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("At most %(n)s characters.", n=TITLE_MAX)
    elif not is_one_line(data.title):
        errors["title"] = _("The title fits on one line.")
    if not clean_text(data.description).strip():
        errors["description"] = _("Describe the task: what it is about and where it ends.")
    elif len(data.description) > DESCRIPTION_MAX:
        errors["description"] = _("At most %(n)s characters.", n=DESCRIPTION_MAX)
    if not clean_text(data.deliverable).strip():
        errors["deliverable"] = _("Say what the group hands in.")
    elif len(data.deliverable) > DELIVERABLE_MAX:
        errors["deliverable"] = _("At most %(n)s characters.", n=DELIVERABLE_MAX)
    if data.due_at is None:
        errors["due_at"] = _("Give the deadline.")
    elif data.due_at.tzinfo is None:
        errors["due_at"] = _("Give the time with its offset, for example +01:00.")
    elif data.due_at <= now:
        errors["due_at"] = _("The deadline must be in the future.")
    if not 1 <= data.min_group_size <= GROUP_SIZE_MAX:
        errors["min_group_size"] = _("A number from 1 to %(n)s.", n=GROUP_SIZE_MAX)
    if not 1 <= data.max_group_size <= GROUP_SIZE_MAX:
        errors["max_group_size"] = _("A number from 1 to %(n)s.", n=GROUP_SIZE_MAX)
    elif data.max_group_size < data.min_group_size:
        errors["max_group_size"] = _("At least the smallest group size.")
    if not 1 <= data.max_claims <= CLAIMS_MAX:
        errors["max_claims"] = _("A number from 1 to %(n)s.", n=CLAIMS_MAX)
    tags = clean_tags(data.tags)
    if len(tags) > TAGS_MAX:
        errors["tags"] = _("At most %(n)s tags.", n=TAGS_MAX)
    elif any(len(tag) > TAG_MAX for tag in tags):
        errors["tags"] = _("A tag has at most %(n)s characters.", n=TAG_MAX)
    return errors


def task_state(status: str, claim_statuses: Iterable[str], *, places_left: int) -> str:
    """draft, open, claimed, submitted or accepted (or withdrawn, which nobody but officials sees)."""
    if status != "open":
        return status
    claims = set(claim_statuses)
    if "accepted" in claims:
        return "accepted"
    if "submitted" in claims and places_left == 0:
        return "submitted"
    if places_left == 0:
        return "claimed"
    return "open"


def room_error(size: int, *, held_max: int | None) -> str | None:
    """Why a group of `size` members cannot take one more (None: it can); `held_max` is the smallest largest
    group size of the tasks it works on now."""
    if size >= GROUP_MEMBERS_MAX:
        return _("The group is full: it has the most members a group can have (%(n)s).", n=GROUP_MEMBERS_MAX)
    if held_max is not None and size >= held_max:
        return _(
            "The group is full: a task it works on is for at most %(n)s people, and it has %(size)s.",
            n=held_max,
            size=size,
        )
    return None


def size_error(size: int, *, low: int, high: int) -> str | None:
    if size < low:
        return _("This task needs a group of at least %(n)s people; your group has %(size)s.", n=low, size=size)
    if size > high:
        return _("This task is for a group of at most %(n)s people; your group has %(size)s.", n=high, size=size)
    return None
