"""With ALLOW_PRIVATE_SOURCE_ADDRESSES off (the default), the sources page and the API refuse an address on a
loopback or private network with a message on the address field; the raw row of an added source never holds
its token."""

from __future__ import annotations

import httpx
import pytest
from asgi_lifespan import LifespanManager
from tortoise import connections

from server.app import create_app
from tests.conftest import settings_with
from tests.support.web import make_user, post_form, sign_in, token_for

TOKEN = "zeer-geheim-token-0123456789abcdef"


@pytest.fixture
async def strict(settings):
    application = create_app(settings_with(settings, allow_private_source_addresses=False))
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application, raise_app_exceptions=False, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies={"lang": "en"}) as c:
            yield c


async def test_a_source_on_a_private_address_is_refused_on_its_field(strict):
    await make_user("admin@example.nl", "admin")
    await sign_in(strict, "admin@example.nl")
    form = {
        "kind": "mastodon",
        "name": "Intern",
        "base_url": "http://127.0.0.1:3000",
        "access_token": TOKEN,
        "hashtags": "parken",
    }
    refused = await post_form(strict, "/webcare/sources", form)
    assert refused.status_code == 422
    assert "private or local network" in refused.text and 'id="error-base_url"' in refused.text
    assert TOKEN not in refused.text
    headers = await token_for(strict, "admin@example.nl")
    api = await strict.post(
        "/api/v1/sources",
        json={"kind": "rss", "name": "Meta", "base_url": "http://169.254.169.254/", "hashtags": [], "keywords": []},
        headers=headers,
    )
    assert api.status_code == 422 and "base_url" in api.json()["error"]["fields"]
    added = await strict.post(
        "/api/v1/sources",
        json={
            "kind": "mastodon",
            "name": "Publiek",
            "base_url": "https://93.184.215.14",
            "access_token": TOKEN,
            "hashtags": ["parken"],
            "keywords": [],
        },
        headers=headers,
    )
    assert added.status_code == 201 and TOKEN not in added.text
    rows = await connections.get("default").execute_query_dict("SELECT * FROM webcare_sources")
    assert len(rows) == 1 and TOKEN not in repr(rows[0])
