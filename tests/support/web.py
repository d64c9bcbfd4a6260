"""Helpers for tests that speak HTTP to the app like a browser or a script would."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx

from participation.accounts import services as accounts
from participation.accounts.links import AccountLinks
from participation.accounts.models import User

PASSWORD = "correct horse battery"
CSRF_FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def post_form(
    client: httpx.AsyncClient, path: str, data: dict | list, *, page: str | None = None
) -> httpx.Response:
    """Load `page` (default: `path`, else /) for its CSRF token, then submit the form like a browser."""
    page_response = await client.get(page or path)
    if page_response.status_code != 200:
        page_response = await client.get("/")
    token = csrf_from(page_response.text)
    items = list(data.items()) if isinstance(data, dict) else list(data)
    # httpx takes form data as a mapping; a list value repeats the field (checkboxes).
    form: dict[str, list[str]] = {"csrftoken": [token]}
    for key, value in items:
        form.setdefault(key, []).extend(value if isinstance(value, list | tuple) else [value])
    return await client.post(path, data=form)


async def make_user(email: str, *roles: str, password: str = PASSWORD, name: str | None = None) -> User:
    return await accounts.create_user(
        email=email,
        password=password,
        display_name=name or email.split("@")[0],
        roles=list(roles),
        now=datetime.now(UTC),
    )


async def sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    response = await post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 303, response.text
    return response


async def token_for(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


# The links the web layer gives account services (server/accounts/pages.py account_links), for domain tests.
TEST_LINKS = AccountLinks(
    confirm=lambda token: f"https://x.example/account/confirm/{token}",
    reset=lambda token: f"https://x.example/account/reset/{token}",
    sign_in=lambda token: f"https://x.example/login/link/{token}",
    login="https://x.example/login",
    forgot="https://x.example/account/forgot",
)
