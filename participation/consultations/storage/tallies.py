"""The stored tallies of answers: what a change of answers does to the counters, applied in one lock order.

Answering one response and answering a batch of them share this: the changes are summed first, then each
counter row gets one atomic UPDATE (count = count + delta), options, scale tallies and questions each in
ascending order, so two transactions (in this process or another) never wait on each other in a cycle.
The UPDATEs of one table go to the database as one statement run for many rows (bulk.add_to_each).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from participation.consultations.models import Option, Question, ScaleTally
from participation.consultations.storage import bulk


@dataclass
class Deltas:
    options: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    tallies: defaultdict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    answered: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))

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
