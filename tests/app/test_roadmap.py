"""The gaps and roadmap page: targets, roadmap settings, edits by hand and exports, stored and shown again."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pandas as pd
import pytest

from assessment.analysis.analyse import analyse_assessment
from assessment.exports.downloads import file_stem
from assessment.exports.roadmap_export import TRACKER_COLUMNS
from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import create_assessment
from assessment.workspace.queries import assessment_details
from assessment.workspace.roadmap_edits import edit_roadmap, roadmap_edits
from tests.app.conftest import ROOT, start
from tests.app.downloads import Downloads


def table(app, column: str) -> pd.DataFrame:
    """The first table shown with a column named `column`."""
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def submit(app, label: str) -> None:
    """Click the submit button of a form by its label, and run."""
    next(button for button in app.button if button.label == label).click().run()


def roadmap_table(app) -> pd.DataFrame:
    return table(app, "纳入原因")


def gap_of(app, process: str) -> int:
    targets = table(app, "目标来源").set_index("流程")
    return int(targets.loc[process, "差距"])


@pytest.fixture
def app(demo_db):
    return start("roadmap", assessment=demo_db.demo_id, user="顾问甲")


def test_a_new_target_changes_the_gap_shown_and_is_stored(app, demo_db):
    assert app.title[0].value == "差距与路线图"
    assert gap_of(app, "问题管理") == 1  # the demo's problem management: level 2, target 3
    app.select_slider(key="roadmap_target_problem").set_value(5).run()
    assert not app.exception
    assert not app.error
    assert gap_of(app, "问题管理") == 3
    assert table(app, "目标来源").set_index("流程").loc["问题管理", "目标"] == 5
    priorities = table(app, "差距分").set_index("流程")
    assert priorities.loc["问题管理", "差距"] == 3
    # the processes by rank, each with its reason in plain words (the points of each part only in the expander)
    ranks = table(app, "原因").set_index("流程")
    assert "低于目标 3 级" in ranks.loc["问题管理", "原因"]
    assert "差距分" not in ranks.columns
    assert ranks.loc["服务请求管理", "原因"] == "已达到目标：没有需要弥补的差距。"  # at its target: no rank
    assert ranks["排名"].dropna().astype(int).tolist() == list(range(1, len(ranks)))
    assert app.select_slider(key="roadmap_target_problem").value == 5
    assert assessment_details(demo_db.workspace, demo_db.demo_id).targets["problem"] == 5


def roadmap_settings(database) -> tuple:
    details = assessment_details(database.workspace, database.demo_id)
    return details.roadmap_start, details.roadmap_capacity


def test_the_roadmap_settings_are_stored_and_move_the_dates(app, demo_db):
    stored_start = roadmap_settings(demo_db)[0]
    finished = table(app, "行动项数")["完成"].max()
    app.number_input(key="roadmap_capacity").set_value(80.0).run()
    assert not app.exception
    assert roadmap_settings(demo_db) == (stored_start, 80.0)  # the start is not fixed
    assert table(app, "行动项数")["完成"].max() < finished  # twice the people: done sooner

    first = pd.Timestamp(roadmap_table(app)["开始"].min()).date()
    later = first.replace(year=first.year + 1)
    app.date_input(key="roadmap_start").set_value(later).run()
    assert pd.Timestamp(roadmap_table(app)["开始"].min()).date() == later
    assert roadmap_settings(demo_db) == (later, 80.0)


def test_the_roadmap_exports_as_excel_and_tracker_csv(demo_db, monkeypatch):
    downloads = Downloads(monkeypatch)
    app = start("roadmap", assessment=demo_db.demo_id)
    first = analyse_assessment(demo_db.workspace, demo_db.demo_id).roadmap.actions.sort_values("order")
    first = first.head(5)
    details = assessment_details(demo_db.workspace, demo_db.demo_id)

    xlsx = downloads.file(app, "roadmap_download_xlsx")
    assert xlsx.filename == f"roadmap-{file_stem(details.client, details.name)}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["路线图"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["序号", "行动编号", "流程", "工作流", "行动项"]
    rows = list(sheet.iter_rows(min_row=2, max_row=6, values_only=True))
    assert [row[1] for row in rows] == first["action"].tolist()
    assert [row[4] for row in rows] == first["title_zh"].tolist()

    tracker = downloads.file(app, "roadmap_download_csv")
    assert tracker.filename.endswith(".csv")
    lines = list(csv.reader(io.StringIO(tracker.content.decode("utf-8-sig"))))
    assert tuple(lines[0]) == TRACKER_COLUMNS
    assert [line[0].split(" ", 1)[0] for line in lines[1:6]] == first["action"].tolist()
    assert len(lines) - 1 == len(roadmap_table(app))

    markdown = downloads.file(app, "roadmap_download_md").content.decode("utf-8")
    assert markdown.startswith("# 路线图")
    assert first["action"].iloc[0] in markdown


def test_a_workstreams_own_capacity_is_stored_and_its_actions_expand_in_the_gantt(app, demo_db):
    streams = table(app, "每月人天").set_index("工作流")
    assert len(streams) >= 6
    assert (streams["每月人天"] == 30).all()
    # the plan runs into 2027, a year chinese-calendar 1.11 does not know yet: the page says its dates are estimated
    captions = [caption.value for caption in app.caption]
    assert "2027 年：节假日按法定规则推算；调休上班日尚未公布" in captions
    # collapsed: a row per workstream (and the milestones), no action
    rows = gantt_rows(app)
    assert rows[0] == "◆ 里程碑"
    assert rows[1:] == [f"<b>{name}</b>" for name in streams.index]
    app.multiselect(key="roadmap_expand").select("change").run()
    rows = gantt_rows(app)
    change = rows.index("<b>变更管理</b>")
    assert rows[change + 1].lstrip("★ ").startswith("A-CHG-")
    assert len(rows) > len(streams) + 10

    incident_end = streams.loc["事件管理", "完成"]
    app.number_input(key="roadmap_capacity_incident").set_value(10.0).run()
    assert not app.exception
    details = assessment_details(demo_db.workspace, demo_db.demo_id)
    assert details.roadmap_capacities == {"incident": 10.0}
    streams = table(app, "每月人天").set_index("工作流")
    assert streams.loc["事件管理", "每月人天"] == 10
    assert streams.loc["事件管理", "完成"] > incident_end  # a third of the team: done later
    app.button(key="roadmap_settings_reset").click().run()
    assert assessment_details(demo_db.workspace, demo_db.demo_id).roadmap_capacities == {}


def gantt_rows(app) -> list[str]:
    """The rows of the roadmap's Gantt, top to bottom."""
    (gantt,) = [chart for chart in app.get("plotly_chart") if chart.proto.id.endswith("roadmap_gantt")]
    return list(json.loads(gantt.proto.spec)["layout"]["yaxis"]["categoryarray"])


