"""Counting the SQL statements a piece of code sends (from Tortoise's query log), for tests that a page or a
service costs the same number of queries however many rows it shows."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.statements.append(record.getMessage())

    def __len__(self) -> int:
        return len(self.statements)


@contextmanager
def counting_queries() -> Iterator[_Counter]:
    """`with counting_queries() as sent: ...` then `len(sent)` statements, `sent.statements` their text."""
    logger = logging.getLogger("tortoise.db_client")
    counter, level = _Counter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
