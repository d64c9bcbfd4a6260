"""The queue (moderators only, the most reported first) and decisions with a statement of reasons: keep publishes
a proposed statement, hide withdraws content, restore brings it back; the author is told; the log keeps all."""

from __future__ import annotations

import re

import pytest

from participation.consultations.models import Statement
from participation.moderation.models import LogEntry, ModerationDecision, ModerationItem
from participation.notifications.models import Notification
from tests.support.consultation_pages import in_english, park_in, text_of
from tests.support.web import make_user, post_form, sign_in, token_for

pytestmark = pytest.mark.usefixtures("orm")


async def propose(client, park, email: str, text: str) -> Statement:
    author = await make_user(email)
    response = await client.post(
        f"/api/v1/questions/{park.question('statements').id}/statements",
        json={"text": text},
        headers=await token_for(client, email),
    )
    assert response.status_code == 201, response.text
    return await Statement.get(author_id=author.id)


async def report_by(client, ref: str, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        email = f"melder{i}@example.nl"
        await make_user(email)
        headers = await token_for(client, email)
        response = await client.post("/api/v1/reports", json={"ref": ref, "reason": "spam"}, headers=headers)
        assert response.status_code == 201


async def moderator(client, email: str = "mod@example.nl") -> dict[str, str]:
    await make_user(email, "moderator")
    return await token_for(client, email)


async def test_citizens_never_see_the_queue(client):
    await make_user("burger@example.nl")
    headers = await token_for(client, "burger@example.nl")
    assert (await client.get("/api/v1/moderation/queue", headers=headers)).status_code == 403
    await sign_in(client, "burger@example.nl")
    assert (await client.get("/moderation")).status_code == 403


async def test_the_queue_shows_the_most_reported_first_with_reports_and_pending_statements(client):
    park = await park_in("open")
    first, second = park.statement(0), park.statement(1)
    pending = await propose(client, park, "schrijver@example.nl", "Meer bankjes bij de vijver")
    await report_by(client, f"statement:{first}", 1)
    await report_by(client, f"statement:{second}", 2, start=5)
    headers = await moderator(client)
    queue = (await client.get("/api/v1/moderation/queue", headers=headers)).json()
    refs = [item["ref"] for item in queue["items"]]
    assert refs == [f"statement:{second}", f"statement:{first}", pending.ref]
    top = queue["items"][0]
    assert [r["reason"] for r in top["reports"]] == ["spam", "spam"]
    assert top["content"]["title"] == park.view.consultation.title
    assert queue["items"][2]["held"] is True and queue["items"][2]["content"]["state"] == "pending"
    assert queue["next"] is None


async def test_the_queue_page_links_the_context_and_counts_in_the_navigation(client):
    park = await park_in("open")
    await propose(client, park, "schrijver@example.nl", "Meer bankjes bij de vijver")
    await make_user("mod@example.nl", "moderator")
    await sign_in(in_english(client), "mod@example.nl")
    page = (await client.get("/moderation")).text
    assert "Meer bankjes bij de vijver" in page
    assert f'href="/consultations/{park.id}"' in page
    assert "1 item waits for a decision" in text_of(page)
    # Named as people say it, the ref after it (for the log; it keeps two items' headings apart).
    statement = await Statement.get(text="Meer bankjes bij de vijver")
    assert f"Proposed statement · {park.view.consultation.title} ({statement.ref})" in text_of(page)
    home = (await client.get("/")).text
    assert 'class="count">1' in home


def choices_of(page: str) -> dict[str, list[tuple[str, str]]]:
    """The choices of the first decision form and the first account form on the queue: {form action: [(value,
    label)]} of their "action" radios."""
    found: dict[str, list[tuple[str, str]]] = {}
    for action, form in re.findall(r'<form method="post" action="(/moderation/[a-z]+)"(.*?)</form>', page, re.S):
        radios = re.findall(r'<input type="radio" name="action" value="(\w+)"[^>]*>([^<]*)</label>', form)
        found.setdefault(action, [(value, " ".join(label.split())) for value, label in radios])
    return found


@pytest.mark.parametrize(
    ("lang", "decision", "account"),
    [
        ("en", ["keep (publish)", "hide", "restore"], ["warn", "suspend: the author can read, not write"]),
        (
            "nl",
            ["laten staan (publiceren)", "verbergen", "terugzetten"],
            ["waarschuwen", "blokkeren: de schrijver kan lezen, niet schrijven"],
        ),
    ],
)
async def test_the_queue_names_each_action_to_choose_in_the_pages_language(client, lang, decision, account):
    park = await park_in("open")
    await propose(client, park, "schrijver@example.nl", "Meer bankjes bij de vijver")  # it has an author to warn
    await make_user("mod@example.nl", "moderator")
    client.cookies.set("lang", lang)
    await sign_in(client, "mod@example.nl")
    found = choices_of((await client.get("/moderation")).text)
    assert found["/moderation/decisions"] == list(zip(["keep", "hide", "restore"], decision, strict=True))
    assert found["/moderation/restrictions"] == list(zip(["warn", "suspend"], account, strict=True))


async def test_keep_publishes_a_proposed_statement_and_tells_the_author(client):
    park = await park_in("open")
    pending = await propose(client, park, "schrijver@example.nl", "Meer bankjes bij de vijver")
    headers = await moderator(client)
    response = await client.post(
        "/api/v1/moderation/decisions",
        json={"ref": pending.ref, "action": "keep", "ground": "terms_compatible", "facts": "Past bij het onderwerp."},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"id", "ref", "action", "statement", "created_at"}
    assert body["ref"] == pending.ref and body["action"] == "keep"
    assert body["statement"]["ground"] == "terms_compatible"
    assert body["statement"]["facts"] == "Past bij het onderwerp."
    assert body["statement"]["automated"] is False
    assert "appeal" in body["statement"]["redress"].lower()
    assert (await Statement.get(id=pending.id)).status == "published"
    shown = (await client.get(f"/api/v1/consultations/{park.id}")).json()
    assert pending.ref in [s["ref"] for q in shown["questions"] for s in q["statements"]]
    # It left the queue.
    assert (await client.get("/api/v1/moderation/queue", headers=headers)).json()["items"] == []
    told = await Notification.get(user_id=pending.author_id, kind="moderation_decision")
    assert "Meer bankjes bij de vijver" in told.body
    assert told.link.endswith(f"/moderation/decisions/{body['id']}")
    assert await LogEntry.filter(event="decision", ref=pending.ref).count() == 1


async def test_hide_and_restore_change_what_the_public_sees(client):
    park = await park_in("open")
    ref = f"statement:{park.statement(0)}"
    headers = await moderator(client)
    decide = {"ref": ref, "action": "hide", "ground": "terms_respect", "facts": "Beledigend voor buren."}
    assert (await client.post("/api/v1/moderation/decisions", json=decide, headers=headers)).status_code == 201
    page = text_of((await in_english(client).get(f"/consultations/{park.id}")).text)
    assert "Hidden by a moderator" in page
    shown = (await client.get(f"/api/v1/consultations/{park.id}")).json()
    assert ref not in [s["ref"] for q in shown["questions"] for s in q["statements"]]
    restore = {**decide, "action": "restore", "ground": "terms_compatible", "facts": "Bij nader inzien past het."}
    assert (await client.post("/api/v1/moderation/decisions", json=restore, headers=headers)).status_code == 201
    shown = (await client.get(f"/api/v1/consultations/{park.id}")).json()
    assert ref in [s["ref"] for q in shown["questions"] for s in q["statements"]]
    assert [d.action for d in await ModerationDecision.filter(ref=ref).order_by("id")] == ["hide", "restore"]


@pytest.mark.parametrize(
    ("change", "field"),
    [({"action": "delete"}, "action"), ({"ground": "because"}, "ground"), ({"facts": "  "}, "facts")],
)
async def test_a_decision_needs_an_action_a_ground_and_facts(client, change, field):
    park = await park_in("open")
    ref = f"statement:{park.statement(0)}"
    headers = await moderator(client)
    body = {"ref": ref, "action": "hide", "ground": "terms_respect", "facts": "Beledigend.", **change}
    response = await client.post("/api/v1/moderation/decisions", json=body, headers=headers)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    if field == "action":  # the values a client sends, not the labels of the moderator's form
        assert response.json()["error"]["fields"]["action"] == "Choose one of: keep, hide, restore"
    assert await ModerationDecision.all().count() == 0
    assert (await Statement.get(id=park.statement(0))).status == "published"


async def test_a_moderator_decides_on_the_queue_page_without_javascript(client):
    park = await park_in("open")
    pending = await propose(client, park, "schrijver@example.nl", "Meer bankjes bij de vijver")
    await make_user("mod@example.nl", "moderator")
    await sign_in(in_english(client), "mod@example.nl")
    refused = await post_form(
        client, "/moderation/decisions", {"ref": pending.ref, "action": "hide", "ground": "", "facts": ""}
    )
    assert refused.status_code == 422
    # Nothing chosen: the message says what to choose; the grounds stand beside it (not named again).
    assert "Choose the ground of your decision." in text_of(refused.text)
    assert "Choose one of these" not in refused.text
    response = await post_form(
        client,
        "/moderation/decisions",
        {"ref": pending.ref, "action": "hide", "ground": "terms_spam", "facts": "Reclame voor een winkel."},
        page="/moderation",
    )
    assert response.status_code == 303
    assert (await Statement.get(id=pending.id)).status == "hidden"
    assert (await ModerationItem.get(ref=pending.ref)).status == "decided"
    # The author reads the statement of reasons.
    decision = await ModerationDecision.get(ref=pending.ref)
    client.cookies.clear()
    await sign_in(in_english(client), "schrijver@example.nl")
    page = text_of((await client.get(f"/moderation/decisions/{decision.id}")).text)
    assert "Reclame voor een winkel." in page and "How to seek redress" in page
    # Nobody else does.
    await make_user("ander@example.nl")
    client.cookies.clear()
    await sign_in(in_english(client), "ander@example.nl")
    assert (await client.get(f"/moderation/decisions/{decision.id}")).status_code == 404


# --- appeals ---------------------------------------------------------------------------------------------


async def hidden_with_decision(client, park) -> tuple[Statement, int, dict[str, str]]:
    pending = await propose(client, park, "schrijver@example.nl", "Meer bankjes bij de vijver")
    first = await moderator(client, "eerste@example.nl")
    response = await client.post(
        "/api/v1/moderation/decisions",
        json={"ref": pending.ref, "action": "hide", "ground": "terms_spam", "facts": "Lijkt op reclame."},
        headers=first,
    )
    assert response.status_code == 201
    return pending, response.json()["id"], first


async def test_the_author_appeals_once_and_another_moderator_decides(client):
    park = await park_in("open")
    pending, decision_id, first = await hidden_with_decision(client, park)
    author = await token_for(client, "schrijver@example.nl")
    url = f"/api/v1/moderation/decisions/{decision_id}/appeal"
    made = await client.post(url, json={"text": "Het is geen reclame, ik woon er."}, headers=author)
    assert made.status_code == 201, made.text
    assert made.json()["decision_id"] == decision_id and made.json()["status"] == "waiting"
    again = await client.post(url, json={"text": "Nog een keer."}, headers=author)
    assert again.status_code == 409
    queue = (await client.get("/api/v1/moderation/queue", headers=first)).json()
    assert [i["ref"] for i in queue["items"]] == [pending.ref]
    assert queue["items"][0]["appeal"]["text"] == "Het is geen reclame, ik woon er."
    keep = {"ref": pending.ref, "action": "keep", "ground": "terms_compatible", "facts": "Geen reclame."}
    # The moderator who decided may not decide the appeal; nothing changes.
    refused = await client.post("/api/v1/moderation/decisions", json=keep, headers=first)
    assert refused.status_code == 403
    assert (await Statement.get(id=pending.id)).status == "hidden"
    second = await moderator(client, "tweede@example.nl")
    outcome = await client.post("/api/v1/moderation/decisions", json=keep, headers=second)
    assert outcome.status_code == 201
    assert (await Statement.get(id=pending.id)).status == "published"
    told = await Notification.filter(user_id=pending.author_id, kind="moderation_decision").order_by("id")
    assert len(told) == 2 and told[-1].link.endswith(f"/moderation/decisions/{outcome.json()['id']}")
    assert await LogEntry.filter(event="appeal", ref=pending.ref).count() == 1
    assert await LogEntry.filter(event="appeal_decided", ref=pending.ref).count() == 1


async def test_only_the_author_appeals(client):
    park = await park_in("open")
    _pending, decision_id, first = await hidden_with_decision(client, park)
    await make_user("ander@example.nl")
    other = await token_for(client, "ander@example.nl")
    url = f"/api/v1/moderation/decisions/{decision_id}/appeal"
    assert (await client.post(url, json={"text": "Ik ben het er niet mee eens."}, headers=other)).status_code == 403
    assert (await client.post(url, json={"text": "Ik ook niet."}, headers=first)).status_code == 403
    missing = await client.post("/api/v1/moderation/decisions/999999/appeal", json={"text": "x"}, headers=other)
    assert missing.status_code == 404


async def test_the_author_appeals_on_the_decision_page_without_javascript(client):
    park = await park_in("open")
    _pending, decision_id, _first = await hidden_with_decision(client, park)
    await sign_in(in_english(client), "schrijver@example.nl")
    page = f"/moderation/decisions/{decision_id}"
    empty = await post_form(client, f"{page}/appeal", {"text": " "}, page=page)
    assert empty.status_code == 422
    response = await post_form(client, f"{page}/appeal", {"text": "Ik woon er echt."}, page=page)
    assert response.status_code == 303
    shown = text_of((await client.get(page)).text)
    assert "Another moderator will decide" in shown and "Ik woon er echt." in shown


async def test_the_queue_names_what_a_rule_found_in_plain_words_and_masks_it(client):
    park = await park_in("open")
    await propose(client, park, "schrijver@example.nl", "Bel me op 06-12345678")
    await make_user("mod@example.nl", "moderator")
    await sign_in(in_english(client), "mod@example.nl")
    page = text_of((await client.get("/moderation")).text)
    assert "Rule hits" in page and "a phone number: 06…78" in page
    assert "waiting to be published" in page
