"""Configuration for the `tortoise` command (makemigrations). The autodetector compares the models with the
migration files and never opens the database; it is given an in-memory one, so no path is named that two people
on one machine would share."""

from participation.db import tortoise_config

TORTOISE_ORM = tortoise_config("sqlite://:memory:")
