"""A filled per-respondent workbook read back: strict like every other file, problems named by sheet, row, cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from assessment.exports.respondent_forms import FormPerson, form_items, write_respondent_forms
from assessment.inputs.responses import read_responses
from assessment.problems import InputError
from assessment.questionnaire import load_questionnaire
from tests.forms_filling import fill, through_libreoffice

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire(ROOT / "questionnaires" / "itsm-core" / "questionnaire.yaml").questionnaire
UNITS = ("北京总部", "广州分公司")
KEYS = {"不适用": "na", "不知道": "unknown", "Not applicable": "na", "Don't know": "unknown"}


def blank(tmp_path: Path, people, lang: str = "zh") -> Path:
    path = tmp_path / "forms.xlsx"
    write_respondent_forms(QUESTIONNAIRE, path, people, lang, UNITS)
    return path


def every_third_blank(number: int, item: str, choices: list[str]) -> str | None:
    """A respondent's answers: a value from the list (each in turn), every third question left blank."""
    return None if number % 3 == 2 else choices[number % len(choices)] if choices else None


def key_of(label: str) -> str:
    return KEYS.get(label, label.split(" · ")[0])


def read(path: Path, units=UNITS):
    return read_responses(path, QUESTIONNAIRE, display_name=path.name, units=units)


def messages(path: Path, lang: str = "en") -> list[str]:
    with pytest.raises(InputError) as raised:
        read(path)
    return [problem.render(lang) for problem in raised.value.problems]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_answers_picked_from_the_dropdowns_read_back_as_their_keys(tmp_path, lang):
    path = blank(tmp_path, [FormPerson("", "process_owner"), FormPerson("Tom", "key_user", "", "interview")], lang)
    sheets = openpyxl.load_workbook(path).sheetnames[1:3]
    owner = fill(path, sheets[0], "李明", every_third_blank, unit=1, comments={"INC-1-01": "见工单系统"})
    user = fill(path, sheets[1], None, every_third_blank)
    responses = read(path)
    assert responses.shape == "form"
    assert responses.respondents.values.tolist() == [
        ["李明", "process_owner", "广州分公司", "survey"],
        ["Tom", "key_user", "", "interview"],
    ]
    got = {(r.respondent, r.item): r.answer for r in responses.answers.itertuples()}
    wanted = {("李明", item): key_of(value) for item, value in owner.items()}
    wanted |= {("Tom", item): key_of(value) for item, value in user.items()}
    assert got == wanted  # blanks are no answers: never counted
    assert {"na", "unknown", "0", "4"} <= set(got.values())
    assert len(got) < len(form_items(QUESTIONNAIRE, "process_owner")) + len(form_items(QUESTIONNAIRE, "key_user"))
    [comment] = responses.answers.loc[responses.answers["comment"] != "", ["item", "comment"]].values.tolist()
    assert comment == ["INC-1-01", "见工单系统"]


def test_a_workbook_saved_by_libreoffice_reads_the_same(tmp_path):
    path = blank(tmp_path, [FormPerson("", "process_owner")])
    fill(path, "流程负责人", "王芳", every_third_blank, unit=0)
    converted = through_libreoffice(path, tmp_path / "libreoffice")
    before, after = read(path), read(converted)
    assert len(before.answers) > 50
    assert after.answers.drop(columns="row").equals(before.answers.drop(columns="row"))
    assert after.respondents.equals(before.respondents)


def test_problems_name_the_sheet_the_row_and_the_cell(tmp_path):
    path = blank(tmp_path, [FormPerson("", "process_owner"), FormPerson("", "key_user")])
    fill(path, "流程负责人", "李明", lambda n, item, choices: "9" if n == 0 else None)
    workbook = openpyxl.load_workbook(path)
    workbook["流程负责人"]["C5"] = "深圳分公司"  # not one of the assessment's units
    workbook["关键用户"]["C4"] = "老板"  # not a role
    workbook["关键用户"]["E9"] = "2 · 部分实施"
    workbook.save(path)
    assert messages(path) == [
        "forms.xlsx:流程负责人:5: column C: unit '深圳分公司' is not one of the assessment's units: "
        "北京总部, 广州分公司",
        "forms.xlsx:关键用户:3: column C: the respondent's name is empty, and the sheet has answers",
        "forms.xlsx:关键用户:4: column C: role '老板' is not one of the questionnaire's roles: process_owner, "
        "process_designer, process_executor, quality_supervisor, business_representative, key_user, sponsor, "
        "platform_lead, operations_lead",
        "forms.xlsx:流程负责人:9: column E: answer '9' is not on the scale of item INC-1-01 "
        "(allowed: 0, 1, 2, 3, 4, na, unknown)",
    ]


def test_a_sheet_without_answers_is_left_out_and_one_without_a_name_refused(tmp_path):
    path = blank(tmp_path, [FormPerson("", "process_owner"), FormPerson("", "key_user"), FormPerson("", "sponsor")])
    fill(path, "流程负责人", "李明", every_third_blank)
    fill(path, "关键用户", None, every_third_blank)  # answered, nobody's name
    assert messages(path) == [
        "forms.xlsx:关键用户:3: column C: the respondent's name is empty, and the sheet has answers"
    ]
    fill(path, "关键用户", "Tom", every_third_blank)
    responses = read(path)
    assert responses.respondents["respondent"].tolist() == ["李明", "Tom"]
    [left_out] = responses.warnings
    assert left_out.render("en") == (
        "forms.xlsx:高层领导（专项工作组牵头人）: warning: the sheet has no answers: nothing is imported from it"
    )


def test_the_same_respondent_on_two_sheets_is_refused(tmp_path):
    path = blank(tmp_path, [FormPerson("", "process_owner"), FormPerson("", "key_user")])
    fill(path, "流程负责人", "李明", every_third_blank)
    fill(path, "关键用户", "李明", every_third_blank)
    assert messages(path) == ["forms.xlsx:关键用户: column C: respondent '李明' also answers on sheet 流程负责人"]


def test_a_comment_without_an_answer_is_not_kept_and_said_so(tmp_path):
    path = blank(tmp_path, [FormPerson("李明", "process_owner")])
    fill(path, "李明", None, lambda n, item, choices: choices[0] if n == 0 else None, comments={"INC-1-04": "看情况"})
    responses = read(path)
    assert responses.answers["item"].tolist() == ["INC-1-01"]
    sheet = openpyxl.load_workbook(path)["李明"]
    (row,) = [cell.row for cell in sheet["A"] if cell.value == "INC-1-04"]  # the item's row in the form
    assert [w.render("zh") for w in responses.warnings] == [
        f"forms.xlsx:李明:{row}: 列 F: 警告：题目 INC-1-04 有备注或证据但没有回答：备注和证据不会保存"
    ]


def test_a_broken_form_says_which_row_is_missing(tmp_path):
    path = blank(tmp_path, [FormPerson("李明", "process_owner")])
    workbook = openpyxl.load_workbook(path)
    workbook["李明"]["A5"] = None  # the unit's key, gone
    workbook.save(path)
    assert messages(path) == ["forms.xlsx:李明: the sheet is not a whole respondent's form: its unit row is missing"]
