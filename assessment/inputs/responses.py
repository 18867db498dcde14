"""Read a responses file (CSV or XLSX; one row per answer, or one row per respondent) into checked answers.

Reading turns the file into a `RawTable` of text; `responses_checks` checks it against the
questionnaire. Either every answer is good and a `Responses` comes back, or a ResponsesError
carries every problem found.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from assessment.inputs import forms, xlsx_io
from assessment.inputs.reading_budget import BUDGET, BYTES_PER_CELL
from assessment.inputs.responses_checks import RawTable, check_table
from assessment.problems import Problem, ResponsesError
from assessment.questionnaire.model import Questionnaire

MAX_CSV_BYTES = 200 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")


def _nothing(cells: int) -> None:
    """What a reader's `hold` does when nobody keeps a budget."""


@dataclass
class Responses:
    """Checked answers, one row each, and the respondents who gave them."""

    answers: pd.DataFrame  # respondent, item, answer, comment, evidence (str); row (int, header is row 1)
    respondents: pd.DataFrame  # respondent, role, unit, method (str, "" when absent), in order of appearance
    warnings: list[Problem] = field(default_factory=list)
    shape: str = "long"  # "long" (one row per answer), "wide" (one row per respondent) or "form" (a sheet each)


def read_responses(
    path: str | Path,
    questionnaire: Questionnaire,
    display_name: str | None = None,
    units: Sequence[str] | None = None,
) -> Responses:
    """Read and check a responses file; raises ResponsesError carrying every problem found.

    `units`: the assessment's units, the only ones a respondent may belong to (None or empty: any unit).
    """
    path = Path(path)
    name = display_name if display_name is not None else str(path)
    if not path.exists():
        raise ResponsesError([Problem("file_not_found", file=name)])
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ResponsesError([Problem("unknown_file_type", {"suffix": path.suffix}, file=name)])
    if not path.is_file():
        raise ResponsesError([Problem("not_a_file", file=name)])
    with contextlib.ExitStack() as held:  # the file's share of the process's reading budget, until checked

        def hold(cells: int) -> None:
            held.enter_context(BUDGET.reserve(cells * BYTES_PER_CELL, name, ResponsesError))

        if suffix == ".csv":
            return Responses(*check_table(read_csv_table(path, name, hold), questionnaire, units))
        sheets = read_xlsx_sheets(path, name, hold)
        if not forms.is_form(sheets[0][1][0][0] if sheets[0][1] and sheets[0][1][0] else ""):
            return Responses(*check_table(_table(sheets[0], name), questionnaire, units))
        return _check_forms(forms.form_tables(sheets, name, questionnaire, units or ()), name, questionnaire, units)


def _check_forms(
    found: forms.FormSheets, name: str, questionnaire: Questionnaire, units: Sequence[str] | None
) -> Responses:
    """The respondents' sheets of a per-respondent workbook, each checked as a table; every problem of every sheet."""
    problems, warnings = list(found.problems), list(found.warnings)
    checked: list[tuple[pd.DataFrame, pd.DataFrame]] = []
    where: dict[str, str] = {}  # respondent -> the sheet they answer on
    for table in found.tables:
        try:
            answers, respondents, more, _ = check_table(table, questionnaire, units)
        except ResponsesError as error:
            problems += [forms.in_form_terms(problem) for problem in error.problems]
            warnings += error.warnings
            continue
        warnings += [forms.in_form_terms(warning) for warning in more]
        respondent = respondents["respondent"].iat[0]
        if respondent in where:
            twice = {"respondent": respondent, "other": where[respondent]}
            problems.append(Problem("form_respondent_twice", twice, file=name, sheet=table.sheet, column="C"))
            continue
        where[respondent] = table.sheet or ""
        checked.append((answers, respondents))
    if problems:
        raise ResponsesError(problems + warnings)
    if not checked:
        raise ResponsesError([Problem("responses_empty", file=name), *warnings])
    answers = pd.concat([a for a, _ in checked], ignore_index=True)
    respondents = pd.concat([r for _, r in checked], ignore_index=True)
    return Responses(answers, respondents, warnings, "form")


def read_csv_table(path: Path, name: str, hold: Callable[[int], None] = _nothing) -> RawTable:
    """A UTF-8 CSV file (BOM or not) as a RawTable; every cell stays text ("NA" and "null" too).

    `hold` is told the cells the table will have, once they are counted and before they are parsed.
    """
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise ResponsesError([Problem("file_too_large", {"size": size, "limit": MAX_CSV_BYTES}, file=name)])
    delimiter = _delimiter(path)
    width = _header_width(path, delimiter)
    hold(_check_csv_size(path, name, width))
    header, columns = _arrow_cells(path, delimiter, width) or _pandas_cells(path, name, delimiter)
    return RawTable(header, columns, np.arange(2, len(columns[0]) + 2), name)


