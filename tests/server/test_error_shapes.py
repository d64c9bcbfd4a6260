"""Errors: the JSON shape and status codes of API.md under /api, friendly pages elsewhere, never a traceback."""

from __future__ import annotations

import inspect
import re

import pytest
from asgi_lifespan import LifespanManager
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from participation.consultations.models import Consultation, Response, StatementVote
from server.app import create_app
from tests.support.clients import browser
from tests.support.consultations import make_park
from tests.support.web import PASSWORD, make_user, token_for

REGISTRATION = {"email": "els@example.nl", "password": PASSWORD, "display_name": "Els"}


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    assert "Traceback" not in response.text
    return error


# --- 400 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"{not json", b'{"email": "a@b.nl",', b"[1, 2]", b'"a string"', b"\xff\xfe"])
async def test_a_body_that_is_not_a_json_object_is_400(client, body):
    response = await client.post("/api/v1/users", content=body, headers={"Content-Type": "application/json"})
    error = assert_error(response, 400, "malformed")
    assert "fields" not in error


async def test_a_body_over_the_size_limit_is_413(client):
    response = await client.post("/api/v1/users", content=b'{"email": "' + b"a" * 1_100_000 + b'"}')
    assert_error(response, 413, "too_large")


# --- 401, 404, 405 -----------------------------------------------------------------------------


async def test_no_token_is_401(client):
    error = assert_error(await client.get("/api/v1/me"), 401, "unauthenticated")
    assert "Bearer" in error["message"]


async def test_an_unknown_api_path_is_a_json_404(client):
    assert_error(await client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_error(await client.get("/api/nothing"), 404, "not_found")


async def test_a_wrong_method_on_the_api_is_a_json_405(client):
    assert_error(await client.get("/api/v1/tokens"), 405, "method_not_allowed")


async def test_an_unknown_page_is_a_friendly_404_page(client):
    response = await client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "This page does not exist" in response.text
    assert 'href="/"' in response.text
    assert "Traceback" not in response.text


async def test_a_wrong_method_on_a_page_is_a_friendly_page(client):
    response = await client.get("/logout")
    assert response.status_code == 405
    assert "This cannot be done here" in response.text


# --- 422 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"nickname": "x"}, {"nickname": "This field is unknown."}),
        ({"email": 12345}, {"email": "This must be text."}),
        ({"display_name": ["Els"]}, {"display_name": "This must be text."}),
        ({"password": None}, {"password": "This must be text."}),
        ({"email": "e" * 250 + "@x.nl"}, {"email": "At most 254 characters."}),
        ({"display_name": "x" * 81}, {"display_name": "At most 80 characters."}),
        ({"password": "p" * 201}, {"password": "At most 200 characters."}),
        ({"email": "no-at-sign"}, {"email": "This is not a valid e-mail address, for example name@example.nl."}),
        ({"email": "two@@example.nl"}, {"email": "This is not a valid e-mail address, for example name@example.nl."}),
    ],
)
async def test_invalid_input_is_422_with_a_message_per_field(client, change, fields):
    response = await client.post("/api/v1/users", json={**REGISTRATION, **change})
    error = assert_error(response, 422, "invalid")
    assert error["fields"] == fields


async def test_missing_fields_are_each_named(client):
    error = assert_error(await client.post("/api/v1/users", json={}), 422, "invalid")
    assert error["fields"] == {name: "This field is required." for name in ("email", "password", "display_name")}
    empty_body = await client.post("/api/v1/tokens")
    assert set(assert_error(empty_body, 422, "invalid")["fields"]) == {"email", "password"}


# --- 429 -----------------------------------------------------------------------------------------


async def test_too_many_requests_is_429_with_retry_after(client):
    for _ in range(10):
        await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": "wrong password"})
    response = await client.post("/api/v1/tokens", json={"email": "els@example.nl", "password": "wrong password"})
    assert_error(response, 429, "too_many_requests")
    assert int(response.headers["retry-after"]) > 0


# --- 401/403 before 422, on every API route that needs a person or a role ------------------------

REQUIRED_ROLE = re.compile(r'require_role\(request, "(\w+)"\)')
INVALID_BODIES = [b'{"unknown": 1, "title": 5, "answers": 5, "vote": "maybe", "text": 5}', b"{broken", b"[1, 2]", b""]


