"""Statements for many rows at once, where Tortoise would build a query per row or a CASE term per row.

Answering in batches (answer_store) and the tallies need only a few shapes: one UPDATE run for many rows
(executemany: built once, one round trip), and a read of a few columns without building a model per row.
Values go through the fields' own conversions, so rows read and written here look as Tortoise's would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from tortoise import fields as tortoise_fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.timezone import get_default_timezone, get_use_tz

from participation.sql import marks


def _column(model: type[Model], name: str) -> str:
    return model._meta.fields_map[name].source_field or name


async def update_each(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[tuple[Any, Sequence[Any]]],
    *,
    key: Sequence[str] = ("id",),
) -> None:
    """For every (key values, field values) in `rows`: UPDATE that row SET fields = values. In the given order."""
    if not rows:
        return
    db = model._meta.db
    convert = [_converter(model, f) for f in fields]
    given = marks(db, len(fields) + len(key))
    assignments = ",".join(f'"{_column(model, f)}"={m}' for f, m in zip(fields, given, strict=False))
    where = " AND ".join(f'"{_column(model, k)}"={m}' for k, m in zip(key, given[len(fields) :], strict=True))
    sql = f'UPDATE "{model._meta.db_table}" SET {assignments} WHERE {where}'
    values = [[c(v) for c, v in zip(convert, values, strict=True)] + list(keys) for keys, values in rows]
    await db.execute_many(sql, values)


async def add_to_each(
    model: type[Model], counter: str, deltas: Sequence[tuple[Sequence[Any], int]], *, key: Sequence[str] = ("id",)
) -> None:
    """For every (key values, delta): UPDATE that row SET counter = counter + delta (atomic per row), in order."""
    if not deltas:
        return
    db = model._meta.db
    column = _column(model, counter)
    given = marks(db, 1 + len(key))
    where = " AND ".join(f'"{_column(model, k)}"={m}' for k, m in zip(key, given[1:], strict=True))
    sql = f'UPDATE "{model._meta.db_table}" SET "{column}"="{column}"+{given[0]} WHERE {where}'
    await db.execute_many(sql, [[delta, *keys] for keys, delta in deltas])


async def rows_of(model: type[Model], fields: Sequence[str], *, where: str, values: Sequence[Any]) -> list[tuple]:
    """The `fields` of the rows matching `where` (SQL with placeholders from `marks`), converted by their fields."""
    db = model._meta.db
    columns = ",".join(f'"{_column(model, f)}"' for f in fields)
    _count, found = await db.execute_query(
        f'SELECT {columns} FROM "{model._meta.db_table}" WHERE {where}', list(values)
    )
    return _converted(model, fields, found)


async def touch(model: type[Model], column: str, fields: Sequence[str], *, where: str, values: Sequence[Any]) -> list:
    """UPDATE the rows matching `where` (as in `rows_of`) setting `column` to itself, and their `fields`: a write
    that changes nothing, to lock those rows (PostgreSQL) and take the write lock (SQLite) before reading them,
    in one statement (RETURNING: SQLite 3.35 and later)."""
    db = model._meta.db
    columns = [_column(model, f) for f in fields]
    returned = ",".join(f'"{c}"' for c in columns)
    sql = f'UPDATE "{model._meta.db_table}" SET "{column}"="{column}" WHERE {where} RETURNING {returned}'
    # execute_query_dict: the asyncpg client's execute_query drops the rows an UPDATE returns.
    found = await db.execute_query_dict(sql, list(values))
    return _converted(model, fields, [[row[c] for c in columns] for row in found])


def _converted(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[tuple]:
    """`rows` with the values of each field that needs it converted, a column at a time (most need none)."""
    if not rows:
        return []
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, name in enumerate(fields):
        convert = _reader(model, name)
        if convert is not None:
            columns[i] = [convert(value) for value in columns[i]]
    return list(zip(*columns, strict=True))


def where_pairs(db: BaseDBAsyncClient, column: str, inner: str, pairs: dict[Any, Sequence[Any]]) -> tuple[str, list]:
    """A WHERE condition (and its values) for the rows whose (`column`, `inner`) is one of `pairs`, given as
    {column value: [inner values]}: one `column = x AND inner IN (...)` term per column value."""
    terms, values = [], []
    for outer, inners in sorted(pairs.items()):
        given = marks(db, 1 + len(inners), start=1 + len(values))
        terms.append(f'("{column}"={given[0]} AND "{inner}" IN ({",".join(given[1:])}))')
        values += [outer, *sorted(inners)]
    return " OR ".join(terms), values


PLAIN_FIELDS = (tortoise_fields.IntField, tortoise_fields.CharField, tortoise_fields.TextField)


def _converter(model: type[Model], name: str) -> Callable[[Any], Any]:
    field = model._meta.fields_map[name]
    # Numbers and text go to the driver as they are; the field's conversion is what costs the time for many rows.
    if type(field) in PLAIN_FIELDS:
        return lambda value: value
    if _plain_datetime(field):
        # What the field's conversion gives for an aware datetime (the platform stores no other): itself.
        return lambda value: value if value is None or value.tzinfo is not None else field.to_db_value(value, model)
    if type(field) is tortoise_fields.JSONField and not field.validators:
        # A number, list or dict: what the field's conversion would give, without its checks of text given.
        encode = field.encoder
        return lambda value: encode(value) if type(value) in (int, list, dict) else field.to_db_value(value, model)
    return lambda value: field.to_db_value(value, model)


def _plain_datetime(field: tortoise_fields.Field) -> bool:
    return type(field) is tortoise_fields.DatetimeField and not (
        field.auto_now or field.auto_now_add or field.validators
    )


def _reader(model: type[Model], name: str) -> Callable[[Any], Any] | None:
    """The field's conversion of a value read (None: the driver's value is it already), with a short way for
    the text SQLite keeps a datetime as (the ISO form Tortoise writes): `datetime.fromisoformat`, in the
    configured time zone, as Tortoise's own reading gives it (tests/participation/consultations/storage/
    test_bulk.py holds the two side by side)."""
    field = model._meta.fields_map[name]
    if type(field) in PLAIN_FIELDS:
        return None
    convert = field.to_python_value
    if not _plain_datetime(field) or not get_use_tz():
        return convert
    zone = get_default_timezone()

    def read(value: Any) -> Any:
        if type(value) is str:
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                return convert(value)
            return parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed.astimezone(zone)
        return convert(value)

    return read


# Rows per multi-row INSERT: well under the bound on parameters of one statement (SQLite 32766, PostgreSQL 32767).
INSERT_PARAMETERS = 30_000


async def insert_many(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]], *, returning_ids: bool = False
) -> list[int]:
    """INSERT `rows` (values in the order of `fields`) with a few multi-row statements; their new ids, in the
    order of `rows`, when `returning_ids`. Both backends number the rows of one INSERT in VALUES order (a
    sequence or the rowid, taken per row as it is inserted), so the ids RETURNING gives, sorted, are in row order.
    """
    if not rows:
        return []
    db = model._meta.db
    convert = [_converter(model, f) for f in fields]
    converted = [[c(v) for c, v in zip(convert, row, strict=True)] for row in rows]
    if db.capabilities.dialect == "postgres" and not returning_ids:
        # COPY: PostgreSQL's own bulk load, several times faster than INSERTs for many rows.
        async with db.acquire_connection() as connection:
            await connection.copy_records_to_table(
                model._meta.db_table, columns=[_column(model, f) for f in fields], records=converted
            )
        return []
    columns = ",".join(f'"{_column(model, f)}"' for f in fields)
    per_statement = max(1, INSERT_PARAMETERS // len(fields))
    ids: list[int] = []
    for start in range(0, len(rows), per_statement):
        chunk = converted[start : start + per_statement]
        given = iter(marks(db, len(chunk) * len(fields)))
        values_sql = ",".join("(" + ",".join(next(given) for _ in fields) + ")" for _ in chunk)
        values = [value for row in chunk for value in row]
        sql = f'INSERT INTO "{model._meta.db_table}" ({columns}) VALUES {values_sql}'
        if returning_ids:
            # execute_query_dict: the asyncpg client's execute_query drops the rows of an INSERT.
            found = await db.execute_query_dict(sql + ' RETURNING "id"', values)
            ids += sorted(int(row["id"]) for row in found)
        else:
            await db.execute_query(sql, values)
    return ids
