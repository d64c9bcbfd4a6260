"""Pure rules of consultations: the lifecycle as data, who may see what, and what a valid input is.

Nothing here touches the database or the clock: callers pass plain values and `now`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from participation.choices import one_of
from participation.i18n import _, lazy
from participation.text import clean_line, clean_text, is_one_line

# The kinds of notification this area sends, with what the preferences page calls them.
NOTIFICATION_KINDS = {"consultation_decision": lazy("A decision on a consultation you answered")}

# --- the lifecycle ---------------------------------------------------------------------------------

STATUSES = ("draft", "open", "closed", "decided")

# What each status allows; everything else is refused with a Conflict saying why.
ACTIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"edit_details", "edit_questions", "open"}),
    "open": frozenset({"edit_details", "respond", "vote", "propose", "close"}),
    "closed": frozenset({"decide"}),
    "decided": frozenset(),
}

# Where each manual transition goes from.
TRANSITIONS: dict[str, tuple[str, str]] = {
    "open": ("draft", "open"),
    "close": ("open", "closed"),
    "decide": ("closed", "decided"),
}


def allows(status: str, action: str) -> bool:
    return action in ACTIONS.get(status, frozenset())


class Scheduled(Protocol):
    status: str
    opens_at: datetime | None
    closes_at: datetime | None


def effective_status(consultation: Scheduled, now: datetime) -> str:
    """The status the schedule has brought about, whether or not anything has looked at it yet."""
    status = consultation.status
    if status == "draft" and consultation.opens_at is not None and consultation.opens_at <= now:
        status = "open"
    if status == "open" and consultation.closes_at is not None and consultation.closes_at <= now:
        status = "closed"
    return status


def refusal(status: str, action: str) -> str:
    """Why `action` cannot be done in `status`: shown to the person who tried."""
    if action in ("respond", "vote", "propose"):
        return {
            "draft": _("This consultation is not open yet: answers are taken once it opens."),
            "closed": _("This consultation is closed: answers can no longer be given or changed."),
            "decided": _("This consultation is closed and decided: answers can no longer be given or changed."),
        }.get(status, _("This consultation does not take answers now."))
    if action == "edit_questions":
        return _(
            "The questions are frozen once a consultation opens: changing them would corrupt answers already given."
        )
    if action == "edit_details":
        return _("A closed consultation can no longer be edited.")
    if action == "open":
        return _("Only a draft can be opened; this consultation is %(status)s.", status=status_label(status))
    if action == "close":
        return _("Only an open consultation can be closed; this one is %(status)s.", status=status_label(status))
    if action == "decide":
        return _(
            "A decision is published on a closed consultation; this one is %(status)s.", status=status_label(status)
        )
    return _("This cannot be done now.")


def status_choice_label(status: str) -> str:
    """A state as the list's filter names it, to choose (`status_label` says what a consultation is)."""
    return {
        "draft": _("Drafts"),
        "open": _("Open for answers"),
        "closed": _("Closed, awaiting the decision"),
        "decided": _("Decided"),
    }.get(status, status)


def status_label(status: str) -> str:
    return {"draft": _("a draft"), "open": _("open"), "closed": _("closed"), "decided": _("decided")}.get(
        status, status
    )


# --- who may do what -------------------------------------------------------------------------------


def is_official(roles: Sequence[str]) -> bool:
    return "official" in roles


def can_manage(roles: Sequence[str]) -> bool:
    """Write, open, close, decide, export responses."""
    return is_official(roles)


def can_view(roles: Sequence[str], status: str) -> bool:
    return status != "draft" or is_official(roles)


def can_see_results(roles: Sequence[str], status: str) -> bool:
    return is_official(roles) or status in ("closed", "decided")


def can_see_open_data(status: str) -> bool:
    return status in ("closed", "decided")


# --- limits ----------------------------------------------------------------------------------------

