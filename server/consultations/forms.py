"""Reading the consultation forms into service input, and stored values back into form values.

HTML forms send text only: datetime-local fields are read as Europe/Amsterdam time, option lists as one
label per line, the answer form's fields as `q<question id>`. What a person typed is kept as typed, so a
form with errors is shown again exactly as it was sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData

from participation.consultations import rules
from participation.consultations.repository import QuestionView
from participation.consultations.rules import QuestionInput
from participation.consultations.services.responding import MyResponse
from participation.i18n import _
from participation.numbers import whole_number
from participation.text import clean_text
from server.web import Sent

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


def text(form: FormData | Mapping[str, Any], name: str) -> str:
    """One text field; files and missing fields are empty, control characters (no browser sends them) dropped."""
    value = form.get(name, "")
    return clean_text(value) if isinstance(value, str) else ""


def texts(form: FormData, name: str) -> list[str]:
    return [clean_text(v) for v in form.getlist(name) if isinstance(v, str)]


# --- times -----------------------------------------------------------------------------------------


def local_input(moment: datetime | None) -> str:
    """The value of a datetime-local input: Amsterdam time to the minute."""
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M") if moment else ""


def parse_local(value: str) -> datetime:
    """A datetime-local value as Amsterdam time; ValueError if it is not one."""
    value = value.strip()
    for pattern in LOCAL_FORMATS:
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=AMSTERDAM)
        except ValueError:
            continue
    raise ValueError(value)


def times_from(form: FormData, errors: dict[str, str]) -> tuple[datetime | None, datetime | None]:
    """opens_at and closes_at; an unreadable one adds a message to `errors` and counts as not given."""
    found: list[datetime | None] = []
    for name in ("opens_at", "closes_at"):
        raw = text(form, name)
        if name == "opens_at" and text(form, "opens_at_kept"):
            # An open consultation keeps its opening time; the form carries it unchanged, to the second.
            raw = text(form, "opens_at_kept")
            try:
                found.append(datetime.fromisoformat(raw))
            except ValueError:
                errors[name] = _("Give a date and time, for example 2025-06-01 09:00.")
                found.append(None)
            continue
        if not raw.strip():
            found.append(None)
            continue
        try:
            found.append(parse_local(raw))
        except ValueError:
            errors[name] = _("Give a date and time, for example 2025-06-01 09:00.")
            found.append(None)
    return found[0], found[1]


# --- consultation details --------------------------------------------------------------------------

DETAIL_FIELDS = ("title", "summary", "body", "opens_at", "closes_at")


def details_from(form: FormData) -> Sent[dict[str, Any]]:
    """The details as keyword arguments for the services."""
    typed = {name: text(form, name) for name in DETAIL_FIELDS}
    typed["opens_at_kept"] = text(form, "opens_at_kept")
    errors: dict[str, str] = {}
    opens_at, closes_at = times_from(form, errors)
    details = {
        "title": typed["title"],
        "summary": typed["summary"],
        "body": typed["body"],
        "opens_at": opens_at,
        "closes_at": closes_at,
    }
    return Sent(details, typed, errors, check=lambda d: rules.details_errors(**d))


def details_values(consultation: Any) -> dict[str, str]:
    return {
        "title": consultation.title,
        "summary": consultation.summary,
        "body": consultation.body,
        "opens_at": local_input(consultation.opens_at),
        "closes_at": local_input(consultation.closes_at),
        "opens_at_kept": consultation.opens_at.isoformat() if consultation.opens_at else "",
    }


# --- questions -------------------------------------------------------------------------------------

QUESTION_FIELDS = ("kind", "prompt", "options", "scale_min", "scale_max", "min_label", "max_label", "statements")


def lines(value: str) -> list[str]:
    """One item per line; empty lines are skipped."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def _whole_number(value: str, name: str, errors: dict[str, str]) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        errors[name] = _("Give a whole number.")
        return None


