"""Headers and cookies that keep pages safe in a browser, and the language switch."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pytest
from asgi_lifespan import LifespanManager

from server.app import create_app
from tests.conftest import settings_with
from tests.support.clients import browser
from tests.support.web import make_user, post_form


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def set_cookies(response) -> dict[str, SimpleCookie]:
    cookies = {}
    for header in response.headers.get_list("set-cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            cookies[name] = morsel
    return cookies


@pytest.mark.parametrize("path", ["/", "/login", "/no-such-page", "/api/v1/me", "/healthz"])
async def test_every_response_has_a_strict_content_security_policy(client, path):
    response = await client.get(path)
    directives = csp_directives(response)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "'unsafe-eval'" not in response.headers["content-security-policy"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/transparency", "/account/forgot", "/no-such-page"])
async def test_pages_have_no_inline_script_the_policy_would_block(client, path):
    html = (await client.get(path)).text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert "javascript:" not in html


async def test_the_session_cookie_is_httponly_and_samesite_lax_and_not_secure_over_http(client):
    await make_user("els@example.nl")
    response = await post_form(client, "/login", {"email": "els@example.nl", "password": "correct horse battery"})
    session = set_cookies(response)["samenspraak_session"]
    assert session["httponly"]
    assert session["samesite"].lower() == "lax"
    assert not session["secure"]


async def test_over_https_the_cookies_are_secure(settings):
    app = create_app(settings_with(settings, base_url="https://samenspraak.example"))
    async with LifespanManager(app), browser(app, base_url="https://testserver") as client:
        await make_user("els@example.nl")
        page = await client.get("/login")
        assert set_cookies(page)["csrftoken"]["secure"]
        assert "max-age" in page.headers["strict-transport-security"]
        response = await post_form(client, "/login", {"email": "els@example.nl", "password": "correct horse battery"})
        assert response.status_code == 303
        session = set_cookies(response)["samenspraak_session"]
        assert session["secure"] and session["httponly"] and session["samesite"].lower() == "lax"
        assert (await client.get("/account")).status_code == 200


async def test_pages_are_dutch_by_default_and_english_after_the_switch(client):
    client.cookies.delete("lang")  # a first visit: no language chosen yet (the fixture sets English)
    home = await client.get("/")
    assert '<html lang="nl">' in home.text
    assert 'value="en" lang="en"' in home.text  # the switch offers English

    response = await post_form(client, "/language", {"lang": "en", "next": "/transparency"}, page="/")
    assert response.status_code == 303
    assert response.headers["location"] == "/transparency"
    cookie = set_cookies(response)["lang"]
    assert cookie["httponly"] and cookie["samesite"].lower() == "lax"
    page = await client.get("/transparency")
    assert '<html lang="en">' in page.text
    assert ">Sign in</a>" in page.text and ">Transparency</a>" in page.text
    assert 'value="nl" lang="nl"' in page.text  # and now offers Dutch

    await post_form(client, "/language", {"lang": "nl"}, page="/")
    assert '<html lang="nl">' in (await client.get("/")).text


async def test_an_unknown_language_or_off_site_next_changes_nothing_dangerous(client):
    client.cookies.delete("lang")  # a first visit: no language chosen yet (the fixture sets English)
    response = await post_form(client, "/language", {"lang": "xx", "next": "https://evil.example/"}, page="/")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert "lang" not in set_cookies(response)
    assert '<html lang="nl">' in (await client.get("/")).text


async def test_a_forged_language_cookie_falls_back_to_dutch(client):
    client.cookies.set("lang", '"><script>x</script>')
    page = await client.get("/")
    assert '<html lang="nl">' in page.text
    assert "<script>x" not in page.text


async def test_the_api_sets_no_session_or_csrf_cookie_and_keeps_the_security_headers(client):
    response = await client.get("/api/v1/consultations")
    assert response.status_code == 200
    assert "set-cookie" not in response.headers
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
