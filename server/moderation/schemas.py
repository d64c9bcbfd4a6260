"""The shapes of moderation's JSON API (see API.md: reports, the queue, a decision with its statement)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from participation.moderation.models import Appeal, ModerationDecision
from participation.moderation.services import QueueEntry
from participation.paging import Page
from server.api.base import Cursor, Input, Limit, Output, Query, Time


class ReportIn(Input):
    ref: str = Field(max_length=40, description='the content, "KIND:ID"')
    reason: str = Field(max_length=20, description="spam, abuse, personal_data, off_topic or illegal")
    note: str = Field(default="", max_length=1000)


class ReportOut(Output):
    id: int
    ref: str
    reason: str
    note: str
    created_at: Time


class QueueQuery(Query):
    cursor: Cursor = None
    limit: Limit = 20


class QueueReportOut(Output):
    reason: str
    note: str
    created_at: Time


class QueueContentOut(Output):
    text: str
    state: str
    author_id: int | None
    created_at: Time
    title: str


class EarlierDecisionOut(Output):
    id: int
    ref: str
    action: str
    ground: str
    created_at: Time


class QueueItemOut(Output):
    ref: str
    waiting_since: Time
    held: bool
    content: QueueContentOut | None
    reports: list[QueueReportOut]
    hits: list[dict[str, str]]
    earlier_decisions: list[EarlierDecisionOut]
    # The author's appeal waiting here, if any: another moderator than `appealed_by` decides it.
    appeal: dict[str, Any] | None = None


class QueueOut(Output):
    items: list[QueueItemOut]
    next: str | None


class DecisionIn(Input):
    ref: str = Field(max_length=40, description='the content, "KIND:ID"')
    action: str = Field(max_length=10, description="keep, hide or restore")
    ground: str = Field(max_length=40, description="a clause of the terms of use or the law")
    facts: str = Field(max_length=4000, description="the facts and circumstances")


class StatementOut(Output):
    ground: str
    facts: str
    automated: bool
    redress: str


class DecisionOut(Output):
    id: int
    ref: str
    action: str
    statement: StatementOut
    created_at: Time


def decision_out(decision: ModerationDecision) -> dict[str, Any]:
    return DecisionOut(
        id=decision.id,
        ref=decision.ref,
        action=decision.action,
        statement=StatementOut(
            ground=decision.ground, facts=decision.facts, automated=decision.automated, redress=decision.redress
        ),
        created_at=decision.created_at,
    ).model_dump()


def queue_out(page: Page[QueueEntry]) -> dict[str, Any]:
    return QueueOut(
        items=[
            QueueItemOut(
                ref=entry.ref,
                waiting_since=entry.item.waiting_since,
                held=entry.item.held,
                content=QueueContentOut(
                    text=entry.content.text,
                    state=entry.content.state,
                    author_id=entry.content.author_id,
                    created_at=entry.content.created_at,
                    title=entry.content.title,
                )
                if entry.content
                else None,
                reports=[QueueReportOut(reason=r.reason, note=r.note, created_at=r.created_at) for r in entry.reports],
                hits=list(entry.item.hits),
                earlier_decisions=[
                    EarlierDecisionOut(id=d.id, ref=d.ref, action=d.action, ground=d.ground, created_at=d.created_at)
                    for d in entry.earlier
                ],
                appeal={
                    "id": entry.appeal.id,
                    "decision_id": entry.appeal.decision_id,
                    "text": entry.appeal.text,
                    "appealed_by_moderator": entry.appeal.decision.moderator_id,
                }
                if entry.appeal
                else None,
            )
            for entry in page.items
        ],
        next=page.next,
    ).model_dump()


class AppealIn(Input):
    text: str = Field(max_length=4000, description="why the decision should change")


class AppealOut(Output):
    id: int
    decision_id: int
    ref: str
    text: str
    status: str
    created_at: Time


def appeal_out(appeal: Appeal) -> dict[str, Any]:
    return AppealOut(
        id=appeal.id,
        decision_id=appeal.decision_id,
        ref=appeal.ref,
        text=appeal.text,
        status=appeal.status,
        created_at=appeal.created_at,
    ).model_dump()
