"""/transparency counts per month reports per reason, decisions per action and ground, automated means, appeals
and their outcomes and the median time to a decision, from a log seeded at known moments; every expected number
below is counted by hand from the steps (the times are in the comments). The same figures come as CSV and JSON."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest

from participation.consultations.models import Statement
from participation.consultations.services import statements
from participation.moderation import services
from tests.support.consultation_pages import in_english
from tests.support.consultations import make_park
from tests.support.web import make_user

pytestmark = pytest.mark.usefixtures("orm")


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def seed_log() -> None:
    park = await make_park(now=at(10, 1, 9))
    question = park.question("statements").id
    s0, s1 = (await Statement.filter(question_id=question).order_by("id"))[:2]
    people = [await make_user(f"melder{i}@example.nl") for i in range(3)]
    mod = await make_user("mod@example.nl", "moderator")
    mod2 = await make_user("mod2@example.nl", "moderator")
    author = await make_user("schrijver@example.nl")
    # October. s0: abuse 10:00, abuse 12:00, spam 14:00 (the third hides it), hidden at 4 Oct 10:00: 24 hours.
    for person, reason, hour in zip(people, ["abuse", "abuse", "spam"], [10, 12, 14], strict=True):
        await services.report(s0.ref, reason=reason, by=person, now=at(10, 3, hour), threshold=3)
    await services.decide(s0.ref, action="hide", ground="terms_respect", facts="Kwetsend.", by=mod, now=at(10, 4, 10))
    # s1: spam at 10 Oct 00:00, kept at 06:00: 6 hours.
    await services.report(s1.ref, reason="spam", by=people[0], now=at(10, 10, 0), threshold=3)
    await services.decide(s1.ref, action="keep", ground="terms_compatible", facts="Past.", by=mod, now=at(10, 10, 6))
    # November. A proposal with an e-mail address (a rule hit) at 5 Nov 08:00, hidden at 12:00: 4 hours.
    mail = await statements.propose_statement(question, text="Mail jan@example.nl", by=author, now=at(11, 5, 8))
    hidden = await services.decide(
        mail.ref, action="hide", ground="terms_privacy", facts="Een e-mailadres.", by=mod, now=at(11, 5, 12)
    )
    # Appealed on 6 Nov; another moderator hides it again on 7 Nov (upheld; not timed).
    await services.appeal(hidden.id, text="Het is mijn eigen adres.", by=author, now=at(11, 6, 9))
    await services.decide(
        mail.ref, action="hide", ground="law_gdpr", facts="Nog steeds een adres.", by=mod2, now=at(11, 7, 9)
    )
    # A proposal at 10 Nov 10:00, kept (published) at 12:00: 2 hours; then its author is warned (not timed).
    benches = await statements.propose_statement(question, text="Meer bankjes", by=author, now=at(11, 10, 10))
    await services.decide(
        benches.ref, action="keep", ground="terms_compatible", facts="Past.", by=mod, now=at(11, 10, 12)
    )
    await services.restrict(
        benches.ref, action="warn", ground="terms_respect", facts="Let op je toon.", by=mod, now=at(11, 11, 9)
    )


def table(page: str, ident: str) -> dict[str, list[str]]:
    """The rows of a table by their row header, the numbers as shown."""
    section = page.split(f'id="{ident}"')[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", section, re.S):
        rows[row[0]] = re.findall(r"<td class=\"number\">(.*?)</td>", row[1])
    return rows


@pytest.fixture
def at_the_end(monkeypatch):
    """The page is asked on 20 November 2026."""
    monkeypatch.setattr("server.moderation.transparency.now", lambda: at(11, 20, 12))
    import server.pages

    monkeypatch.setattr(server.pages, "now", lambda: at(11, 20, 12))


@pytest.mark.usefixtures("at_the_end")
async def test_the_figures_per_month_match_the_log(client):
    await seed_log()
    page = (await in_english(client).get("/transparency")).text
    # Month, all, spam, abuse, personal data, off topic, illegal.
    assert table(page, "reports-per-month") == {
        "October 2026": ["4", "2", "2", "0", "0", "0"],
        "November 2026": ["0", "0", "0", "0", "0", "0"],
    }
    # Month, all, kept, hidden, restored, warned, suspended, median hours (24 and 6: 15; 4 and 2: 3).
    assert table(page, "decisions-per-month") == {
        "October 2026": ["2", "1", "1", "0", "0", "0", "15"],
        "November 2026": ["4", "1", "2", "0", "1", "0", "3"],
    }
    # Grounds in the order of the terms: respect, spam, on topic, privacy, within the terms, GDPR, criminal.
    assert table(page, "grounds-per-month") == {
        "October 2026": ["1", "0", "0", "0", "1", "0", "0"],
        "November 2026": ["1", "0", "0", "1", "1", "1", "0"],
    }
    # Rule hits, hidden after reports, decisions on detected content (the hide and its appeal), automated.
    assert table(page, "automation-per-month") == {
        "October 2026": ["0", "1", "0", "0"],
        "November 2026": ["1", "0", "2", "0"],
    }
    # Made, decided, upheld, changed.
    assert table(page, "appeals-per-month") == {
        "October 2026": ["0", "0", "0", "0"],
        "November 2026": ["1", "1", "1", "0"],
    }
    # The chart has one bar per month with the same totals.
    chart = page.split('id="chart-reports-title"')[0].rsplit('<div class="bar-chart', 1)[1]
    assert 'role="img"' in chart
    chart = page.split('id="chart-reports-title"')[1].split('<div class="bar-chart')[0]
    bars = re.findall(r'class="bar-label">([^<]+)</span>.*?class="bar-value">([^<]+)</span>', chart)
    assert bars == [("October 2026", "4"), ("November 2026", "0")]


@pytest.mark.usefixtures("at_the_end")
async def test_the_page_speaks_dutch(client):
    await seed_log()
    client.cookies.set("lang", "nl")
    page = (await client.get("/transparency")).text
    assert "oktober 2026" in page and "Meldingen per maand" in page


@pytest.mark.usefixtures("at_the_end")
async def test_the_same_figures_as_csv_and_json_open_data(client):
    await seed_log()
    response = await client.get("/transparency/moderation.csv")
    assert response.status_code == 200
    assert 'filename="moderation-figures.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert [row["month"] for row in rows] == ["2026-10", "2026-11"]
    october, november = rows
    assert october["reports_abuse"] == "2" and october["reports_spam"] == "2" and october["reports_total"] == "4"
    assert october["decisions_hide"] == "1" and october["median_hours_to_decision"] == "15.0"
    assert october["hidden_by_reports"] == "1" and october["decisions_timed"] == "2"
    assert november["decisions_total"] == "4" and november["decisions_warn"] == "1"
    assert november["ground_law_gdpr"] == "1" and november["rule_hits"] == "1"
    assert november["appeals_made"] == "1" and november["appeals_upheld"] == "1"
    assert november["median_hours_to_decision"] == "3.0"
    data = (await client.get("/transparency/moderation.json")).json()
    assert [m["month"] for m in data["months"]] == ["2026-10", "2026-11"]
    assert data["months"][1]["appeals"] == {"made": 1, "decided": 1, "upheld": 1, "changed": 0}
    assert data["months"][1]["automated_means"]["decisions_on_detected_content"] == 2
    assert data["months"][0]["median_hours_to_decision"] == 15.0
    # Nothing names a person or a text.
    assert "example.nl" not in response.text + str(data) and "bankjes" not in str(data)
    assert (await client.get("/transparency/moderation.xml")).status_code == 404


async def test_before_anything_happened_the_page_says_so(client):
    page = (await in_english(client).get("/transparency")).text
    assert "Nothing was reported or decided yet." in page
