"""Every stored counter of consultations is changed here, and only here.

Answers: Option.count, ScaleTally.count, Question.answer_count and Consultation.response_count, through
`Deltas`. Statement votes: Statement.agree/disagree/passed and Question.votes_cast, through `count_vote`.

Answering one response and answering a batch of them share this: the changes are summed first, then each
counter row gets one atomic UPDATE (count = count + delta), options, scale tallies and questions each in
ascending order, so two transactions (in this process or another) never wait on each other in a cycle.
The UPDATEs of one table go to the database as one statement run for many rows (bulk.add_to_each).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import F

from participation.consultations.models import Consultation, Option, Question, ScaleTally, Statement
from participation.consultations.storage import bulk


@dataclass
class Deltas:
    options: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    tallies: defaultdict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    answered: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    # New responses per consultation (a replaced response is not a new one).
    responses: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, kind: str, question_id: int, value: Any, sign: int) -> None:
        """Count (sign +1) or uncount (sign -1) one answer of a question of this kind."""
        self.answered[question_id] += sign
        if kind == "single_choice":
            self.options[value] += sign
        elif kind == "multiple_choice":
            for option_id in value:
                self.options[option_id] += sign
        elif kind == "scale":
            self.tallies[(question_id, value)] += sign

    async def apply(self) -> None:
        """One atomic UPDATE per counter that changed (a change that cancels out costs nothing), run as one
        statement for many rows per table, in ascending order."""
        await bulk.add_to_each(Option, "count", [((oid,), d) for oid, d in sorted(self.options.items()) if d])
        await bulk.add_to_each(
            ScaleTally,
            "count",
            [((qid, value), d) for (qid, value), d in sorted(self.tallies.items()) if d],
            key=("question_id", "value"),
        )
        await bulk.add_to_each(Question, "answer_count", [((qid,), d) for qid, d in sorted(self.answered.items()) if d])
        await bulk.add_to_each(
            Consultation, "response_count", [((cid,), d) for cid, d in sorted(self.responses.items()) if d]
        )


# The counter column of each vote.
VOTE_COLUMNS = {"agree": "agree", "disagree": "disagree", "pass": "passed"}


async def count_vote(statement_id: int, question_id: int, *, old: str | None, new: str) -> None:
    """A first vote (old None) or a changed one: the statement's columns move by one, atomically, and the
    question's `votes_cast` (what tells the opinion groups they are stale) grows by one either way."""
    changes = {VOTE_COLUMNS[new]: F(VOTE_COLUMNS[new]) + 1}
    if old is not None:
        changes[VOTE_COLUMNS[old]] = F(VOTE_COLUMNS[old]) - 1
    await Statement.filter(id=statement_id).update(**changes)
    await Question.filter(id=question_id).update(votes_cast=F("votes_cast") + 1)
