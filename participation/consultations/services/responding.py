"""Citizens answer: one response per person per consultation, replaceable while open.

The tallies (Option.count, ScaleTally.count, Question.answer_count, Consultation.response_count) change in the
transaction of the response, by atomic UPDATEs with F() expressions, so concurrent answers never lose a count.
A request validates its answers here and hands them to the writer of its event loop (answer_batches), which
stores what is submitted at about the same time in one transaction; `_store` stores one response in its own
transaction, for when a batch fails and inside a caller's transaction.
Rows are locked in one order in every transaction (the responses, then options, tallies, questions, the
consultation, each by ascending id), so two transactions never wait on each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import TransactionalDBClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation import sanitize
from participation.accounts.models import User
from participation.consultations import repository, rules
from participation.consultations.models import Answer, Consultation, Response, StatementVote
from participation.consultations.rules import CleanAnswer
from participation.consultations.storage import answer_batches, snapshots
from participation.consultations.storage.answer_batches import AnswerWriter
from participation.consultations.storage.answer_store import PreparedAnswer, Refused, StoredResponse, Submission
from participation.consultations.storage.tallies import Deltas
from participation.errors import Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.moderation import intake, restrictions, screening
from participation.moderation.screening import Screening

ATTEMPTS = 3


@dataclass
class MyResponse:
    # Its id, consultation_id, user_id, created_at and updated_at.
    response: Response | StoredResponse
    # By question id: the text, the option id, the list of option ids or the scale value, as it was sent.
    answers: dict[int, Any]
    # By question id: the moderation state of text answers that are not visible.
    states: dict[int, str]


@dataclass
class ResponseOutcome:
    mine: MyResponse
    created: bool
    # The questions whose text this response wrote (new or changed), for moderation's rules: a text left as it
    # was is not brought to them again (a moderator's decision on it stands).
    written: frozenset[int] = frozenset()

    @property
    def response(self) -> Response | StoredResponse:
        return self.mine.response


@dataclass
class MyResponseSummary:
    consultation_id: int
    title: str
    status: str
    responded_at: datetime
    updated_at: datetime


def require_participant(user: User, *, require_confirmed: bool) -> None:
    if require_confirmed and user.confirmed_at is None:
        raise NotAllowed(_("Confirm your e-mail address first: follow the link in the mail we sent you."))


def _value_of(answer: Answer) -> Any:
    return answer.text if answer.question.kind == "text" else answer.value


async def _prepared(clean: dict[int, CleanAnswer]) -> dict[int, PreparedAnswer]:
    """The answers ready to store, the texts with their HTML (cleaned off the event loop: it takes a while)."""
    texts = {qid: answer.text for qid, answer in clean.items() if answer.kind == "text"}
    cleaned = dict(zip(texts, await sanitize.sanitize_many(list(texts.values()), policy="rich"), strict=True))
    return {
        qid: PreparedAnswer(qid, answer.kind, None, cleaned[qid].source, cleaned[qid].html)
        if answer.kind == "text"
        else PreparedAnswer(qid, answer.kind, answer.value)
        for qid, answer in clean.items()
    }


async def _store(
    consultation: Consultation,
    kinds: dict[int, str],
    answers: dict[int, PreparedAnswer],
    *,
    user: User,
    now: datetime,
) -> ResponseOutcome:
    # Touching our response first locks it (PostgreSQL) and takes the write lock (SQLite), so a concurrent
    # replacement by the same person waits and then reads the answers this one leaves.
    touched = await Response.filter(consultation_id=consultation.id, user_id=user.id).update(updated_at=now)
    current = await repository.load(consultation.id)
    repository.require_action(rules.effective_status(current, now), "respond")
    deltas = Deltas()
    if touched:
        response = await Response.get(consultation_id=consultation.id, user_id=user.id)
        old = {a.question_id: a for a in await Answer.filter(response_id=response.id)}
    else:
        # A concurrent first response by the same person fails here on the unique key: the caller retries.
        response = await Response.create(
            consultation_id=consultation.id, user_id=user.id, created_at=now, updated_at=now
        )
        old = {}
    for question_id, answer in old.items():
        deltas.add(kinds[question_id], question_id, answer.value, -1)
    stale = [a.id for qid, a in old.items() if qid not in answers]
    if stale:
        await Answer.filter(id__in=stale).delete()
    fresh: list[Answer] = []
    for question_id, answer in answers.items():
        deltas.add(answer.kind, question_id, answer.value, +1)
        before = old.get(question_id)
        if before is None:
            fresh.append(
                Answer(
                    response_id=response.id,
                    question_id=question_id,
                    value=answer.value,
                    text=answer.text,
                    text_html=answer.html,
                    created_at=now,
                    updated_at=now,
                )
            )
        elif before.value != answer.value or before.text != answer.text:
            # Updated in place: the answer keeps its id (and `ref`), which reports and moderation name.
            await Answer.filter(id=before.id).update(
                value=answer.value, text=answer.text, text_html=answer.html, updated_at=now
            )
    if fresh:
        await Answer.bulk_create(fresh)
    if not touched:
        deltas.responses[consultation.id] += 1
    await deltas.apply()
    response.updated_at = now
    states = {qid: a.state for qid, a in old.items() if qid in answers and a.state != "visible"}
    written = frozenset(qid for qid, a in answers.items() if qid not in old or old[qid].text != a.text)
    return ResponseOutcome(mine=_mine(response, answers, states), created=not touched, written=written)


def _mine(
    response: Response | StoredResponse, answers: dict[int, PreparedAnswer], states: dict[int, str]
) -> MyResponse:
    return MyResponse(response=response, answers={qid: a.as_sent for qid, a in answers.items()}, states=states)


async def _store_alone(
    consultation: Consultation, kinds: dict[int, str], answers: dict[int, PreparedAnswer], *, user: User, now: datetime
) -> ResponseOutcome:
    for attempt in range(ATTEMPTS):
        try:
            async with in_transaction():
                return await _store(consultation, kinds, answers, user=user, now=now)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _in_transaction() -> bool:
    return isinstance(Response._meta.db, TransactionalDBClient)


@snapshots.changes_results
async def put_my_response(
    consultation_id: int,
    *,
    user: User,
    answers: Mapping[str, object],
    now: datetime,
    require_confirmed: bool = False,
    writer: AnswerWriter | None = None,
) -> ResponseOutcome:
    """Create or replace this person's response. Not open: Conflict saying why. Bad answers: Invalid, keyed by
    question id. The whole response is replaced: a question left out of `answers` is no longer answered.

    Stored by the event loop's writer (answer_batches) unless `writer` names another, together with the
    responses submitted at the same time; inside a transaction of the caller's, in that transaction.

    Open answers are then screened by moderation's rules: one with personal data (a BSN, say), listed words or
    link spam is held back (state `pending`) and goes to the moderation queue. Only a text this response wrote
    (new, or changed) goes there: one left as it was keeps what a moderator decided about it. Text answers are
    public only once the consultation closes, when nobody can write any more, so a held answer is never shown
    publicly."""
    outcome, found = await _put(
        consultation_id,
        user=user,
        answers=answers,
        now=now,
        require_confirmed=require_confirmed,
        writer=writer,
    )
    await _held(outcome, found, user=user, now=now)
    return outcome


async def _screened(prepared: dict[int, PreparedAnswer], *, user: User, now: datetime) -> dict[int, Screening]:
    """What moderation's rules find in the open answers, before they are stored (outside the batch, so a batch
    costs the same queries at any size)."""
    texts = {qid: a.text for qid, a in prepared.items() if a.kind == "text" and a.text.strip()}
    if not texts:
        return {}
    found = await screening.screen(list(texts.values()), author=user, now=now)
    return {qid: screened for qid, screened in zip(texts, found, strict=True) if screened.flag}


async def _held(outcome: ResponseOutcome, found: dict[int, Screening], *, user: User, now: datetime) -> None:
    for question_id, screened in found.items():
        if question_id not in outcome.written:
            continue
        answer = await Answer.get(response_id=outcome.response.id, question_id=question_id)
        if screened.hold:
            if answer.state == "visible":
                await Answer.filter(id=answer.id).update(state="pending")
                outcome.mine.states[question_id] = "pending"
            await intake.held(answer.ref, author_id=user.id, now=now, hits=screened.hits)
        else:
            await intake.flagged(answer.ref, author_id=user.id, now=now, hits=screened.hits)


async def _put(
    consultation_id: int,
    *,
    user: User,
    answers: Mapping[str, object],
    now: datetime,
    require_confirmed: bool,
    writer: AnswerWriter | None,
) -> tuple[ResponseOutcome, dict[int, Screening]]:
    # Questions are frozen once a consultation is open, so a snapshot taken after opening is safe to validate
    # against (the status itself is checked again inside the transaction). Before that, read them fresh.
    shared = await repository.shared(consultation_id, now=now)
    if shared.consultation.status != "open":
        shared = await repository.shared(consultation_id, now=now, fresh=True)
    # The status as this person sees it, without a copy of the row (only its id is used below; it is not changed).
    repository.require_action(repository.seen_status(shared.consultation, viewer=user, now=now), "respond")
    consultation = shared.consultation
    require_participant(user, require_confirmed=require_confirmed)
    await restrictions.require_may_write(user, now=now)
    clean, errors = rules.validate_answers(shared.answer_specs, answers)
    if errors:
        raise Invalid(errors, _("Some answers need attention."))
    kinds = shared.kinds
    prepared = await _prepared(clean)
    found = await _screened(prepared, user=user, now=now)
    if _in_transaction():
        # The writer's transaction would wait for the caller's, which waits for the writer: store it here.
        return await _store_alone(consultation, kinds, prepared, user=user, now=now), found
    submission = Submission(consultation.id, user.id, kinds, prepared, now, screened=found)
    outcome = await (writer or answer_batches.writer()).submit(submission)
    if outcome is answer_batches.ALONE:
        return await _store_alone(consultation, kinds, prepared, user=user, now=now), found
    if isinstance(outcome, Refused):
        if outcome.status is None:
            raise NotFound(_("There is no such consultation."))
        repository.require_action(outcome.status, "respond")
        raise AssertionError("a refused submission is one that may not respond")
    # Held back or flagged in the batch's transaction (answer_store): nothing left to do for moderation.
    return ResponseOutcome(mine=_mine(outcome.response, prepared, outcome.states), created=outcome.created), {}


async def get_my_response(consultation_id: int, *, user: User, now: datetime) -> MyResponse | None:
    """This person's response with the values as sent, or None if they have not answered."""
    consultation = await repository.visible(consultation_id, viewer=user, now=now)
    return await response_of(consultation.id, user=user)


