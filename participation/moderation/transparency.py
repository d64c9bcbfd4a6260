"""The public figures of moderation for /transparency, counted from what moderation stores (reports, the
append-only log, decisions, appeals): nothing here names a person or a text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.functions import Count

from participation.moderation import rules
from participation.moderation.models import Appeal, LogEntry, ModerationDecision, Report


@dataclass
class Figures:
    reports: dict[str, int]
    decisions: dict[str, int]
    grounds: dict[str, int]
    # Decisions taken by automated means, and those on content a rule detected.
    automated: dict[bool, int]
    detected: int
    rule_hits: int
    hidden_by_reports: int
    appeals: int
    # The action of each decided appeal's outcome.
    appeal_outcomes: dict[str, int]


async def _grouped(query: Any, column: str) -> dict[Any, int]:
    rows = await query.annotate(n=Count("id")).group_by(column).values_list(column, "n")
    return {key: n for key, n in rows}


async def figures(viewer: Any = None, *, now: datetime | None = None) -> Figures:
    """Counts per reason, action, ground and automation, all time (a few grouped queries)."""
    reports = await _grouped(Report.all(), "reason")
    decisions = await _grouped(ModerationDecision.all(), "action")
    outcomes = await _grouped(Appeal.filter(status="decided"), "outcome__action")
    return Figures(
        reports={reason: reports.get(reason, 0) for reason in rules.REASONS},
        decisions={action: decisions.get(action, 0) for action in rules.ACTIONS},
        grounds=await _grouped(ModerationDecision.all(), "ground"),
        automated={True: 0, False: 0} | await _grouped(ModerationDecision.all(), "automated"),
        detected=await ModerationDecision.filter(detected=True).count(),
        rule_hits=await LogEntry.filter(event="rule_hit").count(),
        hidden_by_reports=await LogEntry.filter(event="hidden_by_reports").count(),
        appeals=await Appeal.all().count(),
        appeal_outcomes={action: outcomes.get(action, 0) for action in rules.ACTIONS},
    )