def test_a_dropped_action_leaves_the_roadmap_in_this_and_a_fresh_session_until_cleared(app, demo_db):
    dropped = roadmap_table(app)["行动编号"].iloc[-1]  # the last action: nothing depends on it
    app.selectbox(key="roadmap_action").set_value(dropped).run()
    app.button(key="roadmap_drop").click().run()
    assert not app.exception
    assert not app.error
    assert dropped not in roadmap_table(app)["行动编号"].tolist()
    assert table(app, "调整").set_index("行动编号").loc[dropped, "调整"] == "移除"
    assert roadmap_edits(demo_db.workspace, demo_db.demo_id) == [{"action": dropped, "kind": "drop", "value": None}]

    fresh = start("roadmap", assessment=demo_db.demo_id)
    assert dropped not in roadmap_table(fresh)["行动编号"].tolist()
    fresh.selectbox(key="roadmap_clear_pick").set_value(f"{dropped}|drop")
    fresh.button(key="roadmap_clear").click().run()
    assert dropped in roadmap_table(fresh)["行动编号"].tolist()
    assert roadmap_edits(demo_db.workspace, demo_db.demo_id) == []


def test_an_action_changed_by_hand_a_problem_it_causes_and_an_action_of_ones_own(app, demo_db):
    action = roadmap_table(app)["行动编号"].iloc[-1]
    app.selectbox(key="roadmap_action").set_value(action).run()
    app.selectbox(key="roadmap_edit_owner").set_value("quality_supervisor")
    submit(app, "保存修改")
    assert not app.error
    row = roadmap_table(app).set_index("行动编号").loc[action]
    assert (row["负责人"], row["已调整"]) == ("质量监督员", True)

    app.selectbox(key="roadmap_action").set_value("A-CHG-03").run()  # it depends on A-CHG-01 (working group)
    app.selectbox(key="roadmap_edit_phase").set_value("assessment")
    submit(app, "保存修改")
    assert [warning.value for warning in app.warning] == [
        "行动项 A-CHG-03 仍在阶段“成立专项工作组与明确职责”（而非“现状评估与需求分析”）：其依赖的行动项须先完成"
    ]

    app.text_input(key="roadmap_add_title_zh").input("召开流程启动会")
    app.selectbox(key="roadmap_add_phase").set_value("rollout")
    submit(app, "加入路线图")
    assert not app.exception
    assert not app.error
    added = roadmap_table(app).set_index("行动编号").loc["X-1"]
    assert (added["行动项"], added["阶段"], added["纳入原因"]) == ("召开流程启动会", "推广与培训", "人工添加")
    kinds = [(edit["action"], edit["kind"]) for edit in roadmap_edits(demo_db.workspace, demo_db.demo_id)]
    assert kinds == [(action, "owner"), ("A-CHG-03", "phase"), ("X-1", "add")]


