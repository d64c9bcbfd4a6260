"""Statements (Pol.is style): citizens vote agree / disagree / pass, change their vote, propose new ones.

A proposed statement is pending until moderation publishes it; only published statements are shown and voted
on. The vote counters on the statement change in the transaction of the vote, by atomic UPDATEs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation import sanitize
from participation.accounts.models import User
from participation.consultations import repository, rules
from participation.consultations.models import Question, Statement, StatementVote
from participation.consultations.services.responding import require_participant
from participation.consultations.storage import snapshots, tallies
from participation.errors import Conflict, Invalid, NotFound
from participation.i18n import _
from participation.moderation import intake, restrictions, screening
from participation.text import clean_line

ATTEMPTS = 5
# The counter column of each vote (`pass` is a keyword in Python).


@dataclass
class VoteOutcome:
    vote: StatementVote
    created: bool


async def _open_question(question_id: int, action: str, *, user: User, now: datetime) -> Question:
    question = await Question.get_or_none(id=question_id)
    if question is None:
        raise NotFound(_("There is no such question."))
    consultation = await repository.visible(question.consultation_id, viewer=user, now=now)
    if question.kind != "statements":
        raise Invalid({"question": _("This question does not take statements.")})
    repository.require_action(consultation.status, action)
    return question


@snapshots.changes_results
async def propose_statement(
    question_id: int, *, text: str, by: User, now: datetime, require_confirmed: bool = False
) -> Statement:
    """A new statement, pending until a moderator publishes it."""
    question = await _open_question(question_id, "propose", user=by, now=now)
    require_participant(by, require_confirmed=require_confirmed)
    await restrictions.require_may_write(by, now=now)
    if message := rules.statement_error(text):
        raise Invalid({"text": message})
    pending = await Statement.filter(question_id=question.id, author_id=by.id, status="pending").count()
    if pending >= rules.PENDING_STATEMENTS_PER_PERSON:
        raise Conflict(
            _("You have %(n)s statements waiting for moderation here; wait until they are handled.", n=pending),
            code="too_many_pending",
        )
    [clean] = await sanitize.sanitize_many([clean_line(text).strip()], policy="plain")
    [screened] = await screening.screen([clean.source], author=by, now=now)
    statement = await Statement.create(
        question_id=question.id, text=clean.source, text_html=clean.html, author=by, status="pending", created_at=now
    )
    # Always pre-moderated: into the moderation queue, where `keep` publishes it, with what the rules found.
    await intake.held(statement.ref, author_id=by.id, now=now, hits=screened.hits)
    return statement


async def _cast(statement: Statement, vote: str, *, user: User, now: datetime) -> VoteOutcome | None:
    """One attempt in its own transaction; None when another change of the same vote came first."""
    async with in_transaction():
        # Touching our vote first takes the write lock (SQLite) and locks the row (PostgreSQL) before reading.
        await StatementVote.filter(statement_id=statement.id, user_id=user.id).update(updated_at=now)
        existing = await StatementVote.get_or_none(statement_id=statement.id, user_id=user.id)
        if existing is None:
            created = await StatementVote.create(
                statement_id=statement.id,
                question_id=statement.question_id,
                user_id=user.id,
                vote=vote,
                created_at=now,
                updated_at=now,
            )
            await tallies.count_vote(statement.id, statement.question_id, old=None, new=vote)
            return VoteOutcome(created, True)
        if existing.vote == vote:
            return VoteOutcome(existing, False)
        # Conditional on the vote we read: a concurrent change of the same vote makes this 0 and we read again.
        changed = await StatementVote.filter(id=existing.id, vote=existing.vote).update(vote=vote, updated_at=now)
        if not changed:
            return None
        await tallies.count_vote(statement.id, statement.question_id, old=existing.vote, new=vote)
        existing.vote, existing.updated_at = vote, now
        return VoteOutcome(existing, False)


@snapshots.changes_results
async def vote_on_statement(
    statement_id: int, *, vote: str, by: User, now: datetime, require_confirmed: bool = False
) -> VoteOutcome:
    """Vote agree, disagree or pass on a published statement, or change an earlier vote (created=False)."""
    statement = await Statement.get_or_none(id=statement_id)
    if statement is None or statement.status != "published":
        raise NotFound(_("There is no such statement."))
    await _open_question(statement.question_id, "vote", user=by, now=now)
    require_participant(by, require_confirmed=require_confirmed)
    await restrictions.require_may_write(by, now=now)
    if message := rules.vote_error(vote):
        raise Invalid({"vote": message})
    for _attempt in range(ATTEMPTS):
        try:
            outcome = await _cast(statement, vote, user=by, now=now)
        except IntegrityError:
            # The same person's first vote arrived twice at once: the other one is stored, read it again.
            continue
        if outcome is not None:
            return outcome
    raise Conflict(_("Your vote changed several times at once; try again."), code="busy")


async def my_votes(consultation_id: int, *, user: User) -> dict[int, str]:
    """This person's votes on the statements of a consultation, by statement id."""
    rows = await StatementVote.filter(user_id=user.id, question__consultation_id=consultation_id).values_list(
        "statement_id", "vote"
    )
    return dict(rows)


async def my_pending_statements(consultation_id: int, *, user: User) -> list[Statement]:
    """What this person proposed and moderation has not published yet (shown only to them)."""
    return await Statement.filter(
        author_id=user.id, status="pending", question__consultation_id=consultation_id
    ).order_by("id")
