"""What every download shares: an export names its file and writes itself as CSV and/or JSON, in chunks.

Areas make exports (the responses of a consultation, open data, "download my data", later accepted task
results); the web layer serves every one of them through one handler (server/web.py `download`), so each gets
the same headers: a file name, the media type and no caching.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Protocol

FORMATS = ("csv", "json")


class Export(Protocol):
    name: str  # the file name without its extension
    formats: tuple[str, ...]

    def chunks(self, fmt: str) -> AsyncIterator[str]: ...


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([spreadsheet_safe(v) for v in values])
    return buffer.getvalue()


@dataclass
class Document:
    """An export made at once in memory (small: aggregates, one person's data): `json` gives the document,
    `csv` (optional) the whole CSV text, with a byte-order mark so spreadsheets read it as UTF-8."""

    name: str
    json: Callable[[], Any]
    csv: Callable[[], str] | None = None

    @property
    def formats(self) -> tuple[str, ...]:
        return FORMATS if self.csv is not None else ("json",)

    async def chunks(self, fmt: str) -> AsyncIterator[str]:
        if fmt == "csv" and self.csv is not None:
            yield "\ufeff" + self.csv()
        else:
            yield json.dumps(self.json(), ensure_ascii=False, indent=2, default=str)
