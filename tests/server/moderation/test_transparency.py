"""/transparency counts reports per reason, decisions per action, automation and appeals from what moderation
stored; the numbers below are counted by hand from the steps of the test."""

from __future__ import annotations

import re

import pytest

from tests.support.consultation_pages import in_english, park_in
from tests.support.web import make_user, token_for

pytestmark = pytest.mark.usefixtures("orm")


def row(page: str, table: str, label: str) -> str:
    section = page.split(f'id="{table}"')[1].split("</table>")[0]
    match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td>(\d+)</td>", section)
    assert match, (table, label)
    return match.group(1)


async def test_the_figures_match_what_happened(client):
    park = await park_in("open")
    people = []
    for i in range(3):
        await make_user(f"melder{i}@example.nl")
        people.append(await token_for(client, f"melder{i}@example.nl"))
    first, second = f"statement:{park.statement(0)}", f"statement:{park.statement(1)}"
    # Three reports of the first (abuse twice, spam once: hidden pending review), one of the second (spam).
    for headers, reason in zip(people, ["abuse", "abuse", "spam"], strict=True):
        await client.post("/api/v1/reports", json={"ref": first, "reason": reason}, headers=headers)
    await client.post("/api/v1/reports", json={"ref": second, "reason": "spam"}, headers=people[0])
    # A proposal with an e-mail address: a rule hit.
    await make_user("schrijver@example.nl")
    await client.post(
        f"/api/v1/questions/{park.question('statements').id}/statements",
        json={"text": "Mail jan@example.nl"},
        headers=await token_for(client, "schrijver@example.nl"),
    )
    await make_user("mod@example.nl", "moderator")
    mod = await token_for(client, "mod@example.nl")
    for ref, action in ((first, "hide"), (second, "keep")):
        body = {"ref": ref, "action": action, "ground": "terms_respect", "facts": "Bekeken."}
        assert (await client.post("/api/v1/moderation/decisions", json=body, headers=mod)).status_code == 201
    page = (await in_english(client).get("/transparency")).text
    assert row(page, "reports-per-reason", "abuse, threats or discrimination") == "2"
    assert row(page, "reports-per-reason", "spam or advertising") == "2"
    assert row(page, "reports-per-reason", "off topic") == "0"
    assert row(page, "decisions-per-action", "hidden") == "1"
    assert row(page, "decisions-per-action", "kept") == "1"
    assert row(page, "decisions-per-action", "restored") == "0"
    assert row(page, "automation", "Texts an automatic rule found something in") == "1"
    assert row(page, "automation", "Hidden pending review after reports") == "1"
    assert row(page, "automation", "Decisions taken by automated means") == "0"
    assert row(page, "automation", "Decisions taken by a person") == "2"
    assert row(page, "appeals", "Appeals made") == "0"
