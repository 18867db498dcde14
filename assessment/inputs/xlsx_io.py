"""Read one sheet of an untrusted .xlsx workbook as text, after checking the zip container."""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from assessment.problems import Problem

MAX_XLSX_BYTES = 20 * 1024 * 1024
MAX_XLSX_EXPANDED_BYTES = 200 * 1024 * 1024
RESPONSE_SHEET_NAMES = ("responses", "答卷")
# A responses table (CSV or sheet) is read whole, rows by columns, at about 180 bytes a cell: one stray cell at
# XFD1048576 of an otherwise small sheet would make 17 billion cells. A real survey of 5,000 respondents answering
# 500 items in the wide shape (one row per respondent) is 2.5 million cells; the long shape (one row per answer,
# about 8 columns) fits some 375,000 answers in a file.
MAX_CELLS = 3_000_000
MAX_COLUMNS = 16_384  # Excel's own limit
# openpyxl reads the parts that describe the workbook (list of parts, workbook, styles, properties, relations)
# whole into objects, then opens every sheet: a 100 KB file listing 20,000 sheets, or 200,000 cell formats, takes
# openpyxl half a minute. Real workbooks have a few sheets; 8 MB holds Excel's most cell formats (64,000).
MAX_SHEETS = 1_000
MAX_PACKAGE_PART_BYTES = 8 * 1024 * 1024
CONTENT_TYPES = "[Content_Types].xml"
# A part that expands more than 100 times is refused as a zip bomb (Apache POI's default minimum inflate ratio,
# 0.01): a real survey sheet packs 10 to 20 times; 173 KB of identical rows expanding to 50 MB of XML took the
# reader half a minute. Small parts are exempt: short repetitive XML packs tightly.
MAX_INFLATE_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024
# A DOCTYPE may declare entities (billion laughs, external files). openpyxl parses with defusedxml, or with lxml
# without resolving entities when lxml is installed (python-pptx and python-docx bring it): either way no workbook
# saved by a spreadsheet has one, so a part whose prolog declares one is refused before any parser sees it.
DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
PROLOG_BYTES = 4096
# a cell or a row of sheet XML, with or without a namespace prefix (<c r="A1">, <x:c r="A1"/>, <row r="1">)
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


class WorkbookTooComplex(Exception):
    """The workbook lists more sheets, or has a bigger list of parts, than any survey file: carries the problem."""

    def __init__(self, code: str, params: dict, sheet: str | None = None):
        self.code, self.params, self.sheet = code, params, sheet
        super().__init__(f"{code}: {params}")


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
            members = archive.infolist()
            expanded = sum(member.file_size for member in members)
            content_types = max((m.file_size for m in members if m.filename == CONTENT_TYPES), default=0)
            packed_tight = [
                m
                for m in members
                if m.file_size >= RATIO_CHECKED_FROM and m.file_size > MAX_INFLATE_RATIO * m.compress_size
            ]
            declared = _declares_doctype(archive, members) if expanded <= MAX_XLSX_EXPANDED_BYTES else None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, zlib.error) as exc:
        return Problem("xlsx_unreadable", {"detail": str(exc)}, file=name)
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        return Problem("xlsx_bomb", {"size": expanded, "limit": MAX_XLSX_EXPANDED_BYTES}, file=name)
    if content_types > MAX_PACKAGE_PART_BYTES:
        too_big = {"part": CONTENT_TYPES, "size": content_types, "limit": MAX_PACKAGE_PART_BYTES}
        return Problem("xlsx_part_too_large", too_big, file=name)
    if packed_tight:
        part = packed_tight[0]
        ratio = {"part": part.filename, "packed": part.compress_size, "size": part.file_size}
        return Problem("xlsx_inflate_ratio", ratio | {"limit": MAX_INFLATE_RATIO}, file=name)
    if declared is not None:
        return Problem("xlsx_doctype", {"part": declared}, file=name)
    return None


