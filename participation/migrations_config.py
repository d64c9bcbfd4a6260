"""Configuration for the `tortoise` command (makemigrations), against a scratch SQLite file."""

from participation.db import tortoise_config

TORTOISE_ORM = tortoise_config("sqlite:///tmp/samenspraak-makemigrations.sqlite3")