async def response_of(consultation_id: int, *, user: User) -> MyResponse | None:
    """`get_my_response` for a consultation the caller has already found visible to this person."""
    response = await Response.get_or_none(consultation_id=consultation_id, user_id=user.id)
    if response is None:
        return None
    answers = await Answer.filter(response_id=response.id).prefetch_related("question")
    return MyResponse(
        response=response,
        answers={a.question_id: _value_of(a) for a in answers},
        states={a.question_id: a.state for a in answers if a.state != "visible"},
    )


async def my_responses(*, user: User, now: datetime) -> list[MyResponseSummary]:
    """For the account page: every consultation this person answered (a response, or only statement votes),
    most recently changed first."""
    responses = await Response.filter(user_id=user.id).prefetch_related("consultation")
    summaries = {
        r.consultation_id: MyResponseSummary(
            consultation_id=r.consultation_id,
            title=r.consultation.title,
            status=rules.effective_status(r.consultation, now),
            responded_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in responses
    }
    voted: dict[int, tuple[datetime, datetime]] = {}
    for consultation_id, created, updated in await StatementVote.filter(user_id=user.id).values_list(
        "question__consultation_id", "created_at", "updated_at"
    ):
        if consultation_id not in summaries:
            first, last = voted.get(consultation_id, (created, updated))
            voted[consultation_id] = (min(first, created), max(last, updated))
    for consultation in await Consultation.filter(id__in=list(voted)):
        first, last = voted[consultation.id]
        summaries[consultation.id] = MyResponseSummary(
            consultation_id=consultation.id,
            title=consultation.title,
            status=rules.effective_status(consultation, now),
            responded_at=first,
            updated_at=last,
        )
    return sorted(summaries.values(), key=lambda s: (s.updated_at, s.consultation_id), reverse=True)
