"""Read one sheet of an untrusted .xlsx workbook as text, after checking the zip container."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

from assessment.problems import Problem

MAX_XLSX_BYTES = 20 * 1024 * 1024
MAX_XLSX_EXPANDED_BYTES = 200 * 1024 * 1024
RESPONSE_SHEET_NAMES = ("responses", "答卷")
# A responses table (CSV or sheet) is read whole, rows by columns: one stray cell at XFD1048576 of an otherwise
# small sheet would make 17 billion cells. 20 million is 2.5 million answers of the long shape.
MAX_CELLS = 20_000_000
MAX_COLUMNS = 16_384  # Excel's own limit


class SheetTooLarge(Exception):
    """The sheet spans more cells than MAX_CELLS; says where its last cells are."""

    def __init__(self, sheet: str, rows: int, columns: int, row: int):
        self.sheet, self.rows, self.columns, self.row = sheet, rows, columns, row
        super().__init__(f"{sheet}: {rows} rows by {columns} columns")


def container_problem(path: Path, name: str) -> Problem | None:
    """Why the workbook must not be opened (too big, not a zip, a zip bomb), or None when it may."""
    size = path.stat().st_size
    if size > MAX_XLSX_BYTES:
        return Problem("file_too_large", {"size": size, "limit": MAX_XLSX_BYTES}, file=name)
    if not zipfile.is_zipfile(path):
        with path.open("rb") as stream:
            start = stream.read(4)
        # a zip's first entry without the directory at its end: a download or a copy cut short
        return Problem("xlsx_incomplete" if start == b"PK\x03\x04" else "xlsx_not_zip", file=name)
    try:
        with zipfile.ZipFile(path) as archive:
            # Declared sizes bound what zipfile will ever inflate, so summing them is enough
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return Problem("xlsx_unreadable", {"detail": str(exc)}, file=name)
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        return Problem("xlsx_bomb", {"size": expanded, "limit": MAX_XLSX_EXPANDED_BYTES}, file=name)
    return None


def read_sheet_text(path: Path) -> tuple[str, list[list[str]]]:
    """The responses sheet ("Responses"/"答卷", else the first) as rows of stripped text, padded to one width.

    Raises any exception openpyxl raises; the caller turns it into a problem.
    """
    # Imported here so that reading a CSV file never pays for openpyxl
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        sheet = _responses_sheet(workbook)
        # Some writers record a wrong size; without this, rows past it would be silently dropped
        sheet.reset_dimensions()
        title = sheet.title
        rows = _trimmed_rows(sheet.iter_rows(values_only=True), title)
    finally:
        workbook.close()
    width = max((len(row) for row in rows), default=0)
    return title, [row + [""] * (width - len(row)) for row in rows]


def _trimmed_rows(values, title: str) -> list[list[str]]:
    """Rows of text without their trailing empty cells, up to the last row holding something.

    Raises SheetTooLarge as soon as the rows and columns read so far span more than MAX_CELLS, before the
    table is ever made rectangular.
    """
    rows: list[list[str]] = []
    width = filled_rows = 0
    for number, row in enumerate(values, start=1):
        texts = [cell_text(value) for value in row]
        end = len(texts)
        while end and not texts[end - 1]:
            end -= 1
        rows.append(texts[:end] if end < len(texts) else texts)
        if end:
            filled_rows, width = number, max(width, end)
            if filled_rows * width > MAX_CELLS:
                raise SheetTooLarge(title, filled_rows, width, number)
    del rows[filled_rows:]
    return rows


def _responses_sheet(workbook):
    for sheet in workbook.worksheets:
        if sheet.title.strip().lower() in RESPONSE_SHEET_NAMES:
            return sheet
    return workbook.worksheets[0]


def cell_text(value: object) -> str:
    """A cell value as the text a respondent typed: 3.0 -> "3", 0.25 -> "0.25", dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()
