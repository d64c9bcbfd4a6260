"""A report refused for its reason or note on the pages with moderation's own report form (the answers, the results,
a group) comes back after the redirect as it was sent: open, the reason chosen and the note kept, each error next
to its field, once; nothing stored. A valid report is still stored."""

from __future__ import annotations

import html
import re

import pytest

from participation.consultations.models import Answer
from participation.consultations.services import authoring
from participation.moderation.models import Report
from tests.support.consultation_pages import answer_park, in_english, park_in, real_now, text_of
from tests.support.web import make_user, post_form, sign_in

pytestmark = pytest.mark.usefixtures("orm")


def report_of(page: str, dom_id: str) -> str:
    """The report form with `dom_id` on the page (its <details>)."""
    found = re.search(rf'<details class="report" id="report-{dom_id}"[^>]*>.*?</details>', page, re.S)
    assert found, f"no report form {dom_id}"
    return found.group(0)


def note_in(form: str) -> str:
    return html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S).group(1))


def reason_in(form: str) -> list[str]:
    return re.findall(r'<input type="radio" name="reason" value="(\w+)"[^>]* checked>', form)


def field_error(form: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="report-{field}-error-[^"]+">(.*?)</p>', form, re.S)
    return text_of(found.group(1)) if found else ""


@pytest.fixture
async def closed_with_an_answer(client):
    park = await park_in("open")
    await answer_park(park, await make_user("antwoorder@example.nl"), {str(park.text): "Meer bankjes bij de vijver"})
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    await make_user("buurman@example.nl")
    await sign_in(in_english(client), "buurman@example.nl")
    return park, await Answer.get(question_id=park.text)


async def test_a_report_without_a_reason_on_the_answers_page_comes_back_with_the_note(client, closed_with_an_answer):
    park, answer = closed_with_an_answer
    page = f"/consultations/{park.id}/results/questions/{park.text}/answers"
    # No browser sends control characters; they are dropped, the rest of the note is kept.
    sent = {"ref": answer.ref, "note": "Hier staat\x07 een telefoonnummer in.", "next": f"{page}#answer-{answer.id}"}
    response = await post_form(client, "/moderation/reports", sent, page=page)
    assert response.status_code == 303 and response.headers["location"] == f"{page}#answer-{answer.id}"
    assert await Report.all().count() == 0
    shown = (await client.get(page)).text
    form = report_of(shown, f"answer-{answer.id}")
    assert '<details class="report" id="report-answer-' in form and " open>" in form.split("\n")[0]
    assert note_in(form) == "Hier staat een telefoonnummer in."
    assert field_error(form, "reason") == "Error: Choose why you report this."
    assert 'aria-describedby="report-reason-error-answer-' in form and not field_error(form, "note")
    assert "Your report is not sent. See below what to change." in text_of(shown)
    # Shown once: the next visit has the form closed and empty again.
    again = report_of((await client.get(page)).text, f"answer-{answer.id}")
    assert " open>" not in again.split("\n")[0] and note_in(again) == "" and not field_error(again, "reason")


async def test_a_note_too_long_on_the_results_keeps_the_reason_chosen_and_the_whole_note(client, closed_with_an_answer):
    park, answer = closed_with_an_answer
    page = f"/consultations/{park.id}/results"
    note = "Dit is reclame voor een winkel. " * 40
    sent = {"ref": answer.ref, "reason": "spam", "note": note, "next": f"{page}#report-answer-{answer.id}"}
    response = await post_form(client, "/moderation/reports", sent, page=page)
    assert response.status_code == 303
    assert await Report.all().count() == 0
    form = report_of((await client.get(response.headers["location"])).text, f"answer-{answer.id}")
    assert reason_in(form) == ["spam"] and note_in(form) == note
    assert field_error(form, "note") == "Error: At most 1000 characters."
    assert 'aria-invalid="true" aria-describedby="report-note-error-answer-' in form


async def test_a_valid_report_from_the_results_is_stored_and_the_form_is_closed(client, closed_with_an_answer):
    park, answer = closed_with_an_answer
    page = f"/consultations/{park.id}/results"
    sent = {"ref": answer.ref, "reason": "personal_data", "note": "Een naam.", "next": page}
    response = await post_form(client, "/moderation/reports", sent, page=page)
    assert response.status_code == 303
    stored = await Report.get(ref=answer.ref)
    assert (stored.reason, stored.note) == ("personal_data", "Een naam.")
    shown = (await client.get(page)).text
    assert "Thank you for your report." in text_of(shown)
    assert " open>" not in report_of(shown, f"answer-{answer.id}").split("\n")[0]


async def test_a_note_in_another_script_goes_along_as_far_as_the_session_holds_it(client, closed_with_an_answer):
    # The session is a cookie: a note escaped to ASCII JSON beyond its room is cut, never dropping the session.
    park, answer = closed_with_an_answer
    page = f"/consultations/{park.id}/results"
    note = "هذا إعلان " * 100
    sent = {"ref": answer.ref, "note": note, "next": page}
    response = await post_form(client, "/moderation/reports", sent, page=page)
    assert response.status_code == 303
    form = report_of((await client.get(page)).text, f"answer-{answer.id}")
    kept = note_in(form)
    assert 100 < len(kept) < len(note) and note.startswith(kept)
    assert field_error(form, "reason") == "Error: Choose why you report this."
    assert (await client.get("/account")).status_code == 200  # still signed in: the cookie was taken
