"""Query parameters: read through a declared schema like bodies (API), a clear message or the default (pages),
never a 500. Found by fuzzing: `?limit=²` was a 500 (`str.isdigit()` takes superscript digits, `int()` not)."""

from __future__ import annotations

import inspect

import pytest
from starlette.routing import Mount, Route

from participation.consultations import rules
from participation.consultations.models import Decision, Response
from participation.consultations.services import authoring
from server.api.base import Query
from tests.support.consultation_pages import answer_park, park_in, real_now, text_of
from tests.support.web import make_user, post_form, sign_in, token_for

# Text that str.isdigit() takes for a number and int() does not, numbers int() takes that no URL should carry,
# and numbers beyond what a row id or a page size can be.
NOT_A_WHOLE_NUMBER = ["²", "¹", "٣", " 5", "5 ", "+5", "5.0", "1_0", "0x10", "-1", "abc", "9" * 30, "9" * 5000]


def api_operations(routes, prefix: str = ""):
    for route in routes:
        if isinstance(route, Mount):
            yield from api_operations(route.routes, prefix + route.path)
        elif isinstance(route, Route) and hasattr(route.endpoint, "operation"):
            yield prefix + route.path, route


def assert_invalid(response, *names: str) -> dict[str, str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == set(names), error
    return error["fields"]


@pytest.fixture
async def closed_park():
    park = await park_in("closed")
    return park


@pytest.mark.parametrize(
    ("value", "message"),
    [
        *((value, "This must be a whole number.") for value in NOT_A_WHOLE_NUMBER),
        ("0", "This must be 1 or more."),
        ("101", "This must be 100 or less."),
    ],
)
async def test_a_limit_that_is_not_a_number_from_1_to_100_is_a_422_naming_it(client, closed_park, value, message):
    for path in ("/api/v1/consultations", f"/api/v1/questions/{closed_park.text}/answers"):
        assert assert_invalid(await client.get(path, params={"limit": value}), "limit") == {"limit": message}


@pytest.mark.parametrize("value", ["²", "٣", "abc", "9" * 10, "9" * 5000, " 12"])
async def test_a_cursor_that_is_not_one_is_a_422_naming_it(client, closed_park, value):
    for path in ("/api/v1/consultations", f"/api/v1/questions/{closed_park.text}/answers"):
        assert_invalid(await client.get(path, params={"cursor": value}), "cursor")


async def test_bad_status_and_search_are_named_too(client, closed_park):
    fields = assert_invalid(await client.get("/api/v1/consultations", params={"status": "²"}), "status")
    assert fields["status"] == "Choose one of: 'draft', 'open', 'closed' or 'decided'"  # the values a client sends
    # PostgreSQL cannot store or compare a NUL character: refused here, like in bodies.
    answers = f"/api/v1/questions/{closed_park.text}/answers"
    assert_invalid(await client.get(answers, params={"q": "bomen\x00"}), "q")
    assert_invalid(await client.get(answers, params={"q": "x" * 201}), "q")
    both = await client.get("/api/v1/consultations", params={"status": "nonsense", "limit": "²"})
    assert_invalid(both, "status", "limit")


async def test_good_queries_still_page_and_empty_or_unknown_parameters_count_as_not_given(client):
    official = await make_user("official@example.nl", "official")
    parks = [await park_in("open") for _ in range(3)]
    for citizen in ("a", "b", "c"):
        await answer_park(parks[0], await make_user(f"{citizen}@example.nl"))
    for park in parks:
        await authoring.close_consultation(park.id, by=official, now=real_now())
    headers = await token_for(client, official.email)
    first = (await client.get("/api/v1/consultations", params={"limit": "2", "utm_source": "mail"})).json()
    assert [item["id"] for item in first["items"]] == [parks[2].id, parks[1].id]
    rest = (await client.get("/api/v1/consultations", params={"limit": "2", "cursor": first["next"]})).json()
    assert [item["id"] for item in rest["items"]] == [parks[0].id]
    assert rest["next"] is None
    # An empty value is the default (a form's empty field), not an error.
    everything = await client.get("/api/v1/consultations", params={"limit": "", "cursor": "", "status": ""})
    assert [item["id"] for item in everything.json()["items"]] == [p.id for p in reversed(parks)]
    answers = await client.get(f"/api/v1/questions/{parks[0].text}/answers", params={"limit": "1", "q": "bankjes"})
    assert len(answers.json()["items"]) == 1 and answers.json()["next"]
    assert (await client.get("/api/v1/consultations", params={"status": "closed"}, headers=headers)).status_code == 200


async def test_the_query_schemas_are_the_documented_parameters(client, app):
    document = (await client.get("/api/openapi.json")).json()
    listing = {p["name"]: p for p in document["paths"]["/api/v1/consultations"]["get"]["parameters"]}
    assert listing["limit"]["in"] == "query" and not listing["limit"]["required"]
    assert listing["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    assert listing["status"]["schema"]["enum"] == list(rules.STATUSES)
    assert listing["cursor"]["schema"]["type"] == "string"
    assert "422" in document["paths"]["/api/v1/consultations"]["get"]["responses"]
    answers = document["paths"]["/api/v1/questions/{id}/answers"]["get"]
    assert {p["name"]: p["in"] for p in answers["parameters"]} == {
        "id": "path",
        "q": "query",
        "cursor": "query",
        "limit": "query",
    }
    # Each declared schema is a Query (the same model the handler parses with), and no handler reads the
    # query string around it.
    for path, route in api_operations(app.routes):
        declared = route.endpoint.operation.query
        assert declared is None or issubclass(declared, Query), path
        assert "query_params" not in inspect.getsource(route.endpoint), f"{path} reads the query without a schema"


# --- pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "٣", "abc", "9" * 12, "9" * 5000])
async def test_a_bad_cursor_on_the_answers_page_shows_the_first_page_with_a_message(client, closed_park, value):
    page = await client.get(
        f"/consultations/{closed_park.id}/results/questions/{closed_park.text}/answers", params={"cursor": value}
    )
    assert page.status_code == 422
    assert "This cursor is not valid. These are the newest answers." in text_of(page.text)
    assert closed_park.question("text").question.prompt in text_of(page.text)


@pytest.mark.parametrize("value", ["²", "abc", "", "-3", "9" * 30, "9" * 5000])
async def test_a_bad_offset_on_the_accounts_page_is_the_first_page(client, value):
    await make_user("admin@example.nl", "admin")
    await make_user("els@example.nl", name="Els")
    await sign_in(client, "admin@example.nl")
    page = await client.get("/admin/accounts", params={"offset": value})
    assert page.status_code == 200
    assert "els@example.nl" in page.text


@pytest.mark.parametrize("value", ["²", "nonsense", "\x00"])
async def test_a_bad_status_on_the_list_page_says_so_and_lists_everything(client, closed_park, value):
    page = await client.get("/consultations", params={"status": value})
    assert page.status_code == 422
    assert "Choose one of the states in the list." in text_of(page.text)
    assert closed_park.view.consultation.title in text_of(page.text)


# --- the same bug in bodies and forms ----------------------------------------------------------------


async def test_a_superscript_digit_as_an_answer_or_a_question_id_is_refused_not_a_500(client):
    park = await park_in("open")
    await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    form = {f"q{park.text}": "Bomen", f"q{park.single}": "²", f"q{park.scale}": "٣"}
    page = await post_form(client, f"/consultations/{park.id}/response", form, page=f"/consultations/{park.id}")
    assert page.status_code == 422
    assert await Response.filter(consultation_id=park.id).count() == 0

    await authoring.close_consultation(park.id, by=park.official, now=real_now())
    headers = await token_for(client, park.official.email)
    body = {"summary": "Besluit", "outcomes": {"²": "Gedaan", str(park.text): "Gedaan"}}
    response = await client.post(f"/api/v1/consultations/{park.id}/decision", json=body, headers=headers)
    assert assert_invalid(response, "outcomes.²") == {"outcomes.²": "There is no such question in this consultation."}
    assert await Decision.filter(consultation_id=park.id).count() == 0


async def test_a_superscript_digit_in_a_decision_field_name_is_not_a_question(client):
    park = await park_in("closed")
    await sign_in(client, park.official.email)
    form = {
        "summary": "We planten bomen.",
        "outcome-²": "Gedaan",
        f"outcome-{park.text}": "Bomen geplant.",
        "publish": "yes",
    }
    response = await post_form(client, f"/consultations/{park.id}/decision", form)
    assert response.status_code == 303
    decision = await Decision.get(consultation_id=park.id)
    assert decision.summary == "We planten bomen."
