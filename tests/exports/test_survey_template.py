"""The blank survey file as a respondent opens it in Excel, and as the reader takes it back once filled in."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest
import yaml

from assessment.exports import survey_template
from assessment.exports.survey_template import write_template
from assessment.inputs.responses import read_responses
from assessment.problems import InputError
from assessment.questionnaire import ACHIEVEMENT_SCALE, load_questionnaire

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "responses"
QUESTIONNAIRE = load_questionnaire(FIXTURES / "questionnaire.yaml").questionnaire
HEADER = ["respondent", "role", "unit", "method", "CHG-1-01", "CHG-2-01", "CHG-NOTE", "INC-1-01", "INC-TICKETS"]


def template(tmp_path: Path, lang: str, questionnaire=QUESTIONNAIRE, name: str = "survey.xlsx") -> Path:
    path = tmp_path / name
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter only warns when it drops a validation or a comment
        write_template(questionnaire, path, lang=lang)
    return path


def validations(sheet) -> dict[str, tuple]:
    return {str(rule.sqref): (rule.type, rule.formula1, rule.prompt) for rule in sheet.data_validations.dataValidation}


def sheet_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_csv_template_is_one_header_row_with_a_bom(tmp_path):
    path = template(tmp_path, "zh", name="survey.csv")
    assert path.read_bytes() == b"\xef\xbb\xbf" + ",".join(HEADER).encode() + b"\r\n"
    result = read_responses(path, QUESTIONNAIRE)
    assert (result.shape, len(result.answers), len(result.respondents)) == ("wide", 0, 0)


@pytest.mark.parametrize(("lang", "names"), [("zh", ["答卷", "量表", "题目"]), ("en", ["Responses", "Scale", "Items"])])
def test_sheets_are_named_in_the_chosen_language(tmp_path, lang, names):
    workbook = openpyxl.load_workbook(template(tmp_path, lang))
    assert workbook.sheetnames == names
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.freeze_panes == "B2"


def test_header_notes_explain_each_column_in_chinese(tmp_path):
    sheet = openpyxl.load_workbook(template(tmp_path, "zh")).worksheets[0]
    assert sheet["A1"].comment.text == "答卷人姓名或编号；每位答卷人一行"
    assert sheet["B1"].comment.text == "您的角色\nprocess_owner = 流程负责人\npractitioner = 流程执行人"
    assert sheet["E1"].comment.text == "CHG-1-01\n变更管理 · 第 1 级 · 流程\n变更在实施前有记录"
    assert sheet["G1"].comment.text == "CHG-NOTE\n变更管理 · 自由文本\n其他说明"
    assert sheet["I1"].comment.text == "INC-TICKETS\n事件管理 · 数字\n每月事件单数量"


def test_header_notes_in_english(tmp_path):
    sheet = openpyxl.load_workbook(template(tmp_path, "en")).worksheets[0]
    assert sheet["F1"].comment.text == "CHG-2-01\nChange management · level 2 · Tools\nChanges are recorded in a tool"


def test_dropdowns_offer_the_scale_keys_with_their_meaning(tmp_path):
    sheet = openpyxl.load_workbook(template(tmp_path, "en")).worksheets[0]
    achievement = (
        "0 = Not in place\n1 = Begun informally\n2 = Partially in place\n3 = Largely in place\n"
        "4 = Fully in place\nna = Not applicable (not scored)\nunknown = Don't know (not scored)"
    )
    assert validations(sheet) == {
        "B2:B1001": (
            "list",
            '"process_owner,practitioner"',
            "Your role\nprocess_owner = Process owner\npractitioner = Practitioner",
        ),
        "D2:D1001": (
            "list",
            '"interview,survey,workshop,walkthrough"',
            "How the answers were collected: interview, survey, workshop or walkthrough",
        ),
        "E2:E1001": ("list", '"0,1,2,3,4,na,unknown"', achievement),
        "F2:F1001": (
            "list",
            '"yes,no,na,unknown"',
            "yes = Yes\nno = No\nna = Not applicable (not scored)\nunknown = Don't know (not scored)",
        ),
        "H2:H1001": ("list", '"0,1,2,3,4,na,unknown"', achievement),
        "I2:I1001": (None, None, "Enter a number, or na (not applicable) or unknown (don't know)"),
    }


def test_scales_and_items_sheets(tmp_path):
    workbook = openpyxl.load_workbook(template(tmp_path, "zh"))
    assert sheet_rows(workbook["量表"]) == [
        ("量表", "回答", "分值", "含义", "选择条件"),
        *[("achievement", o.key, o.value, o.label.zh, o.description.zh) for o in ACHIEVEMENT_SCALE],
        ("yes_no", "yes", 1, "是", None),
        ("yes_no", "no", 0, "否", None),
        (None, "na", None, "不适用（不计分）", None),
        (None, "unknown", None, "不知道（不计分）", None),
        (None, "（空）", None, "未作答（不计分）", None),
        (None, None, None, None, None),
        (None, None, None, "按这项做法实际开展的程度作答；能否出示证据另行记录在“证据”中。", None),
    ]
    assert [row[1:4] for row in sheet_rows(workbook["量表"])[1:6]] == [
        ("0", 0, "未实施"),
        ("1", 0.25, "初步开展"),
        ("2", 0.5, "部分实施"),
        ("3", 0.75, "大部分实施"),
        ("4", 1, "全面实施"),
    ]
    assert sheet_rows(workbook["量表"])[5][4] == "在应覆盖的全部情形中例行执行，例外极少且得到处理。"
    assert sheet_rows(workbook["题目"]) == [
        ("题目", "流程", "级别", "维度", "类型", "量表", "题目内容"),
        ("CHG-1-01", "变更管理", 1, "流程", "计分", "achievement", "变更在实施前有记录"),
        ("CHG-2-01", "变更管理", 2, "工具", "计分", "yes_no", "变更记录在工具中"),
        ("CHG-NOTE", "变更管理", None, None, "自由文本", None, "其他说明"),
        ("INC-1-01", "事件管理", 1, "流程", "计分", "achievement", "事件有记录"),
        ("INC-TICKETS", "事件管理", None, None, "数字", None, "每月事件单数量"),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_filled_in_template_reads_back(tmp_path, lang):
    path = template(tmp_path, lang)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    sheet.append(["王伟", "process_owner", "北京", "interview", "3", "yes", "流程刚上线", "na", 120])
    sheet.append(["alice", "practitioner", None, "survey", 2, "no", None, "unknown", "7.5"])
    workbook.save(path)
    result = read_responses(path, QUESTIONNAIRE, display_name="survey.xlsx")
    assert result.shape == "wide"
    assert [tuple(row) for row in result.answers.itertuples(index=False)] == [
        ("王伟", "CHG-1-01", "3", "", "", 2),
        ("王伟", "CHG-2-01", "yes", "", "", 2),
        ("王伟", "CHG-NOTE", "流程刚上线", "", "", 2),
        ("王伟", "INC-1-01", "na", "", "", 2),
        ("王伟", "INC-TICKETS", "120", "", "", 2),
        ("alice", "CHG-1-01", "2", "", "", 3),
        ("alice", "CHG-2-01", "no", "", "", 3),
        ("alice", "INC-1-01", "unknown", "", "", 3),  # her blank CHG-NOTE is no answer
        ("alice", "INC-TICKETS", "7.5", "", "", 3),
    ]
    assert [tuple(row) for row in result.respondents.itertuples(index=False)] == [
        ("王伟", "process_owner", "北京", "interview"),
        ("alice", "practitioner", "", "survey"),
    ]


def fixture_data() -> dict:
    return yaml.safe_load((FIXTURES / "questionnaire.yaml").read_text(encoding="utf-8"))


def questionnaire_of(tmp_path: Path, data: dict):
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_questionnaire(path).questionnaire


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    data = fixture_data()
    hyperlink = '=HYPERLINK("http://example.com/x","click")'
    data["processes"][0]["name"] = {"zh": "+SUM(1,2)", "en": "+SUM(1,2)"}
    data["processes"][0]["items"][0]["text"] = {"zh": hyperlink, "en": hyperlink}
    data["dimensions"][0]["label"] = {"zh": "@cmd", "en": "@cmd"}
    data["scales"]["yes_no"][0]["label"] = {"zh": "-1+2", "en": "-1+2"}
    workbook = openpyxl.load_workbook(template(tmp_path, "en", questionnaire_of(tmp_path, data)))
    items, scales = workbook["Items"], workbook["Scale"]
    cells = [items["G2"], items["B2"], items["D2"], scales["D7"]]
    assert [(cell.value, cell.data_type) for cell in cells] == [
        (hyperlink, "s"),
        ("+SUM(1,2)", "s"),
        ("@cmd", "s"),
        ("-1+2", "s"),
    ]
    assert workbook.worksheets[0]["E1"].comment.text == f"CHG-1-01\n+SUM(1,2) · level 1 · @cmd\n{hyperlink}"


def test_a_list_too_long_for_excel_goes_to_a_hidden_sheet(tmp_path):
    data = fixture_data()
    data["scales"]["yes_no"] = [
        {
            "key": f"option-{number:02d}-with-a-long-key",
            "value": number / 30,
            "label": {"zh": f"选项{number}", "en": "x"},
        }
        for number in range(1, 31)
    ]
    workbook = openpyxl.load_workbook(template(tmp_path, "zh", questionnaire_of(tmp_path, data)))
    assert workbook.sheetnames == ["答卷", "量表", "题目", "选项列表"]
    lists = workbook["选项列表"]
    assert lists.sheet_state == "hidden"
    assert [row[0] for row in sheet_rows(lists)] == [
        *(f"option-{number:02d}-with-a-long-key" for number in range(1, 31)),
        "na",
        "unknown",
    ]
    rule_type, formula, prompt = validations(workbook.worksheets[0])["F2:F1001"]
    assert (rule_type, formula) == ("list", "选项列表!$A$1:$A$32")
    # Excel shows at most 255 characters of a prompt
    assert len(prompt) == 255
    assert prompt.endswith("…")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"old")

    def broken(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(survey_template._TemplateBook, "build", broken)
    with pytest.raises(RuntimeError):
        write_template(QUESTIONNAIRE, path, lang="en")
    assert [entry.name for entry in tmp_path.iterdir()] == ["survey.xlsx"]
    assert path.read_bytes() == b"old"


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        write_template(QUESTIONNAIRE, tmp_path / "survey.ods")
    assert [problem.render() for problem in caught.value.problems] == [
        f"{tmp_path / 'survey.ods'}: unknown file type '.ods': use .csv or .xlsx"
    ]
    assert list(tmp_path.iterdir()) == []
