"""Officials write consultations: create with questions, edit a draft, order questions, open and close.

Questions are frozen once a consultation opens (answers refer to them); title, summary, body and the closing
time can still be edited while open.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from participation import sanitize, transitions
from participation.accounts.models import User
from participation.consultations import repository, rules
from participation.consultations.models import Consultation, Option, Question, ScaleTally, Statement
from participation.consultations.repository import ConsultationView
from participation.consultations.rules import ConsultationInput, QuestionInput
from participation.consultations.storage import snapshots
from participation.errors import Conflict, Invalid, NotFound
from participation.i18n import _


def _question_fields(data: QuestionInput) -> dict:
    scale = data.kind == "scale"
    return {
        "kind": data.kind,
        "prompt": data.prompt.strip(),
        "required": data.required,
        "scale_min": data.scale_min if scale else None,
        "scale_max": data.scale_max if scale else None,
        "min_label": data.min_label.strip() if scale else "",
        "max_label": data.max_label.strip() if scale else "",
    }


async def _seeds(questions: list[QuestionInput]) -> list[list[sanitize.Sanitized]]:
    """The seed statements of each question, cleaned in one go and before any transaction (it takes a while)."""
    texts = [[text.strip() for text in q.statements or []] if q.kind == "statements" else [] for q in questions]
    cleaned = iter(await sanitize.sanitize_many([text for seeds in texts for text in seeds], policy="plain"))
    return [[next(cleaned) for _ in seeds] for seeds in texts]


async def _add_parts(question_id: int, data: QuestionInput, seeds: list[sanitize.Sanitized], *, now: datetime) -> None:
    """Options, scale tallies (one row per value, so answering only UPDATEs) or seed statements (`seeds`)."""
    if data.kind in rules.CHOICE_KINDS:
        await Option.bulk_create(
            [
                Option(question_id=question_id, position=i, label=label.strip())
                for i, label in enumerate(data.options or [])
            ]
        )
    elif data.kind == "scale":
        assert data.scale_min is not None and data.scale_max is not None
        await ScaleTally.bulk_create(
            [ScaleTally(question_id=question_id, value=v) for v in range(data.scale_min, data.scale_max + 1)]
        )
    elif data.kind == "statements":
        for clean in seeds:
            await Statement.create(
                question_id=question_id, text=clean.source, text_html=clean.html, status="published", created_at=now
            )


async def _add_question(
    consultation_id: int, position: int, data: QuestionInput, seeds: list[sanitize.Sanitized], *, now: datetime
) -> Question:
    question = await Question.create(consultation_id=consultation_id, position=position, **_question_fields(data))
    await _add_parts(question.id, data, seeds, now=now)
    return question


def _set_details(
    consultation: Consultation,
    *,
    title: str,
    summary: str,
    body: sanitize.Sanitized,
    opens_at: datetime | None,
    closes_at: datetime | None,
) -> None:
    consultation.title = title.strip()
    consultation.summary = summary.strip()
    consultation.body, consultation.body_html = body.source, body.html
    consultation.opens_at, consultation.closes_at = opens_at, closes_at


@snapshots.writes
async def create_consultation(*, data: ConsultationInput, by: User, now: datetime) -> ConsultationView:
    """A new draft with its questions (and their options, scale values and seed statements), as officials see it."""
    repository.require_manager(by)
    data = rules.cleaned(data)
    if errors := rules.consultation_errors(data):
        raise Invalid(errors)
    [body] = await sanitize.sanitize_many([data.body], policy="rich")
    seeds = await _seeds(data.questions)
    async with in_transaction():
        consultation = Consultation(created_by=by, created_at=now, updated_at=now, status="draft")
        _set_details(
            consultation,
            title=data.title,
            summary=data.summary,
            body=body,
            opens_at=data.opens_at,
            closes_at=data.closes_at,
        )
        await consultation.save()
        for position, question in enumerate(data.questions):
            await _add_question(consultation.id, position, question, seeds[position], now=now)
    return await repository.consultation_view(consultation.id, viewer=by, now=now)


async def _editable(consultation_id: int, action: str, *, by: User, now: datetime) -> Consultation:
    repository.require_manager(by)
    consultation = await repository.load(consultation_id)
    repository.require_action(await repository.settle(consultation, now), action)
    return consultation


@snapshots.writes
async def update_details(
    consultation_id: int,
    *,
    title: str,
    summary: str,
    body: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    by: User,
    now: datetime,
) -> Consultation:
    """Title, summary, body and schedule; while open only the closing time can still move (to the future)."""
    consultation = await _editable(consultation_id, "edit_details", by=by, now=now)
    title, summary, body = rules.cleaned_details(title=title, summary=summary, body=body)
    errors = rules.details_errors(title=title, summary=summary, body=body, opens_at=opens_at, closes_at=closes_at)
    if consultation.status == "open":
        if opens_at != consultation.opens_at:
            errors["opens_at"] = _("This consultation is open already: the opening time cannot change.")
        if closes_at is not None and closes_at <= now and "closes_at" not in errors:
            errors["closes_at"] = _("Choose a closing time in the future, or close the consultation now.")
    if errors:
        raise Invalid(errors)
    stored_status = consultation.status
    [clean] = await sanitize.sanitize_many([body], policy="rich")
    _set_details(consultation, title=title, summary=summary, body=clean, opens_at=opens_at, closes_at=closes_at)
    consultation.updated_at = now
    async with in_transaction():
        await transitions.move(
            Consultation,
            consultation.id,
            source=stored_status,
            refusal=_("The consultation changed meanwhile; reload and try again."),
            title=consultation.title,
            summary=consultation.summary,
            body=consultation.body,
            body_html=consultation.body_html,
            opens_at=opens_at,
            closes_at=closes_at,
            updated_at=now,
        )
    return consultation


@snapshots.writes
async def replace_draft(consultation_id: int, *, data: ConsultationInput, by: User, now: datetime) -> ConsultationView:
    """Save a whole draft at once (as an edit form does): its details and the full list of questions."""
    consultation = await _editable(consultation_id, "edit_questions", by=by, now=now)
    data = rules.cleaned(data)
    if errors := rules.consultation_errors(data):
        raise Invalid(errors)
    [body] = await sanitize.sanitize_many([data.body], policy="rich")
    seeds = await _seeds(data.questions)
    _set_details(
        consultation,
        title=data.title,
        summary=data.summary,
        body=body,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
    )
    consultation.updated_at = now
    async with in_transaction():
        await consultation.save()
        # A draft has no answers or votes: its questions can be written anew.
        await Question.filter(consultation_id=consultation.id).delete()
        for position, question in enumerate(data.questions):
            await _add_question(consultation.id, position, question, seeds[position], now=now)
    return await repository.consultation_view(consultation.id, viewer=by, now=now)


async def _draft_question(question_id: int, *, by: User, now: datetime) -> Question:
    repository.require_manager(by)
    question = await Question.get_or_none(id=question_id)
    if question is None:
        raise NotFound(_("There is no such question."))
    consultation = await repository.load(question.consultation_id)
    repository.require_action(await repository.settle(consultation, now), "edit_questions")
    return question


@snapshots.writes
async def add_question(consultation_id: int, *, question: QuestionInput, by: User, now: datetime) -> Question:
    consultation = await _editable(consultation_id, "edit_questions", by=by, now=now)
    question = rules.cleaned_question(question)
    if errors := rules.question_errors(question):
        raise Invalid(errors)
    [seeds] = await _seeds([question])
    async with in_transaction():
        count = await Question.filter(consultation_id=consultation.id).count()
        if count >= rules.QUESTIONS_MAX:
            raise Invalid({"questions": _("At most %(n)s questions.", n=rules.QUESTIONS_MAX)})
        return await _add_question(consultation.id, count, question, seeds, now=now)


@snapshots.writes
async def update_question(question_id: int, *, question: QuestionInput, by: User, now: datetime) -> Question:
    """Rewrite a question of a draft in place (same id and position); options and seeds are written anew."""
    existing = await _draft_question(question_id, by=by, now=now)
    question = rules.cleaned_question(question)
    if errors := rules.question_errors(question):
        raise Invalid(errors)
    [seeds] = await _seeds([question])
    async with in_transaction():
        # A draft has no answers or votes: the parts are written anew, the question keeps its id and place.
        await Question.filter(id=existing.id).update(**_question_fields(question))
        await Option.filter(question_id=existing.id).delete()
        await ScaleTally.filter(question_id=existing.id).delete()
        await Statement.filter(question_id=existing.id).delete()
        await _add_parts(existing.id, question, seeds, now=now)
    return await Question.get(id=existing.id)


async def _renumber(consultation_id: int, order: list[int]) -> None:
    for position, question_id in enumerate(order):
        await Question.filter(id=question_id, consultation_id=consultation_id).update(position=position)


@snapshots.writes
async def remove_question(question_id: int, *, by: User, now: datetime) -> None:
    question = await _draft_question(question_id, by=by, now=now)
    async with in_transaction():
        await question.delete()
        remaining = await Question.filter(consultation_id=question.consultation_id).values_list("id", flat=True)
        await _renumber(question.consultation_id, list(remaining))


@snapshots.writes
async def move_question(question_id: int, *, offset: int, by: User, now: datetime) -> None:
    """Move a question up (offset -1) or down (+1) among its siblings; at either end nothing moves."""
    question = await _draft_question(question_id, by=by, now=now)
    async with in_transaction():
        order = list(await Question.filter(consultation_id=question.consultation_id).values_list("id", flat=True))
        index = order.index(question.id)
        target = max(0, min(len(order) - 1, index + offset))
        order.insert(target, order.pop(index))
        await _renumber(question.consultation_id, order)


@snapshots.writes
async def reorder_questions(consultation_id: int, *, order: list[int], by: User, now: datetime) -> None:
    """Put the questions in this order; `order` must name every question of the draft once."""
    consultation = await _editable(consultation_id, "edit_questions", by=by, now=now)
    async with in_transaction():
        ids = list(await Question.filter(consultation_id=consultation.id).values_list("id", flat=True))
        if sorted(ids) != sorted(order) or len(set(order)) != len(order):
            raise Invalid({"order": _("Name every question of this consultation once.")})
        await _renumber(consultation.id, order)


@snapshots.writes
async def open_consultation(consultation_id: int, *, by: User, now: datetime) -> Consultation:
    """Open a draft by hand now; it needs a question and a closing time (if any) in the future."""
    repository.require_manager(by)
    consultation = await repository.load(consultation_id)
    status = await repository.settle(consultation, now)
    repository.require_action(status, "open")
    if not await Question.exists(consultation_id=consultation.id):
        raise Conflict(_("Add at least one question before opening."), code="no_questions")
    if consultation.closes_at is not None and consultation.closes_at <= now:
        raise Conflict(_("The closing time has passed: set a later one before opening."), code="wrong_state")
    await transitions.move(
        Consultation,
        consultation.id,
        source="draft",
        refusal=rules.refusal("open", "open"),
        status="open",
        opens_at=now,
        updated_at=now,
    )
    consultation.status, consultation.opens_at, consultation.updated_at = "open", now, now
    return consultation


@snapshots.writes
async def close_consultation(consultation_id: int, *, by: User, now: datetime) -> Consultation:
    repository.require_manager(by)
    consultation = await repository.load(consultation_id)
    repository.require_action(await repository.settle(consultation, now), "close")
    await transitions.move(
        Consultation,
        consultation.id,
        source="open",
        refusal=rules.refusal("closed", "close"),
        status="closed",
        closes_at=now,
        updated_at=now,
    )
    consultation.status, consultation.closes_at, consultation.updated_at = "closed", now, now
    return consultation


@snapshots.writes
async def apply_schedule(*, now: datetime) -> int:
    """Store the status of every consultation the schedule has moved on; the number moved.

    Reads apply the schedule themselves, so this only keeps the stored status (and lists by status) tidy.
    """
    moved = 0
    async with in_transaction():
        moved += await Consultation.filter(
            repository.status_filter("closed", now), status__in=["draft", "open"]
        ).update(status="closed")
        moved += await Consultation.filter(status="draft", opens_at__lte=now).update(status="open")
    return moved
