"""The workspace of a claim: only the group and officials see it; the document saves revisions, merges changes
to different parts, refuses overlapping ones with the current text (API and page, the person's text kept);
the diff marks lines in text; the discussion and the checklist."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from participation.cocreation.models import ChecklistItem, Comment, Membership, Revision
from participation.cocreation.services import claims
from tests.support.cocreation import group_of, task_in
from tests.support.web import make_user, post_form, sign_in, token_for

BASE = "# Plan\n\nEen.\n\nTwee.\n\nDrie.\n"


@pytest.fixture
async def claim(client):
    coord = await make_user("coord@example.nl", name="Coco")
    group = await group_of(2, coordinator=coord)
    member = (await Membership.get(group=group, role="member").prefetch_related("user")).user
    await member.__class__.filter(id=member.id).update(email="member@example.nl", display_name="Mia")
    view = await task_in()
    return await claims.claim_task(view.task.id, group_id=group.id, by=coord, now=datetime.now(UTC))


async def test_the_document_starts_empty_and_saves_revisions(client, claim):
    headers = await token_for(client, "coord@example.nl")
    url = f"/api/v1/claims/{claim.id}/document"
    first = await client.get(url, headers=headers)
    assert first.json() == {"ref": f"document:{claim.id}", "body": "", "version": 0}
    saved = await client.put(url, json={"body": BASE, "base_version": 0}, headers=headers)
    assert saved.status_code == 200 and saved.json() == {"version": 1, "merged": False}
    assert (await client.get(url, headers=headers)).json()["body"] == BASE


async def test_changes_to_different_parts_are_merged_and_overlapping_ones_are_a_409(client, claim):
    coco = await token_for(client, "coord@example.nl")
    mia = await token_for(client, "member@example.nl")
    url = f"/api/v1/claims/{claim.id}/document"
    await client.put(url, json={"body": BASE, "base_version": 0}, headers=coco)
    one = await client.put(url, json={"body": BASE.replace("Een.", "Een: bomen."), "base_version": 1}, headers=coco)
    assert one.json() == {"version": 2, "merged": False}
    # Mia started from version 1 too and changed another paragraph: merged.
    two = await client.put(url, json={"body": BASE.replace("Drie.", "Drie: bankjes."), "base_version": 1}, headers=mia)
    assert two.status_code == 200 and two.json() == {"version": 3, "merged": True}
    merged = (await client.get(url, headers=mia)).json()
    assert "Een: bomen." in merged["body"] and "Drie: bankjes." in merged["body"]
    # Coco, still on version 2, changes the paragraph Mia changed: a conflict, nothing saved.
    clash = await client.put(url, json={"body": BASE.replace("Drie.", "Drie: water."), "base_version": 2}, headers=coco)
    assert clash.status_code == 409
    assert clash.json()["current"] == {"body": merged["body"], "version": 3}
    assert set(clash.json()["error"]) >= {"code", "message"}
    assert await Revision.filter(claim_id=claim.id).count() == 3
    unknown = await client.put(url, json={"body": "x", "base_version": 9}, headers=coco)
    assert unknown.status_code == 422 and "base_version" in unknown.json()["error"]["fields"]


async def test_others_do_not_see_the_workspace_and_officials_read_it(client, claim):
    await make_user("stranger@example.nl")
    await make_user("olaf@example.nl", "official")
    url = f"/api/v1/claims/{claim.id}/document"
    assert (await client.get(url)).status_code == 401
    stranger = await token_for(client, "stranger@example.nl")
    assert (await client.get(url, headers=stranger)).status_code == 404
    assert (await client.put(url, json={"body": "x", "base_version": 0}, headers=stranger)).status_code == 404
    await sign_in(client, "stranger@example.nl")
    assert (await client.get(f"/claims/{claim.id}")).status_code == 404
    official = await token_for(client, "olaf@example.nl")
    assert (await client.get(url, headers=official)).status_code == 200
    assert (await client.put(url, json={"body": "x", "base_version": 0}, headers=official)).status_code == 403


async def test_on_the_page_a_conflict_shows_both_versions_and_keeps_my_text(client, claim):
    mia = await token_for(client, "member@example.nl")
    url = f"/api/v1/claims/{claim.id}/document"
    await client.put(url, json={"body": BASE, "base_version": 0}, headers=mia)
    await client.put(url, json={"body": BASE.replace("Twee.", "Twee: paden."), "base_version": 1}, headers=mia)
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    mine = BASE.replace("Twee.", "Twee: speeltoestellen.")
    response = await post_form(client, f"{page}/document", {"body": mine, "base_version": "1"}, page=page)
    assert response.status_code == 409
    assert "Not saved: someone changed the same part meanwhile" in response.text
    assert "Twee: paden." in response.text and response.text.count("Twee: speeltoestellen.") >= 2
    assert 'name="base_version" value="2"' in response.text
    merged = await post_form(
        client, f"{page}/document", {"body": BASE.replace("Een.", "Een!"), "base_version": "1"}, page=page
    )
    assert merged.status_code == 303
    assert "both changes are in version 3" in (await client.get(page)).text


async def test_the_diff_marks_added_and_removed_lines_in_text(client, claim):
    coco = await token_for(client, "coord@example.nl")
    url = f"/api/v1/claims/{claim.id}/document"
    await client.put(url, json={"body": "Een\nTwee\n", "base_version": 0}, headers=coco)
    await client.put(url, json={"body": "Een\nDrie\n", "base_version": 1}, headers=coco)
    await sign_in(client, "coord@example.nl")
    diff = await client.get(f"/claims/{claim.id}/diff?from=1&to=2")
    assert diff.status_code == 200
    assert '<del class="diff-line"><span class="visually-hidden">removed: </span>Twee</del>' in diff.text
    assert '<ins class="diff-line"><span class="visually-hidden">added: </span>Drie</ins>' in diff.text
    assert (await client.get(f"/claims/{claim.id}/diff?from=1&to=7")).status_code == 422


async def test_the_discussion_and_the_checklist(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    empty = await post_form(client, f"{page}/comments", {"body": "  "}, page=page)
    assert empty.status_code == 303 and "Write something first." in (await client.get(page)).text
    posted = await post_form(client, f"{page}/comments", {"body": "Zullen we *zaterdag* kijken?"}, page=page)
    assert posted.status_code == 303
    comment = await Comment.get(claim_id=claim.id)
    assert comment.ref == f"comment:{comment.id}" and "<em>zaterdag</em>" in comment.body_html
    assert await post_form(client, f"{page}/checklist", {"text": "Foto's maken"}, page=page)
    item = await ChecklistItem.get(claim_id=claim.id)
    await post_form(client, f"{page}/checklist/{item.id}/take", {}, page=page)
    await post_form(client, f"{page}/checklist/{item.id}/tick", {"done": "1"}, page=page)
    item = await ChecklistItem.get(id=item.id).prefetch_related("assignee")
    assert item.assignee.display_name == "Coco" and item.done_at is not None
    shown = (await client.get(page)).text
    assert "taken on by" in shown and "Done" in shown and "<em>zaterdag</em>" in shown


async def test_the_editor_and_the_message_form_have_their_own_ids_and_errors_point_at_the_right_one(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    html = (await client.get(page)).text
    assert html.count('id="field-body"') == 1 and html.count('id="field-comment-message"') == 1
    assert 'for="field-body"' in html and 'for="field-comment-message"' in html
    empty = await post_form(client, f"{page}/comments", {"body": "  "}, page=page)
    assert empty.status_code == 303
    # The summary on the page after the redirect links to the message field, which says what is wrong.
    shown = (await client.get(page)).text
    assert 'href="#field-comment-message"' in shown and 'href="#field-body"' not in shown
    assert 'id="error-comment-message"' in shown and 'aria-describedby="error-comment-message"' in shown
