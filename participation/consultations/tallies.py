"""The stored tallies of answers: what a change of answers does to the counters, applied in one lock order.

Answering one response and answering a batch of them share this: the changes are summed first, then each
counter row gets one atomic UPDATE with an F() expression, options, scale tallies and questions each in
ascending id order, so two transactions (in this process or another) never wait on each other in a cycle.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import F

from participation.consultations.models import Option, Question, ScaleTally


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
        """One UPDATE per counter that changed (a change that cancels out costs nothing)."""
        for option_id, delta in sorted(self.options.items()):
            if delta:
                await Option.filter(id=option_id).update(count=F("count") + delta)
        for (question_id, value), delta in sorted(self.tallies.items()):
            if delta:
                await ScaleTally.filter(question_id=question_id, value=value).update(count=F("count") + delta)
        for question_id, delta in sorted(self.answered.items()):
            if delta:
                await Question.filter(id=question_id).update(answer_count=F("answer_count") + delta)
