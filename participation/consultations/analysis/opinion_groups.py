"""Stored opinion groups per statements question: computed from the votes, recomputed only when stale.

Results read the stored clustering. It is stale when more than STALE_SHARE new votes came in since, or when
it is older than MAX_AGE and any vote came in since. A results read recomputes a stale one itself only while
the vote matrix is small (INLINE_VOTES); larger ones are left to the worker (`recompute_stale`), so a read
never waits on clustering a big matrix.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from participation.consultations.analysis import clustering
from participation.consultations.models import OpinionGroups, Question, Statement, StatementVote
from participation.consultations.storage import snapshots

log = logging.getLogger(__name__)

STALE_SHARE = 0.10
MAX_AGE = timedelta(minutes=10)
INLINE_VOTES = 20_000
BATCH = 50_000


def is_stale(stored: OpinionGroups | None, *, votes_cast: int, now: datetime) -> bool:
    if stored is None:
        return votes_cast > 0
    new = votes_cast - stored.votes_cast
    if new <= 0:
        return False
    return new > STALE_SHARE * stored.votes_cast or now - stored.computed_at > MAX_AGE


async def _votes(question_id: int) -> list[tuple[int, int, str]]:
    # Only published statements take part; read in id-ordered batches so memory stays flat per batch.
    published = set(await Statement.filter(question_id=question_id, status="published").values_list("id", flat=True))
    votes: list[tuple[int, int, str]] = []
    after = 0
    while True:
        rows = (
            await StatementVote.filter(question_id=question_id, id__gt=after)
            .order_by("id")
            .limit(BATCH)
            .values_list("id", "user_id", "statement_id", "vote")
        )
        votes += [(user, statement, vote) for _id, user, statement, vote in rows if statement in published]
        if len(rows) < BATCH:
            return votes
        after = rows[-1][0]


@snapshots.changes_results
async def compute(question_id: int, *, now: datetime) -> OpinionGroups:
    """Cluster the votes of this statements question now and store the result."""
    question = await Question.get(id=question_id)
    votes_cast = question.votes_cast
    result = clustering.cluster(await _votes(question_id))
    values = {
        "computed_at": now,
        "votes_cast": votes_cast,
        "participants": result.participants,
        "groups": [
            {
                "size": g.size,
                "representative": g.representative,
                # JSON object keys are text.
                "directions": {str(k): v for k, v in g.directions.items()},
                "agree_rates": {str(k): v for k, v in g.agree_rates.items()},
            }
            for g in result.groups
        ],
        "divide": result.divide,
        "unite": result.unite,
    }
    async with in_transaction():
        stored, _created = await OpinionGroups.update_or_create(defaults=values, question_id=question_id)
    return stored


async def current(question: Question, *, now: datetime, inline_votes: int = INLINE_VOTES) -> OpinionGroups | None:
    """The stored groups, recomputed first if stale and small enough; None while there are no votes."""
    stored = await OpinionGroups.get_or_none(question_id=question.id)
    if is_stale(stored, votes_cast=question.votes_cast, now=now) and question.votes_cast <= inline_votes:
        stored = await compute(question.id, now=now)
    return stored


async def recompute_stale(*, now: datetime) -> int:
    """For the worker: recompute every stale clustering; the number recomputed."""
    done = 0
    questions = await Question.filter(kind="statements", votes_cast__gt=0)
    for question in questions:
        stored = await OpinionGroups.get_or_none(question_id=question.id)
        if not is_stale(stored, votes_cast=question.votes_cast, now=now):
            continue
        try:
            await compute(question.id, now=now)
            done += 1
        except Exception:
            log.exception("opinion groups of question %s failed", question.id)
    return done
