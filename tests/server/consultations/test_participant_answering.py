"""Answering through the consultation page: the form of every question kind, errors that keep what was typed,
a stored response shown again, statement votes and proposals."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from participation.accounts.models import User
from participation.consultations import rules
from participation.consultations.models import Response, Statement, StatementVote
from participation.consultations.rules import QuestionInput
from participation.consultations.services import authoring, responding
from participation.moderation.models import Report
from tests.support.consultation_pages import answer_park, in_english, park_in, real_now, text_of
from tests.support.web import make_user, post_form, sign_in


async def citizen_on(client, email: str = "burger@example.nl"):
    in_english(client)
    user = await make_user(email)
    await sign_in(client, email)
    return user


def checked(page: str, input_id: str) -> bool:
    tag = re.search(rf'<input[^>]*id="{re.escape(input_id)}"[^>]*>', page)
    assert tag, f"no input {input_id}"
    return " checked" in tag.group(0)


def textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, f"no textarea {name}"
    return found.group(1)


async def test_a_citizen_gets_a_form_for_every_kind_of_question(client):
    park = await park_in("open")
    await citizen_on(client)
    page = await client.get(f"/consultations/{park.id}")
    html = page.text
    assert f'action="/consultations/{park.id}/response#answer"' in html
    assert f'<textarea id="field-q{park.text}" name="q{park.text}"' in html
    assert (
        f'<label for="field-q{park.text}" class="question-prompt">Wat mist u in het park? '
        '<span class="required">(required)</span>' in html
    )
    assert html.count(f'type="radio" id="field-q{park.single}') == 4  # three options and "no answer"
    assert html.count(f'type="checkbox" id="field-q{park.multiple}') == 4
    assert html.count(f'type="radio" id="field-q{park.scale}') == 6  # 1..5 and "no answer"
    assert '<span class="scale-label">Slecht</span>' in html and '<span class="scale-label">Goed</span>' in html
    assert '<legend class="question-prompt">Hoe komt u naar het park?</legend>' in html
    for index in range(3):
        statement = park.statement(index)
        vote = f"/consultations/{park.id}/statements/{statement}/vote#statement-{statement}"
        assert f'form="answer-form" formaction="{vote}"' in html
    propose = f"/consultations/{park.id}/questions/{park.statements}/statements#propose-{park.statements}"
    assert f'form="answer-form" formaction="{propose}"' in html
    assert "Send my answers" in html


async def test_a_missing_required_answer_keeps_everything_typed_and_says_which_question(client):
    park = await park_in("open")
    await citizen_on(client)
    single, multiple = (
        park.option("single_choice", 2),
        [park.option("multiple_choice", 1), park.option("multiple_choice", 3)],
    )
    response = await post_form(
        client,
        f"/consultations/{park.id}/response",
        {
            f"q{park.text}": "   ",
            f"q{park.single}": str(single),
            f"q{park.multiple}": [str(m) for m in multiple],
            f"q{park.scale}": "2",
        },
        page=f"/consultations/{park.id}",
    )
    assert response.status_code == 422
    html = response.text
    assert 'class="error-summary"' in html
    assert f'<a href="#field-q{park.text}">Wat mist u in het park? This question needs an answer.</a>' in html
    assert f'<p class="field-error" id="error-q{park.text}">' in html
    assert f'aria-describedby="hint-q{park.text} error-q{park.text}"' in html
    assert checked(html, f"field-q{park.single}-{single}")
    assert checked(html, f"field-q{park.multiple}-{multiple[0]}") and checked(
        html, f"field-q{park.multiple}-{multiple[1]}"
    )
    assert not checked(html, f"field-q{park.multiple}")
    assert checked(html, f"field-q{park.scale}-2")
    citizen = await User.get(email="burger@example.nl")
    assert await responding.get_my_response(park.id, user=citizen, now=real_now()) is None


async def test_an_answer_that_does_not_fit_is_refused_next_to_its_question_with_the_text_kept(client):
    park = await park_in("open")
    await citizen_on(client)
    typed = "Meer <b>bankjes</b> & een kiosk\nen schaduw"
    response = await post_form(
        client,
        f"/consultations/{park.id}/response",
        {f"q{park.text}": typed, f"q{park.single}": str(park.option("multiple_choice", 0)), f"q{park.scale}": "9"},
        page=f"/consultations/{park.id}",
    )
    assert response.status_code == 422
    text = text_of(response.text)
    assert "Hoe komt u naar het park? This option does not belong to this question." in text
    assert "Hoe tevreden bent u nu? Choose a value from 1 to 5." in text
    assert textarea(response.text, f"q{park.text}") == "Meer &lt;b&gt;bankjes&lt;/b&gt; &amp; een kiosk\nen schaduw"


async def test_a_good_answer_is_stored_and_shown_again_ready_to_change(client):
    park = await park_in("open")
    user = await citizen_on(client)
    single, multiple = (
        park.option("single_choice", 0),
        [park.option("multiple_choice", 0), park.option("multiple_choice", 2)],
    )
    response = await post_form(
        client,
        f"/consultations/{park.id}/response",
        {
            f"q{park.text}": "Een **speeltuin** <script>x</script>",
            f"q{park.single}": str(single),
            f"q{park.multiple}": [str(m) for m in multiple],
            f"q{park.scale}": "5",
        },
        page=f"/consultations/{park.id}",
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/consultations/{park.id}#answer"
    mine = await responding.get_my_response(park.id, user=user, now=real_now())
    assert mine.answers == {
        park.text: "Een **speeltuin** <script>x</script>",
        park.single: single,
        park.multiple: multiple,
        park.scale: 5,
    }
    page = await client.get(f"/consultations/{park.id}")
    assert "Thank you: your answers are saved." in page.text
    assert textarea(page.text, f"q{park.text}") == "Een **speeltuin** &lt;script&gt;x&lt;/script&gt;"
    assert checked(page.text, f"field-q{park.single}")
    assert checked(page.text, f"field-q{park.multiple}") and checked(page.text, f"field-q{park.multiple}-{multiple[1]}")
    assert checked(page.text, f"field-q{park.scale}-5")
    assert "You answered on" in page.text and "Save my changed answers" in page.text
    assert "You can change your answers while the consultation is open." in page.text


async def test_changing_the_answer_replaces_it_and_no_answer_clears_a_choice(client):
    park = await park_in("open")
    user = await citizen_on(client)
    await answer_park(park, user)
    response = await post_form(
        client,
        f"/consultations/{park.id}/response",
        {f"q{park.text}": "Toch liever een vijver", f"q{park.single}": "", f"q{park.scale}": ""},
        page=f"/consultations/{park.id}",
    )
    assert response.status_code == 303
    mine = await responding.get_my_response(park.id, user=user, now=real_now())
    assert mine.answers == {park.text: "Toch liever een vijver"}
    page = await client.get(f"/consultations/{park.id}")
    assert "Your changed answers are saved." in page.text
    assert checked(page.text, f"field-q{park.single}-none")


async def test_answering_a_closed_consultation_is_refused_with_the_reason(client):
    park = await park_in("closed")
    await citizen_on(client)
    response = await post_form(
        client, f"/consultations/{park.id}/response", {f"q{park.text}": "Te laat"}, page=f"/consultations/{park.id}"
    )
    assert response.status_code == 409
    assert "This consultation is closed: answers can no longer be given or changed." in response.text
    assert await Response.filter(consultation_id=park.id).count() == 0


async def test_answering_a_draft_is_not_found_and_anonymous_answers_go_to_sign_in(client):
    in_english(client)
    draft = await park_in("draft")
    opened = await park_in("open")
    anonymous = await post_form(client, f"/consultations/{opened.id}/response", {f"q{opened.text}": "x"}, page="/")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")
    await citizen_on(client)
    response = await post_form(client, f"/consultations/{draft.id}/response", {f"q{draft.text}": "x"}, page="/")
    assert response.status_code == 404
    assert "This page does not exist" in response.text and "Herinrichting Julianapark" not in response.text
    assert await Response.all().count() == 0


async def test_statement_votes_are_stored_changed_and_shown(client):
    park = await park_in("open")
    user = await citizen_on(client)
    statement = park.statement(1)
    path = f"/consultations/{park.id}/statements/{statement}/vote"
    first = await post_form(client, path, {"vote": "agree"}, page=f"/consultations/{park.id}")
    assert first.status_code == 303 and first.headers["location"] == f"/consultations/{park.id}#statement-{statement}"
    await post_form(client, path, {"vote": "disagree"}, page=f"/consultations/{park.id}")
    vote = await StatementVote.get(statement_id=statement, user_id=user.id)
    assert vote.vote == "disagree"
    stored = await Statement.get(id=statement)
    assert (stored.agree, stored.disagree, stored.passed) == (0, 1, 0)
    page = await client.get(f"/consultations/{park.id}")
    assert "Your vote is saved." in page.text
    form = page.text.split(f'id="statement-{statement}"')[1].split("</li>")[0]
    assert re.search(r'value="disagree" class="button vote vote-disagree chosen"\s+aria-pressed="true"', form)
    assert re.search(r'value="agree" class="button vote vote-agree"\s+aria-pressed="false"', form)
    assert "Your vote: Disagree" in page.text


async def test_a_bad_vote_or_a_vote_on_a_closed_consultation_is_explained(client):
    park = await park_in("open")
    await citizen_on(client)
    path = f"/consultations/{park.id}/statements/{park.statement(0)}/vote"
    await post_form(client, path, {"vote": "maybe"}, page=f"/consultations/{park.id}")
    page = await client.get(f"/consultations/{park.id}")
    # The choices by the names on the buttons, not the values the form sends.
    assert "Choose one of these: “Agree”, “Disagree”, “Pass”." in page.text
    client.cookies.set("lang", "nl")
    await post_form(client, path, {"vote": "maybe"}, page=f"/consultations/{park.id}")
    page = await client.get(f"/consultations/{park.id}")
    assert "Kies een van deze: “Eens”, “Oneens”, “Sla over”." in page.text
    in_english(client)
    closed = await park_in("closed")
    await post_form(
        client, f"/consultations/{closed.id}/statements/{closed.statement(0)}/vote", {"vote": "agree"}, page="/"
    )
    assert "answers can no longer be given or changed" in (await client.get(f"/consultations/{closed.id}")).text
    assert await StatementVote.all().count() == 0


async def test_a_proposed_statement_waits_for_moderation_and_only_its_author_sees_it(client, app):
    park = await park_in("open")
    await citizen_on(client)
    path = f"/consultations/{park.id}/questions/{park.statements}/statements"
    response = await post_form(
        client, path, {"text": "Een <em>waterspeelplaats</em>"}, page=f"/consultations/{park.id}"
    )
    assert response.status_code == 303
    stored = await Statement.get(question_id=park.statements, status="pending")
    assert stored.text == "Een <em>waterspeelplaats</em>"
    page = await client.get(f"/consultations/{park.id}")
    assert "Your statements waiting for moderation" in page.text
    assert "Een &lt;em&gt;waterspeelplaats&lt;/em&gt;" in page.text
    await citizen_on(client, "ander@example.nl")
    other = await client.get(f"/consultations/{park.id}")
    assert "waterspeelplaats" not in other.text


async def test_an_empty_proposal_is_refused_at_its_field(client):
    park = await park_in("open")
    await citizen_on(client)
    path = f"/consultations/{park.id}/questions/{park.statements}/statements"
    response = await post_form(client, path, {"text": "  "}, page=f"/consultations/{park.id}")
    assert response.status_code == 422
    assert f'<p class="field-error" id="error-propose-{park.statements}">' in response.text
    summary = response.text.split(f'id="question-{park.statements}"')[1].split('class="field')[0]
    assert 'class="error-summary"' in summary
    assert f'<a href="#field-propose-{park.statements}">Your statement: This cannot be empty.</a>' in summary
    too_long = "lang " * 70
    response = await post_form(client, path, {"text": too_long}, page=f"/consultations/{park.id}")
    assert response.status_code == 422
    assert f'value="{too_long}"' in response.text
    assert await Statement.filter(status="pending").count() == 0


async def test_the_answer_form_needs_the_csrf_token(client):
    park = await park_in("open")
    await citizen_on(client)
    response = await client.post(f"/consultations/{park.id}/response", data={f"q{park.text}": "x"})
    assert response.status_code == 403
    assert "You may not do this" in response.text
    assert await Response.all().count() == 0


async def test_the_page_says_until_when_answers_can_change(client):
    park = await park_in("open")
    user = await citizen_on(client)
    closes_at = datetime(real_now().year + 1, 3, 14, 15, 30, tzinfo=UTC)
    await authoring.update_details(
        park.id,
        title=park.view.consultation.title,
        summary="",
        body="",
        opens_at=park.view.consultation.opens_at,
        closes_at=closes_at,
        by=park.official,
        now=real_now(),
    )
    before = text_of((await client.get(f"/consultations/{park.id}")).text)
    assert f"Answer until 14 March {closes_at.year}, 16:30; you can change your answers until then." in before
    await answer_park(park, user)
    after = text_of((await client.get(f"/consultations/{park.id}")).text)
    assert f"You can change your answers until 14 March {closes_at.year}, 16:30." in after


async def test_superscript_digits_in_an_answer_are_a_message_not_an_error_page(client):
    """str.isdigit() says yes to "²", int() does not: a choice or scale sent as "²" is an invalid answer."""
    park = await park_in("open")
    await citizen_on(client)
    sent = await post_form(
        client,
        f"/consultations/{park.id}/response",
        {f"q{park.text}": "Meer bomen", f"q{park.single}": "²", f"q{park.scale}": "³"},
        page=f"/consultations/{park.id}",
    )
    assert sent.status_code == 422
    assert "error-summary" in sent.text
    assert textarea(sent.text, f"q{park.text}").strip() == "Meer bomen"  # what was typed is kept
    assert not await Response.exists(consultation_id=park.id)


async def test_a_vote_sent_with_typed_answers_keeps_them_on_the_page_unsent(client):
    park = await park_in("open")
    user = await citizen_on(client)
    statement = park.statement(0)
    chosen = (await client.get(f"/consultations/{park.id}")).text
    option = re.search(rf'id="field-q{park.single}-(\d+)"', chosen).group(1)
    typed = {f"q{park.text}": "Meer schaduw bij de bankjes", f"q{park.single}": option, f"q{park.scale}": "4"}
    path = f"/consultations/{park.id}/statements/{statement}/vote"
    response = await post_form(client, path, {**typed, "vote": "agree"}, page=f"/consultations/{park.id}")
    assert response.status_code == 200
    assert textarea(response.text, f"q{park.text}") == "Meer schaduw bij de bankjes"
    assert checked(response.text, f"field-q{park.single}-{option}")
    assert checked(response.text, f"field-q{park.scale}-4")
    assert "Your answers below are not sent yet" in response.text
    at_statement = response.text.split(f'id="statement-{statement}"')[1].split("</li>")[0]
    assert "Your vote is saved." in at_statement and "Your vote: Agree" in at_statement
    assert (await StatementVote.get(statement_id=statement, user_id=user.id)).vote == "agree"
    assert await Response.all().count() == 0


async def test_a_report_sent_with_typed_answers_is_stored_and_keeps_them_on_the_page_unsent(client):
    park = await park_in("open")
    user = await citizen_on(client)
    statement = await Statement.get(id=park.statement(1))
    page = (await client.get(f"/consultations/{park.id}")).text
    path = f"/consultations/{park.id}/statements/{statement.id}/report"
    # The report's controls belong to the answer form, named after the statement; the button sends the ref.
    assert f'name="reason-{statement.ref}" value="spam" form="answer-form"' in page
    assert f'form="answer-form" formaction="{path}#statement-{statement.id}" name="report"' in page
    typed = {f"q{park.text}": "Meer schaduw bij de bankjes", f"q{park.scale}": "4"}
    report = {"report": statement.ref, f"reason-{statement.ref}": "spam", f"note-{statement.ref}": "Reclame."}
    response = await post_form(client, path, {**typed, **report}, page=f"/consultations/{park.id}")
    assert response.status_code == 200
    stored = await Report.get(ref=statement.ref, reporter_id=user.id)
    assert (stored.reason, stored.note) == ("spam", "Reclame.")
    assert textarea(response.text, f"q{park.text}") == "Meer schaduw bij de bankjes"
    assert checked(response.text, f"field-q{park.scale}-4")
    at_statement = response.text.split(f'id="statement-{statement.id}"')[1].split("</li>")[0]
    assert "Thank you for your report. A moderator will look at it." in at_statement
    assert "Your answers above are not sent yet." in at_statement
    assert await Response.all().count() == 0


async def test_a_report_without_a_reason_says_so_at_the_statement_and_keeps_the_answers(client):
    park = await park_in("open")
    await citizen_on(client)
    statement = await Statement.get(id=park.statement(1))
    path = f"/consultations/{park.id}/statements/{statement.id}/report"
    typed = {f"q{park.text}": "Een speelplek", "report": statement.ref, f"note-{statement.ref}": "Zomaar."}
    response = await post_form(client, path, typed, page=f"/consultations/{park.id}")
    assert response.status_code == 422
    assert textarea(response.text, f"q{park.text}") == "Een speelplek"
    at_statement = response.text.split(f'id="statement-{statement.id}"')[1].split("</li>")[0]
    assert "Your report is not sent. See below what to change." in text_of(at_statement)
    assert "field-error" in at_statement and "Choose why you report this." in at_statement
    # The report stays open with the note as it was typed, the error next to the reasons.
    assert f'<details class="report" id="report-statement-{statement.id}" open>' in at_statement
    assert textarea(at_statement, f"note-{statement.ref}") == "Zomaar."
    assert 'aria-describedby="report-reason-error-statement-' in at_statement
    assert await Report.all().count() == 0


def reason_checked(page: str, ref: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="reason-{re.escape(ref)}" value="(\w+)"[^>]* checked>', page)


async def test_a_report_with_a_note_too_long_keeps_the_reason_chosen_and_the_note(client):
    park = await park_in("open")
    await citizen_on(client)
    statement = await Statement.get(id=park.statement(2))
    path = f"/consultations/{park.id}/statements/{statement.id}/report"
    note = "Dit is reclame. " * 70
    sent = {"report": statement.ref, f"reason-{statement.ref}": "abuse", f"note-{statement.ref}": note}
    # Nothing typed in the answers: the refused report is still shown again, not lost in a redirect.
    response = await post_form(client, path, sent, page=f"/consultations/{park.id}")
    assert response.status_code == 422
    at_statement = response.text.split(f'id="statement-{statement.id}"')[1].split("</li>")[0]
    assert reason_checked(at_statement, statement.ref) == ["abuse"]
    assert textarea(at_statement, f"note-{statement.ref}") == note
    error = re.search(r'<p class="field-error" id="report-note-error-[^"]+">(.*?)</p>', at_statement).group(1)
    assert "At most 1000 characters." in error
    assert 'aria-invalid="true" aria-describedby="report-note-error-statement-' in at_statement
    # Only the statement reported shows a report again; the others are closed and empty.
    other = await Statement.get(id=park.statement(0))
    elsewhere = response.text.split(f'id="statement-{other.id}"')[1].split("</li>")[0]
    assert f'<details class="report" id="report-statement-{other.id}">' in elsewhere
    assert not reason_checked(elsewhere, other.ref)
    assert await Report.all().count() == 0
    # Sent again with a short note, it is filed.
    sent[f"note-{statement.ref}"] = "Scheldwoorden."
    filed = await post_form(client, path, sent, page=f"/consultations/{park.id}")
    assert filed.status_code == 303 and filed.headers["location"].endswith(f"#statement-{statement.id}")
    assert (await Report.get(ref=statement.ref)).note == "Scheldwoorden."


async def test_a_vote_with_nothing_typed_goes_back_to_the_statement(client):
    park = await park_in("open")
    await citizen_on(client)
    statement = park.statement(0)
    path = f"/consultations/{park.id}/statements/{statement}/vote"
    empty = {f"q{park.text}": "", f"q{park.single}": "", "vote": "pass"}
    response = await post_form(client, path, empty, page=f"/consultations/{park.id}")
    assert response.status_code == 303 and response.headers["location"].endswith(f"#statement-{statement}")


async def test_a_vote_sent_by_script_gets_json_and_changes_nothing_else(client):
    park = await park_in("open")
    user = await citizen_on(client)
    statement = park.statement(2)
    page = await client.get(f"/consultations/{park.id}")
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    path = f"/consultations/{park.id}/statements/{statement}/vote"
    sent = {"csrftoken": token, "vote": "disagree"}
    response = await client.post(path, data=sent, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"message": "Your vote is saved.", "vote": "disagree"}
    assert (await StatementVote.get(statement_id=statement, user_id=user.id)).vote == "disagree"
    bad = await client.post(path, data={**sent, "vote": "maybe"}, headers={"Accept": "application/json"})
    # The page's script shows the message to the person: the buttons' names, not the values sent.
    assert bad.status_code == 422 and bad.json()["message"] == "Choose one of these: “Agree”, “Disagree”, “Pass”."


async def test_a_proposal_sent_with_typed_answers_keeps_them(client):
    park = await park_in("open")
    await citizen_on(client)
    path = f"/consultations/{park.id}/questions/{park.statements}/statements"
    sent = {f"q{park.text}": "Een pad langs het water", f"propose-{park.statements}": "Meer bankjes in de zon"}
    response = await post_form(client, path, sent, page=f"/consultations/{park.id}")
    assert response.status_code == 200
    assert textarea(response.text, f"q{park.text}") == "Een pad langs het water"
    assert "Your statement is shown to others once a moderator has checked it." in response.text
    assert await Statement.filter(status="pending", text="Meer bankjes in de zon").count() == 1
    assert await Response.all().count() == 0


async def test_saved_answers_are_confirmed_in_the_answer_section_and_a_change_is_dated(client):
    park = await park_in("open")
    await citizen_on(client)
    first = await post_form(
        client, f"/consultations/{park.id}/response", {f"q{park.text}": "Bankjes"}, page=f"/consultations/{park.id}"
    )
    assert first.headers["location"] == f"/consultations/{park.id}#answer"
    page = (await client.get(f"/consultations/{park.id}")).text
    section = page.split('id="answer"')[1]
    assert "Thank you: your answers are saved." in section
    assert "Changed on" not in section
    # One sentence after the other, a space between them.
    assert re.search(r"You answered on [^.]+\. You can change your answers", text_of(section))
    await post_form(
        client,
        f"/consultations/{park.id}/response",
        {f"q{park.text}": "Meer bankjes"},
        page=f"/consultations/{park.id}",
    )
    section = (await client.get(f"/consultations/{park.id}")).text.split('id="answer"')[1]
    assert "Your changed answers are saved." in section
    assert re.search(r"\. Changed on [^.]+\. You can change your answers", text_of(section))


async def test_length_limits_are_in_the_hints_and_a_longer_text_is_kept_and_refused(client):
    park = await park_in("open")
    await citizen_on(client)
    page = (await client.get(f"/consultations/{park.id}")).text
    text_field = re.search(rf'<textarea[^>]*name="q{park.text}"[^>]*>', page).group(0)
    assert "maxlength" not in text_field  # a long paste is not cut off silently
    limit = f"{rules.TEXT_ANSWER_MAX:,}".replace(",", ".")
    assert f'id="hint-q{park.text}">You can use up to {limit} characters.' in page
    assert f'data-maxlength="{rules.TEXT_ANSWER_MAX}"' in page
    assert f"You can use up to {rules.STATEMENT_MAX} characters." in page
    assert f'data-maxlength="{rules.STATEMENT_MAX}"' in page
    too_long = "a" * (rules.TEXT_ANSWER_MAX + 1)
    response = await post_form(
        client, f"/consultations/{park.id}/response", {f"q{park.text}": too_long}, page=f"/consultations/{park.id}"
    )
    assert response.status_code == 422
    assert textarea(response.text, f"q{park.text}") == too_long
    assert f"at most {rules.TEXT_ANSWER_MAX} characters" in text_of(response.text)
    assert await Response.all().count() == 0


async def test_with_statements_alone_a_report_has_its_own_form_and_a_refused_one_comes_back(client):
    statements = QuestionInput("statements", "Wat vindt u hiervan?", statements=["Meer bomen", "Een hondenveld"])
    park = await park_in("open", questions=[statements])
    await citizen_on(client)
    statement = await Statement.get(id=park.statement(0))
    path = f"/consultations/{park.id}/statements/{statement.id}/report"
    page = (await client.get(f"/consultations/{park.id}")).text
    assert 'id="answer-form"' not in page
    assert f'<form method="post" action="{path}#statement-{statement.id}" class="report-form stack">' in page
    sent = {"report": statement.ref, f"note-{statement.ref}": "Zomaar."}
    response = await post_form(client, path, sent, page=f"/consultations/{park.id}")
    assert response.status_code == 422
    at_statement = response.text.split(f'id="statement-{statement.id}"')[1].split("</li>")[0]
    assert textarea(at_statement, f"note-{statement.ref}") == "Zomaar."
    assert "Choose why you report this." in at_statement
    sent[f"reason-{statement.ref}"] = "off_topic"
    filed = await post_form(client, path, sent, page=f"/consultations/{park.id}")
    assert filed.status_code == 303
    landed = text_of((await client.get(filed.headers["location"])).text)
    assert "Thank you for your report. A moderator will look at it." in landed
    assert (await Report.get(ref=statement.ref)).reason == "off_topic"
