"""The webcare inbox as officials use it: filters, assigning (and "assigned to me"), statuses, notes, replies
from the conversation page, first-response time; citizens get 403."""

from __future__ import annotations

import re

from participation.webcare.models import Conversation, Note, Post
from tests.support.web import make_user, post_form, sign_in, token_for
from tests.support.webcare import webcare_world


async def test_an_official_works_through_the_inbox(client):
    first = await webcare_world("De straatverlichting is kapot, gevaarlijk!")
    second = await webcare_world("Bedankt voor de nieuwe bankjes, heel fijn!")
    await make_user("official@example.nl", "official", name="Olga")
    await make_user("other@example.nl", "official", name="Otto")
    await sign_in(client, "official@example.nl")

    page = await client.get("/webcare")
    assert page.status_code == 200
    assert "De straatverlichting is kapot" in page.text and "Bedankt voor de nieuwe bankjes" in page.text
    negative = await client.get("/webcare?sentiment=negative")
    assert "straatverlichting" in negative.text and "bankjes" not in negative.text
    by_source = await client.get(f"/webcare?source={second['webcare_source']}")
    assert "bankjes" in by_source.text and "straatverlichting" not in by_source.text

    conversation = f"/webcare/conversations/{first['webcare_conversation']}"
    shown = await client.get(conversation)
    # The classifier's labels and the words that decided them.
    assert 'Complaint · Negative · <span class="explanation">found the words kapot, gevaarlijk</span>' in shown.text
    assert (await post_form(client, conversation + "/assign", {"assignee": "me"}, page=conversation)).status_code == 303
    mine = await client.get("/webcare?mine=1")
    assert "straatverlichting" in mine.text and "bankjes" not in mine.text
    assert (await Conversation.get(id=first["webcare_conversation"])).status == "assigned"

    note = await post_form(client, conversation + "/notes", {"body": "Buitendienst gebeld."}, page=conversation)
    assert note.status_code == 303
    assert await Note.filter(conversation_id=first["webcare_conversation"]).count() == 1
    empty = await post_form(client, conversation + "/notes", {"body": " "}, page=conversation)
    assert empty.status_code == 422 and "Write a note." in empty.text

    replied = await post_form(client, conversation + "/replies", {"body": "We maken het deze week."}, page=conversation)
    assert replied.status_code == 303
    shown = await client.get(conversation)
    # The demo source posts to no network: the reply waits in the queue, with why.
    assert "We maken het deze week." in shown.text and "Failed" in shown.text
    stored = await Conversation.get(id=first["webcare_conversation"])
    assert stored.status == "replied" and stored.first_response_at is not None
    assert "min" in (await client.get("/webcare?status=replied")).text

    closed = await post_form(client, conversation + "/status", {"status": "closed"}, page=conversation)
    assert closed.status_code == 303
    assert (await Conversation.get(id=first["webcare_conversation"])).status == "closed"
    other = f"/webcare/conversations/{second['webcare_conversation']}"
    await post_form(client, other + "/status", {"status": "no_reply_needed"}, page=other)
    assert (await Conversation.get(id=second["webcare_conversation"])).status == "no_reply_needed"

    headers = await token_for(client, "official@example.nl")
    listed = await client.get("/api/v1/webcare/conversations?status=closed", headers=headers)
    assert [c["id"] for c in listed.json()["items"]] == [first["webcare_conversation"]]
    item = listed.json()["items"][0]
    assert item["assignee"] == "Olga" and item["replies"][0]["status"] == "failed"
    post = await Post.get(conversation_id=first["webcare_conversation"])
    assert item["posts"][0]["ref"] == f"post:{post.id}"
    invalid = await client.get("/api/v1/webcare/conversations?status=open", headers=headers)
    assert invalid.status_code == 422 and "status" in invalid.json()["error"]["fields"]


async def test_citizens_do_not_see_the_inbox(client):
    world = await webcare_world()
    await make_user("citizen@example.nl")
    await sign_in(client, "citizen@example.nl")
    assert (await client.get("/webcare")).status_code == 403
    assert (await client.get(f"/webcare/conversations/{world['webcare_conversation']}")).status_code == 403
    headers = await token_for(client, "citizen@example.nl")
    refused = await client.get(f"/api/v1/webcare/conversations/{world['webcare_conversation']}", headers=headers)
    assert refused.status_code == 403


async def test_the_inbox_filters_by_a_consultation_named_by_its_title(client):
    """Officials pick a consultation by its title, not its number; a conversation names the one it is about."""
    from tests.support.consultations import make_park

    park = await make_park()
    title = park.view.consultation.title
    other = await make_park(title="Een fietsroute langs het kanaal")
    about_park = await webcare_world(f"Wanneer begint {title}? Wij willen meedenken.")
    elsewhere = await webcare_world("Mooi weer vandaag in de stad.")
    await sign_in(client, park.official.email)
    page = (await client.get("/webcare")).text
    picker = page.split('<select id="field-consultation" name="consultation">')[1].split("</select>")[0]
    assert f'<option value="{park.id}" >{title}</option>' in picker
    assert f'<option value="{other.id}" >Een fietsroute langs het kanaal</option>' in picker
    chosen = (await client.get(f"/webcare?consultation={park.id}")).text
    assert f'<option value="{park.id}" selected>' in chosen
    assert "Wanneer begint" in chosen and "Mooi weer" not in chosen
    conversation = (await client.get(f"/webcare/conversations/{about_park['webcare_conversation']}")).text
    assert f'<a href="/consultations/{park.id}">{title}</a>' in conversation
    unmatched = (await client.get(f"/webcare/conversations/{elsewhere['webcare_conversation']}")).text
    assert f'href="/consultations/{park.id}"' not in unmatched


async def test_webcare_writes_a_moment_as_every_page_does_in_amsterdam_time(client):
    """Not the stored UTC ("2026-07-01 10:00"): the inbox, the conversation and the sources say "1 July 2026,
    12:00", as the rest of the platform does."""
    from datetime import UTC, datetime

    from participation.webcare.models import Source

    world = await webcare_world("Waarom staat de fontein uit?")
    summer = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    await Conversation.filter(id=world["webcare_conversation"]).update(last_post_at=summer)
    await Post.filter(conversation_id=world["webcare_conversation"]).update(created_at=summer)
    await Source.filter(id=world["webcare_source"]).update(last_polled_at=summer)
    await make_user("admin@example.nl", "admin", "official")
    await sign_in(client, "admin@example.nl")
    for path in ("/webcare", f"/webcare/conversations/{world['webcare_conversation']}", "/webcare/sources"):
        page = (await client.get(path)).text
        written = re.findall(r"<time[^>]*>[^<]*", page)
        assert '<time datetime="2026-07-01T10:00:00+00:00">1 July 2026, 12:00' in written, (path, written)
        assert "2026-07-01 10:00" not in page