def _pandas_cells(path: Path, name: str, delimiter: str) -> tuple[list[str], list[pd.Series]]:
    """The header (stripped) and the data cells of each column as pandas reads them; a file it cannot read
    raises ResponsesError saying where."""
    try:
        # header=None keeps duplicate header names as they are (pandas would rename them);
        # skip_blank_lines=False keeps record numbers equal to spreadsheet row numbers
        frame = pd.read_csv(
            path,
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            engine="c",
        )
    except UnicodeDecodeError:
        raise ResponsesError([Problem("not_utf8", file=name, line=_first_bad_utf8_line(path))]) from None
    except pd.errors.EmptyDataError:
        raise ResponsesError([Problem("responses_empty", file=name)]) from None
    except pd.errors.ParserError as exc:
        raise ResponsesError([_parser_problem(exc, name)]) from None
    header = [str(value).strip() for value in frame.iloc[0]]
    # cells are stripped later, once per distinct value (see bulk.CodedColumn)
    return header, [frame[label].iloc[1:].reset_index(drop=True) for label in frame.columns]


def read_xlsx_table(path: Path, name: str, hold: Callable[[int], None] = _nothing) -> RawTable:
    """The responses sheet of a workbook as a RawTable, refusing oversized or bomb-like files first."""
    return _table(read_xlsx_sheets(path, name, hold, wanted=None)[0], name)


def read_xlsx_sheets(
    path: Path, name: str, hold: Callable[[int], None] = _nothing, wanted: Callable[[str], bool] | None = forms.is_form
) -> list[tuple[str, list[list[str]]]]:
    """The respondents' sheets of a per-respondent workbook, else the responses sheet, as rows of text; refuses
    oversized or bomb-like files first."""
    problem = xlsx_io.container_problem(path, name)
    if problem is not None:
        raise ResponsesError([problem])
    try:
        return xlsx_io.read_sheets_text(path, hold, wanted)
    except xlsx_io.WorkbookTooComplex as exc:
        raise ResponsesError([Problem(exc.code, exc.params, file=name, sheet=exc.sheet)]) from None
    except xlsx_io.SheetTooLarge as exc:
        size = {"rows": exc.rows, "columns": exc.columns, "cells": exc.rows * exc.columns, "limit": xlsx_io.MAX_CELLS}
        raise ResponsesError([Problem("too_many_cells", size, file=name, sheet=exc.sheet, line=exc.row)]) from None
    except Exception as exc:  # openpyxl and its XML parser raise many kinds of error on a broken workbook
        raise ResponsesError([Problem("xlsx_unreadable", {"detail": _root_cause(exc)}, file=name)]) from None


def _table(sheet: tuple[str, list[list[str]]], name: str) -> RawTable:
    title, rows = sheet
    if not rows:
        raise ResponsesError([Problem("responses_empty", file=name, sheet=title)])
    header, data = rows[0], rows[1:]
    columns = [pd.Series([row[pos] for row in data], dtype="str") for pos in range(len(header))]
    return RawTable(header, columns, np.arange(2, len(rows) + 1), name, title)


