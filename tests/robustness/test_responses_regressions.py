"""Responses files the fuzzers found mishandled (a crash, a hang, a misleading message) and what they now give."""

from __future__ import annotations

import random
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assessment.inputs import xlsx_io
from assessment.inputs.responses import read_responses
from assessment.problems import ResponsesError
from assessment.questionnaire import load_questionnaire
from tests.robustness.hostile import FIXTURES, Hang, hard_time_limit, outcome, refused
from tests.robustness.make_bad_corpus import many_sheets

QUESTIONNAIRE = load_questionnaire(FIXTURES / "responses" / "questionnaire.yaml").questionnaire


def messages(path: Path, lang: str = "en") -> list[str]:
    error = refused(
        lambda: read_responses(path, QUESTIONNAIRE, display_name=path.name), path.name, error=ResponsesError
    )
    return [problem.render(lang) for problem in error.problems]


def test_a_csv_header_of_a_million_columns_is_refused_before_pandas_reads_it(tmp_path):
    # was: pandas allocating for a million columns: MemoryError, std::bad_alloc (the process aborted) or minutes
    path = tmp_path / "r.csv"
    path.write_bytes(b"respondent,item,answer" + b"," * 1_000_000 + b"\n")
    assert messages(path) == ["r.csv:1: the header row has 1000003 columns, more than the limit of 16384"]
    assert messages(path, "zh") == ["r.csv:1: 表头行有 1000003 列，超过上限 16384 列"]


