"""The results of a consultation, read from the stored counters: the cost does not grow with the responses.

Per question: option counts and percentages, the scale distribution and mean, a first page of the open
answers (further pages through `text_answers`, searchable), statement tallies and the opinion groups.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from participation.accounts.models import User
from participation.consultations import repository, rules
from participation.consultations.analysis import opinion_groups
from participation.consultations.models import (
    Answer,
    Consultation,
    Decision,
    OpinionGroups,
    Question,
    ScaleTally,
    Statement,
)
from participation.consultations.storage import snapshots
from participation.errors import Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.paging import Page, newest_first

ANSWERS_LIMIT_MAX = 100
SEARCH_MAX = 200


@dataclass
class OptionResult:
    id: int
    label: str
    count: int
    # Of the responses that answered the question (multiple choice: these may add up past 100).
    percent: float


@dataclass
class AnswerItem:
    id: int
    ref: str
    text: str
    text_html: str
    state: str
    created_at: datetime


@dataclass
class StatementResult:
    id: int
    ref: str
    text: str
    text_html: str
    status: str
    agree: int
    disagree: int
    passed: int

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passed

    def percent(self, vote: str) -> float:
        count = {"agree": self.agree, "disagree": self.disagree, "pass": self.passed}[vote]
        return _percent(count, self.votes)


@dataclass
class GroupResult:
    size: int
    representative: list[int]
    # "agree" or "disagree" per representative statement.
    directions: dict[int, str]
    # The members' places on the map of the groups (PCA space).
    points: list[tuple[float, float]] = field(default_factory=list)
    # Per representative statement: (share of the group's votes going its direction, the same among the others);
    # empty for groups stored before the shares were.
    shares: dict[int, tuple[float, float]] = field(default_factory=dict)


@dataclass
class OpinionResult:
    groups: list[GroupResult]
    divide: list[int]
    unite: list[int]
    participants: int
    computed_at: datetime


@dataclass
class QuestionResult:
    id: int
    kind: str
    prompt: str
    required: bool
    # How many responses answer this question.
    answered: int
    outcome_html: str
    options: list[OptionResult] = field(default_factory=list)
    scale_min: int | None = None
    scale_max: int | None = None
    min_label: str = ""
    max_label: str = ""
    # Every scale value, also those nobody chose (count 0).
    distribution: dict[int, int] = field(default_factory=dict)
    mean: float | None = None
    answers: Page[AnswerItem] | None = None
    statements: list[StatementResult] = field(default_factory=list)
    opinion: OpinionResult | None = None
    # Statements questions without groups to show: why not, and what it takes.
    waiting: opinion_groups.Waiting | None = None


@dataclass
class Results:
    consultation: Consultation
    status: str
    responses: int
    questions: list[QuestionResult]
    decision: Decision | None
    # Officials see every moderation state of answers and statements; others only what is visible.
    full: bool
    # What callers make of one snapshot alike (the API keeps its encoded body here, by status): shared by the
    # copies `results` hands out, so it lives and is dropped with the snapshot.
    renderings: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)


def _percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def _opinion(stored: OpinionGroups | None) -> OpinionResult | None:
    if stored is None:
        return None
    return OpinionResult(
        groups=[
            GroupResult(
                size=g["size"],
                representative=list(g["representative"]),
                directions={int(k): v for k, v in g.get("directions", {}).items()},
                points=[(float(x), float(y)) for x, y in g.get("points", [])],
                shares={int(k): (float(v[0]), float(v[1])) for k, v in g.get("shares", {}).items()},
            )
            for g in stored.groups
        ],
        divide=list(stored.divide),
        unite=list(stored.unite),
        participants=stored.participants,
        computed_at=stored.computed_at,
    )


def _statement(s: Statement) -> StatementResult:
    return StatementResult(s.id, s.ref, s.text, s.text_html, s.status, s.agree, s.disagree, s.passed)


async def _readable(consultation_id: int, *, viewer: User | None, now: datetime) -> Consultation:
    consultation = await repository.visible(consultation_id, viewer=viewer, now=now)
    if not rules.can_see_results(repository.roles_of(viewer), consultation.status):
        raise NotAllowed(_("The results are published once the consultation closes."))
    return consultation


async def results(consultation_id: int, *, viewer: User | None, now: datetime, answers_limit: int = 20) -> Results:
    """Officials any time; everyone once closed. Drafts are NotFound to others.

    The tallies are cached briefly per process (see snapshots); who may see them is checked every time.
    """
    full = rules.is_official(repository.roles_of(viewer))
    found = await snapshots.remember(
        ("results", consultation_id, full, answers_limit),
        lambda: _results(consultation_id, full=full, now=now, answers_limit=answers_limit),
        now=now,
    )
    consultation = repository.as_seen(found.consultation, viewer=viewer, now=now)
    if not rules.can_see_results(repository.roles_of(viewer), consultation.status):
        raise NotAllowed(_("The results are published once the consultation closes."))
    return replace(found, consultation=consultation, status=consultation.status)


async def _results(consultation_id: int, *, full: bool, now: datetime, answers_limit: int) -> Results:
    consultation = await repository.load(consultation_id)
    consultation.status = rules.effective_status(consultation, now)
    questions = await Question.filter(consultation_id=consultation.id).prefetch_related("options")
    scale_ids = [q.id for q in questions if q.kind == "scale"]
    statement_ids = [q.id for q in questions if q.kind == "statements"]
    tallies: dict[int, dict[int, int]] = {}
    for tally in await ScaleTally.filter(question_id__in=scale_ids) if scale_ids else []:
        tallies.setdefault(tally.question_id, {})[tally.value] = tally.count
    statements: dict[int, list[StatementResult]] = {}
    if statement_ids:
        shown = Statement.filter(question_id__in=statement_ids)
        if not full:
            shown = shown.filter(status="published")
        for s in await shown.order_by("id"):
            statements.setdefault(s.question_id, []).append(_statement(s))
    out: list[QuestionResult] = []
    for q in questions:
        result = QuestionResult(
            id=q.id,
            kind=q.kind,
            prompt=q.prompt,
            required=q.required,
            answered=q.answer_count,
            outcome_html=q.outcome_html,
        )
        if q.kind in rules.CHOICE_KINDS:
            result.options = [
                OptionResult(o.id, o.label, o.count, _percent(o.count, q.answer_count)) for o in q.options
            ]
        elif q.kind == "scale":
            result.scale_min, result.scale_max = q.scale_min, q.scale_max
            result.min_label, result.max_label = q.min_label, q.max_label
            result.distribution = dict(sorted(tallies.get(q.id, {}).items()))
            total = sum(result.distribution.values())
            if total:
                result.mean = round(sum(v * c for v, c in result.distribution.items()) / total, 2)
        elif q.kind == "text":
            result.answers = await _answer_page(q.id, full=full, search=None, cursor=None, limit=answers_limit)
        elif q.kind == "statements":
            result.statements = statements.get(q.id, [])
            stored = await opinion_groups.current(q)
            result.opinion = _opinion(stored)
            if result.opinion is None or not result.opinion.groups:
                result.waiting = await opinion_groups.waiting(q, stored=stored)
        out.append(result)
    return Results(
        consultation=consultation,
        status=consultation.status,
        responses=consultation.response_count,
        questions=out,
        decision=await Decision.get_or_none(consultation_id=consultation.id),
        full=full,
    )


async def _answer_page(
    question_id: int, *, full: bool, search: str | None, cursor: str | None, limit: int
) -> Page[AnswerItem]:
    if limit <= 0:
        return Page([], None)
    query = Answer.filter(question_id=question_id)
    if not full:
        # Moderated answers stand as placeholders, their text withheld (the API leaves them out); a search
        # matches visible answers only, so it cannot tell what a withheld one says.
        query = query.filter(state="visible") if search else query.filter(state__in=WITHHELD_SHOWN)
    if search:
        query = query.filter(text__icontains=search)
    page = await newest_first(query, cursor=cursor, limit=limit)
    return Page([_answer_item(a, full=full) for a in page.items], page.next)


# Shown to everyone (withheld ones as a placeholder): not `pending`, which only its author knows of.
WITHHELD_SHOWN = ("visible", "review", "hidden")


def _answer_item(a: Answer, *, full: bool) -> AnswerItem:
    if full or a.state == "visible":
        return AnswerItem(a.id, a.ref, a.text, a.text_html, a.state, a.created_at)
    return AnswerItem(a.id, a.ref, "", "", a.state, a.created_at)


async def text_answers(
    question_id: int,
    *,
    viewer: User | None,
    now: datetime,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> Page[AnswerItem]:
    """The open answers of a text question, newest first, a page at a time, optionally containing `search`.

    Officials see every moderation state (each item carries it); others see the visible answers.
    """
    question = await Question.get_or_none(id=question_id)
    if question is None or question.kind != "text":
        raise NotFound(_("There is no such open question."))
    await _readable(question.consultation_id, viewer=viewer, now=now)
    if search is not None and len(search) > SEARCH_MAX:
        raise Invalid({"q": _("At most %(n)s characters.", n=SEARCH_MAX)})
    limit = max(1, min(limit, ANSWERS_LIMIT_MAX))
    return await _answer_page(
        question.id,
        full=rules.is_official(repository.roles_of(viewer)),
        search=search.strip() if search and search.strip() else None,
        cursor=cursor,
        limit=limit,
    )
