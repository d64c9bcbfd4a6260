"""Reading consultations: loading with visibility and the effective status, the views pages use, and lists by
(effective) status. The services build on these reads; nothing here writes."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.expressions import Q

from participation.accounts.models import User
from participation.choices import one_of
from participation.consultations import rules
from participation.consultations.models import Consultation, Decision, Option, Question, Statement
from participation.consultations.storage import snapshots
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.paging import Page, newest_first, parse_cursor


def roles_of(user: User | None) -> list[str]:
    return list(user.roles) if user is not None else []


async def load(consultation_id: int) -> Consultation:
    consultation = await Consultation.get_or_none(id=consultation_id)
    if consultation is None:
        raise NotFound(_("There is no such consultation."))
    return consultation


async def visible(consultation_id: int, *, viewer: User | None, now: datetime) -> Consultation:
    """The consultation with its effective status (in memory); a draft is NotFound to all but officials."""
    return as_seen(await load(consultation_id), viewer=viewer, now=now)


async def settle(consultation: Consultation, now: datetime) -> str:
    """Store the status the schedule has brought about (if it moved on) and return it."""
    stored = consultation.status
    effective = rules.effective_status(consultation, now)
    if effective != stored:
        await Consultation.filter(id=consultation.id, status=stored).update(status=effective)
        consultation.status = effective
    return effective


def require_manager(user: User) -> None:
    if not rules.can_manage(user.roles):
        raise NotAllowed(_("Only officials manage consultations."))


def require_action(status: str, action: str) -> None:
    if not rules.allows(status, action):
        code = "not_open" if action in ("respond", "vote", "propose") else "wrong_state"
        raise Conflict(rules.refusal(status, action), code=code, current={"status": status})


def status_filter(status: str, now: datetime) -> Q:
    """The rows whose effective status is `status`, for lists (the schedule applied in the query)."""
    not_yet = Q(opens_at__isnull=True) | Q(opens_at__gt=now)
    still_open = Q(closes_at__isnull=True) | Q(closes_at__gt=now)
    if status == "draft":
        return Q(status="draft") & not_yet
    if status == "open":
        return (Q(status="open") | (Q(status="draft") & Q(opens_at__lte=now))) & still_open
    if status == "closed":
        return Q(status="closed") | (
            (Q(status="open") | (Q(status="draft") & Q(opens_at__lte=now))) & Q(closes_at__lte=now)
        )
    return Q(status=status)


# --- the view of one consultation ------------------------------------------------------------------


@dataclass
class QuestionView:
    question: Question
    options: list[Option] = field(default_factory=list)
    # Published statements (what everyone sees).
    statements: list[Statement] = field(default_factory=list)
    # Statements moderation withdrew (`review`: hidden pending review, `hidden`): a placeholder in their place.
    withheld: list[Statement] = field(default_factory=list)

    @property
    def in_order(self) -> list[Statement]:
        return sorted([*self.statements, *self.withheld], key=lambda s: s.id)

    @property
    def id(self) -> int:
        return self.question.id

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass
class ConsultationView:
    consultation: Consultation
    # The effective status (the schedule applied).
    status: str
    questions: list[QuestionView]
    decision: Decision | None
    # What the viewer may do now: respond, vote, propose, edit_details, edit_questions, open, close, decide,
    # results, export.
    actions: frozenset[str]

    @property
    def id(self) -> int:
        return self.consultation.id


def viewer_actions(roles: list[str], status: str, *, signed_in: bool) -> frozenset[str]:
    actions: set[str] = set()
    if signed_in:
        actions |= {a for a in ("respond", "vote", "propose") if rules.allows(status, a)}
    if rules.can_manage(roles):
        actions |= {a for a in ("edit_details", "edit_questions", "open", "close", "decide") if rules.allows(status, a)}
        actions.add("export")
    if rules.can_see_results(roles, status):
        actions.add("results")
    return frozenset(actions)


async def question_views(consultation_id: int) -> list[QuestionView]:
    questions = await Question.filter(consultation_id=consultation_id).prefetch_related("options")
    ids = [q.id for q in questions if q.kind == "statements"]
    statements: dict[int, list[Statement]] = {}
    withheld: dict[int, list[Statement]] = {}
    if ids:
        shown = Statement.filter(question_id__in=ids, status__in=("published", *WITHHELD)).order_by("id")
        for statement in await shown:
            if statement.status == "published":
                statements.setdefault(statement.question_id, []).append(statement)
            else:
                # Their text is never shown: the placeholder needs the id and status only.
                statement.text = statement.text_html = ""
                withheld.setdefault(statement.question_id, []).append(statement)
    return [QuestionView(q, list(q.options), statements.get(q.id, []), withheld.get(q.id, [])) for q in questions]


# The statement statuses moderation withdrew (shown as a placeholder).
WITHHELD = ("review", "hidden")


def spec_of(question: Question, options: list[Option]) -> rules.QuestionSpec:
    return rules.QuestionSpec(
        id=question.id,
        kind=question.kind,
        required=question.required,
        option_ids=frozenset(o.id for o in options),
        scale_min=question.scale_min,
        scale_max=question.scale_max,
    )


@dataclass(frozen=True)
class Shared:
    # What every viewer of one consultation sees alike; cached briefly (see snapshots).
    consultation: Consultation
    questions: list[QuestionView]
    decision: Decision | None

    @functools.cached_property
    def answer_specs(self) -> list[rules.QuestionSpec]:
        """What validating answers needs of the questions: made once per snapshot, not once per answer."""
        return [spec_of(view.question, view.options) for view in self.questions]

    @functools.cached_property
    def kinds(self) -> dict[int, str]:
        return {view.id: view.kind for view in self.questions}


async def _shared(consultation_id: int) -> Shared:
    consultation = await load(consultation_id)
    decision = await Decision.get_or_none(consultation_id=consultation.id)
    return Shared(consultation, await question_views(consultation.id), decision)


def seen_status(consultation: Consultation, *, viewer: User | None, now: datetime) -> str:
    """The effective status of a (possibly cached) row; NotFound for a draft a viewer may not see."""
    status = rules.effective_status(consultation, now)
    if not rules.can_view(roles_of(viewer), status):
        raise NotFound(_("There is no such consultation."))
    return status


def as_seen(consultation: Consultation, *, viewer: User | None, now: datetime) -> Consultation:
    """A copy of a (possibly cached) row with the effective status; NotFound for a draft a viewer may not see."""
    status = seen_status(consultation, viewer=viewer, now=now)
    # A shallow copy, as copy.copy makes it, without going through pickling's protocol (every request does this).
    seen = type(consultation).__new__(type(consultation))
    seen.__dict__.update(consultation.__dict__)
    seen.status = status
    return seen


async def shared(consultation_id: int, *, now: datetime, fresh: bool = False) -> Shared:
    """What every viewer sees alike (possibly from the snapshot cache). NotFound if there is no such row."""
    if fresh:
        return await _shared(consultation_id)
    return await snapshots.remember(("view", consultation_id), lambda: _shared(consultation_id), now=now)


async def consultation_view(consultation_id: int, *, viewer: User | None, now: datetime) -> ConsultationView:
    shared_part = await shared(consultation_id, now=now)
    consultation = as_seen(shared_part.consultation, viewer=viewer, now=now)
    return ConsultationView(
        consultation=consultation,
        status=consultation.status,
        questions=shared_part.questions,
        decision=shared_part.decision,
        actions=viewer_actions(roles_of(viewer), consultation.status, signed_in=viewer is not None),
    )


LIST_LIMIT_MAX = 100
# The order of the public index: what can be answered first, then what was decided, then the rest.
INDEX_ORDER = ("open", "decided", "closed", "draft")


async def get_consultation(consultation_id: int, *, viewer: User | None, now: datetime) -> ConsultationView:
    """The consultation with its questions (options, published statements), decision and the viewer's actions.

    A draft is NotFound to everyone but officials.
    """
    return await consultation_view(consultation_id, viewer=viewer, now=now)


async def list_consultations(
    *, viewer: User | None, now: datetime, status: str | None = None, cursor: str | None = None, limit: int = 20
) -> Page[Consultation]:
    """Newest first. Without a status: every non-draft one. Drafts only for officials asking for them."""
    status = status or None
    if status is not None and status not in rules.STATUSES:
        raise Invalid({"status": one_of(rules.STATUSES, rules.status_choice_label)})
    limit = max(1, min(limit, LIST_LIMIT_MAX))
    parse_cursor(cursor)  # a malformed cursor is refused whoever asks
    if status == "draft" and not rules.is_official(roles_of(viewer)):
        return Page([], None)
    query = (
        Consultation.filter(status_filter(status, now)) if status else Consultation.exclude(status_filter("draft", now))
    )
    page = await newest_first(query, cursor=cursor, limit=limit)
    for row in page.items:
        row.status = rules.effective_status(row, now)
    return page


async def recent_decisions(*, limit: int = 3) -> list[Decision]:
    """The newest published decisions, each with its consultation (decided ones are public)."""
    return await Decision.all().order_by("-published_at", "-id").limit(limit).prefetch_related("consultation")


async def consultation_index(
    *, viewer: User | None, now: datetime, status: str | None = None, limit: int = 100
) -> list[Consultation]:
    """For the /consultations page: open first, then decided, then closed (officials: drafts last)."""
    statuses = [status] if status else [s for s in INDEX_ORDER if s != "draft" or rules.is_official(roles_of(viewer))]
    found: list[Consultation] = []
    for name in statuses:
        found += (await list_consultations(viewer=viewer, now=now, status=name, limit=limit)).items
    return found