TITLE_MAX = 200
SUMMARY_MAX = 1000
BODY_MAX = 50_000
QUESTIONS_MAX = 50
PROMPT_MAX = 500
OPTIONS_MIN = 2
OPTIONS_MAX = 30
OPTION_LABEL_MAX = 200
SCALE_LOWEST = 0
SCALE_HIGHEST = 10
SCALE_LABEL_MAX = 100
SEED_STATEMENTS_MAX = 100
STATEMENT_MAX = 300
TEXT_ANSWER_MAX = 5000
DECISION_SUMMARY_MAX = 2000
DECISION_BODY_MAX = 50_000
OUTCOME_MAX = 5000
PENDING_STATEMENTS_PER_PERSON = 20

QUESTION_KINDS = ("text", "single_choice", "multiple_choice", "scale", "statements")
CHOICE_KINDS = ("single_choice", "multiple_choice")


def kind_label(kind: str) -> str:
    """A question kind as the officials' form names it."""
    return {
        "text": _("Open answer (text)"),
        "single_choice": _("Single choice"),
        "multiple_choice": _("Multiple choice"),
        "scale": _("Scale"),
        "statements": _("Statements to agree or disagree with"),
    }.get(kind, kind)


# --- consultation input ----------------------------------------------------------------------------


@dataclass
class QuestionInput:
    kind: str
    prompt: str
    required: bool = False
    options: list[str] | None = None
    scale_min: int | None = None
    scale_max: int | None = None
    min_label: str = ""
    max_label: str = ""
    statements: list[str] | None = None


@dataclass
class ConsultationInput:
    title: str
    summary: str = ""
    body: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    questions: list[QuestionInput] = field(default_factory=list)


def _line(value: str) -> str:
    return clean_line(value).strip()


def cleaned_question(question: QuestionInput) -> QuestionInput:
    """The question as it is stored: its one-line fields through `text.clean_line`, stripped."""
    return replace(
        question,
        prompt=_line(question.prompt),
        options=None if question.options is None else [_line(o) for o in question.options],
        min_label=_line(question.min_label),
        max_label=_line(question.max_label),
        statements=None if question.statements is None else [_line(s) for s in question.statements],
    )


def cleaned_details(*, title: str, summary: str, body: str) -> tuple[str, str, str]:
    """Title (one line), summary and body as they are stored (see `participation.text`)."""
    return _line(title), clean_text(summary).strip(), clean_text(body)


def cleaned(data: ConsultationInput) -> ConsultationInput:
    """The consultation as it is stored (see `participation.text`): validate this, then store it."""
    title, summary, body = cleaned_details(title=data.title, summary=data.summary, body=data.body)
    questions = [cleaned_question(q) for q in data.questions]
    return replace(data, title=title, summary=summary, body=body, questions=questions)


def _text_error(value: str, *, max_length: int, required: bool = True, one_line: bool = False) -> str | None:
    """What is wrong with a text field, judged as it will be stored (see `participation.text`)."""
    value = _line(value) if one_line else clean_text(value)
    if required and not value.strip():
        return _("This cannot be empty.")
    if len(value) > max_length:
        return _("At most %(n)s characters.", n=max_length)
    if one_line and not is_one_line(value):
        return _("This must be one line.")
    return None


