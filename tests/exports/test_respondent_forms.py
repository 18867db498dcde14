"""The per-respondent workbook as a respondent opens it: their sheet, the questions of their role, answers to pick."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assessment.exports.respondent_forms import (
    FormPerson,
    answer_choices,
    form_items,
    respondent_forms_zip,
    sheet_names,
    write_respondent_forms,
)
from assessment.inputs.forms import FORM_MARK
from assessment.problems import InputError
from assessment.questionnaire import load_questionnaire
from tests.forms_filling import dropdown, person_row

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire(ROOT / "questionnaires" / "itsm-core" / "questionnaire.yaml").questionnaire
UNITS = ("北京总部", "广州分公司")


def forms(tmp_path: Path, people, lang: str = "zh", units=UNITS) -> openpyxl.Workbook:
    path = tmp_path / "forms.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter only warns when it drops a validation
        write_respondent_forms(QUESTIONNAIRE, path, people, lang, units)
    return openpyxl.load_workbook(path)


def questions(sheet) -> list[tuple]:
    header = person_row(sheet, "item")
    return [row for row in sheet.iter_rows(min_row=header + 1, values_only=True) if row[0]]


def test_one_sheet_per_respondent_with_only_the_questions_of_their_role(tmp_path):
    people = [FormPerson("李明", "process_owner", "北京总部"), FormPerson("", "key_user")]
    workbook = forms(tmp_path, people)
    assert workbook.sheetnames == ["填写说明", "李明", "关键用户", "选项列表"]
    assert workbook["选项列表"].sheet_state == "hidden"
    guide = {row[0]: row[1] for row in workbook["填写说明"].iter_rows(values_only=True) if row[0]}
    # what must be true to choose an answer, beside it
    assert guide["1 · 初步开展"] == "在个别情况下开展，取决于具体经办人，尚不是大家都须遵守的做法。"
    assert guide["4 · 全面实施"].startswith("在应覆盖的全部情形中例行执行")
    assert "按这项做法实际开展的程度作答；能否出示证据另行记录在“证据”中。" in guide
    owner, user = workbook["李明"], workbook["关键用户"]
    owner_items = [row[0] for row in questions(owner)]
    assert owner_items == [item.id for _, item in form_items(QUESTIONNAIRE, "process_owner")]
    assert len([row[0] for row in questions(user)]) == len(form_items(QUESTIONNAIRE, "key_user")) < len(owner_items)
    every_role = {item.id for _, item in QUESTIONNAIRE.all_items() if not item.roles}
    assert {row[0] for row in questions(user)} >= every_role  # a question for nobody in particular is for all
    # the respondent's details at the top, in the workbook's language, their values filled where known
    assert [(r[1], r[2]) for r in owner.iter_rows(min_row=3, max_row=6, values_only=True)] == [
        ("答卷人", "李明"),
        ("角色", "流程负责人"),
        ("单位", "北京总部"),
        ("方式", "问卷调查"),
    ]
    assert [r[2] for r in user.iter_rows(min_row=3, max_row=5, values_only=True)] == [None, "关键用户", None]
    assert owner["A1"].value == FORM_MARK
    assert owner.column_dimensions["A"].hidden  # the keys the reader goes by are out of sight
    assert owner.protection.sheet  # the questions cannot be overwritten by mistake...
    answer = owner.cell(row=person_row(owner, "item") + 1, column=5)
    assert answer.protection.locked is False  # ...the answers can


def test_dropdowns_offer_names_in_the_workbooks_language(tmp_path):
    workbook = forms(tmp_path, [FormPerson("Amy", "process_owner")], lang="en")
    sheet = workbook["Amy"]
    first = sheet.cell(row=person_row(sheet, "item") + 1, column=5).coordinate
    assert dropdown(workbook, sheet, first) == [
        "0 · Not in place",
        "1 · Begun informally",
        "2 · Partially in place",
        "3 · Largely in place",
        "4 · Fully in place",
        "Not applicable",
        "Don't know",
    ]
    assert dropdown(workbook, sheet, f"C{person_row(sheet, 'role')}")[0] == "Process owner"
    assert dropdown(workbook, sheet, f"C{person_row(sheet, 'unit')}") == list(UNITS)
    assert dropdown(workbook, sheet, f"C{person_row(sheet, 'method')}") == [
        "Interview",
        "Survey",
        "Workshop",
        "Walkthrough",
    ]
    header = [cell.value for cell in sheet[person_row(sheet, "item")]][1:]
    assert header == ["Item", "Process", "Question", "Answer", "Comment", "Evidence", "Guidance"]
    zh = forms(tmp_path, [FormPerson("李明", "process_owner")], lang="zh")["李明"]
    scored = next(item for _, item in QUESTIONNAIRE.all_items() if item.is_scored)
    assert answer_choices(QUESTIONNAIRE, scored, "zh")[2] == "2 · 部分实施"
    assert zh.cell(row=person_row(zh, "item") + 1, column=4).value == scored.text.zh


def test_names_become_valid_unique_sheet_names():
    people = [FormPerson("a/b:c"), FormPerson("A/B:C"), FormPerson("x" * 40), FormPerson("", "sponsor"), FormPerson()]
    roles = {"sponsor": "高层领导"}
    assert sheet_names(people, "zh", roles) == ["a_b_c", "A_B_C (2)", "x" * 31, "高层领导", "答卷 5"]


def test_a_zip_holds_one_file_per_respondent(tmp_path):
    data = respondent_forms_zip(QUESTIONNAIRE, [FormPerson("李明", "process_owner"), FormPerson("Tom")], "zh", UNITS)
    path = tmp_path / "forms.zip"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["李明.xlsx", "Tom.xlsx"]
        archive.extractall(tmp_path / "out")
    assert openpyxl.load_workbook(tmp_path / "out" / "Tom.xlsx").sheetnames == ["填写说明", "Tom", "选项列表"]


def test_unknown_roles_and_no_people_are_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "forms.xlsx"
    with pytest.raises(InputError) as raised:
        write_respondent_forms(QUESTIONNAIRE, path, [FormPerson("x", "boss")], "en")
    assert raised.value.problems[0].render("en").startswith("role 'boss' is not one of the questionnaire's roles")
    with pytest.raises(InputError, match="at least one respondent"):
        write_respondent_forms(QUESTIONNAIRE, path, [], "en")
    assert not path.exists()


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    workbook = forms(tmp_path, [FormPerson("=HYPERLINK(1)", "process_owner", "=1+1")])
    sheet = workbook[workbook.sheetnames[1]]
    assert sheet["C3"].value == "=HYPERLINK(1)"
    assert sheet["C3"].data_type == "s"
