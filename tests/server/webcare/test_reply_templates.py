"""Reply templates on the pages: officials add and change them (an unknown placeholder is refused with the text
kept), and in a conversation "use template" fills the reply form on the server, after what was typed, with
the author's name and the matched consultation's full address; citizens get 403."""

from __future__ import annotations

from datetime import UTC, datetime

from participation.webcare.models import Conversation, Post, ReplyTemplate
from tests.support.web import make_user, post_form, sign_in
from tests.support.webcare import webcare_world


async def test_officials_add_and_change_templates(client):
    await make_user("official@example.nl", "official")
    await make_user("citizen@example.nl")
    await sign_in(client, "official@example.nl")
    listed = await client.get("/webcare/templates")
    assert listed.status_code == 200 and "No templates yet." in listed.text
    typo = await post_form(client, "/webcare/templates", {"name": "Dank", "body": "Dank je {naam}, tot ziens."})
    assert typo.status_code == 422
    assert "Unknown placeholder {naam}" in typo.text and "Dank je {naam}, tot ziens." in typo.text
    assert await ReplyTemplate.all().count() == 0
    added = await post_form(client, "/webcare/templates", {"name": "Dank", "body": "Dank je {name}!"})
    assert added.status_code == 303
    template = await ReplyTemplate.get(name="Dank")
    edit = f"/webcare/templates/{template.id}"
    assert "Dank je {name}!" in (await client.get(edit)).text
    changed = await post_form(client, edit, {"name": "Bedankt", "body": "Dank je wel {name}!"})
    assert changed.status_code == 303
    assert (await ReplyTemplate.get(id=template.id)).name == "Bedankt"
    assert "Dank je wel {name}!" in (await client.get("/webcare/templates")).text
    deleted = await post_form(client, edit + "/delete", {}, page=edit)
    assert deleted.status_code == 303 and await ReplyTemplate.all().count() == 0

    client.cookies.clear()
    await sign_in(client, "citizen@example.nl")
    assert (await client.get("/webcare/templates")).status_code == 403


async def test_using_a_template_fills_the_reply_and_keeps_what_was_typed(client):
    world = await webcare_world("Hoe kan ik meedoen over het park?")
    await make_user("official@example.nl", "official")
    await Post.filter(conversation_id=world["webcare_conversation"]).update(author_name="Lieke de Vries")
    await Conversation.filter(id=world["webcare_conversation"]).update(consultation_id=7)
    template = await ReplyTemplate.create(
        name="Meedoen",
        body="Hoi {name}, je kunt meedoen via {consultation_url}.",
        created_at=datetime.now(UTC),
        updated_at=datetime.now(UTC),
    )
    await sign_in(client, "official@example.nl")
    page = f"/webcare/conversations/{world['webcare_conversation']}"
    shown = await client.get(page)
    assert "Meedoen" in shown.text and 'data-maxlength="493"' in shown.text

    filled = await post_form(
        client, page + "/template", {"template": str(template.id), "body": "Goede vraag!"}, page=page
    )
    assert filled.status_code == 200
    expected = "Goede vraag!\n\nHoi Lieke de Vries, je kunt meedoen via http://testserver/consultations/7."
    assert f">{expected}</textarea>" in filled.text
    # Without a consultation, the address is left out and the page says so.
    await Conversation.filter(id=world["webcare_conversation"]).update(consultation_id=None)
    bare = await post_form(client, page + "/template", {"template": str(template.id), "body": ""}, page=page)
    assert ">Hoi Lieke de Vries, je kunt meedoen via.</textarea>" in bare.text
    assert "matches no consultation" in bare.text
    none_chosen = await post_form(client, page + "/template", {"template": "", "body": "Eigen tekst"}, page=page)
    assert none_chosen.status_code == 422 and "Choose a template." in none_chosen.text
    assert ">Eigen tekst</textarea>" in none_chosen.text

    # A reply over the network's limit is refused with the text kept.
    long = "lang " * 120
    refused = await post_form(client, page + "/replies", {"body": long}, page=page)
    assert refused.status_code == 422 and "At most 500 characters." in refused.text
    assert long.strip() in refused.text


async def test_the_mention_the_network_adds_counts_towards_the_limit(client):
    world = await webcare_world("Waarom is het park dicht?")  # by "lieke": the reply starts with "@lieke "
    await make_user("official@example.nl", "official")
    await sign_in(client, "official@example.nl")
    page = f"/webcare/conversations/{world['webcare_conversation']}"
    assert 'data-maxlength="493"' in (await client.get(page)).text
    refused = await post_form(client, page + "/replies", {"body": "x" * 494}, page=page)
    assert refused.status_code == 422 and "At most 493 characters: the mention of @lieke counts too." in refused.text
    # Mentioned in the text itself, nothing is added: the whole 500 are there.
    taken = await post_form(client, page + "/replies", {"body": "@lieke " + "x" * 493}, page=page)
    assert taken.status_code == 303
