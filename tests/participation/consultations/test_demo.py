from __future__ import annotations

import re
from datetime import UTC, datetime

from participation import demo
from participation.consultations import repository
from participation.consultations.demo import DEMO_CITIZENS
from participation.consultations.models import (
    Answer,
    Consultation,
    Decision,
    Option,
    Question,
    Response,
    Statement,
    StatementVote,
)
from participation.consultations.services import results
from participation.mail.models import OutboxMail
from server.app import create_app

NOW = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)


async def seed_demo(settings) -> None:
    router = create_app(settings).router

    def link_to(name: str, **params: object) -> str:
        """What `samenspraak seed-demo` passes: the site's address and the app's own route."""
        return "https://inspraak.example.nl" + str(router.url_path_for(name, **params))

    await demo.seed(now=NOW, link_to=link_to)


async def test_the_demo_has_a_consultation_in_every_state_with_answers(orm, settings):
    await seed_demo(settings)
    statuses = {c.title: c.status for c in await Consultation.all()}
    assert sorted(statuses.values()) == ["closed", "decided", "draft", "open"]
    official = await demo.User.get(email="ambtenaar@demo.samenspraak.nl")
    index = await repository.consultation_index(viewer=None, now=NOW)
    assert [c.status for c in index] == ["open", "decided", "closed"]
    for consultation in index:
        found = await results.results(consultation.id, viewer=official, now=NOW)
        assert found.responses > DEMO_CITIZENS // 2
        kinds = {q.kind for q in found.questions}
        assert {"single_choice", "scale", "text"} <= kinds
        for q in found.questions:
            if q.kind in ("single_choice", "multiple_choice"):
                assert sum(o.count for o in q.options) >= q.answered > 0
            if q.kind == "scale":
                assert sum(q.distribution.values()) == q.answered
            if q.kind == "statements":
                assert sum(s.votes for s in q.statements) > 0
                assert len(q.opinion.groups) >= 2
    decided = next(c for c in index if c.status == "decided")
    decision = await Decision.get(consultation_id=decided.id)
    assert "Julianapark" in decision.summary
    # Everyone who answered the decided consultation (a response or a statement vote) was told, once.
    responded = await Response.filter(consultation_id=decided.id).values_list("user_id", flat=True)
    voted = await StatementVote.filter(question__consultation_id=decided.id).values_list("user_id", flat=True)
    told = await OutboxMail.filter(subject__contains="Julianapark").values_list("to", flat=True)
    assert len(told) == len(set(told)) == len(set(responded) | set(voted)) >= decided.response_count
    # The mails carry a full link, usable in a mail client.
    mail = await OutboxMail.filter(subject__contains="Julianapark").first()
    assert f"https://inspraak.example.nl/consultations/{decided.id}" in mail.body
    assert await Statement.filter(status="pending").count() == 2


# The interface says "je"; the demo content must not switch to the formal "u" / "uw".
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)


async def test_the_demo_content_speaks_je_like_the_interface(orm, settings):
    await seed_demo(settings)
    texts = [
        *[t for c in await Consultation.all() for t in (c.title, c.summary, c.body)],
        *[t for q in await Question.all() for t in (q.prompt, q.min_label, q.max_label, q.outcome)],
        *await Option.all().values_list("label", flat=True),
        *await Statement.all().values_list("text", flat=True),
        *[t for d in await Decision.all() for t in (d.summary, d.body)],
        *await Answer.exclude(text="").values_list("text", flat=True),
    ]
    assert len(texts) > 100
    assert [t for t in texts if FORMAL.search(t)] == []
    # No links to made-up sites (the demo once pointed to www.example.nl).
    assert [t for t in texts if "example." in t] == []
