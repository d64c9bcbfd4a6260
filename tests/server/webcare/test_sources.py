"""Sources over HTTP: admins add them (API and form), nobody ever sees the token again, not in a response, a
page, an error or a log line."""

from __future__ import annotations

import logging

from participation.webcare import protection
from participation.webcare.models import Source
from tests.support.mastodon import TOKEN
from tests.support.web import make_user, post_form, sign_in, token_for

SOURCE = {
    "kind": "mastodon",
    "name": "Gemeente op Mastodon",
    "base_url": "https://voorbeeld.social",
    "access_token": TOKEN,
    "hashtags": ["parken", "#ParkDeLinde"],
    "keywords": ["fietsenstalling"],
    "account": "@gemeente",
}


async def test_an_admin_adds_sources_and_the_token_is_never_shown_or_logged(client, caplog):
    # Everything the platform and its HTTP client log, down to DEBUG. (The database drivers' own DEBUG lines
    # carry every query parameter, the token too: those loggers stay at INFO, as in production.)
    caplog.set_level(logging.INFO)
    for name in ("participation", "server", "httpx", "httpcore", "uvicorn"):
        caplog.set_level(logging.DEBUG, logger=name)
    await make_user("admin@example.nl", "admin")
    headers = await token_for(client, "admin@example.nl")
    bodies = []

    created = await client.post("/api/v1/sources", json=SOURCE, headers=headers)
    bodies.append(created)
    assert created.status_code == 201, created.text
    source = created.json()
    assert source["hashtags"] == ["parken", "parkdelinde"] and source["account"] == "gemeente"
    assert source["status"] == "ok" and "access_token" not in source

    feed = await client.post(
        "/api/v1/sources",
        json={
            "kind": "rss",
            "name": "Nieuws",
            "base_url": "https://example.nl/feed.xml",
            "hashtags": [],
            "keywords": [],
        },
        headers=headers,
    )
    bodies.append(feed)
    assert feed.status_code == 201, feed.text
    # An invalid one is refused, naming the field, and does not echo the token.
    invalid = await client.post("/api/v1/sources", json=SOURCE | {"base_url": TOKEN}, headers=headers)
    bodies.append(invalid)
    assert invalid.status_code == 422 and "base_url" in invalid.json()["error"]["fields"]

    listed = await client.get("/api/v1/sources", headers=headers)
    one = await client.get(f"/api/v1/sources/{source['id']}", headers=headers)
    bodies += [listed, one]
    assert [s["name"] for s in listed.json()["items"]] == ["Gemeente op Mastodon", "Nieuws"]
    assert one.json() == source

    await sign_in(client, "admin@example.nl")
    page_form = dict(SOURCE, hashtags="gemeente, afval", keywords="", account="")
    added = await post_form(client, "/webcare/sources", page_form)
    assert added.status_code == 303
    refused = await post_form(client, "/webcare/sources", page_form | {"name": ""})
    assert refused.status_code == 422 and "Give the source a name." in refused.text
    page = await client.get("/webcare/sources")
    bodies += [added, refused, page]
    assert "Gemeente op Mastodon" in page.text and "#afval" in page.text

    # Stored sealed (participation/webcare/protection.py): the row does not hold the token, the key opens it.
    stored = await Source.filter(kind="mastodon").values_list("access_token", flat=True)
    assert len(stored) == 2 and all(TOKEN not in s for s in stored)
    assert [protection.unseal(s) for s in stored] == [TOKEN, TOKEN]
    for response in bodies:
        assert TOKEN not in response.text and TOKEN not in str(response.headers), response.request.url
    assert TOKEN not in caplog.text


async def test_citizens_and_officials_may_not_manage_sources(client):
    await make_user("citizen@example.nl")
    await make_user("official@example.nl", "official")
    for email in ("citizen@example.nl", "official@example.nl"):
        headers = await token_for(client, email)
        refused = await client.post("/api/v1/sources", json=SOURCE, headers=headers)
        assert refused.status_code == 403
        assert (await client.get("/api/v1/sources", headers=headers)).status_code == 403
    assert (await client.post("/api/v1/sources", json=SOURCE)).status_code == 401
    assert await Source.all().count() == 0
