from __future__ import annotations

import csv
import io
import json

import pytest

from participation import personal_data
from participation.consultations.services import authoring, exports, responding, statements
from participation.errors import NotAllowed, NotFound
from tests.support.consultations import NOW, citizens, make_park

KEY = "export-key-for-tests"


async def collect(chunks) -> str:
    return "".join([chunk async for chunk in chunks])


async def two_responses():
    park = await make_park()
    people = await citizens(2)
    await responding.put_my_response(
        park.id,
        user=people[0],
        answers={
            str(park.text): '=HYPERLINK("x")',
            str(park.single): park.option("single_choice", 1),
            str(park.multiple): [park.option("multiple_choice", 0), park.option("multiple_choice", 2)],
            str(park.scale): 3,
        },
        now=NOW,
    )
    await responding.put_my_response(park.id, user=people[1], answers={str(park.text): "Stilte graag"}, now=NOW)
    await statements.vote_on_statement(park.statement(1), vote="disagree", by=people[0], now=NOW)
    return park, people


async def test_the_responses_csv_is_pseudonymous(orm):
    park, people = await two_responses()
    export = await exports.responses_export(park.id, by=park.official, key=KEY, now=NOW)
    text = await collect(export.chunks("csv"))
    assert "@" not in text and "burger" not in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, first, second = rows
    assert header[:3] == ["respondent", "created_at", "updated_at"]
    assert header[3] == "Q1: Wat mist u in het park?"
    assert header[7:] == [
        f"Q5 S{park.statement(i)}: {t}" for i, t in enumerate(["Meer bomen", "Een hondenveld", "Meer licht"])
    ]
    assert first[0] == exports.respondent_id(KEY, park.id, people[0].id)
    assert first[3:7] == ['\'=HYPERLINK("x")', "Fiets", "Spelen; Rusten", "3"]
    assert first[7:] == ["", "disagree", ""]
    assert second[3:] == ["Stilte graag", "", "", "", "", "", ""]
    assert first[1] == NOW.isoformat()


async def test_pseudonyms_are_stable_within_and_differ_across_consultations(orm):
    park, people = await two_responses()
    other = await make_park()
    await responding.put_my_response(other.id, user=people[0], answers={str(other.text): "x"}, now=NOW)
    again = await exports.responses_export(park.id, by=park.official, key=KEY, now=NOW)
    there = await exports.responses_export(other.id, by=other.official, key=KEY, now=NOW)
    here_ids = [r["respondent"] async for r in again.rows()]
    there_ids = [r["respondent"] async for r in there.rows()]
    assert here_ids[0] == exports.respondent_id(KEY, park.id, people[0].id)
    assert there_ids[0] != here_ids[0]
    assert len(set(here_ids)) == 2


async def test_the_responses_json_has_ids_and_votes(orm):
    park, people = await two_responses()
    export = await exports.responses_export(park.id, by=park.official, key=KEY, now=NOW)
    document = json.loads(await collect(export.chunks("json")))
    assert [q["kind"] for q in document["questions"]] == [
        "text",
        "single_choice",
        "multiple_choice",
        "scale",
        "statements",
    ]
    first = document["responses"][0]
    assert first["answers"][str(park.single)] == park.option("single_choice", 1)
    assert first["answers"][str(park.scale)] == 3
    assert first["votes"] == {str(park.statement(1)): "disagree"}
    assert "@" not in json.dumps(document)


async def test_only_officials_export_responses(orm):
    park, people = await two_responses()
    with pytest.raises(NotAllowed):
        await exports.responses_export(park.id, by=people[0], key=KEY, now=NOW)
    draft = await make_park(opened=False)
    with pytest.raises(NotFound):
        await exports.responses_export(draft.id, by=people[0], key=KEY, now=NOW)


async def test_open_data_once_closed(orm):
    park, people = await two_responses()
    with pytest.raises(NotAllowed):
        await exports.open_data(park.id, viewer=None, now=NOW)
    await authoring.close_consultation(park.id, by=park.official, now=NOW)
    found = await exports.open_data(park.id, viewer=None, now=NOW)
    assert found.name == f"consultation-{park.id}-results"
    rows = list(csv.DictReader(io.StringIO((await collect(found.chunks("csv"))).lstrip("\ufeff"))))
    fiets = next(r for r in rows if r["label"] == "Fiets")
    assert (fiets["count"], fiets["percent"]) == ("1", "100.0")
    three = next(r for r in rows if r["item"] == "scale_value" and r["label"] == "3")
    assert three["count"] == "1"
    answered = next(r for r in rows if r["item"] == "answered")
    assert answered["count"] == "2"
    dog = next(r for r in rows if r["label"] == "Een hondenveld")
    assert (dog["agree"], dog["disagree"], dog["pass"]) == ("0", "1", "0")
    document = json.loads(await collect(found.chunks("json")))
    assert document["responses"] == 2
    assert "Stilte graag" not in json.dumps(document)


async def test_my_data_holds_my_answers_and_votes(orm):
    park, people = await two_responses()
    await statements.propose_statement(park.statements, text="Een waterspeelplaats", by=people[0], now=NOW)
    mine = (await personal_data.export(people[0]))["consultation_responses"]
    assert len(mine) == 1
    entry = mine[0]
    assert entry["consultation"] == "Herinrichting Julianapark"
    assert [a["answer"] for a in entry["answers"]] == ['=HYPERLINK("x")', "Fiets", ["Spelen", "Rusten"], 3]
    assert [v["vote"] for v in entry["votes"]] == ["disagree"]
    assert [s["text"] for s in entry["statements_proposed"]] == ["Een waterspeelplaats"]
    assert (await personal_data.export(people[1]))["consultation_responses"][0]["votes"] == []
