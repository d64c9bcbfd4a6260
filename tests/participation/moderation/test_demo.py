"""The demo has moderation to show: reported content waiting in the queue (one item hidden by reports), rule
hits, decisions with a statement of reasons and an appeal decided by the other moderator; all its texts say
"je", like the interface."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from participation import demo
from participation.moderation.models import Appeal, LogEntry, ModerationDecision, ModerationItem, Report
from server.app import create_app

NOW = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)


async def test_the_demo_shows_every_part_of_moderation(orm, settings):
    router = create_app(settings).router
    await demo.seed(
        now=NOW, link_to=lambda name, **params: "https://inspraak.example.nl" + str(router.url_path_for(name, **params))
    )
    waiting = await ModerationItem.filter(status="waiting").order_by("-reports")
    assert len(waiting) >= 3 and waiting[0].reports == 3
    assert await Report.filter(reason="off_topic").count() == 2
    assert await LogEntry.filter(event="rule_hit").count() >= 1
    assert await LogEntry.filter(event="hidden_by_reports").count() == 1
    decisions = await ModerationDecision.all().order_by("id")
    assert {d.action for d in decisions} == {"keep", "hide"}
    assert all(d.facts and d.redress for d in decisions)
    [appeal] = await Appeal.all().prefetch_related("decision", "outcome")
    assert appeal.status == "decided" and appeal.outcome.moderator_id != appeal.decision.moderator_id
    texts = [
        *(d.facts for d in decisions),
        appeal.text,
        *await Report.all().values_list("note", flat=True),
    ]
    assert [t for t in texts if FORMAL.search(t)] == []
