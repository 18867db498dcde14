"""The consultant's working file: every answer and context record, on both engines, readable by LibreOffice."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from assessment.exports.downloads import raw_file
from assessment.workspace.assessments import add_respondent
from assessment.workspace.context_records import record_context
from assessment.workspace.demo import load_demo
from assessment.workspace.queries import respondents_of
from assessment.workspace.recording import record_answer
from tests.forms_filling import through_libreoffice


def rows(workbook, sheet: str) -> list[tuple]:
    return list(workbook[sheet].iter_rows(values_only=True))


def test_every_answer_with_its_respondent_comment_evidence_and_time(workspace):
    demo = load_demo(workspace)
    add_respondent(workspace, demo, "保密者", role="key_user", unit="北京总部", method="survey", anonymous=True)
    record_answer(
        workspace, demo, "保密者", "INC-1-01", "2", comment="=1+1", evidence=["工单 INC-0001"], actor="顾问甲"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(raw_file(workspace, demo, "zh")))
    assert workbook.sheetnames == ["说明", "回答", "答卷人", "现状背景", "穿行测试"]

    answers = rows(workbook, "回答")
    assert answers[0] == (
        "答卷人", "角色", "单位", "方式", "访谈日期", "流程", "题目编号", "问题", "回答", "回答含义", "备注", "证据",
        "记录人", "记录时间（UTC）",
    )  # fmt: skip
    people = respondents_of(workspace, demo)
    assert len(answers) - 1 == int(people["answers"].sum())  # every answer, once
    number = len(people)  # the anonymous respondent was added last
    last = answers[-1]
    assert last[:4] == (f"匿名答卷人 {number}", "关键用户", "北京总部", "问卷调查")  # named as the pages name them
    assert last[5:12] == ("事件管理", "INC-1-01", last[7], "2", "部分实施", "=1+1", "工单 INC-0001")
    assert last[7].startswith("所有事件")
    assert last[12] == "顾问甲"
    assert abs(last[13] - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=5)  # UTC, not local
    assert workbook["回答"]["K" + str(len(answers))].data_type == "s"  # a comment like a formula stays text
    assert {row[9] for row in answers[1:]} >= {"未实施", "全面实施", "不适用"}

    respondents = rows(workbook, "答卷人")
    assert respondents[-1] == (f"匿名答卷人 {number}", "关键用户", "key_user", "北京总部", "问卷调查", None, "是", 1)
    assert "保密者" not in str(answers) + str(respondents)


def test_context_records_one_row_per_field_with_names(workspace):
    demo = load_demo(workspace)
    record_context(workspace, demo, "tools", "wiki", {"category": "knowledge_base", "product": "Confluence"})
    workbook = openpyxl.load_workbook(io.BytesIO(raw_file(workspace, demo, "en")))
    context = rows(workbook, "Context")
    assert context[0] == ("Section", "Record", "Field", "Value", "Recorded by", "Recorded at (UTC)")
    wiki = [row[2:4] for row in context if row[1] == "wiki"]
    assert ("Product name", "Confluence") in wiki
    assert all(value is not None for _, value in wiki)  # fields left empty are not listed
    assert ("Category", "Knowledge base") in wiki  # a choice by its name
    walkthroughs = rows(workbook, "Walkthroughs")
    assert walkthroughs[0][:5] == ("Check", "What is checked", "Sampled record", "Unit", "Result")
    assert {row[4] for row in walkthroughs[1:]} <= {"Pass", "Fail"}
    assert len(walkthroughs) > 1


def test_libreoffice_opens_the_working_file(workspace, tmp_path):
    demo = load_demo(workspace)
    path = tmp_path / "raw.xlsx"
    path.write_bytes(raw_file(workspace, demo, "zh"))
    converted = through_libreoffice(path, tmp_path / "libreoffice")
    workbook = openpyxl.load_workbook(converted)
    assert workbook.sheetnames == ["说明", "回答", "答卷人", "现状背景", "穿行测试"]
    assert len(rows(workbook, "回答")) == len(rows(openpyxl.load_workbook(path), "回答"))