def api_operations(routes, prefix: str = ""):
    for route in routes:
        if isinstance(route, Mount):
            yield from api_operations(route.routes, prefix + route.path)
        elif isinstance(route, Route) and hasattr(route.endpoint, "operation"):
            for method in sorted(route.methods - {"HEAD"}):
                yield method, prefix + route.path, route.endpoint


async def test_authentication_and_permission_come_before_validation_on_every_api_route(client, app):
    """No token (or a bad one) is 401 and a citizen on an official's route is 403, whatever the body: the
    handler asks who it is before it reads anything. Routes and their roles come from the app itself."""
    park = await make_park()
    await make_user("els@example.nl")
    citizen = await token_for(client, "els@example.nl")
    # Real objects behind every {id}: the refusal must not be a 404 standing in for it.
    ids = {"consultations": park.id, "questions": park.statements, "statements": park.statement(0)}
    signed_in_only, role_only = [], []
    for method, path, endpoint in api_operations(app.routes):
        source = inspect.getsource(endpoint)
        if "current_user(" in source or "require_role(" in source:
            assert endpoint.operation.auth, f"{method} {path} needs a person but is not documented as auth=True"
        if not endpoint.operation.auth:
            continue
        url = path.replace("{id:int}", str(ids.get(path.split("/")[3], 1)))
        # Any further id in the path (`/checklist/{item:int}/take`): a number.
        url = re.sub(r"\{\w+:int\}", "1", url)
        role = REQUIRED_ROLE.search(source)
        for body in INVALID_BODIES if method != "GET" else [b""]:
            for headers in ({}, {"Authorization": "Bearer not-a-token"}):
                response = await client.request(method, url, content=body, headers=headers)
                assert_error(response, 401, "unauthenticated")
            if role:
                assert role.group(1) != "citizen"
                response = await client.request(method, url, content=body, headers=citizen)
                assert_error(response, 403, "forbidden")
        (role_only if role else signed_in_only).append(f"{method} {path}")
    # The walk found them: the officials' routes and the ones for anyone signed in.
    assert {"POST /api/v1/consultations", "POST /api/v1/consultations/{id:int}/decision"} <= set(role_only)
    assert {"PUT /api/v1/statements/{id:int}/vote", "GET /api/v1/me"} <= set(signed_in_only)
    # Nothing was stored on the way.
    assert await Consultation.all().count() == 1
    assert await Response.all().count() == 0 and await StatementVote.all().count() == 0
    assert (await Consultation.get(id=park.id)).status == "open"


# --- a forced 500: routes added to a fresh app, for the test only ----------------------------------


async def boom(request: Request) -> JSONResponse:
    raise RuntimeError("secret internal detail")


@pytest.fixture
async def test_app(settings):
    application = create_app(settings)
    application.router.routes[:0] = [Route("/api/v1/test-boom", boom), Route("/test-boom", boom)]
    async with LifespanManager(application):
        yield application


async def test_an_unexpected_error_is_a_friendly_500_without_a_traceback(test_app, caplog):
    async with browser(test_app) as client:
        api = await client.get("/api/v1/test-boom")
        error = assert_error(api, 500, "internal")
        assert "secret internal detail" not in api.text

        page = await client.get("/test-boom")
        assert page.status_code == 500
        assert page.headers["content-type"].startswith("text/html")
        assert "Something went wrong on our side" in page.text
        assert "secret internal detail" not in page.text
        assert "Traceback" not in page.text and "RuntimeError" not in page.text
    # The operator does get the details, in the log.
    assert "secret internal detail" in caplog.text
    assert error["message"]


SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "permissions-policy",
)


@pytest.mark.parametrize("path", ["/test-boom", "/api/v1/test-boom"])
async def test_a_500_carries_the_same_security_headers_as_any_other_response(test_app, path):
    async with browser(test_app) as client:
        ordinary = await client.get("/healthz")
        failed = await client.get(path)
    assert failed.status_code == 500
    for name in SECURITY_HEADERS:
        assert failed.headers.get(name) == ordinary.headers[name], name


async def test_an_id_no_row_can_have_is_a_404_not_an_overflow(client):
    huge = "9" * 40
    response = await client.get(f"/api/v1/consultations/{huge}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    page = await client.get(f"/consultations/{huge}")
    assert page.status_code == 404
