"""The results page: who may see it when, numbers that match the answers, charts with tables beside them, open
answers paged and searchable, opinion groups, and the open data downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from participation.consultations.analysis import opinion_groups
from participation.consultations.models import Answer, OpinionGroups, Response, StatementVote
from participation.consultations.services import authoring, polis_import, statements
from server import charts
from tests.support.consultation_pages import answer_park, in_english, park_in, real_now, text_of
from tests.support.web import make_user, post_form, sign_in


def section(page: str, question_id: int) -> str:
    start = page.index(f'id="result-{question_id}"')
    end = page.find('<section class="results-question"', start + 1)
    return page[start : end if end != -1 else len(page)]


def table_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


async def answered_park(state: str = "open"):
    """Four people answer; the numbers below are counted by hand from these answers."""
    park = await park_in("open")
    people = [await make_user(f"burger{i}@example.nl") for i in range(4)]
    single = [0, 1, 1, 2]  # Lopend 1, Fiets 2, Auto 1
    multiple = [[0], [0, 1], [1, 2], [0]]  # Spelen 3, Sporten 2, Rusten 1, Picknicken 0
    scale = [5, 4, 4, None]  # mean 4.33, three answers
    for i, person in enumerate(people):
        await answer_park(
            park,
            person,
            {
                str(park.text): f"Antwoord nummer {i}: meer schaduw" if i != 2 else "Een **waterpomp** graag",
                str(park.single): park.option("single_choice", single[i]),
                str(park.multiple): [park.option("multiple_choice", m) for m in multiple[i]],
                str(park.scale): scale[i],
            },
        )
    for i, person in enumerate(people[:3]):
        await statements.vote_on_statement(
            park.statement(0), vote=["agree", "agree", "disagree"][i], by=person, now=real_now()
        )
    if state != "open":
        await authoring.close_consultation(park.id, by=park.official, now=real_now())
    return park, people


async def test_citizens_see_no_results_while_open_and_officials_see_interim_ones(client):
    in_english(client)
    park, _people = await answered_park("open")
    await sign_in(client, "burger0@example.nl")
    refused = await client.get(f"/consultations/{park.id}/results")
    assert refused.status_code == 403
    assert "The results are published once the consultation closes." in refused.text
    open_data = await client.get(f"/consultations/{park.id}/export/results.csv")
    assert open_data.status_code == 403
    assert open_data.headers["content-type"].startswith("text/html")
    assert "The results are published once the consultation closes." in open_data.text
    assert "attachment" not in open_data.headers.get("content-disposition", "")
    await sign_in(client, park.official.email)
    page = await client.get(f"/consultations/{park.id}/results")
    assert page.status_code == 200
    assert "Interim results" in page.text


async def test_once_closed_everyone_sees_numbers_that_match_the_answers(client):
    in_english(client)
    park, _people = await answered_park("closed")
    page = await client.get(f"/consultations/{park.id}/results")
    assert page.status_code == 200
    html = page.text
    assert "4 responses" in text_of(html)
    single = section(html, park.single)
    assert table_rows(single) == [["Lopend", "1", "25%"], ["Fiets", "2", "50%"], ["Auto", "1", "25%"]]
    assert "Answered in 4 of 4 responses." in text_of(single)
    multiple = section(html, park.multiple)
    assert table_rows(multiple) == [
        ["Spelen", "3", "75%"],
        ["Sporten", "2", "50%"],
        ["Rusten", "1", "25%"],
        ["Picknicken", "0", "0%"],
    ]
    assert "add up to more than 100" in multiple
    scale = section(html, park.scale)
    assert table_rows(scale) == [
        ["1 (Slecht)", "0", "0%"],
        ["2", "0", "0%"],
        ["3", "0", "0%"],
        ["4", "2", "66.7%"],
        ["5 (Goed)", "1", "33.3%"],
    ]
    assert "Average 4.3 on a scale from 1 to 5, from 3 answers." in text_of(scale)
    votes = section(html, park.statements)
    assert table_rows(votes)[0] == ["Meer bomen", "2 (66.7%)", "1 (33.3%)", "0 (0%)", "3"]


async def test_each_chart_is_an_accessible_image_with_a_table_beside_it(client):
    in_english(client)
    park, _people = await answered_park("closed")
    html = (await client.get(f"/consultations/{park.id}/results")).text
    for question_id in (park.single, park.multiple, park.scale, park.statements):
        part = section(html, question_id)
        assert f'id="chart-{question_id}" role="img"' in part
        assert f'aria-labelledby="chart-{question_id}-title chart-{question_id}-desc"' in part
        assert f'id="chart-{question_id}-title">' in part and f'id="chart-{question_id}-desc">' in part
        assert (
            f'<caption id="caption-{question_id}">' in part and '<th scope="col"' in part and '<th scope="row">' in part
        )
    assert " style=" not in html
    single = section(html, park.single)
    # The chart draws what the table says: Fiets (2) is the longest bar, twice Lopend (1).
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', single)]
    assert widths == [charts.BAR_AREA / 2, charts.BAR_AREA, charts.BAR_AREA / 2]
    # The wide statements table says on phones that it scrolls, and its box is named and reachable by keyboard.
    statements = section(html, park.statements)
    assert (
        f'<div class="table-scroll wide-table" role="region" aria-labelledby="caption-{park.statements}" '
        f'aria-describedby="scroll-hint-{park.statements}" tabindex="0">' in statements
    )
    assert f'<p class="scroll-hint" id="scroll-hint-{park.statements}">On a narrow screen' in statements


async def test_open_answers_are_listed_searchable_and_paged(client):
    in_english(client)
    park, _people = await answered_park("closed")
    html = (await client.get(f"/consultations/{park.id}/results")).text
    text = section(html, park.text)
    assert "<strong>waterpomp</strong>" in text and "Antwoord nummer 0: meer schaduw" in text
    answers = f"/consultations/{park.id}/results/questions/{park.text}/answers"
    assert f'action="{answers}"' in text
    found = await client.get(answers, params={"q": "waterpomp"})
    assert found.status_code == 200
    assert "<strong>waterpomp</strong>" in found.text and "meer schaduw" not in found.text
    assert 'value="waterpomp"' in found.text
    nothing = await client.get(answers, params={"q": "zwembad"})
    assert "No answers contain “zwembad”." in nothing.text
    too_long = await client.get(answers, params={"q": "x" * 201})
    assert too_long.status_code == 422 and "At most 200 characters." in too_long.text
    wrong_place = await client.get(f"/consultations/{park.id + 1000}/results/questions/{park.text}/answers")
    assert wrong_place.status_code == 404


async def test_answers_page_by_page(client, monkeypatch):
    in_english(client)
    from server.consultations import results as consultation_results

    monkeypatch.setattr(consultation_results, "ANSWERS_PER_PAGE", 3)
    park, _people = await answered_park("closed")
    answers = f"/consultations/{park.id}/results/questions/{park.text}/answers"
    first = await client.get(answers)
    assert first.text.count('<div class="prose">') == 3
    older = re.search(r'href="(\?q=&amp;cursor=\d+)"', first.text)
    assert older, "a link to older answers"
    second = await client.get(answers + older.group(1).replace("&amp;", "&"))
    assert second.text.count('<div class="prose">') == 1
    assert "Antwoord nummer 0" in second.text


async def test_officials_see_the_moderation_state_and_others_only_visible_answers(client):
    in_english(client)
    park, _people = await answered_park("closed")
    await Answer.filter(question_id=park.text, text__contains="nummer 1").update(state="hidden")
    public = (await client.get(f"/consultations/{park.id}/results")).text
    assert "nummer 1" not in public
    await sign_in(client, park.official.email)
    official = await client.get(f"/consultations/{park.id}/results/questions/{park.text}/answers")
    assert "nummer 1" in official.text and "hidden by moderation" in official.text
    # Each answer is named the way people say it, with a link to itself; no "answer:465" refs.
    assert "answer:" not in text_of(official.text)
    first = await Answer.filter(question_id=park.text).order_by("id").first()
    assert f'<li id="answer-{first.id}">' in official.text
    assert re.search(rf'<a href="#answer-{first.id}">Answer of <time datetime="[^"]+">[^<]+</time></a>', official.text)


async def test_opinion_groups_show_what_divides_and_unites(client):
    in_english(client)
    park = await park_in("open")
    people = [await make_user(f"stemmer{i}@example.nl") for i in range(8)]
    for i, person in enumerate(people):
        camp = i < 4
        for index, vote in enumerate(["agree" if camp else "disagree", "disagree" if camp else "agree", "agree"]):
            await statements.vote_on_statement(park.statement(index), vote=vote, by=person, now=real_now())
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    before = text_of(section((await client.get(f"/consultations/{park.id}/results")).text, park.statements))
    # The page never computes groups itself: the monitor does; until it has, the page says so.
    assert "the groups have not been calculated yet. They usually appear here within a minute." in before
    assert 'class="chart map"' not in before
    await opinion_groups.recompute_stale(now=real_now())
    html = (await client.get(f"/consultations/{park.id}/results")).text
    part = text_of(section(html, park.statements))
    assert "Groups computed on" in part
    assert "Group A (4 people)" in part and "Group B (4 people)" in part
    assert "What divides the groups" in part
    assert "8 people who voted on the statements" in part


async def test_the_groups_say_that_voting_needs_no_answers_and_voting_without_answering_works(client):
    """More people in the groups than responses reads as a mistake unless the page says why; and what it says must
    be true: people vote on the page, without JavaScript, and never answer the questions."""
    park = await park_in("open")
    people = [await make_user(f"zonder{i}@example.nl") for i in range(8)]
    for person in people[:2]:
        await answer_park(park, person)
    page = f"/consultations/{park.id}"
    for i, person in enumerate(people):
        camp = i < 4
        for index, vote in enumerate(["agree" if camp else "disagree", "disagree" if camp else "agree", "agree"]):
            if i >= 6:
                # These two vote with the page's own forms (no JavaScript), with nothing typed in the answers.
                await sign_in(client, person.email)
                path = f"/consultations/{park.id}/statements/{park.statement(index)}/vote"
                sent = await post_form(client, path, {"vote": vote}, page=page)
                assert sent.status_code == 303 and sent.headers["location"].endswith(
                    f"#statement-{park.statement(index)}"
                )
            else:
                await statements.vote_on_statement(park.statement(index), vote=vote, by=person, now=real_now())
    for person in people[6:]:
        assert await StatementVote.filter(user_id=person.id).count() == 3
        assert not await Response.exists(consultation_id=park.id, user_id=person.id)
    assert await Response.filter(consultation_id=park.id).count() == 2
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    await opinion_groups.recompute_stale(now=real_now())
    client.cookies.clear()
    html = (await in_english(client).get(f"/consultations/{park.id}/results")).text
    assert "2 responses" in text_of(html.split('<p class="meta">')[1].split("</p>")[0])
    [said] = [text_of(p) for p in re.findall(r"<p>(.*?)</p>", section(html, park.statements), re.S) if "fall into" in p]
    assert said.startswith(
        "8 people who voted on the statements fall into these groups: people in a group voted alike. "
        "You can vote on statements without answering the questions, so this number can differ from the number "
        "of responses."
    ), said
    client.cookies.clear()
    dutch = text_of(section((await client.get(f"/consultations/{park.id}/results")).text, park.statements))
    assert (
        "Je kunt over stellingen stemmen zonder de vragen te beantwoorden. Daarom kan dit aantal anders zijn dan "
        "het aantal reacties."
    ) in dutch


async def test_with_too_few_votes_the_page_says_so_and_what_it_takes_instead_of_a_map(client):
    park = await park_in("open")
    people = [await make_user(f"weinig{i}@example.nl") for i in range(4)]
    # Two people vote on all three statements, a third on two: one short of being placed.
    for person, votes in zip(people, [3, 3, 2], strict=False):
        for index in range(votes):
            await statements.vote_on_statement(park.statement(index), vote="agree", by=person, now=real_now())
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    url = f"/consultations/{park.id}/results"
    expected = (
        "Not enough votes yet to find groups. Groups appear once at least 4 people have each voted on 3 "
        "statements or more. So far 2 people have."
    )
    for monitor_ran in (False, True):
        if monitor_ran:
            # The monitor computes (and stores) no groups from these votes: the page says the same.
            await opinion_groups.recompute_stale(now=real_now())
            assert (await OpinionGroups.get(question_id=park.statements)).groups == []
        part = section((await in_english(client).get(url)).text, park.statements)
        assert expected in text_of(part)
        assert 'class="chart map"' not in part and "The groups on the map" not in part
    client.cookies.clear()
    dutch = text_of(section((await client.get(url)).text, park.statements))
    assert "Nog niet genoeg stemmen om groepen te vinden." in dutch
    assert "Nu hebben 2 mensen dat gedaan." in dutch


async def test_when_everyone_votes_alike_the_page_says_there_are_no_separate_groups(client):
    park = await park_in("open")
    for i in range(4):
        person = await make_user(f"eensgezind{i}@example.nl")
        for index in range(3):
            await statements.vote_on_statement(park.statement(index), vote="agree", by=person, now=real_now())
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    url = f"/consultations/{park.id}/results"
    before = text_of(section((await in_english(client).get(url)).text, park.statements))
    assert "the groups have not been calculated yet" in before
    await opinion_groups.recompute_stale(now=real_now())
    part = text_of(section((await in_english(client).get(url)).text, park.statements))
    assert "The votes so far show no separate groups of people who vote alike." in part
    assert "Not enough votes yet" not in part and "not been calculated" not in part


def the_camps_sentences(html: str, question_id: int) -> tuple[list[str], str]:
    part = section(html, question_id)
    return re.findall(r'<p class="group-summary">(.*?)</p>', part, re.S), part


async def test_each_group_is_described_in_one_sentence_in_the_readers_language(client):
    park = await park_in("open")
    # Two camps of four: the first agrees with "Meer bomen" and disagrees with "Een hondenveld", the second the
    # other way round; everyone agrees with "Meer licht".
    people = [await make_user(f"kamp{i}@example.nl") for i in range(8)]
    for i, person in enumerate(people):
        camp = i < 4
        for index, vote in enumerate(["agree" if camp else "disagree", "disagree" if camp else "agree", "agree"]):
            await statements.vote_on_statement(park.statement(index), vote=vote, by=person, now=real_now())
    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    await opinion_groups.recompute_stale(now=real_now())

    english, part = the_camps_sentences(
        (await in_english(client).get(f"/consultations/{park.id}/results")).text, park.statements
    )
    # Each group by its most representative statement ("Meer bomen", which splits the camps completely), its
    # direction and the shares behind it; the two groups lean opposite ways.
    pattern = (
        r"Group ([AB]), 4 people, (agrees|disagrees) much more often than others with ‘Meer bomen’ "
        r"\(100% of the group, against 0% of the others\)\."
    )
    found = [re.fullmatch(pattern, sentence) for sentence in english]
    assert all(found) and len(found) == 2, english
    assert [m.group(1) for m in found] == ["A", "B"]
    assert {m.group(2) for m in found} == {"agrees", "disagrees"}
    # The same sentences in the table beside the map and in the map's text description.
    table = text_of(part.split('<table class="data-table">')[-1].split("</table>")[0])
    [desc] = re.findall(r'<desc id="map-[^"]+">(.*?)</desc>', part, re.S)
    for sentence in english:
        assert sentence in table
        assert sentence in desc

    client.cookies.clear()
    dutch, _part = the_camps_sentences((await client.get(f"/consultations/{park.id}/results")).text, park.statements)
    pattern = (
        r"Groep ([AB]), 4 mensen, is het veel vaker dan anderen (eens|oneens) met ‘Meer bomen’ "
        r"\(100% van de groep, tegen 0% van de anderen\)\."
    )
    assert all(re.fullmatch(pattern, sentence) for sentence in dutch) and len(dutch) == 2, dutch


@pytest.mark.parametrize("fmt", ["csv", "json"])
async def test_open_data_downloads_once_closed(client, fmt):
    park, _people = await answered_park("closed")
    response = await client.get(f"/consultations/{park.id}/export/results.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "csv":
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
        fiets = next(r for r in rows if r["label"] == "Fiets")
        assert (fiets["count"], fiets["percent"]) == ("2", "50.0")
        assert "meer schaduw" not in response.text
    else:
        assert response.headers["content-type"] == "application/json"
        data = json.loads(response.text)
        assert data["responses"] == 4
        assert any(r.get("label") == "Fiets" and r["count"] == 2 for r in data["rows"])


POLIS = Path(__file__).resolve().parents[2] / "data" / "polis"


@pytest.mark.parametrize(("conversation", "dense"), [("london.youth.policing", False), ("vtaiwan.uberx", True)])
async def test_the_map_of_opinion_groups_is_an_accessible_svg_with_a_table(client, conversation, dense):
    in_english(client)
    imported = await polis_import.import_folder(POLIS / conversation, now=real_now())
    await opinion_groups.recompute_stale(now=real_now())
    html = (await client.get(f"/consultations/{imported.consultation_id}/results")).text
    [svg] = re.findall(r'<svg[^>]*class="chart map".*?</svg>', html, flags=re.S)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Map of the opinion groups" in svg
    stored = await OpinionGroups.get(question_id=imported.question_id)
    placed = sum(g["size"] for g in stored.groups)
    marks = svg.count('<g class="mark">')
    if dense:
        # Thousands of people: density cells, fewer marks than people, and the tooltips add up to everyone.
        assert 0 < marks < placed
        counts = [int(n) for n in re.findall(r": (\d+) (?:person|people) here</title>", svg)]
        assert sum(counts) == placed
    else:
        assert marks == placed
    # Groups differ by shape (not colour alone) and carry their letter on the map.
    groups = svg.split('<g class="group">')[1:]
    assert len(groups) == len(stored.groups) >= 2
    first_shapes = [re.search(r"<(circle|rect|polygon)", g).group(1) for g in groups]
    assert first_shapes[0] != first_shapes[1]
    assert all(f">{letter}</text>" in svg for letter in "AB"[: len(groups)])
    # The same data in a table.
    table = text_of(section(html, imported.question_id))
    assert "The groups on the map" in table
    for index, group in enumerate(stored.groups):
        assert f"Group {'ABCDE'[index]} {group['size']}" in table
