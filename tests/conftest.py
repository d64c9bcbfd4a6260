"""Fixtures: a fresh database per test (SQLite copied from a migrated template; PostgreSQL from a template
database), the app with its lifespan, and an httpx client speaking HTTP to it."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import asyncpg
import httpx
import pytest
from argon2 import PasswordHasher
from asgi_lifespan import LifespanManager
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from participation import db, i18n
from participation.accounts import passwords
from participation.consultations.storage import snapshots
from participation.moderation import restrictions, screening
from server.app import create_app
from server.settings import Settings
from tests.support import postgres

TEMPLATE_DB = "samenspraak_template"


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its production cost takes 0.1-0.2 s a hash; tests use the same algorithm at the lowest cost.
    (tests/participation/accounts/test_passwords.py checks the production parameters.)"""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", cheap.hash("not a real password"))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The suite asserts the English source text: domain code called outside a request speaks English, and so
    does `client` (a `lang=en` cookie). Dutch, the product's default, is checked in tests/test_translations.py."""
    with i18n.language("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_query_cache() -> None:
    # Tortoise caches the SQL it builds per connection name and table, not per dialect; tests switch dialects.
    EXECUTOR_CACHE.clear()


@pytest.fixture(autouse=True)
def _fresh_moderation_caches() -> None:
    # Word lists, flood counts and suspensions are kept per process by user id; each test has a new database.
    screening.forget()
    restrictions.suspended()


@pytest.fixture(autouse=True)
def _fresh_snapshots() -> None:
    # Snapshots are kept per process by consultation id for 2 s of the callers' `now`: each test has a new
    # database, whose consultation 1 is not the last test's (a draft just made read as the last test's open one).
    snapshots.changed()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    # In a thread: this fixture may be first requested from inside a running event loop (any_db_url).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, db.migrate(f"sqlite://{path}")).result()
    return path


@pytest.fixture(scope="session")
def pg_cluster() -> AsyncIterator[postgres.Cluster]:
    if postgres.find_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("the PostgreSQL server (initdb) is not installed: .ci/run must install it")
        pytest.skip("the PostgreSQL server is not installed (apt-get install postgresql); CI runs these tests")
    cluster = postgres.start()

    async def prepare() -> None:
        conn = await asyncpg.connect(cluster.url())
        await conn.execute(f"CREATE DATABASE {TEMPLATE_DB}")
        await conn.close()
        await db.migrate(cluster.url(TEMPLATE_DB))

    # In a thread: this fixture may be first requested from inside a running event loop (any_db_url).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, prepare()).result()
    yield cluster
    cluster.stop()


async def _fresh_pg_database(cluster: postgres.Cluster) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(cluster.url())
    try:
        await conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
    finally:
        await conn.close()
    return cluster.url(name)


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "test.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite://{path}"


@pytest.fixture(params=["sqlite", "postgres"])
async def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """For tests that must hold on both backends (races, migrations, queries with dialect differences)."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return await _fresh_pg_database(request.getfixturevalue("pg_cluster"))


@pytest.fixture
async def pg_url(pg_cluster: postgres.Cluster) -> str:
    return await _fresh_pg_database(pg_cluster)


@pytest.fixture
def settings(tmp_path: Path, sqlite_url: str) -> Settings:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    return Settings(
        data_dir=data_dir,
        database_url=sqlite_url,
        secret_key="test-secret-" + "x" * 32,
        base_url="http://testserver",
        smtp_url=None,
        registrations_per_hour=30,
        report_threshold=3,
        confirm_email_to_participate=False,
        # mastodon-mock and the feed servers of the tests listen on 127.0.0.1 (test_protection.py: refused by default).
        allow_private_source_addresses=True,
    )


@pytest.fixture
async def orm(settings: Settings) -> AsyncIterator[None]:
    """Tortoise against this test's database, for tests of the domain without HTTP."""
    await Tortoise.init(config=db.tortoise_config(settings.database_url))
    yield
    await Tortoise.close_connections()


@pytest.fixture
async def orm_any(any_db_url: str) -> AsyncIterator[str]:
    await Tortoise.init(config=db.tortoise_config(any_db_url))
    yield any_db_url
    await Tortoise.close_connections()


@pytest.fixture
async def app(settings: Settings):
    application = create_app(settings)
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies={"lang": "en"}) as c:
        yield c


def settings_with(settings: Settings, **changes: object) -> Settings:
    return replace(settings, **changes)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop in the main thread while its
    session-scoped browser lives, which async tests collected after it would trip over."""
    items.sort(key=lambda item: item.path.parts[-2:-1] == ("browser",))
