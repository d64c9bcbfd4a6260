"""The public figures of moderation per month, for /transparency and its open data, counted from what moderation
stores (reports, decisions, appeals and the append-only log): nothing here names a person or a text.

What is counted, per calendar month (UTC):
- reports per reason, by the month they were made;
- decisions per action (keep, hide, restore, warn, suspend) and per ground, by the month they were taken;
- automated means: texts an automatic rule found something in (rule hits in the log), content hidden
  automatically because enough people reported it, decisions on content a rule detected, and decisions taken
  by automated means (none so far: a person decides everything);
- appeals made (by the month made) and appeals decided (by the month decided): upheld when the new decision has
  the same effect as the one appealed (hidden stays hidden, visible stays visible), changed otherwise;
- the median time from the moment content came to the queue (its first report, a rule hit, or being held back
  for pre-moderation) to the decision about it, for the decisions of the month that closed a queue item
  (decisions on an appeal and warnings or suspensions of an account are not timed).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from participation.exports import Document, csv_line
from participation.moderation import rules
from participation.moderation.models import Appeal, LogEntry, ModerationDecision, Report

ALL_ACTIONS = (*rules.ACTIONS, *rules.ACCOUNT_ACTIONS)
# The log events that bring content to the queue: the timer of "time to decision" starts at the first.
STARTS = ("report", "rule_hit", "held")
# How many months the page shows; the open data has every month.
PAGE_MONTHS = 12
VISIBLE = {"keep": "visible", "restore": "visible", "hide": "hidden"}


def month_of(moment: datetime) -> str:
    moment = moment.astimezone(UTC) if moment.tzinfo else moment
    return f"{moment.year:04d}-{moment.month:02d}"


def months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


@dataclass
class Month:
    month: str
    reports: dict[str, int] = field(default_factory=lambda: dict.fromkeys(rules.REASONS, 0))
    decisions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ALL_ACTIONS, 0))
    grounds: dict[str, int] = field(default_factory=lambda: dict.fromkeys(rules.GROUNDS, 0))
    rule_hits: int = 0
    hidden_by_reports: int = 0
    detected: int = 0
    automated: int = 0
    appeals_made: int = 0
    appeals_upheld: int = 0
    appeals_changed: int = 0
    # Hours from coming to the queue to the decision, one per timed decision.
    hours: list[float] = field(default_factory=list)

    @property
    def reports_total(self) -> int:
        return sum(self.reports.values())

    @property
    def decisions_total(self) -> int:
        return sum(self.decisions.values())

    @property
    def appeals_decided(self) -> int:
        return self.appeals_upheld + self.appeals_changed

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.hours), 1) if self.hours else None

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "reports": self.reports,
            "decisions": self.decisions,
            "grounds": self.grounds,
            "automated_means": {
                "rule_hits": self.rule_hits,
                "hidden_by_reports": self.hidden_by_reports,
                "decisions_on_detected_content": self.detected,
                "decisions_automated": self.automated,
            },
            "appeals": {
                "made": self.appeals_made,
                "decided": self.appeals_decided,
                "upheld": self.appeals_upheld,
                "changed": self.appeals_changed,
            },
            "median_hours_to_decision": self.median_hours,
            "decisions_timed": len(self.hours),
        }


@dataclass
class Figures:
    # Oldest first.
    months: list[Month]

    @property
    def empty(self) -> bool:
        return not any(m.reports_total or m.decisions_total or m.rule_hits or m.appeals_made for m in self.months)

    def last(self, count: int = PAGE_MONTHS) -> list[Month]:
        return self.months[-count:]


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def timed(entries: Iterable[tuple[str, str, datetime, dict[str, Any]]]) -> list[tuple[datetime, float]]:
    """(decision time, hours waited) for each decision that closed a queue item, from the log's (ref, event,
    time, detail) in the order written: the timer starts at the first report, rule hit or hold after the last
    decision on the ref; a decision on an appeal, and a warning or suspension, are not timed."""
    started: dict[str, datetime] = {}
    appealed: set[str] = set()
    found = []
    for ref, event, moment, detail in entries:
        if event in STARTS:
            started.setdefault(ref, moment)
        elif event == "appeal":
            appealed.add(ref)
        elif event == "decision":
            if detail.get("action") in rules.ACCOUNT_ACTIONS:
                continue
            start = started.pop(ref, None)
            if ref in appealed:
                appealed.discard(ref)
            elif start is not None:
                found.append((moment, _hours(start, moment)))
    return found


async def figures(viewer: Any = None, *, now: datetime) -> Figures:
    """Every month from the first thing moderation stored to `now`'s month (just `now`'s month when nothing
    happened yet). A few plain queries of the columns counted; the counting is done here."""
    months: dict[str, Month] = defaultdict(lambda: Month(""))

    def at(moment: datetime) -> Month:
        key = month_of(moment)
        found = months[key]
        found.month = key
        return found

    for reason, moment in await Report.all().values_list("reason", "created_at"):
        if reason in rules.REASONS:
            at(moment).reports[reason] += 1
    decisions = await ModerationDecision.all().values_list(
        "id", "action", "ground", "detected", "automated", "created_at"
    )
    actions = {}
    for decision_id, action, ground, detected, automated, moment in decisions:
        actions[decision_id] = action
        month = at(moment)
        month.decisions[action] = month.decisions.get(action, 0) + 1
        month.grounds[ground] = month.grounds.get(ground, 0) + 1
        month.detected += bool(detected)
        month.automated += bool(automated)
    appeals = await Appeal.all().values_list("decision_id", "outcome_id", "status", "created_at", "decided_at")
    for appealed, outcome, status, made, decided in appeals:
        at(made).appeals_made += 1
        if status == "decided" and decided is not None:
            same = VISIBLE.get(actions.get(appealed, "")) == VISIBLE.get(actions.get(outcome, ""), "?")
            if same:
                at(decided).appeals_upheld += 1
            else:
                at(decided).appeals_changed += 1
    log = await (
        LogEntry.filter(event__in=[*STARTS, "appeal", "decision", "hidden_by_reports"])
        .order_by("id")
        .values_list("ref", "event", "created_at", "detail")
    )
    for _ref, event, moment, _detail in log:
        if event == "rule_hit":
            at(moment).rule_hits += 1
        elif event == "hidden_by_reports":
            at(moment).hidden_by_reports += 1
    for moment, hours in timed(log):
        at(moment).hours.append(hours)
    last = month_of(now)
    first = min([*months, last])
    filled = [months[key] if key in months else Month(key) for key in months_between(first, last)]
    return Figures(filled)


# --- open data ---------------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "month",
    *(f"reports_{reason}" for reason in rules.REASONS),
    "reports_total",
    *(f"decisions_{action}" for action in ALL_ACTIONS),
    "decisions_total",
    *(f"ground_{ground}" for ground in rules.GROUNDS),
    "rule_hits",
    "hidden_by_reports",
    "decisions_on_detected_content",
    "decisions_automated",
    "appeals_made",
    "appeals_decided",
    "appeals_upheld",
    "appeals_changed",
    "median_hours_to_decision",
    "decisions_timed",
]


def csv_row(month: Month) -> list[Any]:
    return [
        month.month,
        *(month.reports[reason] for reason in rules.REASONS),
        month.reports_total,
        *(month.decisions.get(action, 0) for action in ALL_ACTIONS),
        month.decisions_total,
        *(month.grounds.get(ground, 0) for ground in rules.GROUNDS),
        month.rule_hits,
        month.hidden_by_reports,
        month.detected,
        month.automated,
        month.appeals_made,
        month.appeals_decided,
        month.appeals_upheld,
        month.appeals_changed,
        "" if month.median_hours is None else month.median_hours,
        len(month.hours),
    ]


async def open_data(*, now: datetime) -> Document:
    """The figures of every month as CSV (one row a month) and JSON: public, like the page."""
    found = await figures(now=now)
    return Document(
        name="moderation-figures",
        csv=lambda: "".join([csv_line(CSV_COLUMNS), *(csv_line(csv_row(m)) for m in found.months)]),
        json=lambda: {
            "about": "Moderation on Samenspraak per calendar month (UTC); see /transparency for what is counted.",
            "grounds": {key: rules.ground_label(key) for key in rules.GROUNDS},
            "months": [m.as_json() for m in found.months],
        },
    )
