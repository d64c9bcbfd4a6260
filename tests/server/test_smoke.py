from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager

from server.app import create_app
from tests.conftest import settings_with


async def test_home_and_health(client):
    response = await client.get("/")
    assert response.status_code == 200
    assert "Samenspraak" in response.text
    assert (await client.get("/healthz")).json() == {"status": "ok"}


async def test_health_says_unavailable_when_the_database_does_not_answer(settings):
    broken = settings_with(settings, database_url="sqlite:///nonexistent-folder/samenspraak.sqlite3")
    app = create_app(broken)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
