from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager

from server.app import YOUNG_COLLECTION, create_app
from tests.conftest import settings_with


async def test_home_and_health(client):
    response = await client.get("/")
    assert response.status_code == 200
    assert "Samenspraak" in response.text
    assert (await client.get("/healthz")).json() == {"status": "ok"}


async def test_health_says_unavailable_when_the_database_does_not_answer(settings):
    # A file that is no database: the connection opens (and closes cleanly), every query fails.
    garbage = settings.data_dir / "not-a-database.sqlite3"
    garbage.write_bytes(b"this is not an SQLite database file " * 100)
    broken = settings_with(settings, database_url=f"sqlite://{garbage}")
    app = create_app(broken)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


async def test_a_served_app_keeps_what_exists_at_start_out_of_the_garbage_collectors_walk_and_collects_less_often(
    settings,
):
    import gc

    gc.unfreeze()
    thresholds = gc.get_threshold()
    app = create_app(settings, freeze_at_start=True)
    try:
        async with LifespanManager(app):
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold() == (YOUNG_COLLECTION, *thresholds[1:])
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                assert (await client.get("/healthz")).json() == {"status": "ok"}
    finally:
        gc.unfreeze()  # the tests' own objects are collected as always
        gc.set_threshold(*thresholds)
