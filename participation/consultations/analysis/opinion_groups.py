"""Stored opinion groups per statements question: computed from the votes, recomputed only when stale.

Results read the stored clustering and never compute one: a request never waits on clustering. The monitor
(`recompute_stale`, every round) recomputes the stale ones: a clustering is stale when any vote came in since
and the question is small (FRESH_VOTES votes at most: cheap, so always current), more than STALE_SHARE new
votes came in, or it is older than MAX_AGE. Pages show the last result and when it was computed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from participation import sql
from participation.consultations.analysis import clustering
from participation.consultations.models import OpinionGroups, Question, Statement, StatementVote
from participation.consultations.storage import snapshots

log = logging.getLogger(__name__)

STALE_SHARE = 0.10
MAX_AGE = timedelta(minutes=10)
FRESH_VOTES = 20_000


def is_stale(stored: OpinionGroups | None, *, votes_cast: int, now: datetime) -> bool:
    if stored is None:
        return votes_cast > 0
    new = votes_cast - stored.votes_cast
    if new <= 0:
        return False
    return votes_cast <= FRESH_VOTES or new > STALE_SHARE * stored.votes_cast or now - stored.computed_at > MAX_AGE


async def _votes(question_id: int) -> list[tuple[int, int, str]]:
    """The votes on the published statements of a question: one query, rows as the driver gives them (building
    a model or a converted tuple per vote would cost more than the clustering of 250,000 votes)."""
    db = StatementVote._meta.db
    [mark] = sql.marks(db, 1)
    _count, rows = await db.execute_query(
        'SELECT v."user_id", v."statement_id", v."vote" FROM "statement_votes" v '
        'JOIN "statements" s ON s."id" = v."statement_id" '
        f'WHERE v."question_id" = {mark} AND s."status" = \'published\'',
        [question_id],
    )
    return [(row[0], row[1], row[2]) for row in rows]


@snapshots.changes_results
async def compute(question_id: int, *, now: datetime) -> OpinionGroups:
    """Cluster the votes of this statements question now and store the result."""
    question = await Question.get(id=question_id)
    votes_cast = question.votes_cast
    masked = await Statement.filter(question_id=question_id, status="hidden").count()
    result = clustering.cluster(await _votes(question_id), masked=masked)
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
                "shares": {str(k): list(v) for k, v in g.shares.items()},
                # Where the group's members sit on the map (PCA space), rounded: the map needs no more.
                "points": [
                    [round(x, 3), round(y, 3)]
                    for p, (x, y) in sorted(result.points.items())
                    if result.assignment[p] == index
                ],
            }
            for index, g in enumerate(result.groups)
        ],
        "divide": result.divide,
        "unite": result.unite,
    }
    async with in_transaction():
        stored, _created = await OpinionGroups.update_or_create(defaults=values, question_id=question_id)
    return stored


async def current(question: Question) -> OpinionGroups | None:
    """The stored groups as last computed (by the monitor); None until they first are."""
    return await OpinionGroups.get_or_none(question_id=question.id)


@dataclass(frozen=True)
class Waiting:
    """Why a statements question shows no groups, and what it takes for them to appear."""

    # Published statements, and how many of them a person must vote on to be placed (Pol.is: 7, or all).
    statements: int
    votes_needed: int
    # People needed to find groups at all, and how many have voted on enough statements so far.
    people_needed: int
    people_ready: int
    # Whether the stored groups (if any) were computed from the votes as they are now.
    up_to_date: bool

    @property
    def state(self) -> str:
        """ "few_statements" or "few_votes" (not enough to find groups), "calculating" (enough: the monitor has yet
        to compute them), or "no_groups" (computed from these votes, and they split into no groups)."""
        if self.statements < 2:
            return "few_statements"
        if self.people_ready < self.people_needed:
            return "few_votes"
        return "no_groups" if self.up_to_date else "calculating"


async def waiting(question: Question, *, stored: OpinionGroups | None) -> Waiting:
    """For a question without groups to show: how far its votes are from groups (one grouped count query)."""
    published = await Statement.filter(question_id=question.id, status="published").count()
    needed = min(clustering.MIN_VOTES, published)
    db = StatementVote._meta.db
    first, second = sql.marks(db, 2)
    ready = 0
    if published >= 2:
        _count, rows = await db.execute_query(
            'SELECT COUNT(*) FROM (SELECT v."user_id" FROM "statement_votes" v '
            'JOIN "statements" s ON s."id" = v."statement_id" '
            f'WHERE v."question_id" = {first} AND s."status" = \'published\' '
            f'GROUP BY v."user_id" HAVING COUNT(*) >= {second}) AS placed',
            [question.id, needed],
        )
        ready = int(rows[0][0])
    return Waiting(
        statements=published,
        votes_needed=needed,
        people_needed=clustering.MIN_PARTICIPANTS,
        people_ready=ready,
        up_to_date=stored is not None and stored.votes_cast >= question.votes_cast,
    )


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