def _declares_doctype(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> str | None:
    """The first XML part whose prolog (its first PROLOG_BYTES) declares a DOCTYPE, else None."""
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as part:
                if DOCTYPE.search(part.read(PROLOG_BYTES)):
                    return member.filename
    return None


def read_sheet_text(path: Path, hold: Callable[[int], None] = lambda cells: None) -> tuple[str, list[list[str]]]:
    """The responses sheet ("Responses"/"答卷", else the first) as rows of stripped text, padded to one width."""
    return read_sheets_text(path, hold)[0]


def read_sheets_text(
    path: Path, hold: Callable[[int], None] = lambda cells: None, wanted: Callable[[str], bool] | None = None
) -> list[tuple[str, list[list[str]]]]:
    """Sheets as rows of stripped text, each padded to one width: those whose cell A1 `wanted` accepts (in workbook
    order), else the responses sheet ("Responses"/"答卷", else the first).

    Every sheet's cells are counted before any is parsed, and `hold` is told those of the sheets read. Raises any
    exception openpyxl raises; the caller turns it into a problem.
    """
    reader = _bounded_reader()(path, read_only=True, data_only=True, keep_links=False)
    reader.read()
    workbook = reader.wb
    try:
        counted = {}
        for sheet in workbook.worksheets:
            cells, rows = count_cells(reader.archive, sheet._worksheet_path)
            if cells > MAX_CELLS:  # counted before a cell is parsed
                too_many = {"cells": cells, "rows": rows, "limit": MAX_CELLS}
                raise WorkbookTooComplex("too_many_sheet_cells", too_many, sheet.title)
            counted[sheet.title] = (cells, rows)
        chosen = [sheet for sheet in workbook.worksheets if wanted and wanted(_first_cell(sheet))]
        chosen = chosen or [_responses_sheet(workbook)]
        total = sum(counted[sheet.title][0] for sheet in chosen)
        if total > MAX_CELLS:  # the respondents' sheets together
            rows = sum(counted[sheet.title][1] for sheet in chosen)
            raise WorkbookTooComplex("too_many_sheet_cells", {"cells": total, "rows": rows, "limit": MAX_CELLS})
        hold(total)
        read = []
        for sheet in chosen:
            # Some writers record a wrong size; without this, rows past it would be silently dropped
            sheet.reset_dimensions()
            rows = _trimmed_rows(sheet.iter_rows(values_only=True), sheet.title)
            width = max((len(row) for row in rows), default=0)
            read.append((sheet.title, [row + [""] * (width - len(row)) for row in rows]))
    finally:
        workbook.close()
    return read


def _first_cell(sheet) -> str:
    """The text of a sheet's cell A1 (read-only sheets stream their rows: only the first is parsed)."""
    for row in sheet.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True):
        return cell_text(row[0]) if row else ""
    return ""


def count_cells(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """The cells and rows a sheet's XML holds, counted on the inflated bytes as they stream, never parsed."""
    cells = rows = 0
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 22):
            text = tail + chunk
            # up to the last tag's start: a tag cut between two reads is counted with the next one
            end = max(text.rfind(b"<"), 0)
            cells += len(_CELL.findall(text, 0, end))
            rows += len(_ROW.findall(text, 0, end))
            tail = text[end:]
    return cells + len(_CELL.findall(tail)), rows + len(_ROW.findall(tail))


def _bounded_reader():
    """openpyxl's reader (what load_workbook uses), refusing a huge workbook part or too many sheets."""
    # Imported here so that reading a CSV file never pays for openpyxl
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import ARC_WORKBOOK, SHARED_STRINGS, WORKSHEET_TYPE, XLSM, XLSX, XLTM, XLTX

    def too_large(part: str, size: int) -> WorkbookTooComplex:
        return WorkbookTooComplex("xlsx_part_too_large", {"part": part, "size": size, "limit": MAX_PACKAGE_PART_BYTES})

    class BoundedReader(ExcelReader):
        def read_manifest(self):
            super().read_manifest()
            # the sheets and the shared strings hold the answers and may be big; every other XML part is parsed
            # whole into objects, and no real workbook has a big one
            data = {
                part.PartName[1:] for kind in (WORKSHEET_TYPE, SHARED_STRINGS) for part in self.package.findall(kind)
            }
            for member in self.archive.infolist():
                parsed_whole = member.filename.endswith((".xml", ".rels")) and member.filename not in data
                if parsed_whole and member.file_size > MAX_PACKAGE_PART_BYTES:
                    raise too_large(member.filename, member.file_size)

        def read_workbook(self):
            # the part openpyxl reads as the workbook: the one the list of parts names, else xl/workbook.xml
            part = next((found for kind in (XLTM, XLTX, XLSM, XLSX) if (found := self.package.find(kind))), None)
            part_name = part.PartName[1:] if part is not None else ARC_WORKBOOK
            if part_name in self.valid_files:
                size = self.archive.getinfo(part_name).file_size
                if size > MAX_PACKAGE_PART_BYTES:
                    raise too_large(part_name, size)
            super().read_workbook()
            if len(self.parser.sheets) > MAX_SHEETS:
                raise WorkbookTooComplex(
                    "xlsx_too_many_sheets", {"count": len(self.parser.sheets), "limit": MAX_SHEETS}
                )

    return BoundedReader


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
