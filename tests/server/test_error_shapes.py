"""Errors: the JSON shape and status codes of API.md under /api, friendly pages elsewhere, never a traceback."""

from __future__ import annotations

import pytest
from asgi_lifespan import LifespanManager
from pydantic import Field
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from server.api.base import Input, parse_body, require_role
from server.app import create_app
from tests.support.clients import browser
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


# --- 401/403 before 422, and a forced 500: routes added to a fresh app, for the test only ---------


class Thing(Input):
    name: str = Field(max_length=10)


async def admin_only(request: Request) -> JSONResponse:
    require_role(request, "admin")
    body = await parse_body(request, Thing)
    return JSONResponse({"name": body.name}, status_code=201)


async def boom(request: Request) -> JSONResponse:
    raise RuntimeError("secret internal detail")


@pytest.fixture
async def test_app(settings):
    application = create_app(settings)
    application.router.routes[:0] = [
        Route("/api/v1/test-admin-only", admin_only, methods=["POST"]),
        Route("/api/v1/test-boom", boom),
        Route("/test-boom", boom),
    ]
    async with LifespanManager(application):
        yield application


async def test_authentication_and_permission_come_before_validation(test_app):
    await make_user("admin@example.nl", "admin")
    await make_user("els@example.nl")
    async with browser(test_app) as client:
        bad = {"name": 42, "extra": True}
        assert_error(await client.post("/api/v1/test-admin-only", json=bad), 401)
        assert_error(await client.post("/api/v1/test-admin-only", content=b"{broken"), 401)
        citizen = await token_for(client, "els@example.nl")
        assert_error(await client.post("/api/v1/test-admin-only", json=bad, headers=citizen), 403, "forbidden")
        admin = await token_for(client, "admin@example.nl")
        error = assert_error(await client.post("/api/v1/test-admin-only", json=bad, headers=admin), 422, "invalid")
        assert set(error["fields"]) == {"name", "extra"}
        ok = await client.post("/api/v1/test-admin-only", json={"name": "fine"}, headers=admin)
        assert ok.status_code == 201


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
