"""Reading responses files as a user meets them: what comes out, and the exact message for each mistake."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assessment.inputs import responses as responses_module
from assessment.inputs import xlsx_io
from assessment.inputs.responses import read_responses
from assessment.problems import ResponsesError
from assessment.questionnaire import load_questionnaire

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "responses"
QUESTIONNAIRE = load_questionnaire(FIXTURES / "questionnaire.yaml").questionnaire
ACHIEVEMENT = "allowed: 0, 1, 2, 3, 4, na, unknown"


def read(path: Path, name: str | None = None):
    return read_responses(path, QUESTIONNAIRE, display_name=name or path.name)


def problems(path: Path, lang: str = "en") -> list[str]:
    with pytest.raises(ResponsesError) as caught:
        read(path)
    return [problem.render(lang) for problem in caught.value.problems]


def csv_file(tmp_path: Path, text: str, name: str = "r.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def xlsx_file(tmp_path: Path, rows: list[list], name: str = "r.xlsx", sheet: str = "Responses", first=None) -> Path:
    """A workbook whose `sheet` holds `rows`; `first` (a title) puts another sheet before it."""
    workbook = openpyxl.Workbook()
    if first:
        workbook.active.title = first
        workbook.active.append(["not", "the", "answers"])
        target = workbook.create_sheet(sheet)
    else:
        target = workbook.active
        target.title = sheet
    for row in rows:
        target.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def records(frame) -> list[tuple]:
    return [tuple(row) for row in frame.itertuples(index=False)]


# --- what comes out -------------------------------------------------------------------------------------------------


def test_long_csv_with_bom_and_chinese_text():
    result = read(FIXTURES / "long.csv")
    assert result.shape == "long"
    assert list(result.answers.columns) == ["respondent", "item", "answer", "comment", "evidence", "row"]
    assert records(result.answers) == [
        ("王伟", "CHG-1-01", "3", "变更单在系统中", "CAB 会议纪要", 2),
        ("王伟", "CHG-2-01", "yes", "", "", 3),
        ("王伟", "CHG-NOTE", "流程刚上线", "", "", 4),
        ("王伟", "INC-1-01", "na", "", "", 5),
        ("王伟", "INC-TICKETS", "120", "", "", 6),
        ("alice", "CHG-1-01", "unknown", "", "", 7),
        # row 8, alice's blank answer to CHG-2-01, is no answer: not kept
    ]
    assert records(result.respondents) == [
        ("王伟", "process_owner", "北京", "interview"),
        ("alice", "practitioner", "上海", "survey"),
    ]
    assert result.warnings == []


def test_wide_csv_gives_one_answer_per_respondent_and_item_column():
    result = read(FIXTURES / "wide.csv")
    assert result.shape == "wide"
    assert records(result.answers) == [
        ("王伟", "CHG-1-01", "3", "", "", 2),
        ("王伟", "CHG-2-01", "yes", "", "", 2),
        ("王伟", "CHG-NOTE", "流程刚上线", "", "", 2),
        ("王伟", "INC-1-01", "na", "", "", 2),
        ("王伟", "INC-TICKETS", "120", "", "", 2),
        ("alice", "CHG-1-01", "unknown", "", "", 3),
        ("alice", "INC-1-01", "2", "", "", 3),  # her blank cells are no answers
    ]
    assert records(result.respondents) == [
        ("王伟", "process_owner", "北京", "interview"),
        ("alice", "practitioner", "上海", "survey"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_bom_or_not_reads_the_same(tmp_path, encoding):
    path = csv_file(tmp_path, "respondent,item,answer\n张三,CHG-1-01,2\n", encoding=encoding)
    assert records(read(path).answers) == [("张三", "CHG-1-01", "2", "", "", 2)]


def test_na_unknown_stay_text_and_an_empty_answer_is_none(tmp_path):
    text = (
        "respondent,item,answer,comment\n"
        "a,CHG-1-01,NA,null\n"
        "a,CHG-2-01,Unknown,NA\n"
        "a,INC-1-01,,\n"
        "a,CHG-NOTE,null,\n"
        "a,INC-TICKETS,N/A,\n"
    )
    path = csv_file(tmp_path, text.replace("N/A", "na"))
    answers = read(path).answers
    assert records(answers)[:3] == [
        ("a", "CHG-1-01", "na", "null", "", 2),
        ("a", "CHG-2-01", "unknown", "NA", "", 3),
        ("a", "CHG-NOTE", "null", "", "", 5),  # row 4's empty answer is none
    ]
    assert not answers.isna().any().any()


def test_cells_are_stripped_and_fixed_headers_match_in_any_case(tmp_path):
    path = csv_file(tmp_path, " Respondent , ITEM ,Answer,Method\n  bob , CHG-1-01 , 4 , Workshop \n")
    result = read(path)
    assert records(result.answers) == [("bob", "CHG-1-01", "4", "", "", 2)]
    assert records(result.respondents) == [("bob", "", "", "workshop")]


def test_empty_rows_and_trailing_empty_columns_are_ignored(tmp_path):
    path = csv_file(tmp_path, "respondent,item,answer,,\n\nbob,CHG-1-01,1,,\n,,,,\n\n")
    assert records(read(path).answers) == [("bob", "CHG-1-01", "1", "", "", 3)]


def test_a_header_without_rows_has_no_answers(tmp_path):
    result = read(csv_file(tmp_path, "respondent,role,unit,method,CHG-1-01\n"))
    assert (len(result.answers), len(result.respondents), result.shape) == (0, 0, "wide")


def test_semicolon_separated_csv_from_a_european_excel(tmp_path):
    path = csv_file(tmp_path, "respondent;item;answer\nbob;CHG-1-01;4\n")
    assert records(read(path).answers) == [("bob", "CHG-1-01", "4", "", "", 2)]


def test_an_unknown_role_is_an_error_once_per_respondent_never_a_silent_weight_of_1(tmp_path):
    text = "respondent,role,item,answer\na,auditor,CHG-1-01,1\na,auditor,CHG-2-01,no\nb,auditor,CHG-1-01,2\n"
    assert problems(csv_file(tmp_path, text)) == [
        "r.csv:2: column role: role 'auditor' is not one of the questionnaire's roles: process_owner, practitioner",
        "r.csv:4: column role: role 'auditor' is not one of the questionnaire's roles: process_owner, practitioner",
    ]


def test_a_role_and_a_method_are_their_id_or_their_name_in_either_language(tmp_path):
    text = (
        "respondent,role,method,item,answer\n"
        "a,流程负责人,访谈,CHG-1-01,1\n"
        "a,process_owner,Interview,CHG-2-01,no\n"  # the same respondent, the same role and method: they agree
        "b,PRACTITIONER,问卷调查,CHG-1-01,2\n"
    )
    result = read(csv_file(tmp_path, text))
    assert records(result.respondents) == [("a", "process_owner", "", "interview"), ("b", "practitioner", "", "survey")]


# --- XLSX -----------------------------------------------------------------------------------------------------------


def test_xlsx_numbers_dates_and_empty_cells_become_text(tmp_path):
    rows = [
        ["respondent", "role", "CHG-1-01", "CHG-NOTE", "INC-TICKETS", "INC-1-01"],
        ["王伟", "process_owner", 3.0, dt.datetime(2024, 5, 1), 0.25, None],
        ["alice", None, 4, dt.datetime(2024, 5, 1, 9, 30), 12, "NA"],
    ]
    result = read(xlsx_file(tmp_path, rows))
    assert result.shape == "wide"
    assert records(result.answers) == [
        ("王伟", "CHG-1-01", "3", "", "", 2),
        ("王伟", "CHG-NOTE", "2024-05-01", "", "", 2),
        ("王伟", "INC-TICKETS", "0.25", "", "", 2),
        ("alice", "CHG-1-01", "4", "", "", 3),
        ("alice", "CHG-NOTE", "2024-05-01T09:30:00", "", "", 3),
        ("alice", "INC-TICKETS", "12", "", "", 3),
        ("alice", "INC-1-01", "na", "", "", 3),
    ]


@pytest.mark.parametrize("sheet", ["Responses", "答卷"])
def test_xlsx_reads_the_responses_sheet_wherever_it_is(tmp_path, sheet):
    path = xlsx_file(tmp_path, [["respondent", "item", "answer"], ["bob", "CHG-1-01", 2]], sheet=sheet, first="Notes")
    assert records(read(path).answers) == [("bob", "CHG-1-01", "2", "", "", 2)]


def test_xlsx_reads_the_first_sheet_when_none_is_called_responses(tmp_path):
    path = xlsx_file(tmp_path, [["respondent", "item", "answer"], ["bob", "CHG-1-01", 2]], sheet="Sheet1")
    assert records(read(path).answers) == [("bob", "CHG-1-01", "2", "", "", 2)]


def test_xlsx_problems_name_the_sheet(tmp_path):
    path = xlsx_file(tmp_path, [["respondent", "CHG-1-01", "CHG-2-01"], ["bob", 5, "maybe"]], sheet="答卷")
    assert problems(path) == [
        f"r.xlsx:答卷:2: column CHG-1-01: answer '5' is not on the scale of item CHG-1-01 ({ACHIEVEMENT})",
        "r.xlsx:答卷:2: column CHG-2-01: answer 'maybe' is not on the scale of item CHG-2-01 "
        "(allowed: yes, no, na, unknown)",
    ]


def test_openpyxl_parses_xml_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_a_file_named_xlsx_that_is_not_a_zip(tmp_path):
    path = csv_file(tmp_path, "respondent,item,answer\n", name="r.xlsx")
    assert problems(path) == [
        "r.xlsx: not an Excel workbook (.xlsx): the file is not a zip archive "
        "(an old .xls file, or a renamed CSV file?)"
    ]


def test_a_zip_without_a_workbook_inside(tmp_path):
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    [message] = problems(path)
    assert message.startswith("r.xlsx: not a readable Excel workbook: ")


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    megabyte = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(xlsx_io.MAX_XLSX_EXPANDED_BYTES // len(megabyte) + 1):
            member.write(megabyte)
    assert path.stat().st_size < 2 * (1 << 20)

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(xlsx_io, "read_sheet_text", never)  # refused from the sizes the zip declares
    assert problems(path) == ["bomb.xlsx: workbook expands to 210763776 bytes, more than the limit of 209715200 bytes"]


def test_xml_entities_in_a_workbook_are_refused(tmp_path):
    path = xlsx_file(tmp_path, [["respondent", "item", "answer"], ["bob", "CHG-1-01", "2"]])
    rebuilt = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                # a small "billion laughs": entity expansion is what defusedxml forbids
                doctype = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
                data = doctype + data.replace(b"<t>bob</t>", b"<t>&lol2;</t>")
            target.writestr(member, data)
    [message] = problems(rebuilt)  # refused before any XML parser sees the part, with or without lxml installed
    assert message == (
        "entities.xlsx: part xl/worksheets/sheet1.xml declares a DOCTYPE (entities): a workbook saved by Excel, WPS "
        "or LibreOffice never does; open it in a spreadsheet and save it again"
    )


def test_an_oversized_workbook_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_io, "MAX_XLSX_BYTES", 100)
    path = xlsx_file(tmp_path, [["respondent", "item", "answer"]])
    size = path.stat().st_size
    assert problems(path) == [f"r.xlsx: file is {size} bytes, more than the limit of 100 bytes"]


# --- files that cannot be read --------------------------------------------------------------------------------------


def test_file_not_found(tmp_path):
    assert problems(tmp_path / "missing.csv") == ["missing.csv: file not found"]


def test_unknown_file_type(tmp_path):
    assert problems(csv_file(tmp_path, "x", name="r.ods")) == ["r.ods: unknown file type '.ods': use .csv or .xlsx"]


def test_not_utf8_names_the_row_of_the_first_bad_byte(tmp_path):
    path = csv_file(
        tmp_path, "respondent,item,answer,comment\nbob,CHG-1-01,1,ok\nbob,CHG-2-01,no,变更\n", encoding="gbk"
    )
    assert problems(path) == ["r.csv:3: file is not UTF-8 text (save it as UTF-8, e.g. Excel's 'CSV UTF-8')"]
    assert problems(path, "zh") == ["r.csv:3: 文件不是 UTF-8 文本（请另存为 UTF-8，例如 Excel 的“CSV UTF-8”）"]


def test_empty_file(tmp_path):
    assert problems(csv_file(tmp_path, "")) == ["r.csv: file has no header row"]


def test_a_row_longer_than_the_header(tmp_path):
    path = csv_file(tmp_path, 'respondent,item,answer\nbob,CHG-1-01,"two\nlines"\nbob,CHG-2-01,yes,extra\n')
    assert problems(path) == ["r.csv:3: row has 4 cells, more than the 3 of the header row"]


def test_a_quote_that_is_never_closed(tmp_path):
    path = csv_file(tmp_path, 'respondent,item,answer\nbob,CHG-1-01,1\nbob,"CHG-2-01,yes\n')
    assert problems(path) == ["r.csv:3: a quoted cell that starts on this row is never closed"]


def test_an_oversized_csv_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(responses_module, "MAX_CSV_BYTES", 10)
    assert problems(csv_file(tmp_path, "respondent,item,answer\n")) == [
        "r.csv: file is 23 bytes, more than the limit of 10 bytes"
    ]


# --- header problems ------------------------------------------------------------------------------------------------


def test_missing_respondent_column(tmp_path):
    assert problems(csv_file(tmp_path, "name,CHG-1-01\nbob,1\n")) == [
        "r.csv:1: missing required column 'respondent'",
        "r.csv:1: column name: column 'name' is neither a known column nor an item id of the questionnaire",
    ]


def test_long_shape_needs_both_item_and_answer(tmp_path):
    assert problems(csv_file(tmp_path, "respondent,item\nbob,CHG-1-01\n")) == [
        "r.csv:1: missing required column 'answer'"
    ]


def test_wide_column_that_is_not_an_item(tmp_path):
    path = csv_file(tmp_path, "respondent,CHG-1-01,chg-2-01\nbob,1,yes\n")
    assert problems(path) == [
        "r.csv:1: column chg-2-01: column 'chg-2-01' is neither a known column nor an item id of the questionnaire"
    ]


def test_long_column_that_does_not_belong(tmp_path):
    path = csv_file(tmp_path, "respondent,item,answer,CHG-1-01\nbob,CHG-1-01,1,\n")
    assert problems(path) == [
        "r.csv:1: column CHG-1-01: column 'CHG-1-01' is not a column of a file with one row per answer "
        "(columns: respondent, item, answer, role, unit, method, comment, evidence)"
    ]


def test_comment_column_in_the_wide_shape(tmp_path):
    path = csv_file(tmp_path, "respondent,CHG-1-01,comment\nbob,1,fine\n")
    assert problems(path) == [
        "r.csv:1: column comment: column 'comment' belongs to a file with one row per answer (columns item and "
        "answer); in a file with one row per respondent each item has its own column"
    ]


def test_duplicate_columns(tmp_path):
    path = csv_file(tmp_path, "respondent,Role,CHG-1-01,role,CHG-1-01\nbob,,1,,2\n")
    assert problems(path) == [
        "r.csv:1: column role: column 'role' appears twice",
        "r.csv:1: column CHG-1-01: column 'CHG-1-01' appears twice",
    ]


def test_data_under_an_empty_header(tmp_path):
    assert problems(csv_file(tmp_path, "respondent,item,answer,\nbob,CHG-1-01,1,oops\n")) == [
        "r.csv:1: column D: this column holds data but has no header"
    ]


# --- row problems ---------------------------------------------------------------------------------------------------


def test_several_problems_are_reported_together_in_row_and_column_order():
    assert problems(FIXTURES / "bad.csv") == [
        "bad.csv:2: column method: method 'phone' is not one of interview, survey, workshop, walkthrough",
        f"bad.csv:2: column answer: answer '7' is not on the scale of item CHG-1-01 ({ACHIEVEMENT})",
        "bad.csv:3: column item: item 'CHG-9-99' is not in the questionnaire",
        "bad.csv:4: column item: respondent 'bob' answers item CHG-1-01 twice (also on row 2)",
        "bad.csv:5: column respondent: respondent is empty",
        "bad.csv:6: column role: respondent 'bob' has role 'process_owner' here but 'practitioner' on row 2",
        "bad.csv:6: column answer: answer 'many' to item INC-TICKETS is not a number",
    ]


def test_messages_in_chinese():
    assert problems(FIXTURES / "bad.csv", "zh")[:2] == [
        "bad.csv:2: 列 method: 方式“phone”不是 interview、survey、workshop、walkthrough 之一",
        "bad.csv:2: 列 answer: 回答“7”不在题目 CHG-1-01 的量表中（允许：0、1、2、3、4、na、unknown）",
    ]


def test_an_answer_is_its_key_or_its_label_in_either_language_and_nothing_else(tmp_path):
    path = csv_file(tmp_path, "respondent,item,answer\nbob,CHG-2-01,Yes\nbob,CHG-1-01,3.0\namy,CHG-2-01,是\n")
    assert problems(path) == [
        f"r.csv:3: column answer: answer '3.0' is not on the scale of item CHG-1-01 ({ACHIEVEMENT})",
    ]
    path = csv_file(
        tmp_path, "respondent,item,answer\nbob,CHG-2-01,Yes\namy,CHG-2-01, 是 \nbob,CHG-1-01,不清楚\namy,CHG-1-01,N/A\n"
    )
    assert problems(path) == [
        f"r.csv:5: column answer: answer 'N/A' is not on the scale of item CHG-1-01 ({ACHIEVEMENT})"
    ]
    path = csv_file(tmp_path, "respondent,item,answer\nbob,CHG-2-01,Yes\namy,CHG-2-01, 是 \nbob,CHG-1-01,不清楚\n")
    assert records(read(path).answers) == [
        ("bob", "CHG-2-01", "yes", "", "", 2),
        ("amy", "CHG-2-01", "yes", "", "", 3),
        ("bob", "CHG-1-01", "unknown", "", "", 4),
    ]


def test_wide_answer_problem_names_the_item_column(tmp_path):
    path = csv_file(tmp_path, "respondent,CHG-1-01,INC-TICKETS\nbob,9,1e3\namy,2,twelve\n")
    assert problems(path) == [
        f"r.csv:2: column CHG-1-01: answer '9' is not on the scale of item CHG-1-01 ({ACHIEVEMENT})",
        "r.csv:3: column INC-TICKETS: answer 'twelve' to item INC-TICKETS is not a number",
    ]


def test_empty_item_and_empty_respondent(tmp_path):
    path = csv_file(tmp_path, "respondent,item,answer\nbob,,1\n,CHG-1-01,1\n")
    assert problems(path) == [
        "r.csv:2: column item: item is empty",
        "r.csv:3: column respondent: respondent is empty",
    ]


def test_wide_row_without_a_respondent(tmp_path):
    assert problems(csv_file(tmp_path, "respondent,CHG-1-01\n,3\n")) == [
        "r.csv:2: column respondent: respondent is empty"
    ]


def test_second_row_of_a_respondent_in_the_wide_shape(tmp_path):
    path = csv_file(tmp_path, "respondent,CHG-1-01\nbob,1\namy,2\nbob,3\n")
    assert problems(path) == ["r.csv:4: column respondent: respondent 'bob' has a second row (first on row 2)"]


def test_respondent_details_must_agree_but_may_be_left_blank(tmp_path):
    text = (
        "respondent,role,unit,method,item,answer\n"
        "bob,practitioner,北京,survey,CHG-1-01,1\n"
        "bob,,,,CHG-2-01,yes\n"
        "bob,practitioner,上海,SURVEY,INC-1-01,2\n"
        "bob,practitioner,上海,survey,CHG-NOTE,x\n"
    )
    assert problems(csv_file(tmp_path, text)) == [
        "r.csv:4: column unit: respondent 'bob' has unit '上海' here but '北京' on row 2"
    ]


def test_bad_method_once_per_respondent(tmp_path):
    text = "respondent,method,item,answer\nbob,phone,CHG-1-01,1\nbob,phone,CHG-2-01,yes\namy,Email,CHG-1-01,1\n"
    assert problems(csv_file(tmp_path, text)) == [
        "r.csv:2: column method: method 'phone' is not one of interview, survey, workshop, walkthrough",
        "r.csv:4: column method: method 'Email' is not one of interview, survey, workshop, walkthrough",
    ]


def test_overlong_cell(tmp_path, monkeypatch):
    monkeypatch.setattr("assessment.inputs.responses_checks.MAX_CELL_CHARS", 20)
    path = csv_file(tmp_path, "respondent,item,answer,comment\nbob,CHG-1-01,1," + "x" * 25 + "\n")
    assert problems(path) == ["r.csv:2: column comment: cell holds 25 characters, more than the limit of 20"]


def test_problems_are_capped_at_200_with_a_count_of_the_rest(tmp_path):
    rows = "".join(f"r{number},CHG-1-01,9\n" for number in range(250))
    found = problems(csv_file(tmp_path, "respondent,item,answer\n" + rows))
    assert len(found) == 201
    assert found[0] == f"r.csv:2: column answer: answer '9' is not on the scale of item CHG-1-01 ({ACHIEVEMENT})"
    assert found[199].startswith("r.csv:201: ")
    assert found[200] == "r.csv: 50 more problems not shown"


def test_warnings_travel_with_the_error(tmp_path):
    no_roles = QUESTIONNAIRE.model_copy(update={"roles": []})  # a questionnaire naming no roles takes any, warned
    path = csv_file(tmp_path, "respondent,role,item,answer\nbob,auditor,CHG-1-01,9\n")
    with pytest.raises(ResponsesError) as caught:
        read_responses(path, no_roles)
    assert [warning.code for warning in caught.value.warnings] == ["undeclared_role_weight"]


# --- strict and bilingual --------------------------------------------------------------------------------------------


def test_an_answer_written_as_key_and_label_in_either_language_is_its_key(tmp_path):
    text = (
        "respondent,CHG-1-01,INC-1-01,CHG-2-01\n"
        "a,2 · 部分实施,Partially in place,否\n"
        "b,3·大部分实施,  largely IN place ,No\n"
        "c,4 · Fully in place，evidenced,不适用,[清除]\n"
    )
    with pytest.raises(ResponsesError) as caught:
        read(csv_file(tmp_path, text))
    assert [problem.render().split(": answer")[0] for problem in caught.value.problems] == [
        "r.csv:4: column CHG-1-01"  # a full-width comma where the label has a comma: not the label
    ]
    result = read(csv_file(tmp_path, text.replace("4 · Fully in place，evidenced", '"4 · Fully in place, evidenced"')))
    assert [(row[0], row[1], row[2]) for row in records(result.answers)] == [
        ("a", "CHG-1-01", "2"),
        ("a", "INC-1-01", "2"),
        ("a", "CHG-2-01", "no"),
        ("b", "CHG-1-01", "3"),
        ("b", "INC-1-01", "3"),
        ("b", "CHG-2-01", "no"),
        ("c", "CHG-1-01", "4"),
        ("c", "INC-1-01", "na"),
        ("c", "CHG-2-01", "[clear]"),
    ]


def test_a_unit_outside_the_assessments_units_is_an_error_naming_the_row_and_the_allowed_units(tmp_path):
    path = csv_file(tmp_path, "respondent,unit,item,answer\na,北京,CHG-1-01,1\nb,深圳,CHG-1-01,2\nb,深圳,CHG-2-01,no\n")
    with pytest.raises(ResponsesError) as caught:
        read_responses(path, QUESTIONNAIRE, display_name="r.csv", units=["北京", "上海"])
    assert [problem.render() for problem in caught.value.problems] == [
        "r.csv:3: column unit: unit '深圳' is not one of the assessment's units: 北京, 上海"
    ]
    assert [p.render("zh") for p in caught.value.problems] == [
        "r.csv:3: 列 unit: 单位“深圳”不是本评估的单位：北京、上海"
    ]
    assert len(read_responses(path, QUESTIONNAIRE, display_name="r.csv").answers) == 3  # no units given: any unit


def test_an_unknown_method_is_an_error_and_a_known_one_any_of_its_words(tmp_path):
    path = csv_file(tmp_path, "respondent,method,item,answer\na,phone call,CHG-1-01,1\nb,研讨会,CHG-1-01,1\n")
    assert [problem.render().split(":")[:3] for problem in read_error(path).problems] == [
        ["r.csv", "2", " column method"]
    ]
    path = csv_file(tmp_path, "respondent,method,item,answer\nb,研讨会,CHG-1-01,1\nc,WALKTHROUGH,CHG-1-01,1\n")
    assert [row[3] for row in records(read(path).respondents)] == ["workshop", "walkthrough"]


def test_a_blank_cell_of_the_wide_shape_is_no_answer_and_clear_takes_one_away(tmp_path):
    path = csv_file(tmp_path, "respondent,CHG-1-01,CHG-2-01,INC-1-01\na,2,,[clear]\n")
    assert records(read(path).answers) == [("a", "CHG-1-01", "2", "", "", 2), ("a", "INC-1-01", "[clear]", "", "", 2)]


def read_error(path: Path) -> ResponsesError:
    with pytest.raises(ResponsesError) as caught:
        read(path)
    return caught.value