def test_a_csv_of_excels_width_is_still_read(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("respondent,item,answer" + "," * (16_384 - 3) + "\nbob,CHG-1-01,3\n", encoding="utf-8")
    assert list(read_responses(path, QUESTIONNAIRE).answers["answer"]) == ["3"]


def test_a_csv_of_more_cells_than_the_limit_is_refused_before_pandas_reads_it(tmp_path, monkeypatch):
    # was: 30 MB of empty lines took 38 s and 2.9 GB; 200 MB would take 20 GB
    monkeypatch.setattr(xlsx_io, "MAX_CELLS", 300)
    path = tmp_path / "r.csv"
    path.write_bytes(b"respondent,item,answer\n" + b"\n" * 100)
    assert messages(path) == [
        "r.csv: the table spans 101 rows by 3 columns, 303 cells, more than the limit of 300 "
        "(is something typed far below or to the right of the answers?)"
    ]
    assert messages(path, "zh") == [
        "r.csv: 表格跨越 101 行 × 3 列，共 303 个单元格，超过上限 300 个（答卷下方或右侧远处是否误填了内容？）"
    ]
    path.write_bytes(b"respondent,item,answer\n" + b"\n" * 99)  # 300 cells: read, and nothing in them
    assert read_responses(path, QUESTIONNAIRE).answers.empty


@pytest.mark.parametrize("end", [b"\r", b"\r\n"])
def test_lines_ending_in_a_carriage_return_count_against_the_limit(tmp_path, monkeypatch, end):
    # was: only \n was counted, so 30 MB of \r (old Mac line ends) passed the limit and took 2.9 GB
    monkeypatch.setattr(xlsx_io, "MAX_CELLS", 300)
    path = tmp_path / "r.csv"
    path.write_bytes(b"respondent,item,answer" + end * 101)
    assert messages(path)[0].startswith("r.csv: the table spans 101 rows by 3 columns, 303 cells")
    path.write_bytes(b"respondent,item,answer" + end + b"bob,CHG-1-01,7" + end)
    assert messages(path) == [
        "r.csv:2: column answer: answer '7' is not on the scale of item CHG-1-01 (allowed: 0, 1, 2, 3, 4, na, unknown)"
    ]


def test_a_stray_cell_far_from_the_answers_is_named_by_its_row(tmp_path, monkeypatch):
    # was: a 5 KB workbook with one cell at XFD1048576 padded to 17 billion cells: MemoryError, or all the memory
    monkeypatch.setattr(xlsx_io, "MAX_CELLS", 1_000)
    book = openpyxl.Workbook()
    book.active.title = "Responses"
    book.active.append(["respondent", "item", "answer"])
    book.active.append(["bob", "CHG-1-01", "3"])
    book.active["AD40"] = "stray"
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert messages(path) == [
        "r.xlsx:Responses:40: the table spans 40 rows by 30 columns, 1200 cells, more than the limit of 1000 "
        "(is something typed far below or to the right of the answers?)"
    ]


def test_a_sheet_within_the_limit_keeps_its_row_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_io, "MAX_CELLS", 1_000)
    book = openpyxl.Workbook()
    book.active.title = "Responses"
    book.active.append(["respondent", "item", "answer"])
    book.active["A30"], book.active["B30"], book.active["C30"] = "bob", "CHG-1-01", "7"
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert messages(path) == [
        "r.xlsx:Responses:30: column answer: answer '7' is not on the scale of item CHG-1-01 "
        "(allowed: 0, 1, 2, 3, 4, na, unknown)"
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_csv_without_its_bom_is_not_utf8(tmp_path, encoding):
    # was: "missing required column 'respondent'" and columns named 'r\0e\0s\0p\0...'
    path = tmp_path / "r.csv"
    path.write_bytes("respondent,item,answer\r\nbob,CHG-1-01,3\r\n".encode(encoding))
    assert messages(path) == ["r.csv:1: file is not UTF-8 text (save it as UTF-8, e.g. Excel's 'CSV UTF-8')"]


def test_a_nul_byte_in_a_csv_names_its_line(tmp_path):
    # was: the answer '3\0' reported as not on the scale, the NUL invisible in the message
    path = tmp_path / "r.csv"
    path.write_bytes(b"respondent,item,answer\r\nbob,CHG-1-01,3\r\nbob,CHG-2-01,yes\0\r\n")
    assert messages(path) == ["r.csv:3: file is not UTF-8 text (save it as UTF-8, e.g. Excel's 'CSV UTF-8')"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_sheet_of_excels_width_is_read_in_seconds_not_minutes(tmp_path, suffix):
    # was: 10 to 30 s of CPU for a 5 KB file (a task and a pandas comparison per column); data under an empty
    # header far to the right is still found and named by its column letter
    rows = [["respondent", "item", "answer"] + [""] * (16_384 - 3), ["bob", "CHG-1-01", "3"] + [""] * (16_384 - 3)]
    rows[1][-1] = " x "
    path = tmp_path / f"r{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        book.active.title = "Responses"
        book.active.append(rows[0][:3])
        book.active.append(rows[1][:3])
        book.active["XFD2"] = rows[1][-1]
        book.save(path)
    place = "r.csv:1" if suffix == ".csv" else "r.xlsx:Responses:1"
    with hard_time_limit(30):  # a hang guard, not a benchmark: about 1.5 s on an idle machine
        assert messages(path) == [f"{place}: column XFD: this column holds data but has no header"]


def test_a_workbook_cut_short_says_so(tmp_path):
    # was: "not an Excel workbook (.xlsx): the file is not a zip archive (an old .xls file, or a renamed CSV file?)"
    book = openpyxl.Workbook()
    book.active.append(["respondent", "item", "answer"])
    whole = tmp_path / "whole.xlsx"
    book.save(whole)
    path = tmp_path / "r.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert messages(path) == [
        "r.xlsx: the workbook is incomplete: its end is missing (was the download or the copy cut short?)"
    ]
    assert messages(path, "zh") == ["r.xlsx: 工作簿不完整：文件末尾缺失（是否下载或复制时被中断？）"]


def test_a_workbook_listing_thousands_of_sheets_is_refused_before_they_are_opened(tmp_path, monkeypatch):
    # was: 20,000 sheet entries (100 KB zipped) took openpyxl 20 s to open one by one; 200,000 (1 MB) minutes
    whole = tmp_path / "whole.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Responses"
    book.active.append(["respondent", "item", "answer"])
    book.save(whole)
    path = tmp_path / "r.xlsx"
    path.write_bytes(many_sheets(whole.read_bytes(), 20_000))
    with hard_time_limit(30):
        assert messages(path) == ["r.xlsx: the workbook has 20000 sheets, more than the limit of 1000"]
    monkeypatch.setattr(xlsx_io, "MAX_PACKAGE_PART_BYTES", 100_000)
    size = zipfile.ZipFile(path).getinfo("xl/workbook.xml").file_size
    assert messages(path) == [
        f"r.xlsx: the workbook's part xl/workbook.xml is {size} bytes, more than the limit of 100000 bytes "
        "(it lists sheets and settings, never answers)"
    ]
    assert messages(path, "zh")[0].startswith("r.xlsx: 工作簿的组成部分 xl/workbook.xml 为")


def test_a_workbook_with_a_huge_list_of_cell_formats_is_refused_before_openpyxl_parses_it(tmp_path):
    # was: 200,000 cell formats (40 KB zipped; so tightly packed a part is refused since) took openpyxl 15 s to
    # turn into objects; 200 MB of them, minutes
    book = openpyxl.Workbook()
    book.active.title = "Responses"
    book.active.append(["respondent", "item", "answer"])
    whole = tmp_path / "whole.xlsx"
    book.save(whole)
    path = tmp_path / "r.xlsx"
    rng = random.Random(7)  # varied numbers: the part packs like a real one, not refused for its inflate ratio
    formats = "".join(
        f'<xf numFmtId="{rng.randrange(10**6)}" fontId="{rng.randrange(10**6)}" fillId="0" borderId="0" xfId="0"/>'
        for _ in range(200_000)
    )
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/styles.xml":
                data = re.sub(rb"<cellXfs.*?</cellXfs>", f"<cellXfs>{formats}</cellXfs>".encode(), data, flags=re.S)
            target.writestr(member.filename, data)
    size = zipfile.ZipFile(path).getinfo("xl/styles.xml").file_size
    with hard_time_limit(30):
        assert messages(path) == [
            f"r.xlsx: the workbook's part xl/styles.xml is {size} bytes, more than the limit of 8388608 bytes "
            "(it lists sheets and settings, never answers)"
        ]


def test_a_tight_hang_guard_is_not_widened_by_the_guard_of_outcome():
    """The guards above wrap `messages()`, which runs the reader under `outcome()`'s own, wider guard: widened, the
    sleep would end after 30 s without a Hang."""
    with pytest.raises(Hang), hard_time_limit(1):
        outcome(lambda: time.sleep(30))