def test_without_answers_or_targets_the_targets_are_defaults_until_set(empty_db):
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    assessment = create_assessment(
        empty_db.workspace, client="Acme", name="2027", questionnaire=questionnaire, processes=["change", "incident"]
    )
    app = start("roadmap", lang="en", assessment=assessment)
    assert not app.exception
    targets = table(app, "Target from").set_index("Process")
    assert targets["Target"].tolist() == [3, 3]
    assert targets["Target from"].tolist() == ["default (business importance unknown)"] * 2
    assert len(table(app, "Why included")) > 0  # nothing answered: every practice up to the target is missing
    app.select_slider(key="roadmap_target_change").set_value(1).run()
    targets = table(app, "Target from").set_index("Process")
    assert targets.loc["Change management", "Target from"] == "set by the steering group"
    assert targets.loc["Change management", "Gap"] == 1


def test_an_action_of_ones_own_belongs_to_the_process_chosen_for_it(app, demo_db):
    app.selectbox(key="roadmap_add_process").set_value("problem").run()
    app.text_input(key="roadmap_add_title_zh").input("建立问题复盘例会")  # no items: only the process says where
    submit(app, "加入路线图")
    assert not app.exception
    assert not app.error
    assert roadmap_table(app).set_index("行动编号").loc["X-1", "流程"] == "问题管理"
    (stored,) = roadmap_edits(demo_db.workspace, demo_db.demo_id)
    assert (stored["action"], stored["kind"], stored["value"]["process"]) == ("X-1", "add", "problem")
    fresh = start("roadmap", assessment=demo_db.demo_id)
    assert roadmap_table(fresh).set_index("行动编号").loc["X-1", "流程"] == "问题管理"


def test_an_action_of_ones_own_stored_without_a_process_keeps_the_process_of_its_first_item(demo_db):
    earlier = {  # as the page stored it before it stored the process
        "title": {"zh": "变更日历上线", "en": "Change calendar"},
        "description": {"zh": "变更日历上线", "en": "变更日历上线"},
        "deliverable": {"zh": "变更日历", "en": "变更日历"},
        "effort": {"min": 1.0, "max": 2.0},
        "owner": "process_owner",
        "phase": "rollout",
        "items": ["CHG-2-01"],
        "depends_on": [],
    }
    edit_roadmap(demo_db.workspace, demo_db.demo_id, "X-1", "add", earlier)
    app = start("roadmap", assessment=demo_db.demo_id)
    assert not app.exception
    assert not app.warning
    assert roadmap_table(app).set_index("行动编号").loc["X-1", "流程"] == "变更管理"


def test_saving_an_action_unchanged_says_so_with_a_material_icon(app):
    submit(app, "保存修改")
    assert [(toast.value, toast.icon) for toast in app.toast] == [("没有修改", ":material/info:")]
