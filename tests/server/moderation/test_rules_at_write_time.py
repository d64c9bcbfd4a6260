"""The automatic rules at write time: an open answer with personal data is held back (pending) before anyone
reads it and comes to the queue with the rule and what matched; a proposed statement carries its hits into
the queue; admins edit the word lists on a page; floods are flagged."""

from __future__ import annotations

import pytest

from participation.consultations.models import Answer, Statement
from participation.consultations.services import authoring
from participation.moderation.models import LogEntry, ModerationItem
from participation.moderation.screening import FLOOD_POSTS
from tests.support.consultation_pages import answer_park, in_english, park_in, real_now, text_of
from tests.support.web import make_user, post_form, sign_in, token_for

pytestmark = pytest.mark.usefixtures("orm")


async def test_an_open_answer_with_a_bsn_is_held_back_and_queued(client):
    park = await park_in("open")
    author = await make_user("bewoner@example.nl")
    await answer_park(park, author, {str(park.text): "Mijn BSN is 111222333, bel me over de bankjes"})
    answer = await Answer.get(question_id=park.text)
    assert answer.state == "pending"
    item = await ModerationItem.get(ref=answer.ref)
    assert item.held and item.hits == [{"rule": "personal_data:bsn", "matched": "11…33"}]
    assert await LogEntry.filter(event="rule_hit", ref=answer.ref).count() == 1
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    results = (await client.get(f"/api/v1/consultations/{park.id}/results")).json()
    text = next(q for q in results["questions"] if q["id"] == park.text)
    assert text["answers"] == [] and text["answered"] == 1
    page = (await in_english(client).get(f"/consultations/{park.id}/results")).text
    assert "111222333" not in page


async def test_an_innocent_open_answer_is_published(client):
    park = await park_in("open")
    author = await make_user("bewoner@example.nl")
    await answer_park(park, author, {str(park.text): "Er staan 2500 bomen, plant er 120 bij"})
    assert (await Answer.get(question_id=park.text)).state == "visible"
    assert await ModerationItem.all().count() == 0


async def test_a_proposed_statement_brings_its_rule_hits_to_the_queue(client):
    park = await park_in("open")
    await make_user("schrijver@example.nl")
    headers = await token_for(client, "schrijver@example.nl")
    response = await client.post(
        f"/api/v1/questions/{park.question('statements').id}/statements",
        json={"text": "Mail jan.jansen@example.nl voor meer bankjes"},
        headers=headers,
    )
    assert response.status_code == 201
    statement = await Statement.get(text__contains="bankjes")
    item = await ModerationItem.get(ref=statement.ref)
    assert [hit["rule"] for hit in item.hits] == ["personal_data:email"]
    await make_user("mod@example.nl", "moderator")
    queue = (await client.get("/api/v1/moderation/queue", headers=await token_for(client, "mod@example.nl"))).json()
    assert queue["items"][0]["hits"] == item.hits


async def test_admins_edit_the_word_lists_and_they_hold_answers_back(client):
    await make_user("admin@example.nl", "admin")
    await sign_in(in_english(client), "admin@example.nl")
    response = await post_form(client, "/moderation/word-lists", {"words_nl": "oplicht*\nrot op", "words_en": "idiot"})
    assert response.status_code == 303
    assert "oplicht*" in (await client.get("/moderation/word-lists")).text
    park = await park_in("open")
    first, second = await make_user("een@example.nl"), await make_user("twee@example.nl")
    await answer_park(park, first, {str(park.text): "Die oplichters van het stadhuis"})
    await answer_park(park, second, {str(park.text): "Bouw een rotonde op de hoek"})
    answers = await Answer.filter(question_id=park.text).prefetch_related("response")
    assert {a.response.user_id: a.state for a in answers} == {first.id: "pending", second.id: "visible"}
    item = await ModerationItem.get()
    assert item.hits == [{"rule": "words:nl", "matched": "oplichters"}]
    text = text_of((await client.get("/moderation/word-lists")).text)
    assert "whole words only" in text


async def test_a_flood_is_flagged_but_stays_published(client):
    park = await park_in("open")
    author = await make_user("snel@example.nl")
    for i in range(FLOOD_POSTS + 1):
        await answer_park(park, author, {str(park.text): f"Meer bankjes, versie {i}"})
    answer = await Answer.get(question_id=park.text)
    assert answer.state == "visible"
    item = await ModerationItem.get(ref=answer.ref)
    assert item.hits[-1]["rule"] == "flood" and not item.held


@pytest.mark.parametrize("alone", [False, True], ids=["in-a-batch", "alone"])
async def test_an_answer_a_moderator_kept_is_not_held_again_when_only_other_answers_change(client, alone):
    """The rules look at a text when it is written. A moderator keeps an answer the rules held back (the nine
    digits were a house's plot number); its author then changes only their scale answer, eleven times: the kept
    text stays published and out of the queue, with no new rule hit, and the flood rule flags nothing of it
    either. Changing the text itself brings it to the rules again. `alone`: stored on its own, inside a
    transaction of the caller's, rather than by the group commit."""
    from tortoise.transactions import in_transaction

    from participation.moderation import services as moderation

    async def answer(overrides: dict[str, object]) -> None:
        if alone:
            async with in_transaction():
                await answer_park(park, author, overrides)
        else:
            await answer_park(park, author, overrides)

    park = await park_in("open")
    author = await make_user("kavel@example.nl")
    moderator = await make_user("mod@example.nl", "moderator")
    text = "Kavel 111222333 aan de vijver kan een speelplek worden"
    await answer({str(park.text): text})
    answer_row = await Answer.get(question_id=park.text)
    assert answer_row.state == "pending"
    kept = {"action": "restore", "ground": "terms_compatible", "facts": "Een kavelnummer."}
    await moderation.decide(answer_row.ref, **kept, by=moderator, now=real_now())
    assert (await Answer.get(id=answer_row.id)).state == "visible"
    hits = await LogEntry.filter(event="rule_hit", ref=answer_row.ref).count()
    for scale in [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1]:
        await answer({str(park.text): text, str(park.scale): scale})
    assert (await Answer.get(id=answer_row.id)).state == "visible"
    assert await ModerationItem.filter(ref=answer_row.ref, status="waiting").count() == 0
    assert await LogEntry.filter(event="rule_hit", ref=answer_row.ref).count() == hits
    await answer({str(park.text): text + ", met bankjes"})
    assert (await Answer.get(id=answer_row.id)).state == "pending"
    item = await ModerationItem.get(ref=answer_row.ref)
    assert item.status == "waiting" and [h["rule"] for h in item.hits] == ["personal_data:bsn", "flood"]