def question_from(form: FormData) -> Sent[QuestionInput]:
    """The question; fields of other kinds are ignored, so an official may switch the kind without clearing
    them first."""
    typed = {name: text(form, name) for name in QUESTION_FIELDS}
    typed["required"] = "yes" if text(form, "required") else ""
    kind = typed["kind"]
    errors: dict[str, str] = {}
    scale = kind == "scale"
    question = QuestionInput(
        kind=kind,
        prompt=typed["prompt"],
        required=bool(typed["required"]),
        options=lines(typed["options"]) if kind in rules.CHOICE_KINDS else None,
        scale_min=_whole_number(typed["scale_min"], "scale_min", errors) if scale else None,
        scale_max=_whole_number(typed["scale_max"], "scale_max", errors) if scale else None,
        min_label=typed["min_label"] if scale else "",
        max_label=typed["max_label"] if scale else "",
        statements=lines(typed["statements"]) if kind == "statements" else None,
    )
    return Sent(question, typed, errors, check=rules.question_errors)


def question_values(view: QuestionView) -> dict[str, str]:
    q = view.question
    return {
        "kind": q.kind,
        "prompt": q.prompt,
        "required": "yes" if q.required else "",
        "options": "\n".join(o.label for o in view.options),
        "scale_min": "" if q.scale_min is None else str(q.scale_min),
        "scale_max": "" if q.scale_max is None else str(q.scale_max),
        "min_label": q.min_label,
        "max_label": q.max_label,
        "statements": "\n".join(s.text for s in view.statements),
    }


def new_question_values() -> dict[str, str]:
    return {"kind": "text", "scale_min": "1", "scale_max": "5"}


def fold_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """Errors of single lines (`options.3`) shown at their field: "Line 4: ..."."""
    folded: dict[str, str] = {}
    for key, message in errors.items():
        name, _dot, index = key.partition(".")
        if index.isdigit():
            line = _("Line %(n)s: %(problem)s", n=int(index) + 1, problem=message)
            folded[name] = f"{folded[name]} {line}" if name in folded else line
        else:
            folded[key] = message
    return folded


# --- answers ---------------------------------------------------------------------------------------


def _number_or_text(value: str) -> int | str:
    # Anything else than a whole number is passed on as it came: the rules say what is wrong with it.
    number = whole_number(value)
    return value if number is None else number


def answers_from(form: FormData, questions: Sequence[QuestionView]) -> tuple[dict[str, object], dict[str, Any]]:
    """(the answers by question id for `put_my_response`, the values as typed by question id)."""
    answers: dict[str, object] = {}
    typed: dict[str, Any] = {}
    for view in questions:
        key, name = str(view.id), f"q{view.id}"
        if view.kind == "statements":
            continue
        if view.kind == "multiple_choice":
            chosen = texts(form, name)
            typed[key] = chosen
            answers[key] = [_number_or_text(v) for v in chosen]
        elif view.kind == "text":
            typed[key] = answers[key] = text(form, name)
        else:
            raw = text(form, name)
            typed[key] = raw
            answers[key] = _number_or_text(raw) if raw else None
    return answers, typed


def response_values(mine: MyResponse | None) -> dict[str, Any]:
    """A stored response as form values by question id (option ids as text, as the form sends them)."""
    if mine is None:
        return {}
    values: dict[str, Any] = {}
    for question_id, value in mine.answers.items():
        if isinstance(value, list):
            values[str(question_id)] = [str(v) for v in value]
        elif value is None:
            continue
        else:
            values[str(question_id)] = str(value)
    return values


# --- decision --------------------------------------------------------------------------------------


def decision_from(form: FormData) -> Sent[dict[str, Any]]:
    """Keyword arguments for `publish_decision`: the summary, the body and the "what we did with this" of each
    question that has one (fields `outcome-<question id>`; the service refuses ids of other consultations)."""
    typed = {"summary": text(form, "summary"), "body": text(form, "body")}
    outcomes: dict[int, str] = {}
    question_ids = [n for key in form if key.startswith("outcome-") and (n := whole_number(key[8:])) is not None]
    for question_id in question_ids:
        value = text(form, f"outcome-{question_id}")
        typed[f"outcome-{question_id}"] = value
        if value.strip():
            outcomes[question_id] = value
    return Sent({"summary": typed["summary"], "body": typed["body"], "outcomes": outcomes}, typed)


def decision_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """Service errors keyed by form field: `outcomes.12` is the field `outcome-12`."""
    return {(f"outcome-{k[9:]}" if k.startswith("outcomes.") else k): v for k, v in errors.items()}
