"""Typed text in the workspace's editor is never lost: the message, checklist, report and hand-in buttons send it
along; it is kept for that person (not saved, the base revision as it was) and the response is a redirect to the
workspace, which shows it in their editor with a notice (Post/Redirect/Get: a reload posts nothing again). Hand
in refuses while the editor holds unsaved text. Releasing a task asks first."""

from __future__ import annotations

import html as markup
import re
from datetime import UTC, datetime

import pytest

from participation.cocreation.models import ChecklistItem, Claim, Comment, Draft, Membership, Revision
from participation.cocreation.services import workspace
from tests.support.cocreation import claimed_with_a_plan
from tests.support.web import make_user, post_form, sign_in

NOTICE = "Your text is not saved yet."


@pytest.fixture
async def claim(client):
    return await claimed_with_a_plan()


def _editor(page: str) -> str:
    found = re.search(r'<textarea id="field-body"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no editor on the page"
    return markup.unescape(found.group(1))


def _base(page: str) -> str:
    return re.search(r'name="base_version" value="(\d+)"', page).group(1)


async def test_posting_a_message_with_unsaved_text_redirects_and_the_page_shows_the_text(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    typed = "# Plan\n\nEen.\n\nTwee: nog niet bewaard.\n"
    sent = await post_form(
        client, f"{page}/comments", {"message": "Kijk je mee?", "body": typed, "base_version": "1"}, page=page
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"{page}#discussion"
    shown = await client.get(page)
    assert _editor(shown.text) == typed and _base(shown.text) == "1"
    assert NOTICE in shown.text and "Kijk je mee?" in shown.text
    # Loading the page again (what a reload does after the redirect) posts nothing: still one message.
    again = await client.get(page)
    assert _editor(again.text) == typed and again.text.count("Kijk je mee?") == 1
    assert await Comment.filter(claim_id=claim.id).count() == 1
    assert await Revision.filter(claim_id=claim.id).count() == 1
    assert (await Claim.get(id=claim.id)).document_version == 1


async def test_the_kept_text_is_the_persons_own(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    await post_form(
        client, f"{page}/comments", {"message": "Hoi", "body": "Geheim concept.\n", "base_version": "1"}, page=page
    )
    group_id = (await Claim.get(id=claim.id)).group_id
    other = (await Membership.get(group_id=group_id, role="member").prefetch_related("user")).user
    await sign_in(client, other.email)
    html = (await client.get(page)).text
    assert "Geheim concept." not in html and NOTICE not in html and _editor(html).startswith("# Plan")


async def test_the_kept_text_is_in_my_data(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    await post_form(
        client, f"{page}/comments", {"message": "Hoi", "body": "Mijn concept.\n", "base_version": "1"}, page=page
    )
    kept = (await client.get("/account/my-data")).json()["unsaved_workspace_texts"]
    assert [(k["claim_id"], k["body"], k["base_version"]) for k in kept] == [(claim.id, "Mijn concept.\n", 1)]


async def test_saving_or_throwing_away_ends_the_kept_text(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    typed = "# Plan\n\nEen en twee.\n"
    await post_form(client, f"{page}/comments", {"message": "Hoi", "body": typed, "base_version": "1"}, page=page)
    saved = await post_form(client, f"{page}/document", {"body": typed, "base_version": "1"}, page=page)
    assert saved.status_code == 303 and not await Draft.exists(claim_id=claim.id)
    assert NOTICE not in (await client.get(page)).text
    await post_form(
        client, f"{page}/comments", {"message": "Nog een", "body": "Weg ermee.\n", "base_version": "2"}, page=page
    )
    assert "Weg ermee." in _editor((await client.get(page)).text)
    gone = await post_form(client, f"{page}/draft/discard", {}, page=page)
    assert gone.status_code == 303
    html = (await client.get(page)).text
    assert NOTICE not in html and _editor(html) == typed
    assert (await Revision.get(claim_id=claim.id, version=2)).body == typed


async def test_the_base_revision_stays_the_one_the_person_started_from(client, claim):
    # Someone saves version 2 meanwhile; the kept text still says it started from version 1, so saving merges.
    group_id = (await Claim.get(id=claim.id)).group_id
    other = (await Membership.get(group_id=group_id, role="member").prefetch_related("user")).user
    await workspace.save_document(
        claim.id, body="# Plan\n\nEen.\n\nSlot.\n", base_version=1, by=other, now=datetime.now(UTC)
    )
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    typed = "# Plan (mijn titel)\n\nEen.\n"
    sent = await post_form(
        client, f"{page}/checklist", {"text": "Foto's", "body": typed, "base_version": "1"}, page=page
    )
    assert sent.status_code == 303
    shown = (await client.get(page)).text
    assert _editor(shown) == typed and _base(shown) == "1"
    assert await ChecklistItem.filter(claim_id=claim.id).count() == 1
    saved = await post_form(client, f"{page}/document", {"body": typed, "base_version": "1"}, page=page)
    assert saved.status_code == 303
    latest = await Revision.get(claim_id=claim.id, version=3)
    assert "mijn titel" in latest.body and "Slot." in latest.body and latest.merged


async def test_ticking_and_taking_keep_the_text_and_a_refused_message_too(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    typed = "Iets nieuws.\n"
    await post_form(client, f"{page}/checklist", {"text": "Bellen"}, page=page)
    item = await ChecklistItem.get(claim_id=claim.id)
    taken = await post_form(client, f"{page}/checklist/{item.id}/take", {"body": typed, "base_version": "1"}, page=page)
    assert taken.status_code == 303
    shown = (await client.get(page)).text
    assert _editor(shown) == typed and NOTICE in shown
    ticked = await post_form(
        client, f"{page}/checklist/{item.id}/tick", {"done": "1", "body": typed, "base_version": "1"}, page=page
    )
    assert ticked.status_code == 303 and _editor((await client.get(page)).text) == typed
    assert (await ChecklistItem.get(id=item.id)).done_at is not None
    empty = await post_form(client, f"{page}/comments", {"message": " ", "body": typed, "base_version": "1"}, page=page)
    assert empty.status_code == 303  # refused (tests/server/cocreation/test_refused_texts.py), the text kept
    shown = (await client.get(page)).text
    assert _editor(shown) == typed and "Write something first." in shown
    assert (await Claim.get(id=claim.id)).document_version == 1


async def test_an_untouched_editor_goes_back_to_the_page_as_before(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    html = (await client.get(page)).text
    sent = await post_form(
        client, f"{page}/comments", {"message": "Hoi", "body": _editor(html), "base_version": _base(html)}, page=page
    )
    assert sent.status_code == 303
    assert NOTICE not in (await client.get(page)).text


async def test_hand_in_with_unsaved_text_hands_nothing_in_and_keeps_the_text(client, claim):
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    typed = "# Plan\n\nEen.\n\nNog een alinea.\n"
    refused = await post_form(client, f"{page}/submit", {"body": typed, "base_version": "1"}, page=page)
    assert refused.status_code == 303
    html = (await client.get(page)).text
    assert "Not handed in: the editor holds changes that are not saved." in html
    assert _editor(html) == typed and NOTICE in html
    assert (await Claim.get(id=claim.id)).status == "active"
    # While the text is kept, the page offers no hand in but says to save first.
    assert f'formaction="{page}/submit"' not in html and "Save your changes first" in html
    # Saved first, then handed in: the new version is the submission.
    await post_form(client, f"{page}/document", {"body": typed, "base_version": "1"}, page=page)
    handed = await post_form(client, f"{page}/submit", {"body": typed, "base_version": "2"}, page=page)
    assert handed.status_code == 303
    claim = await Claim.get(id=claim.id)
    assert claim.status == "submitted" and claim.submitted_version == 2


async def _a_members_comment(client, claim, body: str) -> tuple[str, str, int]:
    """A comment of another member in the workspace, and its coordinator signed in: the page, its ref, its id."""
    group_id = (await Claim.get(id=claim.id)).group_id
    other = (await Membership.get(group_id=group_id, role="member").prefetch_related("user")).user
    comment = await workspace.add_comment(claim.id, body=body, by=other, now=datetime.now(UTC))
    await sign_in(client, "coord@example.nl")
    return f"/claims/{claim.id}", f"comment:{comment.id}", comment.id


async def test_a_report_from_the_workspace_keeps_the_text_and_files_the_report(client, claim):
    from participation.moderation.models import Report

    page, ref, comment_id = await _a_members_comment(client, claim, "Koop nu goedkope horloges!")
    html = (await client.get(page)).text
    assert f'name="report" value="{ref}"' in html and f'name="reason-{ref}"' in html
    typed = "# Plan\n\nEen.\n\nGetypt voor het melden.\n"
    sent = await post_form(
        client,
        f"{page}/report",
        {"report": ref, f"reason-{ref}": "spam", f"note-{ref}": "reclame", "body": typed, "base_version": "1"},
        page=page,
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"{page}#comment-{comment_id}"
    report = await Report.get(ref=ref)
    assert report.reason == "spam" and report.note == "reclame"
    shown = (await client.get(page)).text
    assert _editor(shown) == typed and "Thank you for your report." in shown


async def test_a_refused_report_from_the_workspace_comes_back_open_with_the_text_and_the_note(client, claim):
    from participation.moderation.models import Report

    page, ref, comment_id = await _a_members_comment(client, claim, "Bel me op 0612345678")
    typed = "# Plan\n\nEen.\n\nGetypt voor het melden.\n"
    note = "Een telefoonnummer. " * 60
    sent = await post_form(
        client,
        f"{page}/report",
        {"report": ref, f"reason-{ref}": "personal_data", f"note-{ref}": note, "body": typed, "base_version": "1"},
        page=page,
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"{page}#comment-{comment_id}"
    assert await Report.all().count() == 0
    shown = (await client.get(page)).text
    assert _editor(shown) == typed
    form = shown.split(f'id="report-comment-{comment_id}" open>')[1].split("</details>")[0]
    assert re.search(rf'name="reason-{ref}" value="personal_data"[^>]* checked>', form)
    assert markup.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S).group(1)) == note
    assert "At most 1000 characters." in form and 'aria-describedby="report-note-error-comment-' in form
    assert "Your report is not sent. See below what to change." in shown
    # Shown once.
    assert f'id="report-comment-{comment_id}" open>' not in (await client.get(page)).text


async def test_the_message_and_checklist_buttons_belong_to_the_editor_form(client, claim):
    await sign_in(client, "coord@example.nl")
    html = (await client.get(f"/claims/{claim.id}")).text
    assert 'id="editor-form"' in html
    for action in ("comments", "checklist", "submit", "report"):
        assert re.search(rf'form="editor-form" formaction="/claims/{claim.id}/{action}"', html)
    assert 'name="message"' in html and re.search(r'<textarea id="field-comment-message"[^>]*form="editor-form"', html)


async def test_releasing_the_task_asks_first(client, claim):
    await sign_in(client, "coord@example.nl")
    html = (await client.get(f"/tasks/{(await Claim.get(id=claim.id)).task_id}")).text
    confirm = re.search(r"<details class=\"confirm\">(.*?)</details>", html, re.S)
    assert confirm and "<summary>Release the task" in confirm.group(1)
    assert "another group can claim the task" in confirm.group(1) and "Yes, release the task" in confirm.group(1)


async def test_the_workspaces_links_keep_the_typed_text_on_the_way_out(client, claim):
    # Without JavaScript a plain link would leave the page and lose what the editor holds: in the workspace the
    # task, revision and compare links are buttons of the editor's form that keep it, then go where they lead.
    await sign_in(client, "coord@example.nl")
    page = f"/claims/{claim.id}"
    await post_form(client, f"{page}/document", {"body": "# Plan\n\nEen.\n\nTwee.\n", "base_version": "1"}, page=page)
    html = (await client.get(page)).text
    go = f"{page}/go"
    assert f'formaction="{go}?next=task"' in html and f'formaction="{go}?next=diff&amp;from=1&amp;to=2"' in html
    assert f'formaction="{go}?next=diff"' in html
    assert re.search(r'<select id="field-from" name="from" form="editor-form"', html)
    task_id = (await Claim.get(id=claim.id)).task_id
    assert f'href="/tasks/{task_id}"' not in html and f'href="{page}/diff' not in html
    typed = "# Plan\n\nEen.\n\nTwee.\n\nDrie, nog niet bewaard.\n"
    leaving = [
        ("?next=task", {}, f"/tasks/{task_id}"),
        ("?next=diff&from=1&to=2", {"from": "2", "to": "1"}, f"{page}/diff?from=1&to=2"),
        ("?next=diff", {"from": "2", "to": "1"}, f"{page}/diff?from=2&to=1"),  # Compare: the chosen versions
        ("?next=revisions&before=2", {}, f"{page}?before=2#revisions"),
        ("?next=https://elders.example", {}, f"{page}#revisions"),  # only the workspace's own places
    ]
    for query, chosen, target in leaving:
        sent = await post_form(client, go + query, {"body": typed, "base_version": "2", **chosen}, page=page)
        assert sent.status_code == 303 and sent.headers["location"] == target
        assert (await client.get(target)).status_code == 200
        shown = (await client.get(page)).text
        assert _editor(shown) == typed and _base(shown) == "2" and NOTICE in shown
    assert (await Claim.get(id=claim.id)).document_version == 2


async def test_an_official_reading_the_workspace_gets_plain_links(client, claim):
    await make_user("olaf@example.nl", "official")
    await sign_in(client, "olaf@example.nl")
    page = f"/claims/{claim.id}"
    html = (await client.get(page)).text
    task_id = (await Claim.get(id=claim.id)).task_id
    assert f'href="/tasks/{task_id}"' in html and f'href="{page}/diff?from=0&amp;to=1"' in html
    assert f"{page}/go" not in html
