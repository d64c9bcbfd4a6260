""" "Download my data" holds the person's moderation records: the reports they made, the decisions about their
content with the statement of reasons, their appeals and suspensions; never who reported them or who decided."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from participation.consultations.services import statements
from participation.moderation import services
from tests.support.consultation_pages import park_in, real_now
from tests.support.web import make_user, sign_in

pytestmark = pytest.mark.usefixtures("orm")


async def test_my_data_holds_my_reports_the_decisions_about_me_and_my_appeals(client):
    park = await park_in("open")
    question = park.question("statements").id
    me = await make_user("schrijver@example.nl")
    other = await make_user("buurvrouw@example.nl")
    mod = await make_user("mod@example.nl", "moderator")
    now = real_now()
    # I report a seeded statement; someone else reports mine.
    await services.report(
        f"statement:{park.statement(0)}", reason="off_topic", note="Gaat over iets anders.", by=me, now=now, threshold=3
    )
    mine = await statements.propose_statement(question, text="Mail jan@example.nl", by=me, now=now)
    hidden = await services.decide(
        mine.ref, action="hide", ground="law_gdpr", facts="Een e-mailadres.", by=mod, now=now
    )
    await services.appeal(hidden.id, text="Het is mijn eigen adres.", by=me, now=now)
    await services.restrict(
        mine.ref,
        action="suspend",
        ground="terms_privacy",
        facts="Weer een adres.",
        until=now + timedelta(days=3),
        by=mod,
        now=now,
    )
    # Another person's records are not mine.
    await services.report(f"statement:{park.statement(1)}", reason="spam", by=other, now=now, threshold=3)

    await sign_in(client, "schrijver@example.nl")
    data = (await client.get("/account/my-data")).json()
    assert data["moderation_reports_made"] == [
        {
            "ref": f"statement:{park.statement(0)}",
            "reason": "off_topic",
            "note": "Gaat over iets anders.",
            "created_at": now.isoformat(),
        }
    ]
    decisions = data["moderation_decisions_about_me"]
    assert [d["action"] for d in decisions] == ["hide", "suspend"]
    statement = decisions[0]["statement"]
    assert statement["facts"] == "Een e-mailadres." and statement["ground"] == "law_gdpr"
    assert statement["ground_text"] and statement["ground_text"] != "law_gdpr"
    assert statement["automated_detection"] is True and statement["automated_decision"] is False
    assert (
        statement["source"] == "rule" and "appeal" in statement["redress"].lower() or "bezwaar" in statement["redress"]
    )
    assert decisions[1]["statement"]["until"] is not None
    [appeal] = data["moderation_appeals"]
    assert (
        appeal["decision_id"] == hidden.id
        and appeal["text"] == "Het is mijn eigen adres."
        and appeal["status"] == "waiting"
    )
    assert len(data["moderation_account"]["suspensions"]) == 1
    text = json.dumps(data)
    # Nobody else is named: not the moderator, not another reporter.
    assert "mod@example.nl" not in text and "buurvrouw" not in text and f'"moderator_id": {mod.id}' not in text
