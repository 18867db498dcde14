"""The access matrix of docs/access.md, checked cell by cell: the table in the docs is this test's data.

For each page and each file that names respondents, and for each one who asks — nobody signed in, an
administrator, the assessment's lead, consultant and viewer, a member of another assessment only — the app is
opened with the address naming the demo assessment (?a=) and what it does is compared with the table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import common
from assessment.accounts import memberships, users
from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import create_assessment
from tests.app.conftest import APP, TIMEOUT
from tests.signed_in import PASSWORD, TESTER, username_for

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire(ROOT / "tests" / "fixtures" / "cli" / "questionnaire.yaml").questionnaire
TITLES = {
    "assessments": "Assessments",
    "setup": "Setup",
    "interview": "Interview",
    "survey": "Survey",
    "campaigns": "Survey campaigns",
    "context": "Context and walkthroughs",
    "results": "Results",
    "consensus": "Consensus and units",
    "evidence": "Evidence",
    "roadmap": "Gaps and roadmap",
    "findings": "Findings and recommendations",
    "report": "Report",
    "compare": "Compare",
    "quick_score": "Quick score of a file",
    "settings": "Settings",
    "users": "Accounts",
}
FILES = {"raw data file": "Raw data", "bundle file": "Whole assessment"}
WHO = {
    "admin": TESTER,
    "lead": "矩阵负责人",
    "consultant": "矩阵顾问",
    "viewer": "矩阵查看者",
    "other member": "他人成员",
}


def matrix() -> dict[tuple[str, str], str]:
    """(row, column) -> outcome, read from the table between the access-matrix markers of docs/access.md."""
    text = (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
    block = text.split("<!-- access-matrix -->")[1].split("<!-- /access-matrix -->")[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.strip().splitlines()]
    header, body = rows[0], rows[2:]
    return {(row[0], column): cell for row in body for column, cell in zip(header[1:], row[1:], strict=True)}


CELLS = matrix()


def test_the_table_covers_every_page_and_every_one_who_asks():
    assert {row for row, _ in CELLS} == set(TITLES) | set(FILES)
    assert {column for _, column in CELLS} == {"anonymous", *WHO}
    assert set(CELLS.values()) <= {"sign-in", "shown", "absent", "refused", "offered", "not offered"}


@pytest.fixture
def people(demo_db):
    other = create_assessment(
        demo_db.workspace, client="其他客户", name="2026", questionnaire=QUESTIONNAIRE, units=["总部"]
    )
    for column, name in WHO.items():
        if column == "admin":
            continue
        users.add_user(demo_db.workspace, username_for(name), actor="t", display_name=name, password=PASSWORD)
        assessment, role = (other, "lead") if column == "other member" else (demo_db.demo_id, column)
        memberships.grant(demo_db.workspace, assessment, username_for(name), role, actor="t")
    return demo_db


def opened(demo_id: int, column: str, page: str) -> tuple[AppTest, list[str]]:
    """The app as `column` opens it with ?a= naming the demo: the first run's errors, then `page` (raises
    ValueError when the page is not in the user's navigation)."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.query_params["a"] = str(demo_id)
    app.query_params["lang"] = "en"
    if column != "anonymous":
        app.session_state["test_signed_in_as"] = WHO[column]
    app.run()
    errors = [error.value for error in app.error]
    if page != "assessments" and column != "anonymous":  # nobody signed in: no page to switch to
        app.switch_page(f"app_pages/{page}.py").run()
    return app, errors


@pytest.mark.parametrize(("row", "column"), sorted(CELLS))
def test_the_cell(people, monkeypatch, row, column):
    expected = CELLS[(row, column)]
    if column == "anonymous":
        monkeypatch.setattr(common, "session_cookie", lambda: None)
    page = "report" if row in FILES else row
    if expected == "absent":
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            opened(people.demo_id, column, page)
        return
    app, errors = opened(people.demo_id, column, page)
    assert not app.exception
    titles = [title.value for title in app.title]
    if expected == "sign-in":
        assert titles == ["MaturityMap"]
        assert any("/signin?lang=" in element.proto.body for element in app.get("html"))
        assert not app.dataframe
        return
    if expected == "refused":
        assert any(re.match(rf"Assessment {people.demo_id} is not open to you", error) for error in errors)
        assert app.session_state["app_assessment"] != people.demo_id
        assert "示范集团" not in " ".join(m.value for m in [*app.markdown, *app.caption, *app.sidebar.markdown])
        return
    assert app.session_state["app_assessment"] == people.demo_id
    assert titles[:1] == [TITLES[page]]
    if row in FILES:
        offered = app.multiselect(key="report_files_pick").options
        assert any(option.startswith(FILES[row]) for option in offered) == (expected == "offered"), offered
    else:
        assert expected == "shown"
