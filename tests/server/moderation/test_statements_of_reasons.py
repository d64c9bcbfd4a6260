"""Admins download the statements of reasons of a period as JSON in the fields of the DSA Transparency Database:
the decisions that hid content or suspended an account, nothing of those that restrict nothing, nothing outside
the period; others are refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from participation.consultations.models import Statement
from participation.consultations.services import statements
from participation.moderation import services
from tests.support.consultation_pages import in_english, text_of
from tests.support.consultations import make_park
from tests.support.web import make_user, sign_in

pytestmark = pytest.mark.usefixtures("orm")


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


async def seed() -> None:
    park = await make_park(now=at(10, 1))
    question = park.question("statements").id
    seeded = (await Statement.filter(question_id=question).order_by("id"))[0]
    mod = await make_user("mod@example.nl", "moderator")
    reporter = await make_user("melder@example.nl")
    author = await make_user("schrijver@example.nl")
    await services.report(seeded.ref, reason="abuse", by=reporter, now=at(10, 2), threshold=3)
    await services.decide(seeded.ref, action="hide", ground="terms_respect", facts="Kwetsend.", by=mod, now=at(10, 3))
    mail = await statements.propose_statement(question, text="Mail jan@example.nl", by=author, now=at(10, 4))
    await services.decide(mail.ref, action="hide", ground="law_gdpr", facts="Een e-mailadres.", by=mod, now=at(10, 5))
    await services.restrict(
        mail.ref, action="suspend", ground="terms_spam", facts="Reclame.", until=at(10, 20), by=mod, now=at(10, 6)
    )
    await services.restrict(mail.ref, action="warn", ground="terms_spam", facts="Let op.", by=mod, now=at(10, 7))
    # Outside the period asked for.
    other = await statements.propose_statement(question, text="Meer bankjes", by=author, now=at(11, 2))
    await services.decide(
        other.ref, action="hide", ground="terms_on_topic", facts="Ander onderwerp.", by=mod, now=at(11, 3)
    )


async def test_an_admin_downloads_the_period_in_the_shape_of_the_transparency_database(client):
    await seed()
    await make_user("beheer@example.nl", "admin")
    await sign_in(in_english(client), "beheer@example.nl")
    account = text_of((await client.get("/account")).text)
    assert "Download the statements of reasons" in account
    response = await client.get("/moderation/statements.json?from=2026-10-01&to=2026-10-31")
    assert response.status_code == 200
    assert 'filename="statements-of-reasons-2026-10-01-2026-10-31.json"' in response.headers["content-disposition"]
    found = response.json()["statements"]
    # Two hidden items and one suspension; the warning restricts nothing, November is outside.
    assert [s["samenspraak"]["action"] for s in found] == ["hide", "hide", "suspend"]
    reported, illegal, suspended = found
    assert reported["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_DISABLED"]
    assert reported["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert reported["incompatible_content_ground"].startswith("Terms of use 3.1")
    assert (
        reported["incompatible_content_explanation"] == "Kwetsend." and reported["incompatible_content_illegal"] == "No"
    )
    assert reported["source_type"] == "SOURCE_ARTICLE_16" and reported["automated_detection"] == "No"
    assert reported["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert reported["content_type"] == ["CONTENT_TYPE_TEXT"] and reported["application_date"] == "2026-10-03"
    assert illegal["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert illegal["illegal_content_legal_ground"].startswith("The law: the GDPR")
    assert illegal["automated_detection"] == "Yes" and illegal["source_type"] == "SOURCE_VOLUNTARY"
    assert illegal["content_date"] == "2026-10-04" and illegal["incompatible_content_ground"] is None
    assert suspended["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert suspended["end_date_account_restriction"] == "2026-10-20" and suspended["decision_visibility"] == []
    assert len({s["puid"] for s in found}) == 3
    # Nobody is named.
    assert "example.nl" not in response.text


@pytest.mark.parametrize(
    "query", ["", "?from=2026-10-01", "?from=gisteren&to=2026-10-31", "?from=2026-10-31&to=2026-10-01"]
)
async def test_a_period_that_is_not_one_is_422(client, query):
    await make_user("beheer@example.nl", "admin")
    await sign_in(in_english(client), "beheer@example.nl")
    response = await client.get(f"/moderation/statements.json{query}")
    assert response.status_code == 422


async def test_moderators_and_citizens_are_refused(client):
    for email, role in (("mod@example.nl", "moderator"), ("burger@example.nl", None)):
        await make_user(email, *([role] if role else []))
        client.cookies.clear()
        await sign_in(in_english(client), email)
        response = await client.get("/moderation/statements.json?from=2026-10-01&to=2026-10-31")
        assert response.status_code == 403
        assert "Download the statements of reasons" not in text_of((await client.get("/account")).text)
