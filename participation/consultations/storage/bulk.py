"""Statements for many rows at once, where Tortoise would build a query per row or a CASE term per row.

Answering in batches (answer_store) and the tallies need only a few shapes: one UPDATE run for many rows
(executemany: built once, one round trip), and a read of a few columns without building a model per row.
Values go through the fields' own conversions, so rows read and written here look as Tortoise's would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tortoise import fields as tortoise_fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model


def marks(db: BaseDBAsyncClient, count: int, *, start: int = 1) -> list[str]:
    """Parameter placeholders in the dialect of `db`: $1, $2 ... on PostgreSQL, ? on SQLite."""
    if db.capabilities.dialect == "postgres":
        return [f"${i}" for i in range(start, start + count)]
    return ["?"] * count


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
    converters = [model._meta.fields_map[f].to_python_value for f in fields]
    return [tuple(convert(value) for convert, value in zip(converters, row, strict=True)) for row in found]


PLAIN_FIELDS = (tortoise_fields.IntField, tortoise_fields.CharField, tortoise_fields.TextField)


def _converter(model: type[Model], name: str) -> Callable[[Any], Any]:
    field = model._meta.fields_map[name]
    # Numbers and text go to the driver as they are; the field's conversion is what costs the time for many rows.
    if type(field) in PLAIN_FIELDS:
        return lambda value: value
    return lambda value: field.to_db_value(value, model)


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
