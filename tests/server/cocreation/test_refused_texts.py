"""A message, sub-task or document the workspace refuses comes back by Post/Redirect/Get: the answer is a 303 to
the workspace, which shows the refused text in its field with the error beside it (the editor's unsaved text
kept too). A reload loads the page and posts nothing again; the refusal is shown once, as a flash."""

from __future__ import annotations

import html as markup
import re

import pytest

from participation.cocreation.models import ChecklistItem, Claim, Comment, Membership, RefusedText, Revision
from participation.cocreation.services.workspace import COMMENT_MAX, DOCUMENT_MAX
from tests.support.cocreation import claimed_with_a_plan
from tests.support.web import post_form, sign_in

NOTICE = "Your text is not saved yet."


@pytest.fixture
async def claim(client):
    return await claimed_with_a_plan()


def _field(page: str, key: str) -> str:
    textarea = re.search(rf'<textarea id="field-{key}"[^>]*>(.*?)</textarea>', page, re.S)
    if textarea:
        return markup.unescape(textarea.group(1))
    found = re.search(rf'<input id="field-{key}"[^>]*value="([^"]*)"', page, re.S)
    assert found, f"no field {key} on the page"
    return markup.unescape(found.group(1))


def _error(page: str, key: str) -> str | None:
    found = re.search(rf'<p class="field-error" id="error-{key}">(.*?)</p>', page, re.S)
    return markup.unescape(found.group(1)) if found else None


async def test_a_refused_message_redirects_and_the_page_shows_it_with_the_error_once(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    long = "Een lang bericht. " * (COMMENT_MAX // 10)
    typed = "# Plan\n\nEen.\n\nNog niet bewaard.\n"
    sent = await post_form(client, f"{page}/comments", {"message": long, "body": typed, "base_version": "1"}, page=page)
    assert sent.status_code == 303 and sent.headers["location"] == f"{page}#discussion"
    # The refused text is kept on the server: the session cookie stays small.
    assert len(sent.headers.get("set-cookie", "")) < 2000
    shown = (await client.get(page)).text
    assert _field(shown, "comment-message") == long
    assert _error(shown, "comment-message") == f"At most {COMMENT_MAX} characters."
    assert 'href="#field-comment-message"' in shown and 'aria-invalid="true"' in shown
    assert _field(shown, "body") == typed and NOTICE in shown
    # A reload (of the page the redirect led to) posts nothing; the refusal was shown once.
    again = (await client.get(page)).text
    assert _error(again, "comment-message") is None and _field(again, "comment-message") == ""
    assert _field(again, "body") == typed
    assert not await Comment.exists(claim_id=claim.id) and not await RefusedText.exists(claim_id=claim.id)


async def test_an_empty_message_is_refused_the_same_way_without_the_editor(client, claim):
    # A form of its own (an official, or a page without the editor) sends the message as "body".
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    empty = await post_form(client, f"{page}/comments", {"body": "  "}, page=page)
    assert empty.status_code == 303
    shown = (await client.get(page)).text
    assert _error(shown, "comment-message") == "Write something first." and NOTICE not in shown


async def test_a_refused_sub_task_redirects_and_the_page_shows_it_with_the_error(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    sent = await post_form(
        client,
        f"{page}/checklist",
        {"text": "Foto's " * 60, "body": "# Plan\n\nEen.\n", "base_version": "1"},
        page=page,
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"{page}#checklist"
    shown = (await client.get(page)).text
    assert _field(shown, "text") == "Foto's " * 60
    assert _error(shown, "text") == "One line of at most 300 characters."
    assert NOTICE not in shown  # the editor held the saved text: nothing to keep
    assert _error((await client.get(page)).text, "text") is None
    assert not await ChecklistItem.exists(claim_id=claim.id)


async def test_a_refused_document_is_kept_as_the_draft_and_shown_with_the_error(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    long = "x" * (DOCUMENT_MAX + 1)
    sent = await post_form(client, f"{page}/document", {"body": long, "base_version": "1"}, page=page)
    assert sent.status_code == 303 and sent.headers["location"] == f"{page}#document"
    shown = (await client.get(page)).text
    assert _field(shown, "body") == long and NOTICE in shown
    assert _error(shown, "body") == f"At most {DOCUMENT_MAX} characters."
    again = (await client.get(page)).text
    assert _error(again, "body") is None and _field(again, "body") == long  # the draft stays until saved
    assert await Revision.filter(claim_id=claim.id).count() == 1
    assert (await Claim.get(id=claim.id)).document_version == 1


async def test_a_refused_text_not_shown_yet_is_in_my_data_and_is_the_persons_own(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    await post_form(client, f"{page}/checklist", {"text": "Een\nTwee"}, page=page)
    kept = (await client.get("/account/my-data")).json()["refused_workspace_texts"]
    assert [(k["claim_id"], k["field"], k["body"]) for k in kept] == [(claim.id, "text", "Een\nTwee")]
    # Someone else of the group does not see it.
    group_id = (await Claim.get(id=claim.id)).group_id
    other = (await Membership.get(group_id=group_id, role="member").prefetch_related("user")).user
    await sign_in(client, other.email)
    html = (await client.get(page)).text
    assert "Een\nTwee" not in html and _error(html, "text") is None
