"""Hostile responses files: whatever the bytes, reading gives checked answers or problems a user can act on."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assessment.inputs import xlsx_io
from assessment.inputs.responses import Responses, read_responses
from assessment.inputs.responses_checks import MAX_CELL_CHARS
from assessment.problems import ResponsesError
from assessment.questionnaire import load_questionnaire
from tests.robustness.hostile import FIXTURES, fuzz, outcome, run_bounded

RESPONSES = FIXTURES / "responses"
QUESTIONNAIRE = load_questionnaire(RESPONSES / "questionnaire.yaml").questionnaire
LONG = (RESPONSES / "long.csv").read_bytes()
WIDE = (RESPONSES / "wide.csv").read_bytes()


def read(data: bytes, suffix: str) -> Responses | ResponsesError:
    """Read `data` as a responses file named r<suffix>: the answers, or the ResponsesError (checked)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"r{suffix}"
        path.write_bytes(data)
        return outcome(lambda: read_responses(path, QUESTIONNAIRE, display_name=path.name), "r", error=ResponsesError)


def codes(result) -> list[str]:
    assert isinstance(result, ResponsesError), f"accepted: {result!r}"
    return [problem.code for problem in result.problems]


def workbook(rows: list[list[str]], sheet: str = "Responses") -> bytes:
    """An .xlsx file holding `rows` as text, even text that starts like a formula."""
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    for row in book.active.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"  # typed by a respondent, not a formula
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def csv_bytes(rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> bytes:
    stream = io.StringIO()
    csv.writer(stream, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + stream.getvalue().encode("utf-8")


# openpyxl warns about what it skips in a damaged workbook (no stylesheet, bad relations): expected here
OPENPYXL_COMPLAINS = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")
GOOD_XLSX = workbook([line.split(",") for line in WIDE.decode("utf-8").splitlines()])


# --- CSV bytes ------------------------------------------------------------------------------------------------------


@fuzz(150)
@given(st.binary(max_size=2000))
def test_random_bytes_as_csv(data):
    read(data, ".csv")


@fuzz(120)
@given(st.sampled_from([LONG, WIDE]), st.data())
def test_a_csv_cut_anywhere(original, data):
    cut = data.draw(st.integers(0, len(original) - 1), label="cut")
    result = read(original[:cut], ".csv")
    if not original[:cut].lstrip(b"\xef\xbb\xbf").strip():
        assert codes(result) == ["responses_empty"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "gbk", "gb18030", "big5"])
def test_chinese_csv_in_another_encoding_is_not_utf8(encoding):
    text = LONG.decode("utf-8-sig")
    result = read(text.encode(encoding, errors="replace"), ".csv")
    assert codes(result) == ["not_utf8"]
    # the header is ASCII: UTF-16 and UTF-32 fail on it (its BOM or its NUL bytes), the others on the first answer
    assert result.problems[0].line == (1 if encoding.startswith("utf") else 2)
    assert "UTF-8" in result.problems[0].render("en")
    assert "UTF-8" in result.problems[0].render("zh")


def test_latin_1_csv_is_not_utf8():
    result = read("respondent,item,answer\r\nRené,CHG-1-01,3\r\n".encode("latin-1"), ".csv")
    assert codes(result) == ["not_utf8"]
    assert result.problems[0].line == 2


@fuzz(60)
@given(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"\r", b'"']), st.data())
def test_odd_bytes_anywhere_in_a_csv(mark, data):
    where = data.draw(st.integers(0, len(WIDE)), label="where")
    read(WIDE[:where] + mark + WIDE[where:], ".csv")


# --- tables as a respondent or a survey tool writes them ------------------------------------------------------------

