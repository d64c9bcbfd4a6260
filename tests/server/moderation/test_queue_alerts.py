"""Moderators may choose, on their account page, a mail when the moderation queue grows: it says how many items
wait and links to the queue, comes at most once an hour per moderator, and a failing mail never stops the
report or the proposal that made the queue grow."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.consultations.models import Statement
from participation.mail.models import OutboxMail
from participation.moderation import alerts, services
from participation.moderation.models import Report
from tests.support.consultation_pages import in_english, park_in, real_now, text_of
from tests.support.mail import link_in, mails_to
from tests.support.web import make_user, post_form, sign_in, token_for

pytestmark = pytest.mark.usefixtures("orm")


async def choose_alerts(client, email: str, wants: bool = True) -> None:
    await sign_in(in_english(client), email)
    response = await post_form(client, "/moderation/alerts", {"alerts": "on"} if wants else {}, page="/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/account#queue-alerts"


async def report(client, ref: str, email: str) -> int:
    await make_user(email)
    response = await client.post(
        "/api/v1/reports", json={"ref": ref, "reason": "spam"}, headers=await token_for(client, email)
    )
    return response.status_code


async def test_a_moderator_who_chose_it_gets_one_mail_an_hour_with_the_count_and_the_link(client):
    park = await park_in("open")
    await make_user("mod@example.nl", "moderator")
    await make_user("rustig@example.nl", "moderator")
    await choose_alerts(client, "mod@example.nl")
    page = (await client.get("/account")).text
    assert 'value="on" aria-describedby="hint-queue-alerts" checked' in page
    assert await report(client, f"statement:{park.statement(0)}", "melder0@example.nl") == 201
    [mail] = await mails_to("mod@example.nl")
    # In the moderator's language (Dutch by default): how many wait, and the full link to the queue.
    assert mail.subject == "1 bericht wacht in de moderatiewachtrij"
    assert link_in(mail, "/moderation") == "/moderation" and "http://" in mail.body
    # A second item within the hour: no second mail.
    assert await report(client, f"statement:{park.statement(1)}", "melder1@example.nl") == 201
    assert len(await mails_to("mod@example.nl")) == 1
    # Nobody who did not choose it gets one.
    assert await mails_to("rustig@example.nl") == []
    # An hour later the queue grows again: a mail with the count now.
    await services.report(
        f"statement:{park.statement(2)}",
        reason="spam",
        by=await make_user("melder2@example.nl"),
        now=real_now() + timedelta(hours=1, minutes=1),
        threshold=3,
    )
    second = (await mails_to("mod@example.nl"))[1]
    assert second.subject == "3 berichten wachten in de moderatiewachtrij"


async def test_a_repeat_report_of_a_waiting_item_is_no_growth(client):
    park = await park_in("open")
    await make_user("mod@example.nl", "moderator")
    await choose_alerts(client, "mod@example.nl")
    ref = f"statement:{park.statement(0)}"
    assert await report(client, ref, "melder0@example.nl") == 201
    await OutboxMail.all().delete()
    await alerts.QueueAlert.all().update(last_sent_at=None)
    # Another reporter of the same waiting item: the queue did not grow.
    assert await report(client, ref, "melder1@example.nl") == 201
    assert await mails_to("mod@example.nl") == []


async def test_a_moderator_can_turn_it_off_and_citizens_cannot_choose_it(client):
    park = await park_in("open")
    await make_user("mod@example.nl", "moderator")
    await choose_alerts(client, "mod@example.nl")
    await choose_alerts(client, "mod@example.nl", wants=False)
    assert "no longer get a mail" in text_of((await client.get("/account")).text)
    assert await report(client, f"statement:{park.statement(0)}", "melder0@example.nl") == 201
    assert await mails_to("mod@example.nl") == []
    client.cookies.clear()
    await make_user("burger@example.nl")
    await sign_in(in_english(client), "burger@example.nl")
    assert "Mail me when the moderation queue grows" not in (await client.get("/account")).text
    response = await post_form(client, "/moderation/alerts", {"alerts": "on"}, page="/account")
    assert response.status_code == 403


async def test_a_failing_mail_never_blocks_the_report_or_the_proposal(client, monkeypatch):
    park = await park_in("open")
    await make_user("mod@example.nl", "moderator")
    await choose_alerts(client, "mod@example.nl")

    async def broken(**kwargs):
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr(alerts, "queue_mail", broken)
    ref = f"statement:{park.statement(0)}"
    assert await report(client, ref, "melder0@example.nl") == 201
    assert await Report.filter(ref=ref).count() == 1
    await make_user("schrijver@example.nl")
    proposed = await client.post(
        f"/api/v1/questions/{park.question('statements').id}/statements",
        json={"text": "Meer bankjes bij de vijver"},
        headers=await token_for(client, "schrijver@example.nl"),
    )
    assert proposed.status_code == 201
    assert await Statement.filter(status="pending").count() == 1
    assert await OutboxMail.filter(to="mod@example.nl").count() == 0
