"""Starlette's `{id:int}` path convertor, bounded: ids beyond 9 digits cannot exist (PostgreSQL's integer
columns end at 2^31 - 1, SQLite's at 2^63 - 1) and must be a 404, not an overflow in the driver."""

from __future__ import annotations

from starlette.convertors import CONVERTOR_TYPES, IntegerConvertor


class BoundedIntegerConvertor(IntegerConvertor):
    regex = "[0-9]{1,9}"


def bound_integer_paths() -> None:
    """Must run before any Route is made: routes compile their convertors when they are constructed."""
    CONVERTOR_TYPES["int"] = BoundedIntegerConvertor()
