"""How datetimes reach SQLite: the text Tortoise's adapter writes, remembered for moments bound again
(participation/moments.py; how much it keeps: tests/participation/test_moments.py). An SQLite too old for the
platform is refused with what is needed."""

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from participation import db


def bound(moment: datetime) -> str:
    """The text the SQLite driver binds for `moment` (a real in-memory database)."""
    with sqlite3.connect(":memory:") as connection:
        return connection.execute("SELECT ?", (moment,)).fetchone()[0]


def test_a_moment_is_bound_as_tortoise_writes_it():
    for moment in (
        datetime(2026, 12, 2, 9, 30, 0, 123456, tzinfo=UTC),
        datetime(2026, 12, 2, 9, 30, tzinfo=UTC),  # no microseconds: none written
        datetime(2026, 12, 2, 9, 30, 1, 5, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 12, 2, 9, 30, 1, 5),  # naive
        datetime(2026, 12, 2, 10, 30, 1, 5, tzinfo=timezone(timedelta(hours=1))),
        datetime(2026, 7, 1, 11, 30, tzinfo=ZoneInfo("Europe/Amsterdam")),
    ):
        assert bound(moment) == moment.isoformat(" ")
        assert bound(moment) == moment.isoformat(" ")  # the second time, from what was kept


def test_equal_moments_at_other_offsets_are_written_with_their_own():
    utc = datetime(2026, 12, 2, 9, 30, 0, 42, tzinfo=UTC)
    assert bound(utc) == "2026-12-02 09:30:00.000042+00:00"
    for same in (utc.astimezone(timezone(timedelta(hours=1))), utc.astimezone(ZoneInfo("Europe/Amsterdam"))):
        assert same == utc
        assert bound(same) == "2026-12-02 10:30:00.000042+01:00"
    assert bound(utc.replace(tzinfo=None)) == "2026-12-02 09:30:00.000042"


def test_an_sqlite_older_than_returning_is_refused_with_what_is_needed():
    with pytest.raises(db.UnsupportedDatabase) as refused:
        db.require_supported("sqlite:///srv/samenspraak.sqlite3", sqlite_version=(3, 31, 1))
    assert str(refused.value).startswith("SQLite 3.35.0 or newer is needed; this Python uses 3.31.1.")
    db.require_supported("sqlite:///srv/samenspraak.sqlite3", sqlite_version=(3, 35, 0))
    db.require_supported("postgres://db.example/samenspraak", sqlite_version=(3, 7, 0))
    db.require_supported("sqlite://:memory:")  # the SQLite of this machine
