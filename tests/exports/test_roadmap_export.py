"""Roadmap exports: XLSX sheets and columns, tracker CSV, Markdown; user text never becomes a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from assessment.exports.roadmap_export import (
    roadmap_markdown,
    roadmap_tracker_csv,
    write_roadmap_csv,
    write_roadmap_xlsx,
)
from assessment.questionnaire import load_questionnaire

CORE = load_questionnaire(Path(__file__).resolve().parents[2] / "questionnaires" / "itsm-core").questionnaire


@pytest.fixture
def roadmap() -> pd.DataFrame:
    """Three actions as the roadmap builder returns them; one is a custom action with hostile text."""
    rows = [
        ("A-CHG-01", "change", "任命变更流程负责人", "Appoint the change process owner", "working_group",
         "sponsor", 2.0,
         [], ["CHG-2-05"], dt.date(2026, 7, 1), dt.date(2026, 7, 2), 80.0, True),
        ("A-CHG-03", "change", "制定变更分类标准", "Define change types", "design", "process_owner", 6.0,
         ["A-CHG-01"], ["CHG-2-01"], dt.date(2026, 7, 3), dt.date(2026, 7, 10), 80.0, False),
        ("X-1", "change", "=HYPERLINK(\"http://evil.example\",\"点我\")", "+cmd|' /C calc'!A0", "rollout",
         "process_owner", 1.5, ["A-CHG-03"], [], dt.date(2026, 7, 13), dt.date(2026, 7, 14), 80.0, False),
    ]  # fmt: skip
    frame = pd.DataFrame(
        rows,
        columns=["action", "process", "title_zh", "title_en", "phase", "owner", "effort", "depends_on", "items",
                 "start", "due", "priority", "quick_win"],
    )  # fmt: skip
    frame["order"] = [1, 2, 3]
    frame["effort_min"], frame["effort_max"] = frame["effort"], frame["effort"]
    frame["edited"] = [False, False, True]
    frame["workstream"] = ["change", "change", "programme"]  # the custom action: the programme's own workstream
    return frame


def test_xlsx_has_the_roadmap_and_the_phases_and_no_formula(roadmap, tmp_path):
    path = tmp_path / "roadmap.xlsx"
    write_roadmap_xlsx(roadmap, CORE, path, lang="zh")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["路线图", "按阶段"]
    sheet = workbook["路线图"]
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == ["序号", "行动编号", "流程", "工作流", "行动项", "交付物", "阶段", "负责人"]
    assert [sheet.cell(row, 2).value for row in (2, 3, 4)] == ["A-CHG-01", "A-CHG-03", "X-1"]
    assert [sheet.cell(row, 4).value for row in (2, 3, 4)] == ["变更管理", "变更管理", "项目群统筹"]
    assert sheet.cell(2, 7).value == "成立专项工作组与明确职责"
    assert sheet.cell(4, 5).value.startswith("=HYPERLINK")
    cells = [cell for ws in workbook for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    phases = [
        row[0].value
        for row in workbook["按阶段"].iter_rows()
        if row[0].value in ("成立专项工作组与明确职责", "流程梳理与蓝图设计", "推广与培训")
    ]
    assert phases == ["成立专项工作组与明确职责", "流程梳理与蓝图设计", "推广与培训"]


def test_tracker_csv_has_the_tracker_columns_and_defuses_formulas(roadmap, tmp_path):
    rows = list(csv.reader(io.StringIO(roadmap_tracker_csv(roadmap, CORE, lang="en"))))
    assert rows[0] == ["summary", "description", "phase", "workstream", "start", "due", "owner", "depends on"]
    assert rows[1][0] == "A-CHG-01 Appoint the change process owner"
    assert rows[1][2:7] == [
        "Working group and responsibilities",
        "Change management",
        "2026-07-01",
        "2026-07-02",
        "Executive sponsor (leads the working group)",
    ]
    assert rows[2][7] == "A-CHG-01"
    assert rows[3][3] == "Programme"
    assert rows[3][0] == "X-1 +cmd|' /C calc'!A0"  # does not start like a formula: the id comes first
    path = tmp_path / "roadmap.csv"
    write_roadmap_csv(roadmap, CORE, path, lang="zh")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    zh = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert zh[3][0] == 'X-1 =HYPERLINK("http://evil.example","点我")'


def test_markdown_groups_by_phase_and_escapes_pipes(roadmap):
    text = roadmap_markdown(roadmap, CORE, lang="en")
    assert text.splitlines()[0] == "# Roadmap"
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Working group and responsibilities",
        "## Process design and blueprint",
        "## Rollout and training",
    ]
    assert "+cmd\\|' /C calc'!A0" in text


def test_markdown_shows_html_links_and_images_from_data_as_text(roadmap):
    hostile = roadmap.copy()
    hostile.loc[2, "title_en"] = "<script>alert(1)</script> <img src=x onerror=alert(2)> ![i](http://evil.test/i.png)"
    hostile.loc[2, "owner"] = "[owner](http://evil.test/o)\n# heading"
    text = roadmap_markdown(hostile, CORE, lang="en")
    [row] = [line for line in text.splitlines() if line.startswith("| 3 |")]
    assert "\\<script\\>alert(1)\\</script\\> \\<img src=x onerror=alert(2)\\>" in row
    assert "!\\[i\\](http\\://evil.test/i.png)" in row
    assert "\\[owner\\](http\\://evil.test/o) # heading" in row  # one line: no heading
    for raw in ("<script", "<img", "](http", "http://"):
        assert raw not in row.replace("\\" + raw[0], "")


def test_xlsx_gives_each_action_s_external_cost_lead_time_and_run_effort(roadmap, tmp_path):
    roadmap.loc[1, "action"], roadmap.loc[2, "action"] = "A-INC-22", "A-CHG-09"  # one buys tools, one recurs
    path = tmp_path / "roadmap.xlsx"
    write_roadmap_xlsx(roadmap, CORE, path, lang="en")
    sheet = openpyxl.load_workbook(path)["Roadmap"]
    header = [cell.value for cell in sheet[1]]
    columns = [header.index(name) + 1 for name in
               ("External cost (10,000 CNY)", "Procurement lead time (weeks)",
                "Run effort once in place (person-days a month)")]  # fmt: skip
    rows = {sheet.cell(row, 2).value: [sheet.cell(row, column).value for column in columns] for row in (2, 3, 4)}
    library = {action.id: action for _, action in CORE.all_actions()}
    bought, recurring = library["A-INC-22"], library["A-CHG-09"]
    assert rows["A-INC-22"][:2] == [f"{bought.cost.min:g}–{bought.cost.max:g}", bought.lead_time_weeks]
    assert rows["A-CHG-09"][2] == recurring.run_effort
    assert rows["A-CHG-01"] == [None, None, None]  # internal work: nothing to buy, nothing that recurs
