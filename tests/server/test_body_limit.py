"""One request carries at most MAX_BODY bytes: a larger form or JSON body is a 413 (JSON under /api, a page
elsewhere) before anything reads it, whether its size is declared or only seen while it streams in."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

from participation.accounts.models import User
from server.app import MAX_BODY
from tests.support.servers import servers
from tests.support.web import PASSWORD, csrf_from


def _stream(total: int, chunk: bytes = b"a" * 65536) -> AsyncIterator[bytes]:
    async def chunks() -> AsyncIterator[bytes]:
        sent = 0
        while sent < total:
            yield chunk
            sent += len(chunk)

    return chunks()


async def test_a_form_over_the_limit_is_a_413_page_and_nothing_is_stored(client):
    token = csrf_from((await client.get("/register")).text)
    form = {"csrftoken": token, "email": "els@example.nl", "password": PASSWORD, "display_name": "E" * MAX_BODY}
    response = await client.post("/register", data=form)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "Too large" in response.text and "The request body is too large." in response.text
    assert response.headers["x-frame-options"] == "DENY"
    assert await User.filter(email="els@example.nl").count() == 0


async def test_a_streamed_form_over_the_limit_is_refused_while_it_arrives(client):
    response = await client.post(
        "/register",
        content=_stream(2 * MAX_BODY),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert "The request body is too large." in response.text


async def test_a_streamed_json_body_over_the_limit_is_a_json_413(client):
    response = await client.post(
        "/api/v1/users", content=_stream(2 * MAX_BODY), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


async def test_a_body_within_the_limit_is_read_as_usual(client):
    body = {"email": "els@example.nl", "password": PASSWORD, "display_name": "Els", "padding": "x" * 900_000}
    response = await client.post("/api/v1/users", json=body)
    # Read and validated: the unknown field is named, so the body was not refused for its size.
    assert response.status_code == 422
    assert "padding" in response.json()["error"]["fields"]


def test_the_server_reads_no_more_of_a_body_than_its_declared_length(sqlite_url, tmp_path):
    # What BodyLimit relies on to pass a body of a declared length within the limit on unwatched: the served
    # process (uvicorn) hands the application that many bytes, whatever is sent after them. Here 2 are declared
    # and a whole request follows them: the first is answered for a body of "{}" (its fields are named as
    # missing), and what came after it is a request of its own.
    with servers(sqlite_url, tmp_path / "served", 1) as (url,):
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(
                b"POST /api/v1/users HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                b"Content-Length: 2\r\n\r\n{}" + b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
            )
            answered = b""
            while part := connection.recv(65536):
                answered += part
    first, second = answered.split(b"HTTP/1.1 ")[1:3]
    assert first.startswith(b"422 ") and b'"email"' in first and b'"password"' in first, answered[:400]
    assert second.startswith(b"200 "), answered[-400:]
