"""Warning or suspending an author: a decision with a statement of reasons (with the end date); a suspended
account reads but cannot write (answers, votes, proposals, reports), and is told why and until when."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from participation.consultations.models import Answer, Statement
from participation.moderation.models import ModerationDecision, Suspension
from participation.notifications.models import Notification
from tests.support.consultation_pages import in_english, park_in, text_of
from tests.support.web import make_user, post_form, sign_in, token_for

pytestmark = pytest.mark.usefixtures("orm")

MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "en": "January February March April May June July August September October November December".split(),
}


def end_of(day: str, language: str) -> str:
    """A suspension "until 2026-12-08" as every page writes a moment: "8 december 2026, 23:59" (Amsterdam)."""
    found = date.fromisoformat(day)
    return f"{found.day} {MONTHS[language][found.month - 1]} {found.year}, 23:59"


async def proposed(client, park) -> Statement:
    author = await make_user("schrijver@example.nl")
    await client.post(
        f"/api/v1/questions/{park.question('statements').id}/statements",
        json={"text": "Meer bankjes bij de vijver"},
        headers=await token_for(client, "schrijver@example.nl"),
    )
    return await Statement.get(author_id=author.id)


async def restrict(client, ref: str, data: dict) -> object:
    await make_user("mod@example.nl", "moderator")
    await sign_in(in_english(client), "mod@example.nl")
    return await post_form(client, "/moderation/restrictions", {"ref": ref, **data}, page="/moderation")


async def test_a_suspended_author_reads_but_cannot_write(client):
    park = await park_in("open")
    statement = await proposed(client, park)
    until = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    response = await restrict(
        client,
        statement.ref,
        {"action": "suspend", "until": until, "ground": "terms_spam", "facts": "Steeds dezelfde reclame."},
    )
    assert response.status_code == 303
    decision = await ModerationDecision.get(action="suspend")
    assert decision.until is not None and decision.until.date().isoformat() == until
    assert await Suspension.filter(user_id=statement.author_id).count() == 1
    # In the author's language (Dutch by default), with the end at the end of that day, in the date style of the
    # pages (not "2026-12-08 23:59 UTC").
    told = await Notification.get(user_id=statement.author_id, kind="moderation_decision")
    assert f"geblokkeerd tot {end_of(until, 'nl')}:" in told.body and "UTC" not in told.body
    headers = await token_for(client, "schrijver@example.nl")
    # Reading works.
    assert (await client.get(f"/api/v1/consultations/{park.id}", headers=headers)).status_code == 200
    # Writing is refused, with the reason and the end.
    answer = await client.put(
        f"/api/v1/consultations/{park.id}/my-response", json={"answers": {str(park.text): "Hallo"}}, headers=headers
    )
    assert answer.status_code == 403
    assert f"suspended until {end_of(until, 'en')} (" in answer.json()["error"]["message"]
    assert "UTC" not in answer.json()["error"]["message"]
    vote = await client.put(f"/api/v1/statements/{park.statement(0)}/vote", json={"vote": "agree"}, headers=headers)
    assert vote.status_code == 403
    report = await client.post(
        "/api/v1/reports", json={"ref": f"statement:{park.statement(0)}", "reason": "spam"}, headers=headers
    )
    assert report.status_code == 403
    assert await Answer.all().count() == 0
    # On the page too: the form again with the reason.
    client.cookies.clear()
    await sign_in(in_english(client), "schrijver@example.nl")
    page = await post_form(client, f"/consultations/{park.id}/response", {f"q{park.text}": "Hallo"})
    assert page.status_code == 403
    assert f"Your account is suspended until {end_of(until, 'en')} (" in text_of(page.text)
    # The decision's own page says the same end.
    shown = await client.get(f"/moderation/decisions/{decision.id}")
    assert f"The account is suspended until {end_of(until, 'en')}: it can read" in text_of(shown.text)


async def test_a_warning_is_a_decision_and_the_author_still_writes(client):
    park = await park_in("open")
    statement = await proposed(client, park)
    response = await restrict(
        client, statement.ref, {"action": "warn", "until": "", "ground": "terms_respect", "facts": "Let op je toon."}
    )
    assert response.status_code == 303
    assert (await ModerationDecision.get(action="warn")).until is None
    headers = await token_for(client, "schrijver@example.nl")
    vote = await client.put(f"/api/v1/statements/{park.statement(0)}/vote", json={"vote": "agree"}, headers=headers)
    assert vote.status_code == 201


@pytest.mark.parametrize("until", ["", "2001-01-01", "not a date", "2999-01-01"])
async def test_a_suspension_needs_an_end_date_within_a_year(client, until):
    park = await park_in("open")
    statement = await proposed(client, park)
    response = await restrict(
        client, statement.ref, {"action": "suspend", "until": until, "ground": "terms_spam", "facts": "Reclame."}
    )
    assert response.status_code == 422
    assert await Suspension.all().count() == 0


async def test_an_appeal_decided_in_the_authors_favour_lifts_the_suspension(client):
    park = await park_in("open")
    statement = await proposed(client, park)
    until = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    await restrict(
        client, statement.ref, {"action": "suspend", "until": until, "ground": "terms_spam", "facts": "Reclame."}
    )
    suspended = await ModerationDecision.get(action="suspend")
    author = await token_for(client, "schrijver@example.nl")
    vote_url = f"/api/v1/statements/{park.statement(0)}/vote"
    assert (await client.put(vote_url, json={"vote": "agree"}, headers=author)).status_code == 403
    # A suspended author still appeals (reading and appealing are not writing).
    appealed = await client.post(
        f"/api/v1/moderation/decisions/{suspended.id}/appeal", json={"text": "Dit is geen reclame."}, headers=author
    )
    assert appealed.status_code == 201, appealed.text
    await make_user("tweede@example.nl", "moderator")
    second = await token_for(client, "tweede@example.nl")
    keep = {"ref": statement.ref, "action": "keep", "ground": "terms_compatible", "facts": "Geen reclame."}
    outcome = await client.post("/api/v1/moderation/decisions", json=keep, headers=second)
    assert outcome.status_code == 201, outcome.text
    assert (await client.put(vote_url, json={"vote": "agree"}, headers=author)).status_code == 201
    told = await Notification.filter(user_id=statement.author_id, kind="moderation_decision").order_by("-id").first()
    assert told is not None and "opgeheven" in told.body


async def test_an_appeal_of_a_suspension_that_goes_against_the_author_keeps_it(client):
    park = await park_in("open")
    statement = await proposed(client, park)
    until = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    await restrict(
        client, statement.ref, {"action": "suspend", "until": until, "ground": "terms_spam", "facts": "Reclame."}
    )
    suspended = await ModerationDecision.get(action="suspend")
    author = await token_for(client, "schrijver@example.nl")
    await client.post(f"/api/v1/moderation/decisions/{suspended.id}/appeal", json={"text": "Oneens."}, headers=author)
    await make_user("tweede@example.nl", "moderator")
    second = await token_for(client, "tweede@example.nl")
    hide = {"ref": statement.ref, "action": "hide", "ground": "terms_spam", "facts": "Toch reclame."}
    assert (await client.post("/api/v1/moderation/decisions", json=hide, headers=second)).status_code == 201
    vote = await client.put(f"/api/v1/statements/{park.statement(0)}/vote", json={"vote": "agree"}, headers=author)
    assert vote.status_code == 403
    told = await Notification.filter(user_id=statement.author_id, kind="moderation_decision").order_by("-id").first()
    assert told is not None and "opgeheven" not in told.body


@pytest.mark.parametrize("outcome", ["keep", "restore", "hide"])
async def test_an_appeal_of_a_suspension_changes_the_suspension_only_never_the_content(client, outcome):
    park = await park_in("open")
    waiting = await proposed(client, park)  # a proposal still waiting for moderation
    # A published statement of the same author, hidden by a moderator.
    published = await Statement.filter(question_id=park.statements, status="published").order_by("id").first()
    await Statement.filter(id=published.id).update(author_id=waiting.author_id)
    await make_user("tweede@example.nl", "moderator")
    second = await token_for(client, "tweede@example.nl")
    hide = {"ref": published.ref, "action": "hide", "ground": "terms_spam", "facts": "Reclame."}
    assert (await client.post("/api/v1/moderation/decisions", json=hide, headers=second)).status_code == 201
    author = await token_for(client, "schrijver@example.nl")
    until = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    await make_user("mod@example.nl", "moderator")
    await sign_in(in_english(client), "mod@example.nl")
    # Suspended for the hidden statement, then for the waiting one: each suspension appealed and decided.
    for ref in (published.ref, waiting.ref):
        await Suspension.all().delete()
        sent = {"ref": ref, "action": "suspend", "until": until, "ground": "terms_spam", "facts": "Reclame."}
        assert (await post_form(client, "/moderation/restrictions", sent, page="/moderation")).status_code == 303
        suspension = await ModerationDecision.filter(action="suspend", ref=ref).first()
        appealed = await client.post(
            f"/api/v1/moderation/decisions/{suspension.id}/appeal", json={"text": "Te streng."}, headers=author
        )
        assert appealed.status_code == 201, appealed.text
        decided = {"ref": ref, "action": outcome, "ground": "terms_compatible", "facts": "Over het account."}
        assert (await client.post("/api/v1/moderation/decisions", json=decided, headers=second)).status_code == 201
        # The content stays as it was: hidden stays hidden, waiting stays waiting (not published unchecked).
        statuses = [(await Statement.get(id=s.id)).status for s in (published, waiting)]
        assert statuses == ["hidden", "pending"]
        vote = await client.put(f"/api/v1/statements/{park.statement(1)}/vote", json={"vote": "agree"}, headers=author)
        assert vote.status_code in ((200, 201) if outcome != "hide" else (403,))
    # The waiting proposal still waits in the queue for a decision of its own.
    queue = await client.get("/api/v1/moderation/queue", headers=second)
    assert waiting.ref in [entry["ref"] for entry in queue.json()["items"]], queue.text
