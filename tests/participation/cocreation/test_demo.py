"""The co-creation demo: groups, and a task in every state with a living workspace and an accepted result,
in Dutch that says "je"."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from participation import demo
from participation.cocreation.models import ChecklistItem, Claim, Comment, Group, JoinRequest, Revision, Task
from participation.cocreation.services import tasks
from server.app import create_app

NOW = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)


async def test_the_demo_has_groups_and_a_task_in_every_state(orm, settings):
    router = create_app(settings).router
    await demo.seed(
        now=NOW, link_to=lambda name, **p: "https://inspraak.example.nl" + str(router.url_path_for(name, **p))
    )
    official = await demo.User.get(email="ambtenaar@demo.samenspraak.nl")
    states = sorted(v.state for v in await tasks.list_tasks(viewer=official))
    assert states == ["accepted", "claimed", "draft", "open", "open", "submitted"]
    assert await Group.all().count() == 3
    working = await Claim.get(status="active")
    revisions = await Revision.filter(claim=working).order_by("version")
    assert [r.version for r in revisions] == [1, 2, 3] and revisions[-1].merged
    assert "twee bomen" in revisions[-1].body and "Wat het kost" in revisions[-1].body
    assert await Comment.filter(claim=working).count() == 2
    assert await ChecklistItem.filter(claim=working, done_at__isnull=False).count() == 1
    assert (await Claim.get(status="accepted")).feedback
    waiting = await JoinRequest.get(status="pending").prefetch_related("group")
    assert waiting.group.name == "De Groene Buren" and waiting.message
    formal = re.compile(r"\b(u|uw|U|Uw)\b")
    texts = [t.title + t.description + t.deliverable for t in await Task.all()]
    texts += [g.name + g.description for g in await Group.all()]
    texts += [r.body for r in await Revision.all()] + [c.body for c in await Comment.all()]
    texts += [r.message for r in await JoinRequest.all()]
    assert not [t for t in texts if formal.search(t)]
