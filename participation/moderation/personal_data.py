"""This person's part in moderation, for "download my data": the reports they made, the decisions about their
content with the statement of reasons, their appeals, suspensions of their account and their mail choice.
Nothing names another person: not who reported their content, nor which moderator decided."""

from __future__ import annotations

from typing import Any

from participation.accounts.models import User
from participation.moderation import rules
from participation.moderation.models import Appeal, ModerationDecision, QueueAlert, Report, Suspension


def _time(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


async def reports_made(user: User) -> list[dict[str, Any]]:
    return [
        {"ref": r.ref, "reason": r.reason, "note": r.note, "created_at": _time(r.created_at)}
        for r in await Report.filter(reporter_id=user.id).order_by("id")
    ]


async def decisions_received(user: User) -> list[dict[str, Any]]:
    """Every decision about their content or account, with its statement of reasons (DSA art. 17(3))."""
    return [
        {
            "id": d.id,
            "ref": d.ref,
            "action": d.action,
            "statement": {
                "restriction": rules.action_label(d.action),
                "until": _time(d.until),
                "facts": d.facts,
                # What brought it: reports (by reason, not by whom), a rule, pre-moderation or own initiative.
                "source": d.source,
                "automated_detection": d.detected,
                "automated_decision": d.automated,
                "ground": d.ground,
                "ground_text": rules.ground_label(d.ground),
                "content_date": _time(d.content_created_at),
                "redress": d.redress,
            },
            "created_at": _time(d.created_at),
        }
        for d in await ModerationDecision.filter(author_id=user.id).order_by("id")
    ]


async def appeals(user: User) -> list[dict[str, Any]]:
    return [
        {
            "decision_id": a.decision_id,
            "ref": a.ref,
            "text": a.text,
            "status": a.status,
            "outcome_decision_id": a.outcome_id,
            "created_at": _time(a.created_at),
            "decided_at": _time(a.decided_at),
        }
        for a in await Appeal.filter(author_id=user.id).order_by("id")
    ]


async def account_restrictions(user: User) -> dict[str, Any]:
    alert = await QueueAlert.get_or_none(user_id=user.id)
    return {
        "suspensions": [
            {"decision_id": s.decision_id, "until": _time(s.until), "created_at": _time(s.created_at)}
            for s in await Suspension.filter(user_id=user.id).order_by("id")
        ],
        "queue_alert_mail": bool(alert and alert.wants),
    }
