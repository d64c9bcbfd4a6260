"""Officials' pages: write a draft with questions of every kind through the forms, preview, open, close, decide,
export; citizens may do none of it."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from participation.consultations.models import Consultation, Decision, Option, Question, Response, Statement
from participation.mail.models import OutboxMail
from participation.notifications.models import Notification
from tests.support.consultation_pages import answer_park, in_english, official, park_in, text_of
from tests.support.web import make_user, post_form, sign_in

OFFICIAL_PAGES = [
    ("GET", "/consultations/new"),
    ("POST", "/consultations/new"),
    ("GET", "/consultations/{id}/edit"),
    ("POST", "/consultations/{id}/edit"),
    ("POST", "/consultations/{id}/questions"),
    ("GET", "/consultations/{id}/preview"),
    ("POST", "/consultations/{id}/open"),
    ("GET", "/consultations/{id}/decision"),
    ("GET", "/consultations/{id}/export/responses.csv"),
    ("GET", "/consultations/{id}/export/responses.json"),
]


async def signed_in_official(client):
    in_english(client)
    user = await official()
    await sign_in(client, user.email)
    return user


@pytest.mark.parametrize(("method", "path"), OFFICIAL_PAGES)
async def test_citizens_may_not_use_the_officials_pages(client, method, path):
    in_english(client)
    park = await park_in("draft")
    await make_user("burger@example.nl")
    await sign_in(client, "burger@example.nl")
    url = path.format(id=park.id)
    if method == "GET":
        response = await client.get(url)
    else:
        response = await post_form(client, url, {"title": "Overgenomen"}, page="/")
    assert response.status_code == 403
    assert (await Consultation.get(id=park.id)).status == "draft"
    assert await Consultation.filter(title="Overgenomen").count() == 0


async def test_visitors_are_sent_to_sign_in(client):
    response = await client.get("/consultations/new")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/consultations/new"


async def test_a_new_draft_with_bad_details_keeps_what_was_typed(client):
    await signed_in_official(client)
    page = await client.get("/consultations/new")
    assert page.status_code == 200 and 'type="datetime-local"' in page.text
    response = await post_form(
        client,
        "/consultations/new",
        {"title": "", "summary": "Over de <b>bomen</b>", "opens_at": "morgen", "closes_at": "2030-06-01T09:00"},
    )
    assert response.status_code == 422
    assert '<a href="#field-title">Title: This cannot be empty.</a>' in response.text
    assert '<a href="#field-opens_at">Opens at: Give a date and time' in response.text
    assert "Give a date and time, for example 2025-06-01 09:00." in response.text
    assert "Over de &lt;b&gt;bomen&lt;/b&gt;" in response.text
    assert 'value="morgen"' in response.text and 'value="2030-06-01T09:00"' in response.text
    assert await Consultation.all().count() == 0
    backwards = await post_form(
        client,
        "/consultations/new",
        {"title": "Bomen", "opens_at": "2030-06-02T09:00", "closes_at": "2030-06-01T09:00"},
    )
    assert backwards.status_code == 422
    assert "The closing time must be after the opening time." in backwards.text


SCALE = {"scale_min": "1", "scale_max": "5", "min_label": "Onveilig", "max_label": "Veilig"}
QUESTIONS = [
    {"kind": "text", "prompt": "Wat mist u in de straat?", "required": "yes"},
    {"kind": "single_choice", "prompt": "Waar woont u?", "options": "Noord\nZuid\n\nOost\n"},
    {"kind": "multiple_choice", "prompt": "Wat wilt u?", "options": "Bomen\nBankjes\nFietsenrekken"},
    {"kind": "scale", "prompt": "Hoe veilig voelt u zich?", **SCALE},
    {"kind": "statements", "prompt": "Eens of oneens?", "statements": "Minder auto's\nMeer groen"},
]


async def make_draft_through_the_forms(client) -> int:
    response = await post_form(
        client,
        "/consultations/new",
        {
            "title": "Straatplan Oosterpoort",
            "summary": "Hoe wordt de straat?",
            "body": "De straat wordt **opnieuw** ingericht.",
            "opens_at": "2030-06-01T09:00",
            "closes_at": "2030-07-01T17:00",
        },
    )
    assert response.status_code == 303, response.text
    consultation = await Consultation.get(title="Straatplan Oosterpoort")
    assert response.headers["location"] == f"/consultations/{consultation.id}/edit#questions"
    for question in QUESTIONS:
        added = await post_form(
            client,
            f"/consultations/{consultation.id}/questions",
            question,
            page=f"/consultations/{consultation.id}/edit",
        )
        assert added.status_code == 303, added.text
    return consultation.id


async def test_an_official_writes_a_draft_with_every_kind_of_question(client):
    await signed_in_official(client)
    consultation_id = await make_draft_through_the_forms(client)
    stored = await Consultation.get(id=consultation_id)
    assert stored.status == "draft" and "<strong>opnieuw</strong>" in stored.body_html
    # Amsterdam summer time is UTC+2.
    assert stored.opens_at == datetime(2030, 6, 1, 7, 0, tzinfo=UTC)
    assert stored.closes_at == datetime(2030, 7, 1, 15, 0, tzinfo=UTC)
    questions = await Question.filter(consultation_id=consultation_id).order_by("position")
    assert [q.kind for q in questions] == ["text", "single_choice", "multiple_choice", "scale", "statements"]
    assert questions[0].required and not questions[1].required
    assert [o.label for o in await Option.filter(question_id=questions[1].id)] == ["Noord", "Zuid", "Oost"]
    assert (questions[3].scale_min, questions[3].scale_max, questions[3].min_label) == (1, 5, "Onveilig")
    assert [s.text for s in await Statement.filter(question_id=questions[4].id)] == ["Minder auto's", "Meer groen"]
    page = await client.get(f"/consultations/{consultation_id}/edit")
    assert page.status_code == 200
    assert 'value="2030-06-01T09:00"' in page.text and 'value="2030-07-01T17:00"' in page.text
    assert "Noord / Zuid / Oost" in page.text


async def test_a_question_that_does_not_fit_is_shown_again_with_the_line_at_fault(client):
    await signed_in_official(client)
    consultation_id = await make_draft_through_the_forms(client)
    response = await post_form(
        client,
        f"/consultations/{consultation_id}/questions",
        {"kind": "single_choice", "prompt": "Welke dag?", "options": "Maandag\nmaandag\nDinsdag"},
        page=f"/consultations/{consultation_id}/edit",
    )
    assert response.status_code == 422
    assert "Line 2: This appears twice." in response.text
    assert '<a href="#new-options">' in response.text
    assert "Maandag\nmaandag\nDinsdag</textarea>" in response.text
    scale = await post_form(
        client,
        f"/consultations/{consultation_id}/questions",
        {"kind": "scale", "prompt": "Hoeveel?", "scale_min": "een", "scale_max": "5"},
        page=f"/consultations/{consultation_id}/edit",
    )
    assert scale.status_code == 422 and "Give a whole number." in scale.text
    assert await Question.filter(consultation_id=consultation_id).count() == len(QUESTIONS)


async def test_questions_are_edited_moved_and_removed_each_with_its_own_form(client):
    await signed_in_official(client)
    consultation_id = await make_draft_through_the_forms(client)
    edit = f"/consultations/{consultation_id}/edit"
    first, second = await Question.filter(consultation_id=consultation_id).order_by("position").limit(2)
    changed = await post_form(
        client,
        f"/consultations/{consultation_id}/questions/{second.id}/edit",
        {"kind": "multiple_choice", "prompt": "Waar komt u vandaan?", "options": "Stad\nDorp", "required": "yes"},
        page=edit,
    )
    assert changed.status_code == 303
    second = await Question.get(id=second.id)
    assert (second.kind, second.prompt, second.required) == ("multiple_choice", "Waar komt u vandaan?", True)
    assert [o.label for o in await Option.filter(question_id=second.id)] == ["Stad", "Dorp"]
    bad = await post_form(
        client,
        f"/consultations/{consultation_id}/questions/{second.id}/edit",
        {"kind": "text", "prompt": ""},
        page=edit,
    )
    assert bad.status_code == 422 and f'<a href="#q{second.id}-prompt">Question: This cannot be empty.</a>' in bad.text
    await post_form(
        client, f"/consultations/{consultation_id}/questions/{second.id}/move", {"direction": "up"}, page=edit
    )
    order = await Question.filter(consultation_id=consultation_id).order_by("position").values_list("id", flat=True)
    assert order[:2] == [second.id, first.id]
    remove = f"/consultations/{consultation_id}/questions/{first.id}/remove"
    assert f'href="{remove}"' in (await client.get(edit)).text
    asked = await client.get(remove)
    assert "Remove this question?" in asked.text and first.prompt in asked.text
    assert "Yes, remove the question" in asked.text
    assert await Question.exists(id=first.id)  # asking removes nothing
    await post_form(client, remove, {}, page=remove)
    assert not await Question.exists(id=first.id)
    assert await Question.filter(consultation_id=consultation_id).count() == len(QUESTIONS) - 1


async def test_the_preview_shows_the_citizens_page_with_the_forms_switched_off(client):
    await signed_in_official(client)
    consultation_id = await make_draft_through_the_forms(client)
    page = await client.get(f"/consultations/{consultation_id}/preview")
    assert page.status_code == 200
    assert "Preview as a citizen." in page.text
    assert '<fieldset class="bare" disabled>' in page.text
    assert "Wat mist u in de straat?" in page.text and "Minder auto's" in page.text
    assert 'class="manage"' not in page.text
    # The badge says what it is, beside "not scheduled yet": a draft, not "open".
    assert '<span class="status status-draft">Draft</span>' in page.text
    assert 'class="status status-open"' not in page.text


async def test_once_open_the_questions_are_frozen_and_the_page_says_so(client):
    await signed_in_official(client)
    consultation_id = await make_draft_through_the_forms(client)
    edit = f"/consultations/{consultation_id}/edit"
    asked = await client.get(f"/consultations/{consultation_id}/open?next={edit}")
    assert asked.status_code == 200 and "Open this consultation now?" in asked.text
    assert "The questions can no longer change" in text_of(asked.text)
    assert f'<form method="post" action="/consultations/{consultation_id}/open"' in asked.text
    assert (await Consultation.get(id=consultation_id)).status == "draft"  # asking changes nothing
    opened = await post_form(
        client, f"/consultations/{consultation_id}/open", {"next": edit}, page=f"/consultations/{consultation_id}/open"
    )
    assert opened.status_code == 303 and opened.headers["location"] == edit
    assert (await Consultation.get(id=consultation_id)).status == "open"
    page = await client.get(edit)
    assert "The consultation is open: citizens can answer." in page.text
    assert "The questions are frozen once a consultation opens" in page.text
    assert f'action="/consultations/{consultation_id}/questions"' not in page.text
    assert "Close now" in page.text
    closing = await client.get(f"/consultations/{consultation_id}/close?next={edit}")
    assert "Close this consultation now?" in closing.text and "cannot be opened again" in closing.text
    assert (await Consultation.get(id=consultation_id)).status == "open"
    refused = await post_form(client, f"/consultations/{consultation_id}/questions", QUESTIONS[0], page=edit)
    assert refused.status_code == 303
    assert "The questions are frozen" in (await client.get(edit)).text
    assert await Question.filter(consultation_id=consultation_id).count() == len(QUESTIONS)
    # The closing time can still move while open; the opening time stays.
    opens_at = (await Consultation.get(id=consultation_id)).opens_at
    details = await post_form(
        client,
        edit,
        {"title": "Straatplan Oosterpoort", "opens_at_kept": opens_at.isoformat(), "closes_at": "2031-01-01T12:00"},
    )
    assert details.status_code == 303, details.text
    stored = await Consultation.get(id=consultation_id)
    assert stored.opens_at == opens_at and stored.closes_at == datetime(2031, 1, 1, 11, 0, tzinfo=UTC)


async def test_opening_a_draft_without_questions_is_refused_with_the_reason(client):
    await signed_in_official(client)
    await post_form(client, "/consultations/new", {"title": "Leeg"})
    consultation = await Consultation.get(title="Leeg")
    edit = f"/consultations/{consultation.id}/edit"
    await post_form(client, f"/consultations/{consultation.id}/open", {"next": edit}, page=edit)
    assert "Add at least one question before opening." in (await client.get(edit)).text
    assert (await Consultation.get(id=consultation.id)).status == "draft"


async def test_close_and_publish_the_decision_tells_every_respondent(client, app):
    park = await park_in("open")
    respondents = [await make_user(f"burger{i}@example.nl") for i in range(3)]
    for person in respondents:
        await answer_park(park, person)
    await make_user("niet-geantwoord@example.nl")
    await signed_in_official(client)
    detail = f"/consultations/{park.id}"
    closed = await post_form(client, f"/consultations/{park.id}/close", {"next": detail}, page=detail)
    assert closed.status_code == 303
    assert (await Consultation.get(id=park.id)).status == "closed"
    form = await client.get(f"/consultations/{park.id}/decision")
    assert form.status_code == 200 and f'name="outcome-{park.text}"' in form.text
    typed = {
        "summary": "Er komt een speeltuin.",
        "body": "Omdat **veel** mensen erom vroegen.",
        f"outcome-{park.single}": "We maken een fietspad.",
    }
    # First the preview: how it will look and what publishing does; nothing is stored or sent.
    preview = await post_form(client, f"/consultations/{park.id}/decision", typed)
    assert preview.status_code == 200
    shown = preview.text.split('id="preview"')[1].split("</section>")[0]
    assert "Er komt een speeltuin." in shown and "<strong>veel</strong>" in shown and "We maken een fietspad." in shown
    assert "Preview: not published yet." in shown
    told = f"{len(respondents)} people who answered are told, in the site and by e-mail."
    assert told in text_of(preview.text)
    assert 'name="publish" value="yes"' in preview.text
    assert "Omdat **veel** mensen erom vroegen.</textarea>" in preview.text
    assert (await Consultation.get(id=park.id)).status == "closed"
    assert not await Decision.exists(consultation_id=park.id)
    assert await OutboxMail.filter(subject__contains="Herinrichting Julianapark").count() == 0
    published = await post_form(client, f"/consultations/{park.id}/decision", {**typed, "publish": "yes"})
    assert published.status_code == 303 and published.headers["location"] == f"/consultations/{park.id}#decision"
    assert (await Consultation.get(id=park.id)).status == "decided"
    decision = await Decision.get(consultation_id=park.id)
    assert decision.summary == "Er komt een speeltuin." and "<strong>veel</strong>" in decision.body_html
    assert (await Question.get(id=park.single)).outcome == "We maken een fietspad."
    told = await Notification.filter(kind="consultation_decision").values_list("user_id", flat=True)
    assert sorted(told) == sorted(p.id for p in respondents)
    mails = await OutboxMail.filter(subject__contains="Herinrichting Julianapark").values_list("to", flat=True)
    assert sorted(mails) == sorted(p.email for p in respondents)
    page = text_of((await client.get(f"/consultations/{park.id}")).text)
    assert "The decision is published." in page and "Er komt een speeltuin." in page


async def test_a_decision_without_a_summary_keeps_the_text_and_a_decision_on_an_open_one_is_refused(client):
    park = await park_in("closed")
    await signed_in_official(client)
    response = await post_form(
        client,
        f"/consultations/{park.id}/decision",
        {"summary": " ", "body": "Lange *uitleg*", f"outcome-{park.text}": "Bankjes komen er."},
        page=f"/consultations/{park.id}/decision",
    )
    assert response.status_code == 422
    assert '<a href="#field-summary">The decision in short: This cannot be empty.</a>' in response.text
    assert "Lange *uitleg*</textarea>" in response.text and "Bankjes komen er.</textarea>" in response.text
    assert not await Decision.exists(consultation_id=park.id)
    opened = await park_in("open")
    page = await client.get(f"/consultations/{opened.id}/decision")
    assert "A decision is published once the consultation is closed; it is open now." in page.text
    assert 'name="summary"' not in page.text
    refused = await post_form(
        client, f"/consultations/{opened.id}/decision", {"summary": "Te vroeg"}, page=f"/consultations/{opened.id}"
    )
    assert refused.status_code == 409
    assert not await Decision.exists(consultation_id=opened.id)


async def test_officials_download_the_responses_pseudonymously(client):
    park = await park_in("open")
    person = await make_user("burger@example.nl")
    await answer_park(park, person)
    await signed_in_official(client)
    response = await client.get(f"/consultations/{park.id}/export/responses.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][0] == "respondent" and len(rows) == 2
    assert "Meer bankjes bij de vijver" in rows[1] and "Fiets" in rows[1]
    assert "burger@example.nl" not in response.text
    as_json = await client.get(f"/consultations/{park.id}/export/responses.json")
    assert as_json.headers["content-type"] == "application/json"
    data = json.loads(as_json.text)
    assert data["responses"][0]["respondent"] == rows[1][0]
    assert (await client.get(f"/consultations/{park.id}/export/responses.xml")).status_code == 404


async def test_officials_download_the_responses_as_an_excel_workbook_in_their_language(client):
    park = await park_in("open")
    person = await make_user("burger@example.nl")
    await answer_park(park, person, {str(park.text): '=HYPERLINK("https://x.example")'})
    await signed_in_official(client)
    client.cookies.set("lang", "nl")
    response = await client.get(f"/consultations/{park.id}/export/responses.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert f'filename="consultation-{park.id}-responses.xlsx"' in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert header[:3] == ["Respondent", "Ingestuurd op", "Gewijzigd op"]
    prompts = [q.prompt for q in await Question.filter(consultation_id=park.id).order_by("position")]
    assert header[3] == f"Vraag 1: {prompts[0]}"
    # The time the screen shows: Amsterdam's, as a real Excel date.
    stored = await Response.get(consultation_id=park.id)
    amsterdam = stored.created_at.astimezone(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None)
    assert isinstance(row[1], datetime)
    assert abs(row[1] - amsterdam) < timedelta(seconds=1)
    assert sheet.cell(row=2, column=2).number_format == "yyyy-mm-dd hh:mm:ss"
    # Text stays text: an answer that looks like a formula is not run.
    assert '=HYPERLINK("https://x.example")' in row
    assert sheet.cell(row=2, column=header.index(f"Vraag 1: {prompts[0]}") + 1).data_type == "s"
    assert "burger@example.nl" not in [str(v) for v in row]


async def test_the_page_says_which_download_is_for_what(client):
    park = await park_in("open")
    await signed_in_official(client)
    client.cookies.set("lang", "nl")
    page = text_of((await client.get(f"/consultations/{park.id}")).text)
    assert "CSV en JSON: open bestanden voor programma's" in page
    assert "Excel: om te openen in Excel" in page
    assert (
        f'href="/consultations/{park.id}/export/responses.xlsx"' in (await client.get(f"/consultations/{park.id}")).text
    )


async def test_a_published_decision_is_corrected_visibly_with_its_history_and_nobody_is_mailed_again(client):
    park = await park_in("open")
    respondent = await make_user("burger@example.nl")
    await answer_park(park, respondent)
    await signed_in_official(client)
    detail = f"/consultations/{park.id}"
    await post_form(client, f"{detail}/close", {"next": detail}, page=detail)
    typed = {"summary": "Er komen 12 bankjes.", "body": "Omdat het park groot is.", "publish": "yes"}
    await post_form(client, f"{detail}/decision", typed)
    mails = await OutboxMail.filter(to="burger@example.nl").count()
    assert mails == 1
    form = await client.get(f"{detail}/decision/correct")
    assert form.status_code == 200 and "Er komen 12 bankjes.</textarea>" in form.text
    assert "Nobody is mailed again" in text_of(form.text)
    corrected = await post_form(
        client, f"{detail}/decision/correct", {"summary": "Er komen 21 bankjes.", "body": "Omdat het park groot is."}
    )
    assert corrected.status_code == 303 and corrected.headers["location"] == f"{detail}#decision"
    decision = await Decision.get(consultation_id=park.id)
    assert decision.summary == "Er komen 21 bankjes." and decision.corrected_at is not None
    page = await client.get(detail)
    shown = text_of(page.text.split('id="decision"')[1].split("</section>")[0])
    assert "Er komen 21 bankjes." in shown and "corrected on" in shown
    assert "Earlier texts of this decision" in shown and "Er komen 12 bankjes." in shown
    assert await OutboxMail.filter(to="burger@example.nl").count() == mails
    empty = await post_form(client, f"{detail}/decision/correct", {"summary": " "})
    assert empty.status_code == 422 and "The decision in short: This cannot be empty." in text_of(empty.text)
    assert (await Decision.get(consultation_id=park.id)).summary == "Er komen 21 bankjes."