def _root_cause(exc: BaseException) -> str:
    """The first error in a chain: openpyxl wraps the one that says what is wrong in a vaguer one."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    return f"{type(exc).__name__}: {exc}"


def _delimiter(path: Path) -> str:
    """A comma, unless the header row plainly uses ';' or tabs (Excel in some locales saves CSV that way)."""
    with path.open("rb") as stream:
        first_line = stream.readline(1 << 16).decode("utf-8", errors="replace")
    if "," in first_line:
        return ","
    others = [sep for sep in (";", "\t") if sep in first_line]
    return max(others, key=first_line.count) if others else ","


def _arrow_cells(path: Path, delimiter: str, width: int) -> tuple[list[str], list[pd.Series]] | None:
    """The header (stripped) and the data cells of each column as pyarrow's CSV reader finds them, or None when it
    cannot read the file as pandas would (a short or long row, a quote left open, a cell over 1 MB, bad UTF-8):
    pandas then reads it and names the problem.

    pyarrow reads the file several times faster than pandas' C parser; it splits lines and quotes as pandas does
    for every table it reads whole (tests/inputs/test_csv_readers.py holds it to pandas on tricky bytes).
    """
    if width < 2:  # no table of answers: pandas reads it, and says what is wrong or the checks do
        return None
    with path.open("rb") as stream:
        if stream.read(6).removeprefix(codecs.BOM_UTF8).startswith(codecs.BOM_UTF8):
            return None  # pandas skips a second BOM as well, pyarrow only the first
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    names = [f"c{position}" for position in range(width)]
    try:
        with _FileAndLastRow(path, delimiter, width) as stream:
            table = arrow_csv.read_csv(
                stream,
                # a UTF-8 BOM is skipped
                read_options=arrow_csv.ReadOptions(column_names=names, encoding="utf8", block_size=_ARROW_BLOCK),
                parse_options=arrow_csv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
                ),
                convert_options=arrow_csv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows < 2 or table.slice(table.num_rows - 1).to_pylist()[0] != dict.fromkeys(names, _LAST_CELL):
        return None  # a quote left open at the end took the last row in: pandas refuses the file
    if any(_holds_carriage_return(chunk) for column in table.columns for chunk in column.chunks):
        # a quoted "\r\n" split between two blocks loses its "\n" in pyarrow 26: a cell holding "\r" is left to pandas
        return None
    header = [table.column(position)[0].as_py().strip() for position in range(width)]
    data = table.slice(1, table.num_rows - 2)
    return header, [data.column(position).combine_chunks().to_pandas() for position in range(width)]


def _holds_carriage_return(cells) -> bool:
    """Whether a pyarrow array of text holds a carriage return (its bytes searched at once, a few ms per 10 MB)."""
    data = cells.buffers()[2]
    return data is not None and 13 in np.frombuffer(data, dtype=np.uint8)


_LAST_CELL = "\x01"
_ARROW_BLOCK = 1 << 20  # bytes pyarrow parses at a time (its default)


class _FileAndLastRow(io.RawIOBase):
    """A file's bytes, then a row of `width` cells of _LAST_CELL: pyarrow takes a quote left open at the end of a
    file as closed there (pandas refuses the file), and such a quote swallows the row, which shows it."""

    def __init__(self, path: Path, delimiter: str, width: int):
        self._file = path.open("rb")
        ends_line = True
        if self._file.seek(0, io.SEEK_END):
            self._file.seek(-1, io.SEEK_END)
            ends_line = self._file.read(1) in (b"\r", b"\n")
            self._file.seek(0)
        self._last = ("" if ends_line else "\n") + delimiter.join([_LAST_CELL] * width) + "\n"
        self._last_bytes = self._last.encode()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        if size < 0 or len(data) < size:  # the end of the file: the last row follows
            wanted = len(self._last_bytes) if size < 0 else size - len(data)
            data, self._last_bytes = data + self._last_bytes[:wanted], self._last_bytes[wanted:]
        return data

    def close(self) -> None:
        self._file.close()
        super().close()


def _check_csv_size(path: Path, name: str, columns: int) -> int:
    """The cells of the table; refuses a table too wide or too big to hold, before a parser tries (pandas hangs)."""
    if columns > xlsx_io.MAX_COLUMNS:
        too_many = {"count": columns, "limit": xlsx_io.MAX_COLUMNS}
        raise ResponsesError([Problem("too_many_columns", too_many, file=name, line=1)])
    lines, first_nul = _scan_lines(path)
    if first_nul is not None:  # UTF-16 (e.g. Excel's "Unicode text") without its BOM: ASCII reads as "r\0e\0s\0..."
        raise ResponsesError([Problem("not_utf8", file=name, line=first_nul)])
    if lines * columns > xlsx_io.MAX_CELLS:
        size = {"rows": lines, "columns": columns, "cells": lines * columns, "limit": xlsx_io.MAX_CELLS}
        raise ResponsesError([Problem("too_many_cells", size, file=name)])
    return lines * columns


def _header_width(path: Path, delimiter: str) -> int:
    """How many cells the header row has (0 when the csv module cannot tell: pandas will say what is wrong)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
        try:
            return len(next(csv.reader(stream, delimiter=delimiter), []))
        except csv.Error:  # a cell longer than the csv module's limit, a NUL character
            return 0


def _scan_lines(path: Path) -> tuple[int, int | None]:
    """Lines of the file (a quoted cell may span several) and the line of its first NUL byte, if any.

    Read in chunks, never holding the file in memory.
    """
    lines, last, first_nul = 0, b"\n", None
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            if first_nul is None and (nul := chunk.find(b"\0")) >= 0:
                first_nul = lines + _line_breaks(chunk[:nul]) + 1
            lines += _line_breaks(chunk)
            last = chunk[-1:]
    return lines + (last not in (b"\n", b"\r")), first_nul


def _line_breaks(data: bytes) -> int:
    """Line ends as pandas counts them: \r\n, \n, and \r alone (old Mac files).

    Counted by numpy, a few times faster than bytes.count (three passes, one of them for a two-byte pattern).
    """
    if not data:
        return 0
    codes = np.frombuffer(data, dtype=np.uint8)
    line_feed, carriage_return = codes == 10, codes == 13
    pairs = np.count_nonzero(carriage_return[:-1] & line_feed[1:])
    return int(np.count_nonzero(line_feed) + np.count_nonzero(carriage_return) - pairs)


def _first_bad_utf8_line(path: Path) -> int | None:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1
    return None


def _parser_problem(exc: pd.errors.ParserError, name: str) -> Problem:
    text = str(exc)
    # pandas counts records from 1 here, which are the spreadsheet rows
    too_long = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if too_long:
        expected, row, found = (int(group) for group in too_long.groups())
        return Problem("csv_row_too_long", {"found": found, "expected": expected}, file=name, line=row)
    # ...and from 0 here
    unclosed = re.search(r"EOF inside string starting at row (\d+)", text)
    if unclosed:
        return Problem("csv_unclosed_quote", file=name, line=int(unclosed.group(1)) + 1)
    return Problem("csv_unreadable", {"detail": text}, file=name)
