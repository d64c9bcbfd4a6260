"""The Tortoise configuration: one app, with the model modules of every area (participation/areas.py)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from tortoise import Tortoise
from tortoise.backends.sqlite import executor as _sqlite_executor  # noqa: F401 (registers Tortoise's adapters)
from tortoise.migrations.api import migrate as run_migrations

from participation.areas import model_modules

# SQLite pragmas, as query parameters of the URL (Tortoise passes them on). Several processes (web, monitor)
# share one file: wait for a lock rather than fail. WAL with synchronous=NORMAL is durable against crashes of
# the program; a power cut may lose the last transactions but never corrupts the file (SQLite's advice for WAL).
SQLITE_PRAGMAS = {"busy_timeout": "10000", "synchronous": "NORMAL"}


# The text of each moment bound to a SQLite statement lately, by moment (naive or UTC only: see _sqlite_time).
_SQLITE_TIMES: dict[datetime, str] = {}
SQLITE_TIMES_KEPT = 4096


def _sqlite_time(moment: datetime) -> str:
    """What SQLite is given for a datetime: `moment.isoformat(" ")`, as Tortoise's own adapter writes it, the text
    kept for the next time. The answers' group commit binds the same few moments many times over (a submission's
    `now` in its response, its answers, their moderation items and log rows), and `isoformat` costs about twice
    the rest of binding a row, in the driver's thread, holding the GIL.

    Only moments without an offset or at offset zero are kept: two equal moments at other offsets (12:00+00:00
    and 13:00+01:00) are one key but are written differently."""
    if moment.tzinfo is not None and moment.utcoffset():
        return moment.isoformat(" ")
    text = _SQLITE_TIMES.get(moment)
    if text is None:
        text = moment.isoformat(" ")
        if len(_SQLITE_TIMES) >= SQLITE_TIMES_KEPT:
            _SQLITE_TIMES.clear()
        _SQLITE_TIMES[moment] = text
    return text


sqlite3.register_adapter(datetime, _sqlite_time)


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


async def migrate(database_url: str) -> None:
    """Apply every pending migration, then close the connections the migration opened."""
    try:
        await run_migrations(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()