def _labels_errors(labels: list[str], prefix: str, *, max_length: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for i, label in enumerate(labels):
        if message := _text_error(label, max_length=max_length, one_line=True):
            errors[f"{prefix}.{i}"] = message
        elif _line(label).casefold() in seen:
            errors[f"{prefix}.{i}"] = _("This appears twice.")
        seen.add(_line(label).casefold())
    return errors


def question_errors(question: QuestionInput, prefix: str = "") -> dict[str, str]:
    """Field errors of one question; keys are `prefix` + field name (e.g. `questions.2.options`)."""
    errors: dict[str, str] = {}
    kind = question.kind
    if kind not in QUESTION_KINDS:
        return {f"{prefix}kind": one_of(QUESTION_KINDS, kind_label)}
    if message := _text_error(question.prompt, max_length=PROMPT_MAX, one_line=True):
        errors[f"{prefix}prompt"] = message
    if kind in CHOICE_KINDS:
        options = question.options or []
        if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
            errors[f"{prefix}options"] = _("Give %(min)s to %(max)s options.", min=OPTIONS_MIN, max=OPTIONS_MAX)
        errors |= _labels_errors(options, f"{prefix}options", max_length=OPTION_LABEL_MAX)
    elif question.options is not None:
        errors[f"{prefix}options"] = _("Only choice questions have options.")
    if kind == "scale":
        low, high = question.scale_min, question.scale_max
        if low is None:
            errors[f"{prefix}scale_min"] = _("Give the lowest value of the scale.")
        if high is None:
            errors[f"{prefix}scale_max"] = _("Give the highest value of the scale.")
        if low is not None and not SCALE_LOWEST <= low <= SCALE_HIGHEST:
            errors[f"{prefix}scale_min"] = _(
                "A scale runs between %(low)s and %(high)s.", low=SCALE_LOWEST, high=SCALE_HIGHEST
            )
        if high is not None and not SCALE_LOWEST <= high <= SCALE_HIGHEST:
            errors[f"{prefix}scale_max"] = _(
                "A scale runs between %(low)s and %(high)s.", low=SCALE_LOWEST, high=SCALE_HIGHEST
            )
        if low is not None and high is not None and low >= high and f"{prefix}scale_max" not in errors:
            errors[f"{prefix}scale_max"] = _("The highest value must be above the lowest.")
        for name, label in (("min_label", question.min_label), ("max_label", question.max_label)):
            if message := _text_error(label, max_length=SCALE_LABEL_MAX, required=False, one_line=True):
                errors[f"{prefix}{name}"] = message
    else:
        for name in ("scale_min", "scale_max"):
            if getattr(question, name) is not None:
                errors[f"{prefix}{name}"] = _("Only scale questions have a scale.")
        for name in ("min_label", "max_label"):
            if getattr(question, name):
                errors[f"{prefix}{name}"] = _("Only scale questions have scale labels.")
    if kind == "statements":
        seeds = question.statements or []
        if len(seeds) > SEED_STATEMENTS_MAX:
            errors[f"{prefix}statements"] = _("At most %(n)s statements.", n=SEED_STATEMENTS_MAX)
        errors |= _labels_errors(seeds, f"{prefix}statements", max_length=STATEMENT_MAX)
    elif question.statements is not None:
        errors[f"{prefix}statements"] = _("Only statement questions have statements.")
    return errors


def details_errors(
    *, title: str, summary: str, body: str, opens_at: datetime | None, closes_at: datetime | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if message := _text_error(title, max_length=TITLE_MAX, one_line=True):
        errors["title"] = message
    if message := _text_error(summary, max_length=SUMMARY_MAX, required=False):
        errors["summary"] = message
    if len(body) > BODY_MAX:
        errors["body"] = _("At most %(n)s characters.", n=BODY_MAX)
    for name, moment in (("opens_at", opens_at), ("closes_at", closes_at)):
        if moment is not None and moment.tzinfo is None:
            errors[name] = _("Give the time with its offset, for example +01:00.")
    if "opens_at" not in errors and "closes_at" not in errors and opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("The closing time must be after the opening time.")
    return errors


def consultation_errors(data: ConsultationInput) -> dict[str, str]:
    errors = details_errors(
        title=data.title, summary=data.summary, body=data.body, opens_at=data.opens_at, closes_at=data.closes_at
    )
    if len(data.questions) > QUESTIONS_MAX:
        errors["questions"] = _("At most %(n)s questions.", n=QUESTIONS_MAX)
    for i, question in enumerate(data.questions):
        errors |= question_errors(question, f"questions.{i}.")
    return errors


def decision_errors(*, summary: str, body: str, outcomes: Mapping[int, str], question_ids: set[int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if message := _text_error(summary, max_length=DECISION_SUMMARY_MAX):
        errors["summary"] = message
    if len(body) > DECISION_BODY_MAX:
        errors["body"] = _("At most %(n)s characters.", n=DECISION_BODY_MAX)
    for question_id, text in outcomes.items():
        if question_id not in question_ids:
            errors[f"outcomes.{question_id}"] = _("This question is not part of this consultation.")
        elif len(text) > OUTCOME_MAX:
            errors[f"outcomes.{question_id}"] = _("At most %(n)s characters.", n=OUTCOME_MAX)
    return errors


def statement_error(statement: str) -> str | None:
    """What is wrong with a statement, judged as `clean_line` will store it."""
    if message := _text_error(statement, max_length=STATEMENT_MAX):
        return message
    if not is_one_line(_line(statement)):
        return _("A statement is one line.")
    return None


# --- answers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSpec:
    """What validation needs to know of a question."""

    id: int
    kind: str
    required: bool = False
    option_ids: frozenset[int] = frozenset()
    scale_min: int | None = None
    scale_max: int | None = None


@dataclass(frozen=True)
class CleanAnswer:
    question_id: int
    kind: str
    # An option id (single choice), a sorted list of option ids (multiple choice), an integer (scale);
    # None for text.
    value: Any = None
    text: str = ""


def _is_int(value: object) -> bool:
    return type(value) is int  # bool is an int subclass, and not a whole number here


def _answer(spec: QuestionSpec, value: object) -> tuple[CleanAnswer | None, str | None]:
    """The clean answer (None when left empty) or the reason it is refused."""
    kind = spec.kind
    if kind == "text":
        if not isinstance(value, str):
            return None, _("The answer must be text.")
        if len(value) > TEXT_ANSWER_MAX:
            return None, _("An answer has at most %(n)s characters.", n=TEXT_ANSWER_MAX)
        answer = clean_text(value).strip()
        return (CleanAnswer(spec.id, kind, None, answer) if answer else None), None
    if kind == "single_choice":
        if not _is_int(value):
            return None, _("Choose one option: send its id, a whole number.")
        if value not in spec.option_ids:
            return None, _("This option does not belong to this question.")
        return CleanAnswer(spec.id, kind, value), None
    if kind == "multiple_choice":
        if not isinstance(value, list) or not all(_is_int(v) for v in value):
            return None, _("Send a list of option ids (whole numbers).")
        if len(set(value)) != len(value):
            return None, _("Each option can be chosen once.")
        if not set(value) <= spec.option_ids:
            return None, _("An option does not belong to this question.")
        return (CleanAnswer(spec.id, kind, sorted(value)) if value else None), None
    if kind == "scale":
        if not _is_int(value):
            return None, _("The answer must be a whole number.")
        assert spec.scale_min is not None and spec.scale_max is not None
        if not spec.scale_min <= value <= spec.scale_max:
            return None, _("Choose a value from %(low)s to %(high)s.", low=spec.scale_min, high=spec.scale_max)
        return CleanAnswer(spec.id, kind, value), None
    return None, _("Statements are voted on one by one, not answered here.")


def validate_answers(
    questions: Sequence[QuestionSpec], answers: Mapping[str, object]
) -> tuple[dict[int, CleanAnswer], dict[str, str]]:
    """The clean answers by question id, and the errors keyed by question id as a string.

    A null value, an empty text and an empty list all mean "not answered".
    """
    by_id = {str(q.id): q for q in questions}
    clean: dict[int, CleanAnswer] = {}
    errors: dict[str, str] = {}
    for key, value in answers.items():
        spec = by_id.get(str(key))
        if spec is None:
            errors[str(key)] = _("There is no such question in this consultation.")
            continue
        if value is None:
            continue
        answer, message = _answer(spec, value)
        if message:
            errors[str(key)] = message
        elif answer is not None:
            clean[spec.id] = answer
    for spec in questions:
        if spec.required and spec.kind != "statements" and spec.id not in clean and str(spec.id) not in errors:
            errors[str(spec.id)] = _("This question needs an answer.")
    return clean, errors


VOTES = ("agree", "disagree", "pass")


def vote_label(vote: str) -> str:
    return {"agree": _("Agree"), "disagree": _("Disagree"), "pass": _("Pass")}.get(vote, vote)


def vote_error(vote: object) -> str | None:
    if vote not in VOTES:
        return one_of(VOTES, vote_label)
    return None
