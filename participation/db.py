"""The Tortoise configuration: one app, with the model modules of every area (participation/areas.py)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from tortoise import Tortoise
from tortoise.backends.sqlite import executor as _sqlite_executor  # noqa: F401 (registers Tortoise's adapters)
from tortoise.migrations.api import migrate as run_migrations

from participation.areas import model_modules
from participation.moments import remembered_isoformat

# SQLite pragmas, as query parameters of the URL (Tortoise passes them on). Several processes (web, monitor)
# share one file: wait for a lock rather than fail. WAL with synchronous=NORMAL is durable against crashes of
# the program; a power cut may lose the last transactions but never corrupts the file (SQLite's advice for WAL).
SQLITE_PRAGMAS = {"busy_timeout": "10000", "synchronous": "NORMAL"}


# What SQLite is given for a datetime: the text Tortoise's own adapter writes (`isoformat(" ")`), remembered for
# the moments bound again (the answers' group commit binds a submission's `now` some six times, in the driver's
# thread, holding the GIL).
sqlite_times = remembered_isoformat(" ")
sqlite3.register_adapter(datetime, sqlite_times)


def with_pragmas(database_url: str) -> str:
    if not database_url.startswith("sqlite://") or database_url == "sqlite://:memory:":
        return database_url
    missing = [f"{k}={v}" for k, v in SQLITE_PRAGMAS.items() if f"{k}=" not in database_url]
    if not missing:
        return database_url
    separator = "&" if "?" in database_url else "?"
    return database_url + separator + "&".join(missing)


def tortoise_config(database_url: str) -> dict[str, Any]:
    database_url = with_pragmas(database_url)
    return {
        "connections": {"default": database_url},
        "apps": {
            "models": {
                "models": model_modules(),
                "default_connection": "default",
                "migrations": "participation.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# RETURNING, which the answers' group commit reads back with (consultations/storage/bulk.py), came with SQLite
# 3.35 (March 2021). An older library would fail the first answer with a syntax error, so it is refused at start.
SQLITE_NEEDED = (3, 35, 0)


class UnsupportedDatabase(Exception):
    """The database cannot run the platform; the message says what is needed."""


def require_supported(database_url: str, *, sqlite_version: tuple[int, ...] | None = None) -> None:
    """UnsupportedDatabase when `database_url` is SQLite and the library this Python uses is older than needed."""
    found = sqlite_version or sqlite3.sqlite_version_info
    if database_url.startswith("sqlite://") and found < SQLITE_NEEDED:
        raise UnsupportedDatabase(
            f"SQLite {'.'.join(map(str, SQLITE_NEEDED))} or newer is needed; this Python uses "
            f"{'.'.join(map(str, found))}. Use a Python built with a newer SQLite, or PostgreSQL (DATABASE_URL)."
        )


async def migrate(database_url: str) -> None:
    """Apply every pending migration, then close the connections the migration opened. Every command of
    `samenspraak` starts here, so a database the platform cannot run on is refused here (UnsupportedDatabase)."""
    require_supported(database_url)
    try:
        await run_migrations(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()
