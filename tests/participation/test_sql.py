"""The placeholders of the statements written by hand: what each driver takes."""

from __future__ import annotations

from types import SimpleNamespace

from participation import sql


def client(dialect: str) -> SimpleNamespace:
    return SimpleNamespace(capabilities=SimpleNamespace(dialect=dialect))


def test_sqlite_takes_question_marks_and_postgresql_numbers_them_from_where_asked():
    assert sql.marks(client("sqlite"), 3) == ["?", "?", "?"]
    assert sql.marks("postgres", 3) == ["$1", "$2", "$3"]
    assert sql.marks(client("postgres"), 2, start=4) == ["$4", "$5"]
    assert sql.marks("sqlite", 0) == []


def test_a_template_gets_its_marks_in_order_and_keeps_everything_else():
    template = 'UPDATE "t" SET "a"={},"b"={} WHERE "id"={} AND "note" <> \'{x}\''
    assert sql.filled(template, "postgres") == 'UPDATE "t" SET "a"=$1,"b"=$2 WHERE "id"=$3 AND "note" <> \'{x}\''
    assert sql.filled(template, client("sqlite")) == 'UPDATE "t" SET "a"=?,"b"=? WHERE "id"=? AND "note" <> \'{x}\''
    assert sql.filled("SELECT 1", "postgres") == "SELECT 1"
