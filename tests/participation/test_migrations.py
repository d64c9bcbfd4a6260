"""Migrations: they build an empty database on SQLite and PostgreSQL, twice is a no-op, and the models agree."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
import pytest
from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate as run_migrations
from tortoise.migrations.autodetector import MigrationAutodetector

from participation import db
from participation.accounts.models import User

FOUNDATION_TABLES = {
    "users",
    "api_tokens",
    "throttle_events",
    "notifications",
    "notification_preferences",
    "outbox_mails",
}


async def table_names() -> set[str]:
    connection = connections.get("default")
    if connection.capabilities.dialect == "sqlite":
        _, rows = await connection.execute_query("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        _, rows = await connection.execute_query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
        )
    return {row["name"] for row in rows}


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'empty.sqlite3'}"
    cluster = request.getfixturevalue("pg_cluster")
    name = f"empty_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(cluster.url())
    try:
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    return cluster.url(name)


async def test_migrations_build_an_empty_database_and_a_second_run_changes_nothing(empty_db_url):
    await db.migrate(empty_db_url)
    await Tortoise.init(config=db.tortoise_config(empty_db_url))
    try:
        tables = await table_names()
        assert tables >= FOUNDATION_TABLES
        user = await User.create(email="els@example.nl", display_name="Els", password_hash="x")
    finally:
        await Tortoise.close_connections()

    await db.migrate(empty_db_url)  # nothing pending: a no-op that keeps the data

    await Tortoise.init(config=db.tortoise_config(empty_db_url))
    try:
        assert await table_names() == tables
        assert (await User.get(id=user.id)).email == "els@example.nl"
    finally:
        await Tortoise.close_connections()


async def test_the_models_match_the_migrations(tmp_path):
    """A model change without its migration (run `tortoise … makemigrations`) fails here."""
    config = db.tortoise_config(f"sqlite://{tmp_path / 'scratch.sqlite3'}")
    await Tortoise.init(config=config)
    try:
        changes = await MigrationAutodetector(Tortoise.apps, config["apps"]).changes()
        described = [[str(op.describe()) for op in writer.operations] for writer in changes]
        assert changes == [], f"models differ from the migrations: {described}"
    finally:
        await Tortoise.close_connections()


def test_the_readmes_makemigrations_command_runs_and_finds_no_change():
    """The command README.md gives for a new migration, run as someone would: its configuration loads, and it
    finds the models and the migrations in step (and so writes no migration)."""
    root = Path(__file__).resolve().parents[2]
    tortoise = Path(sys.executable).parent / "tortoise"
    done = subprocess.run(
        [str(tortoise), "-c", "participation.migrations_config.TORTOISE_ORM", "makemigrations", "--name", "probe"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "No changes detected" in done.stdout, done.stdout + done.stderr
    assert not list((root / "participation" / "migrations").glob("*probe*"))


async def test_a_database_with_accounts_from_before_takes_the_later_migrations(empty_db_url):
    """A column added later needs a default the database knows, or existing rows refuse it (PostgreSQL)."""
    await run_migrations(config=db.tortoise_config(empty_db_url), target="models.0002_consultations")
    await Tortoise.close_connections()
    await Tortoise.init(config=db.tortoise_config(empty_db_url))
    try:
        await connections.get("default").execute_query(
            "INSERT INTO users (email, password_hash, display_name, display_name_html, roles, language, created_at,"
            " registered_from, auth_version) VALUES ('els@example.nl', 'x', 'Els', 'Els', '[]', 'nl',"
            " '2026-01-01 00:00:00', '', 1)"
        )
    finally:
        await Tortoise.close_connections()
    await db.migrate(empty_db_url)
    await Tortoise.init(config=db.tortoise_config(empty_db_url))
    try:
        user = await User.get(email="els@example.nl")
        assert user.sign_in_link_version == 0
    finally:
        await Tortoise.close_connections()
