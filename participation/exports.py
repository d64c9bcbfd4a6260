"""What every download shares: an export names its file and writes itself as CSV and/or JSON (text chunks)
and, for people who open it in Excel, as an .xlsx workbook (bytes).

Areas make exports (the responses of a consultation, open data, "download my data", later accepted task
results); the web layer serves every one of them through one handler (server/web.py `download`), so each gets
the same headers: a file name, the media type and no caching.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

FORMATS = ("csv", "json")
# Times in a workbook are Amsterdam's wall-clock time, as the pages show them (Excel has no time zones).
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
EXCEL_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


class Export(Protocol):
    name: str  # the file name without its extension
    formats: tuple[str, ...]

    def chunks(self, fmt: str) -> AsyncIterator[str] | AsyncIterator[bytes]: ...


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([spreadsheet_safe(v) for v in values])
    return buffer.getvalue()


class Workbook:
    """An .xlsx file written row by row (openpyxl's write-only mode keeps little in memory): a header row in
    bold and frozen, text kept as text (never run as a formula), times as real Excel dates in Amsterdam time."""

    def __init__(self, sheet_title: str, headers: list[str]) -> None:
        # Imported here: openpyxl (and the numpy it pulls in) costs every process ~0.5 s at start, and only an
        # .xlsx download needs it.
        from openpyxl import Workbook as OpenpyxlWorkbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        self._cell = WriteOnlyCell
        self._book = OpenpyxlWorkbook(write_only=True)
        self._sheet = self._book.create_sheet(title=sheet_title[:31] or "Sheet")
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = self._cell(self._sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        self._sheet.append(header_cells)

    def append(self, values: Iterable[Any]) -> None:
        cells = []
        for value in values:
            if isinstance(value, datetime):
                moment = value.astimezone(LOCAL_TIME).replace(tzinfo=None) if value.tzinfo else value
                cell = self._cell(self._sheet, value=moment)
                cell.number_format = EXCEL_TIME_FORMAT
            else:
                cell = self._cell(self._sheet, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
            cells.append(cell)
        self._sheet.append(cells)

    def bytes(self) -> bytes:
        with tempfile.TemporaryFile() as file:
            self._book.save(file)
            file.seek(0)
            return file.read()


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