HEADERS = st.sampled_from(
    ["respondent", "Respondent ", "item", "answer", "role", "unit", "method", "comment", "evidence"]
    + ["CHG-1-01", "CHG-2-01", "CHG-NOTE", "INC-1-01", "INC-TICKETS", "chg-1-01", "CHG-9-99", "", " ", "=A1", "答案"]
)
FORMULAS = ["=cmd|' /C calc'!A0", "=1+1", "+1", "-1", "@SUM(A1:A2)", '=HYPERLINK("http://x")', "\t=1", "﹦1"]
CELLS = st.one_of(
    st.sampled_from(["", " ", "0", "1", "2", "3", "4", "5", "yes", "no", "NA", "Unknown", "3.0", "1e3", "-0"]),
    st.sampled_from(["CHG-1-01", "CHG-2-01", "CHG-NOTE", "INC-TICKETS", "alice", "王伟", "interview", "Survey"]),
    st.sampled_from(["process_owner", "ceo", "北京", "true", "null", "None", "nan", "#N/A", "1/0", "2024-01-01"]),
    st.sampled_from(FORMULAS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
    st.text(alphabet=",;\"'\n\r\t =+-@", max_size=6),
    st.just("x" * (MAX_CELL_CHARS + 1)),
)
TABLES = st.integers(1, 6).flatmap(
    lambda width: st.tuples(
        st.lists(HEADERS, min_size=width, max_size=width),
        st.lists(st.lists(CELLS, min_size=0, max_size=width + 1), max_size=8),
    )
)


def _rectangular(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    return [header] + [row[: len(header)] + [""] * (len(header) - len(row)) for row in rows]


@fuzz(150)
@given(TABLES, st.sampled_from([",", ";", "\t"]), st.booleans())
def test_any_table_as_csv(table, delimiter, bom):
    header, rows = table
    result = read(csv_bytes([header, *rows], delimiter, bom), ".csv")
    if isinstance(result, Responses):
        written = {cell.strip() for row in rows for cell in row}
        # text that looks like a formula, a number or a date comes back as it was typed
        assert set(result.answers["respondent"]) <= written
        assert set(result.answers["answer"]) <= written | {"", "na", "unknown"}


@fuzz(60)
@given(TABLES)
def test_any_table_as_xlsx(table):
    header, rows = table
    assume(not any("\r" in cell or "x" * 100 in cell for row in [header, *rows] for cell in row))
    result = read(workbook([header, *rows]), ".xlsx")
    if isinstance(result, Responses):
        written = {cell.strip() for row in rows for cell in row}
        assert set(result.answers["respondent"]) <= written
        assert set(result.answers["answer"]) <= written | {"", "na", "unknown"}


# Valid tables whose free text (names, comments, notes) is anything a person can type: formulas, numbers that are
# not numbers, dates, quotes, other scripts. Such a table is always accepted, and every text comes back as typed.
TYPED = st.one_of(
    st.sampled_from(FORMULAS + ["0012", "1e3", "3.0", "2024-01-01", "1/2", "TRUE", "null", "NaN", "#N/A", "'quoted"]),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=12
    ),
).filter(lambda text: text.strip() and "\r" not in text and "\n" not in text)
ANSWERS = {
    "CHG-1-01": ["0", "1", "2", "3", "4", "na", "unknown"],
    "CHG-2-01": ["yes", "no", "na"],
    "INC-1-01": ["0", "1", "2", "3", "4", "na", "unknown"],
}
LONG_ROWS = st.lists(st.tuples(TYPED, st.sampled_from(sorted(ANSWERS)), st.data(), TYPED), min_size=1, max_size=6)


def long_table(data, rows) -> tuple[list[list[str]], dict[tuple[str, str], tuple[str, str]]]:
    """The rows as a long table, one answer per respondent and item (a later row for the same pair is dropped)."""
    table, expected = [["respondent", "item", "answer", "comment"]], {}
    for name, item, draw, comment in rows:
        if (name.strip(), item) in expected:
            continue
        answer = draw.draw(st.sampled_from(ANSWERS[item]), label="answer")
        table.append([name, item, answer, comment])
        expected[(name.strip(), item)] = (answer, comment.strip())
    return table, expected


@fuzz(80)
@given(LONG_ROWS, st.sampled_from([".csv", ".xlsx"]), st.data())
def test_a_valid_table_of_any_typed_text_comes_back_as_typed(rows, suffix, data):
    table, expected = long_table(data, rows)
    result = read(csv_bytes(table) if suffix == ".csv" else workbook(table), suffix)
    assert isinstance(result, Responses), [p.render() for p in result.problems]
    got = {(row.respondent, row.item): (row.answer, row.comment) for row in result.answers.itertuples(index=False)}
    assert got == expected


@fuzz(60)
@given(TABLES)
def test_csv_and_xlsx_of_the_same_table_read_the_same(table):
    header, rows = table
    assume(not any("\r" in cell or "\n" in cell or "x" * 100 in cell for row in [header, *rows] for cell in row))
    rows = _rectangular(header, rows)[1:]
    from_csv, from_xlsx = read(csv_bytes([header, *rows]), ".csv"), read(workbook([header, *rows]), ".xlsx")
    if isinstance(from_csv, Responses):
        assert isinstance(from_xlsx, Responses), from_xlsx
        assert from_csv.answers.equals(from_xlsx.answers)
        assert from_csv.respondents.equals(from_xlsx.respondents)
    else:
        assert isinstance(from_xlsx, ResponsesError), from_xlsx.answers
        # the same problems at the same places; the XLSX ones also name the sheet
        assert [
            p.render().replace("r.xlsx:Responses:", "r.csv:").replace("r.xlsx:", "r.csv:") for p in from_xlsx.problems
        ] == [p.render() for p in from_csv.problems]


@pytest.mark.parametrize("formula", FORMULAS)
def test_an_answer_that_looks_like_a_formula_is_quoted_as_text(formula):
    rows = [["respondent", "item", "answer"], ["bob", "CHG-1-01", formula]]
    for suffix, data in ((".csv", csv_bytes(rows)), (".xlsx", workbook(rows))):
        result = read(data, suffix)
        assert codes(result) == ["answer_not_on_scale"]
        assert f"answer '{formula.strip()}' is not on the scale of item CHG-1-01" in result.problems[0].render()


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_respondent_that_looks_like_a_formula_is_kept_as_text(formula):
    rows = [["respondent", "item", "answer", "comment"], [formula, "CHG-1-01", "3", formula]]
    for suffix, data in ((".csv", csv_bytes(rows)), (".xlsx", workbook(rows))):
        result = read(data, suffix)
        assert list(result.answers["respondent"]) == [formula.strip()]
        assert list(result.answers["comment"]) == [formula.strip()]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("where", ["header", "respondent", "answer", "comment"])
def test_a_huge_cell_is_named_by_row_and_column(suffix, where):
    huge = "长" * (MAX_CELL_CHARS * 2)  # Excel's own limit is 32,767 characters
    rows = [["respondent", "item", "answer", "comment"], ["bob", "CHG-1-01", "3", ""]]
    row, column = {"header": (0, 3), "respondent": (1, 0), "answer": (1, 2), "comment": (1, 3)}[where]
    rows[row][column] = huge
    result = read(csv_bytes(rows) if suffix == ".csv" else workbook(rows), suffix)
    assert "cell_too_long" in codes(result)
    problem = result.problems[codes(result).index("cell_too_long")]
    assert problem.line == row + 1
    assert f"cell holds {len(huge)} characters, more than the limit of {MAX_CELL_CHARS}" in problem.render()
    assert all(len(p.render()) < 300 for p in result.problems)


# --- XLSX containers ------------------------------------------------------------------------------------------------


@OPENPYXL_COMPLAINS
@fuzz(100)
@given(st.one_of(st.binary(max_size=2000), st.binary(max_size=2000).map(lambda tail: b"PK\x03\x04" + tail)))
def test_random_bytes_as_xlsx(data):
    assert codes(read(data, ".xlsx"))[0] in ("xlsx_not_zip", "xlsx_incomplete", "xlsx_unreadable")


@OPENPYXL_COMPLAINS
@fuzz(80)
@given(st.data())
def test_a_workbook_cut_anywhere(data):
    cut = data.draw(st.integers(0, len(GOOD_XLSX) - 1), label="cut")
    found = codes(read(GOOD_XLSX[:cut], ".xlsx"))
    # once the zip's first bytes are there, the user learns the file was cut short, not that it is no workbook
    assert found == ["xlsx_not_zip"] if cut < 4 else found[0] in ("xlsx_incomplete", "xlsx_unreadable")


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return stream.getvalue()


GOOD_MEMBERS = _members(GOOD_XLSX)
XML_DAMAGE = st.sampled_from(
    [
        b"",
        b"<",
        b"not xml at all",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:9/dtd"><x/>',
        b"<a>" * 50_000 + b"</a>" * 50_000,
        b"\xff\xfe<\x00x\x00/\x00>\x00",
        "<x>汉字</x>".encode("gbk"),
    ]
)


@OPENPYXL_COMPLAINS
@fuzz(100)
@given(
    st.sampled_from(sorted(GOOD_MEMBERS)), st.sampled_from(["drop", "damage", "cut", "entities"]), XML_DAMAGE, st.data()
)
def test_a_workbook_with_one_part_missing_or_damaged(name, how, damage, data):
    members = dict(GOOD_MEMBERS)
    if how == "drop":
        del members[name]
    elif how == "damage":
        members[name] = damage
    elif how == "cut":
        members[name] = members[name][: data.draw(st.integers(0, len(members[name])), label="cut")]
    else:  # an entity declared in the part's own DOCTYPE, used in its first text
        doctype = b'<!DOCTYPE x [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        content = members[name]
        start = content.find(b"?>") + 2 if content.startswith(b"<?xml") else 0
        members[name] = content[:start] + doctype + content[start:].replace(b"<t>", b"<t>&lol2;", 1)
    result = read(_zip(members), ".xlsx")
    if isinstance(result, ResponsesError):
        assert "root:" not in " ".join(p.render() for p in result.problems)  # what /etc/passwd holds
    else:  # only a part openpyxl does not need may go or break
        assert name not in ("xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml") or how == "cut"
        assert set(result.answers["answer"]) <= {"3", "yes", "流程刚上线", "na", "120", "unknown", "2", ""}


def test_an_external_entity_never_reads_a_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    members = dict(GOOD_MEMBERS)
    sheet = members["xl/worksheets/sheet1.xml"]
    doctype = f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'.encode()
    start = sheet.find(b"?>") + 2 if sheet.startswith(b"<?xml") else 0
    members["xl/worksheets/sheet1.xml"] = sheet[:start] + doctype + sheet[start:].replace(b"<t>", b"<t>&e;", 1)
    result = read(_zip(members), ".xlsx")
    assert codes(result) == ["xlsx_doctype"]
    assert "TOP-SECRET-VALUE" not in result.problems[0].render()


def test_an_old_xls_file_renamed_to_xlsx():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert codes(read(ole, ".xlsx")) == ["xlsx_not_zip"]


def test_a_csv_renamed_to_xlsx_and_a_workbook_renamed_to_csv():
    assert codes(read(LONG, ".xlsx")) == ["xlsx_not_zip"]
    result = read(GOOD_XLSX, ".csv")
    assert codes(result)[0] in ("not_utf8", "csv_unreadable", "csv_row_too_long", "missing_column")


# --- bombs: a child process with a memory limit ---------------------------------------------------------------------


def _deflate_bomb(path: Path) -> None:
    megabyte = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(xlsx_io.MAX_XLSX_EXPANDED_BYTES // len(megabyte) + 1):
            member.write(megabyte)


def _far_cell(path: Path, cell: str) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Responses"
    book.active.append(["respondent", "item", "answer"])
    book.active[cell] = "x"
    book.save(path)


def _billion_laughs(path: Path) -> None:
    members = dict(GOOD_MEMBERS)
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{laughs}]>'.encode()
    sheet = members["xl/worksheets/sheet1.xml"]
    start = sheet.find(b"?>") + 2 if sheet.startswith(b"<?xml") else 0
    members["xl/worksheets/sheet1.xml"] = sheet[:start] + doctype + sheet[start:].replace(b"<t>", b"<t>&l9;", 1)
    path.write_bytes(_zip(members))


BOMBS = {
    # name: (suffix, writer, expected codes)
    "deflate_bomb": (".xlsx", _deflate_bomb, ["xlsx_bomb"]),
    "cell_at_XFD1048576": (".xlsx", lambda path: _far_cell(path, "XFD1048576"), ["too_many_cells"]),
    "cell_at_XFD2": (".xlsx", lambda path: _far_cell(path, "XFD2"), ["empty_respondent", "empty_item", "empty_header"]),
    "billion_laughs": (".xlsx", _billion_laughs, ["xlsx_doctype"]),
    "a_million_columns": (".csv", lambda path: path.write_bytes(b"," * 1_000_000 + b"\n"), ["too_many_columns"]),
    "a_wide_data_row": (
        ".csv",
        lambda path: path.write_bytes(b"respondent,item,answer\nbob,CHG-1-01," + b"3," * 1_000_000 + b"\n"),
        ["csv_row_too_long"],
    ),
    "thirty_million_empty_lines": (
        ".csv",
        lambda path: path.write_bytes(b"respondent,item,answer\n" + b"\n" * 30_000_000),
        ["too_many_cells"],
    ),
    "a_30_mb_cell": (
        ".csv",
        lambda path: path.write_bytes(b"respondent,item,answer,comment\nbob,CHG-1-01,3," + b"x" * 30_000_000 + b"\n"),
        ["cell_too_long"],
    ),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bombs_are_refused_within_memory(tmp_path, name):
    suffix, write, expected = BOMBS[name]
    path = tmp_path / f"{name}{suffix}"
    write(path)
    report = run_bounded("responses", path, memory_mb=3_000, timeout=120)
    assert sorted(report["codes"]) == sorted(expected), report["problems"]
    assert all(line.startswith(path.name) for line in report["problems"])
    assert report["peak_mb"] - report["baseline_mb"] < 1_200, report
