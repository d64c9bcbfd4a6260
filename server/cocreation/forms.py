"""Reading the co-creation forms into service input. What a person typed is kept as typed, so a form with errors
is shown again exactly as it was sent; a field the form cannot read (a date that is no date) is reported
together with the rules' messages about the rest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData

from participation.cocreation import rules
from participation.i18n import _
from participation.numbers import whole_number
from participation.text import clean_text
from server.web import Sent

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


def text(form: FormData | Mapping[str, Any], name: str) -> str:
    value = form.get(name, "")
    return clean_text(value) if isinstance(value, str) else ""


def parse_local(value: str) -> datetime:
    """A datetime-local value as Amsterdam time; ValueError if it is not one."""
    value = value.strip()
    for pattern in LOCAL_FORMATS:
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=AMSTERDAM)
        except ValueError:
            continue
    raise ValueError(value)


def group_from(form: FormData) -> Sent[rules.GroupInput]:
    typed = {"name": text(form, "name"), "description": text(form, "description")}
    return Sent(rules.GroupInput(**typed), typed)


def _number(form: FormData, name: str, default: int, errors: dict[str, str]) -> int:
    raw = text(form, name).strip()
    if not raw:
        return default
    number = whole_number(raw)
    if number is None:
        errors[name] = _("This must be a whole number.")
        return default
    return number


def task_from(form: FormData, *, now: datetime) -> Sent[rules.TaskInput]:
    names = ("title", "description", "deliverable", "due_at", "min_group_size", "max_group_size", "max_claims")
    typed = {name: text(form, name) for name in (*names, "tags")}
    errors: dict[str, str] = {}
    due_at = None
    if typed["due_at"].strip():
        try:
            due_at = parse_local(typed["due_at"])
        except ValueError:
            errors["due_at"] = _("Give a date and time, for example 2025-06-01 09:00.")
    data = rules.TaskInput(
        title=typed["title"],
        description=typed["description"],
        deliverable=typed["deliverable"],
        due_at=due_at,
        min_group_size=_number(form, "min_group_size", 1, errors),
        max_group_size=_number(form, "max_group_size", 10, errors),
        max_claims=_number(form, "max_claims", 1, errors),
        tags=[t for t in typed["tags"].split(",")],
    )
    return Sent(data, typed, errors, check=lambda d: rules.task_errors(d, now=now))


def whole(form: FormData, name: str) -> int | None:
    return whole_number(text(form, name).strip())
