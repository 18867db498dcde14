"""The first page in Streamlit's AppTest: score an uploaded responses file."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assessment.questionnaire import load_questionnaire
from tests.app.conftest import ROOT, start


@pytest.fixture
def app(empty_db) -> AppTest:
    return start("quick_score")


def survey_csv(answer: str) -> bytes:
    """A long responses file for the bundled questionnaire: two respondents answer every scored item of the seven core
    processes (the optional module, unanswered, is left out of the scores)."""
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    lines = ["respondent,role,unit,method,item,answer"]
    for respondent, role in (("张伟", "process_owner"), ("Li Na", "process_executor")):
        for process, item in questionnaire.all_items():
            if item.is_scored and not process.optional:
                lines.append(f"{respondent},{role},北京,interview,{item.id},{answer}")
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def test_the_page_opens_in_chinese_with_the_bundled_questionnaire(app):
    assert not app.exception
    assert app.title[0].value == "文件快速评分"  # its name in the sidebar
    assert app.selectbox(key="quick_score_q").value.name == "itsm-core"
    rule = app.radio(key="quick_score_rule")
    assert (rule.label, rule.value) == ("评分规则", "iso33020")
    assert rule.options == ["ISO/IEC 33020（默认）", "C2M2（严格）"]  # the rules' names, as on the Setup page


def test_an_uploaded_file_is_scored(app):
    app.file_uploader(key="quick_score_upload").set_value(("answers.csv", survey_csv("4"), "text/csv")).run()
    assert not app.exception
    assert not app.error
    assert app.metric[0].value == "2"
    table = app.dataframe[0].value
    assert list(table.columns) == ["流程", "等级", "得分", "覆盖率", "目标", "差距"]
    assert table["流程"].tolist()[:2] == ["事件管理", "问题管理"]
    assert table["等级"].tolist() == [5] * 7
    assert table["差距"].tolist() == [0] * 7


def test_the_rule_chosen_by_its_name_scores_the_file(app):
    app.radio(key="quick_score_rule").set_value("c2m2").run()
    app.file_uploader(key="quick_score_upload").set_value(("answers.csv", survey_csv("3"), "text/csv")).run()
    assert not app.exception
    assert not app.error
    assert app.dataframe[0].value["等级"].tolist() == [5] * 7  # every practice more than half in place
    app.radio(key="quick_score_rule").set_value("iso33020").run()
    assert app.dataframe[0].value["等级"].tolist() == [1] * 7  # largely in place, nothing below fully


def test_a_bad_file_shows_every_problem_with_its_row(empty_db):
    app = start("quick_score", lang="en")
    app.file_uploader(key="quick_score_upload").set_value(("answers.csv", survey_csv("9"), "text/csv")).run()
    assert not app.exception
    assert app.title[0].value == "Quick score of a file"
    message = app.error[0].value
    assert message.startswith("answers.csv:2: column answer: answer '9' is not on the scale of item INC-1-01")
    assert len(app.dataframe) == 0
