"""Monitored posts in moderation (ref `post:ID`): a post that trips a rule at ingestion is in the queue, a
clean one is not; a moderator hides it and the inbox and conversation mark it; restoring shows it again."""

from __future__ import annotations

from participation.moderation.models import ModerationItem
from participation.webcare.models import Post
from tests.support.web import make_user, sign_in, token_for
from tests.support.webcare import webcare_world


async def test_a_post_with_personal_data_is_queued_hidden_by_a_moderator_and_marked(client):
    flagged = await webcare_world("Bel mij op 06-12345678 of mail jan@example.nl over het park.")
    clean = await webcare_world("Mooi park, dank je!")
    post = await Post.get(conversation_id=flagged["webcare_conversation"])
    other = await Post.get(conversation_id=clean["webcare_conversation"])
    item = await ModerationItem.get(ref=f"post:{post.id}")
    assert {hit["rule"] for hit in item.hits} == {"personal_data:phone", "personal_data:email"}
    assert item.status == "waiting" and item.author_id is None
    assert not await ModerationItem.filter(ref=f"post:{other.id}").exists()

    await make_user("moderator@example.nl", "moderator")
    await make_user("official@example.nl", "official")
    moderator = await token_for(client, "moderator@example.nl")
    queue = await client.get("/api/v1/moderation/queue", headers=moderator)
    assert f"post:{post.id}" in queue.text
    decided = await client.post(
        "/api/v1/moderation/decisions",
        json={"ref": f"post:{post.id}", "action": "hide", "ground": "terms_privacy", "facts": "Telefoonnummer."},
        headers=moderator,
    )
    assert decided.status_code == 201, decided.text
    assert (await Post.get(id=post.id)).moderation == "hidden"

    await sign_in(client, "official@example.nl")
    inbox = await client.get("/webcare")
    row = inbox.text.split(f"/webcare/conversations/{flagged['webcare_conversation']}")[1].split("</tr>")[0]
    assert "Hidden by moderation" in row
    assert inbox.text.count("Hidden by moderation") == 1
    page = await client.get(f"/webcare/conversations/{flagged['webcare_conversation']}")
    assert "Hidden by moderation" in page.text and "<details><summary>Show the hidden text" in page.text

    restored = await client.post(
        "/api/v1/moderation/decisions",
        json={"ref": f"post:{post.id}", "action": "restore", "ground": "terms_compatible", "facts": "Eigen nummer."},
        headers=moderator,
    )
    assert restored.status_code == 201, restored.text
    assert (await Post.get(id=post.id)).moderation == "published"
    assert "Hidden by moderation" not in (await client.get("/webcare")).text


async def test_the_queue_links_a_post_to_where_it_was_posted_not_to_the_officials_inbox(client):
    """Moderators need not be officials: the queue links a monitored post to the post on its network."""
    world = await webcare_world("Mijn IBAN is NL91ABNA0417164300, stort maar.")
    post = await Post.get(conversation_id=world["webcare_conversation"])
    assert post.url
    await make_user("moderator@example.nl", "moderator")
    await sign_in(client, "moderator@example.nl")
    queue = await client.get("/moderation")
    assert queue.status_code == 200
    heading = queue.text.split(f'<h2 id="h-post-{post.id}">')[1].split("</h2>")[0]
    assert f'href="{post.url}"' in heading
    assert f"/webcare/conversations/{post.conversation_id}" not in heading
    assert (await client.get(f"/webcare/conversations/{post.conversation_id}")).status_code == 403
