"""A ticket export read as a table of text, bounded before it is parsed: the header first, then only the columns
that are kept, each dictionary-encoded.

CSV files are parsed by pyarrow (a million rows in about a second); every cell is read as text, nothing is
inferred. Rows are numbered as records, the header being row 1 (blank lines between records are skipped and not
counted; a quoted cell may span lines). Workbooks go through the same checks as a survey's (xlsx_io).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from assessment.inputs import responses, xlsx_io
from assessment.inputs.ticket_values import Encoded
from assessment.problems import InputError, Problem

# A year of a large service desk's audit log: 2 million updates of about 35 columns is some 700 MB of CSV
MAX_CSV_BYTES = 1024 * 1024 * 1024
MAX_ROWS = 2_000_000
MAX_SHOWN_PROBLEMS = 50  # the problems listed before "and N more"
# measured: an encoded kept cell takes about 12 bytes once read, pyarrow's parse buffers as much again
BYTES_PER_KEPT_CELL = 32


@dataclass
class ExportTable:
    """The header of an export and a way to read its kept columns."""

    name: str
    header: list[str]
    # (positions, those kept row by row) -> (rows, column by position)
    read: Callable[[list[int], set[int]], tuple[int, dict[int, Encoded]]]
    sheet: str | None = None


def open_export(path: Path, name: str, hold: Callable[[int], None]) -> ExportTable:
    """The export's header and a reader of its columns; refuses a missing, unknown or oversized file first."""
    if not path.exists():
        raise InputError([Problem("file_not_found", file=name)])
    if not path.is_file():
        raise InputError([Problem("not_a_file", file=name)])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_table(path, name, hold)
    if suffix == ".xlsx":
        return _xlsx_table(path, name, hold)
    raise InputError([Problem("unknown_file_type", {"suffix": path.suffix}, file=name)])


def _csv_table(path: Path, name: str, hold: Callable[[int], None]) -> ExportTable:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise InputError([Problem("file_too_large", {"size": size, "limit": MAX_CSV_BYTES}, file=name)])
    delimiter = responses._delimiter(path)
    header = _csv_header(path, delimiter)
    if not header:
        raise InputError([Problem("responses_empty", file=name)])
    if len(header) > xlsx_io.MAX_COLUMNS:
        raise InputError(
            [Problem("too_many_columns", {"count": len(header), "limit": xlsx_io.MAX_COLUMNS}, file=name, line=1)]
        )
    lines, quoted, first_nul = _scan(path)
    if first_nul is not None:
        raise InputError([Problem("not_utf8", file=name, line=first_nul)])
    if lines - 1 > MAX_ROWS:
        raise InputError([Problem("ticket_too_many_rows", {"rows": lines - 1, "limit": MAX_ROWS}, file=name)])

    def read(positions: list[int], raw: set[int]) -> tuple[int, dict[int, Encoded]]:
        hold(max(lines - 1, 0) * max(len(positions), 1))
        return _read_csv_columns(path, name, header, delimiter, positions, raw, quoted)

    return ExportTable(name, header, read)


def _scan(path: Path) -> tuple[int, bool, int | None]:
    """The file's lines (an upper bound of its rows), whether it quotes anything (only then may a cell span lines),
    and the line of a NUL byte near its start (UTF-16 without its BOM); one pass, in chunks."""
    lines, quoted, first_nul, last = 0, False, None, b"\n"
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 24):
            if lines == 0 and (nul := chunk.find(b"\0", 0, 1 << 16)) >= 0:
                first_nul = chunk.count(b"\n", 0, nul) + 1
            quoted = quoted or b'"' in chunk
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n"), quoted, first_nul


def _csv_header(path: Path, delimiter: str) -> list[str]:
    """The first record's cells, stripped ([] for an empty file)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
        try:
            return [cell.strip() for cell in next(csv.reader(stream, delimiter=delimiter), [])]
        except csv.Error:
            return []


def _read_csv_columns(
    path: Path, name: str, header: list[str], delimiter: str, positions: list[int], raw: set[int], quoted: bool
) -> tuple[int, dict[int, Encoded]]:
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    names = [f"c{i}" for i in range(len(header))]
    wanted = [names[i] for i in positions] or names[:1]
    uneven: list[int] = []
    try:
        table = arrow_csv.read_csv(
            path,
            read_options=arrow_csv.ReadOptions(skip_rows=1, column_names=names),
            parse_options=arrow_csv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=quoted,
                invalid_row_handler=lambda row: uneven.append(1) or "skip",
            ),
            convert_options=arrow_csv.ConvertOptions(
                include_columns=wanted,
                column_types=dict.fromkeys(wanted, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "UTF-8" in str(exc):
            raise InputError([Problem("not_utf8", file=name, line=responses._first_bad_utf8_line(path))]) from None
        raise InputError([Problem("csv_unreadable", {"detail": str(exc)}, file=name)]) from None
    if uneven:  # pyarrow does not say which records: the csv module finds them, on this error path only
        raise InputError(_uneven_records(path, name, delimiter, len(header)))
    columns = {}
    for position in positions:
        column = table.column(names[position]).combine_chunks()
        if position in raw:  # nearly every value distinct (times): encoding would cost more than it saves
            columns[position] = Encoded.of(np.arange(len(column), dtype=np.int64), column)
            continue
        encoded = column.dictionary_encode()
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        columns[position] = Encoded.of(codes, encoded.dictionary)
    return table.num_rows, columns


def _uneven_records(path: Path, name: str, delimiter: str, width: int) -> list[Problem]:
    """The records whose number of cells differs from the header's, by row (blank lines not counted)."""
    problems: list[Problem] = []
    count = 0
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
        row = 0  # the header is row 1
        for record in csv.reader(stream, delimiter=delimiter):
            if not record:
                continue
            row += 1
            if row > 1 and len(record) != width:
                count += 1
                if count <= MAX_SHOWN_PROBLEMS:
                    code = "csv_row_too_long" if len(record) > width else "ticket_row_too_short"
                    problems.append(Problem(code, {"found": len(record), "expected": width}, file=name, line=row))
    return with_more(problems, count, name) or [Problem("csv_unreadable", {"detail": "uneven rows"}, file=name)]


def with_more(problems: list[Problem], count: int, name: str) -> list[Problem]:
    """The problems shown, and one saying how many more there are."""
    if count > len(problems):
        more = {"count": count - len(problems), "shown": len(problems)}
        return [*problems, Problem("ticket_more_problems", more, file=name)]
    return problems


def _xlsx_table(path: Path, name: str, hold: Callable[[int], None]) -> ExportTable:
    rows = responses.read_xlsx_sheets(path, name, hold, wanted=None)
    sheet, cells = rows[0]
    if not cells or not any(cells[0]):
        raise InputError([Problem("responses_empty", file=name, sheet=sheet)])
    header = [cell.strip() for cell in cells[0]]
    data = cells[1:]

    def read(positions: list[int], raw: set[int]) -> tuple[int, dict[int, Encoded]]:
        columns = {}  # a workbook is small: every column encoded
        for position in positions:
            codes, values = pd.factorize(pd.Series([row[position] for row in data], dtype=object), sort=False)
            columns[position] = Encoded.of(codes.astype(np.int64), values)
        return len(data), columns

    return ExportTable(name, header, read, sheet)
