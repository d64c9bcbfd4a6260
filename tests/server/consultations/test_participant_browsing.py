"""The consultation list and page as citizens, visitors and officials see them, in every state."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from participation import i18n
from participation.consultations.services import authoring
from tests.support.consultation_pages import answer_park, in_english, park_in, real_now, text_of
from tests.support.web import make_user, sign_in


async def test_the_list_shows_open_then_decided_then_closed_and_hides_drafts(client):
    in_english(client)
    draft = await park_in("draft", title="Concept: nieuwe speeltuin")
    closed = await park_in("closed", title="Gesloten: parkeren")
    decided = await park_in("decided", title="Besloten: bomenplan")
    opened = await park_in("open", title="Open: fietspaden")
    page = await client.get("/consultations")
    assert page.status_code == 200
    text = text_of(page.text)
    order = [text.index(t) for t in ("Open: fietspaden", "Besloten: bomenplan", "Gesloten: parkeren")]
    assert order == sorted(order)
    assert "Concept: nieuwe speeltuin" not in text
    assert "New consultation" not in text
    for park in (opened, decided, closed):
        assert f'href="/consultations/{park.id}"' in page.text
    assert f'href="/consultations/{draft.id}"' not in page.text
    assert '<span class="status status-open">Open</span>' in page.text
    assert "Hoe wilt u het park gebruiken?" in text  # the summary


async def test_the_list_filters_by_state_with_a_get_form(client):
    in_english(client)
    await park_in("open", title="Open: fietspaden")
    await park_in("closed", title="Gesloten: parkeren")
    page = await client.get("/consultations", params={"status": "closed"})
    assert page.status_code == 200
    assert "Gesloten: parkeren" in page.text and "Open: fietspaden" not in page.text
    assert '<option value="closed" selected>' in page.text
    nothing = await client.get("/consultations", params={"status": "decided"})
    assert "No consultations in this state." in nothing.text


async def test_an_unknown_or_draft_filter_from_a_citizen_is_refused_with_a_message(client):
    in_english(client)
    await park_in("draft", title="Concept: nieuwe speeltuin")
    await park_in("open", title="Open: fietspaden")
    for status in ("draft", "bogus<script>"):
        page = await client.get("/consultations", params={"status": status})
        assert page.status_code == 422
        assert "Choose one of the states in the list." in page.text
        assert "Concept: nieuwe speeltuin" not in page.text
        assert "Open: fietspaden" in page.text
        assert "<script>" not in page.text


async def test_officials_see_drafts_and_the_new_button(client):
    in_english(client)
    draft = await park_in("draft", title="Concept: nieuwe speeltuin")
    await sign_in(client, draft.official.email)
    page = await client.get("/consultations")
    assert "New consultation" in page.text and 'href="/consultations/new"' in page.text
    assert "Concept: nieuwe speeltuin" in page.text and "Drafts" in page.text
    only = await client.get("/consultations", params={"status": "draft"})
    assert only.status_code == 200 and "Concept: nieuwe speeltuin" in only.text


async def test_the_list_says_until_when(client):
    in_english(client)
    park = await park_in("open", title="Open: fietspaden")
    later = real_now().replace(microsecond=0).replace(year=real_now().year + 1)
    await authoring.update_details(
        park.id,
        title="Open: fietspaden",
        summary="",
        body="",
        opens_at=park.view.consultation.opens_at,
        closes_at=later,
        by=park.official,
        now=real_now(),
    )
    text = text_of((await client.get("/consultations")).text)
    # Pages write moments in Amsterdam time: after 23:00 UTC that is the next day.
    shown = later.astimezone(ZoneInfo(i18n.TIME_ZONE))
    assert f"Open until {shown.day} " in text and str(shown.year) in text


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
async def test_drafts_are_not_found_for_everyone_but_officials(client, who):
    in_english(client)
    draft = await park_in("draft")
    if who == "citizen":
        await make_user("burger@example.nl")
        await sign_in(client, "burger@example.nl")
    page = await client.get(f"/consultations/{draft.id}")
    assert page.status_code == 404
    assert "Herinrichting Julianapark" not in page.text
    results = await client.get(f"/consultations/{draft.id}/results")
    assert results.status_code == 404
    assert "This page does not exist" in results.text and "Herinrichting Julianapark" not in results.text


async def test_an_official_sees_a_draft_marked_as_such(client):
    in_english(client)
    draft = await park_in("draft")
    await sign_in(client, draft.official.email)
    page = await client.get(f"/consultations/{draft.id}")
    assert page.status_code == 200
    assert "This is a draft: only officials can see it." in page.text
    assert "Open it now" in page.text and f'href="/consultations/{draft.id}/open?next=' in page.text


async def test_an_unknown_consultation_is_a_404_page(client):
    page = await client.get("/consultations/999999")
    assert page.status_code == 404
    assert "<h1>" in page.text


async def test_an_open_consultation_asks_visitors_to_sign_in_and_shows_the_questions(client):
    in_english(client)
    park = await park_in("open")
    page = await client.get(f"/consultations/{park.id}")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Herinrichting Julianapark" in text
    assert "Het park krijgt nieuwe paden." in text and "<strong>nieuwe</strong>" in page.text
    assert f'href="/login?next=/consultations/{park.id}"' in page.text
    assert f'href="/register?next=/consultations/{park.id}"' in page.text
    assert "Sign in to answer" in text
    for prompt in ("Wat mist u in het park?", "Hoe komt u naar het park?", "Meer bomen"):
        assert prompt in text
    assert f'action="/consultations/{park.id}/response"' not in page.text


async def test_a_closed_consultation_says_why_it_takes_no_answers_and_links_the_results(client):
    in_english(client)
    park = await park_in("closed")
    await make_user("burger@example.nl")
    await sign_in(client, "burger@example.nl")
    page = await client.get(f"/consultations/{park.id}")
    text = text_of(page.text)
    assert "This consultation is closed: answers can no longer be given or changed." in text
    assert f'action="/consultations/{park.id}/response"' not in page.text
    assert f'href="/consultations/{park.id}/results"' in page.text
    assert f'href="/consultations/{park.id}/export/results.csv"' in page.text
    assert "the decision follows" in text


async def test_a_decided_consultation_shows_the_decision_first(client):
    in_english(client)
    park = await park_in("decided")
    page = await client.get(f"/consultations/{park.id}")
    text = text_of(page.text)
    decision = text.index("The decision")
    assert decision < text.index("What we asked") < text.index("The questions")
    assert "We leggen een hondenveld aan." in text
    assert "<strong>meer groen</strong>" in page.text
    assert "You said, we did" in text and "We planten dertig bomen." in text
    assert '<span class="status status-decided">Decided</span>' in page.text


async def test_the_page_escapes_what_officials_and_citizens_wrote(client):
    in_english(client)
    park = await park_in("open", title="Park <script>alert(1)</script>", summary="<img src=x onerror=alert(1)>")
    page = await client.get(f"/consultations/{park.id}")
    assert "<script>alert(1)</script>" not in page.text and "<img src=x" not in page.text
    assert "Park &lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_the_navigation_marks_consultations_as_current(client):
    in_english(client)
    page = await client.get("/consultations")
    assert '<a href="/consultations" aria-current="page">Consultations</a>' in page.text
    home = await client.get("/")
    assert '<a href="/consultations" >Consultations</a>' in home.text


async def test_the_home_page_lists_what_is_open_now(client):
    in_english(client)
    opened = await park_in("open", title="Open: fietspaden")
    await park_in("closed", title="Gesloten: parkeren")
    home = await client.get("/")
    text = text_of(home.text)
    assert "Open now" in text and "Open: fietspaden" in text
    assert f'href="/consultations/{opened.id}"' in home.text
    assert "Gesloten: parkeren" not in text


async def test_the_home_page_links_to_all_consultations_and_shows_recent_decisions(client):
    in_english(client)
    await park_in("open", title="Open: fietspaden")
    decided = await park_in("decided", title="Besloten: hondenveld")
    home = await client.get("/")
    text = text_of(home.text)
    assert "Recently decided" in text and "Besloten: hondenveld" in text
    assert "We leggen een hondenveld aan." in text
    assert f'href="/consultations/{decided.id}#decision"' in home.text
    # The list link has no filter set, so the decided ones are in it too.
    assert '<a href="/consultations">All consultations, and what was decided</a>' in home.text
    assert "?status=open" not in home.text  # only five or fewer are open
    listed = text_of((await client.get("/consultations")).text)
    assert "Besloten: hondenveld" in listed and "Open: fietspaden" in listed


async def test_the_account_page_lists_my_responses(client):
    in_english(client)
    park = await park_in("open", title="Open: fietspaden")
    citizen = await make_user("burger@example.nl")
    await answer_park(park, citizen)
    await sign_in(client, "burger@example.nl")
    page = await client.get("/account")
    text = text_of(page.text)
    assert 'href="#my-responses"' in page.text
    assert "My responses" in text and "Open: fietspaden" in text
    assert f'href="/consultations/{park.id}"' in page.text


async def test_a_citizens_page_reads_the_consultation_from_the_snapshot_and_statements_only_where_asked(client):
    from participation.consultations.rules import QuestionInput
    from tests.support.queries import counting_queries

    await make_user("anna@example.nl", name="Anna")
    await sign_in(client, "anna@example.nl")
    with_statements = await park_in("open")
    without = await park_in("open", questions=[QuestionInput("text", "Wat mist u in het park?")])
    sent = {}
    for park in (with_statements, without):
        await client.get(f"/consultations/{park.id}")  # the snapshot is taken
        with counting_queries() as queries:
            page = await client.get(f"/consultations/{park.id}")
        assert page.status_code == 200 and "Anna" in page.text
        sent[park.id] = queries.statements
    for statements in sent.values():
        assert not any('FROM "consultations"' in s for s in statements), statements
    assert any('"statement_votes"' in s for s in sent[with_statements.id])
    assert not any('"statement_votes"' in s or 'FROM "statements"' in s for s in sent[without.id])
    assert len(sent[without.id]) == len(sent[with_statements.id]) - 2
