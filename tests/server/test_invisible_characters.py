"""Invisible and direction-changing characters leave names and one-line fields; a title with a line break is a
422 naming the field (it would stop every e-mail whose subject it is); citizen text shown inline is isolated in
<bdi>."""

from __future__ import annotations

import pytest

from participation.accounts.models import User
from participation.consultations.models import Consultation, Statement
from tests.server.consultations.test_api import PAYLOAD, citizen_headers, official_headers, opened
from tests.support.web import PASSWORD, post_form, sign_in


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "Parkeer\nbeleid"}, "title"),
        ({"title": "Parkeer\r\nbeleid"}, "title"),
        ({"title": "Parkeer\u2028beleid"}, "title"),
        ({"questions": [{"kind": "text", "prompt": "Wat\nvindt u?"}]}, "questions.0.prompt"),
        (
            {"questions": [{"kind": "single_choice", "prompt": "Woont u hier?", "options": ["J\na", "Nee"]}]},
            "questions.0.options.0",
        ),
    ],
)
async def test_a_title_prompt_or_option_with_a_line_break_is_a_422_and_nothing_is_stored(client, change, field):
    headers = await official_headers(client)
    response = await client.post("/api/v1/consultations", json={**PAYLOAD, **change}, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["fields"] == {field: "This must be one line."}
    assert await Consultation.all().count() == 0


async def test_invisible_characters_leave_a_title_and_its_options(client):
    headers = await official_headers(client)
    hidden = {
        **PAYLOAD,
        "title": "\u202eParkeer\u200bbeleid\u2066",
        "questions": [{"kind": "single_choice", "prompt": "Woont\u200f u hier?", "options": ["Ja\ufeff", "Nee"]}],
    }
    response = await client.post("/api/v1/consultations", json=hidden, headers=headers)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["title"] == "Parkeerbeleid"
    assert stored["questions"][0]["prompt"] == "Woont u hier?"
    assert [o["label"] for o in stored["questions"][0]["options"]] == ["Ja", "Nee"]


async def test_a_display_name_loses_invisible_characters_and_is_shown_isolated(client):
    registered = await post_form(
        client,
        "/register",
        {"email": "els@example.nl", "password": PASSWORD, "display_name": "\u202eEls\u200d de\u2067 Vries\x07"},
    )
    assert registered.status_code == 303, registered.text
    user = await User.get(email="els@example.nl")
    assert user.display_name == "Els de Vries"
    await sign_in(client, "els@example.nl")
    page = await client.get("/account")
    assert "<bdi>Els de Vries</bdi>" in page.text


async def test_a_display_name_with_a_line_break_is_refused(client):
    body = {"email": "els@example.nl", "password": PASSWORD, "display_name": "Els\nde Vries"}
    response = await client.post("/api/v1/users", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"display_name": "A name is one line."}
    assert await User.filter(email="els@example.nl").count() == 0


async def test_a_proposed_statement_loses_invisible_characters_and_is_shown_isolated(client):
    data = await opened(client, await official_headers(client))
    question = next(q for q in data["questions"] if q["kind"] == "statements")
    headers = await citizen_headers(client)
    response = await client.post(
        f"/api/v1/questions/{question['id']}/statements", json={"text": "Meer \u202ebomen\u2069"}, headers=headers
    )
    assert response.status_code == 201, response.text
    stored = await Statement.get(id=response.json()["id"])
    assert stored.text == "Meer bomen"
    await sign_in(client, "citizen@example.nl")
    page = await client.get(f"/consultations/{data['id']}")
    assert "<li><bdi>Meer bomen</bdi> <span" in page.text  # waiting for moderation, in its own isolate
    for seed in ("Betaald parkeren overal", "Meer fietsrekken"):
        assert f"><bdi>{seed}</bdi></p>" in page.text
