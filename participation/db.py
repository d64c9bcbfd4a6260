"""The Tortoise configuration: one app, every model module listed explicitly."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate as run_migrations

MODEL_MODULES = [
    "participation.accounts.models",
    "participation.notifications.models",
    "participation.mail.models",
    "participation.consultations.models",
]


def tortoise_config(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite://") and database_url != "sqlite://:memory:":
        # Several processes (web, monitor) share one SQLite file: wait for a lock rather than fail.
        separator = "&" if "?" in database_url else "?"
        if "busy_timeout" not in database_url:
            database_url = f"{database_url}{separator}busy_timeout=10000"
    return {
        "connections": {"default": database_url},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
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
