"""The analysis of the stored demo: a roadmap that reads as a plan, edits that survive re-scoring, exports."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from assessment.analysis.analyse import analyse_assessment
from assessment.exports.roadmap_export import write_roadmap_xlsx
from assessment.workspace import recording
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.roadmap_edits import edit_roadmap, set_roadmap_settings

START = dt.date(2026, 9, 1)
PHASES = ["quick_win", "assessment", "working_group", "design", "tooling", "pilot", "rollout", "improvement"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('analysis') / 'd.db'}")
    assessment = load_demo(workspace)
    yield workspace, assessment
    workspace.dispose()


@pytest.fixture(scope="module")
def analysis(demo):
    workspace, assessment = demo
    return analyse_assessment(workspace, assessment, start=START)


def test_no_action_starts_before_what_it_depends_on_is_done(analysis):
    plan = analysis.roadmap.actions.set_index("action")
    early = [
        (action, before)
        for action, row in plan.iterrows()
        for before in row["depends_on"]
        if before in plan.index
        and not (plan.at[before, "order"] < row["order"] and plan.at[before, "due"] < row["start"])
    ]
    assert early == []
    assert plan["start"].min() == START
    assert len(plan) == len(set(plan.index))


def test_every_gap_has_at_least_one_action(analysis):
    gaps = analysis.priorities.loc[analysis.priorities["gap"] > 0, "process"]
    planned = set(analysis.roadmap.actions["process"])
    assert sorted(set(gaps) - planned) == []
    assert len(gaps) == 6  # every process of the demo but service request falls short of its target


def test_the_plan_follows_the_implementation_path_and_the_priorities(analysis):
    plan = analysis.roadmap.actions.sort_values("order")
    first_appointment = plan[plan["phase"] == "working_group"]["order"].min()
    first_rollout = plan[plan["phase"] == "rollout"]["order"].min()
    assert first_appointment < first_rollout
    assert analysis.priorities.iloc[0]["process"] == "change"  # the largest gap, important, painful
    assert analysis.consistency.sort_values("index").iloc[0]["process"] == "change"
    assert analysis.consistency.set_index("process").at["change", "deviating"] == ["深圳研发中心"]
    assert len(analysis.flagged[analysis.flagged["flagged"]]) > 0


def test_edits_survive_rescoring(demo):
    workspace, assessment = demo
    set_roadmap_settings(workspace, assessment, START, 60.0)
    before = analyse_assessment(workspace, assessment).roadmap.actions.set_index("action")
    dropped, reassigned = before.index[3], before.index[5]
    edit_roadmap(workspace, assessment, dropped, "drop", author="顾问")
    edit_roadmap(workspace, assessment, reassigned, "owner", "quality_supervisor", author="顾问")
    recording.record_answer(workspace, assessment, "张伟", "INC-1-01", "4")  # new answers: re-scored
    after = analyse_assessment(workspace, assessment).roadmap.actions.set_index("action")
    assert dropped not in after.index
    assert after.at[reassigned, "owner"] == "quality_supervisor"
    assert bool(after.at[reassigned, "edited"]) is True
    assert analyse_assessment(workspace, assessment).capacity == 60.0


def test_the_roadmap_exports_open_with_their_sheets(analysis, tmp_path):
    path = tmp_path / "roadmap.xlsx"
    write_roadmap_xlsx(analysis.roadmap.actions, analysis.scored.questionnaire, path, lang="en")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Roadmap", "By phase"]
    assert workbook["Roadmap"].max_row == len(analysis.roadmap.actions) + 1
    phases_in_order = [p for p in PHASES if p in set(analysis.roadmap.actions["phase"])]
    assert phases_in_order[0] in ("quick_win", "assessment", "working_group")


def test_cached_findings_give_the_same_analysis_after_a_planning_change(tmp_path):
    """The app keeps the findings of a scoring revision; re-planning on them equals analysing afresh."""
    from assessment.analysis.analyse import assessment_findings
    from assessment.workspace.assessments import set_target
    from assessment.workspace.context_records import record_context
    from assessment.workspace.queries import revisions_of

    workspace = Workspace(f"sqlite:///{tmp_path / 'd.db'}")
    assessment = load_demo(workspace)
    findings = assessment_findings(workspace, assessment)
    before = revisions_of(workspace, assessment)
    set_target(workspace, assessment, "problem", 5)
    record_context(workspace, assessment, "business_needs", "release", {"importance": 5})
    after = revisions_of(workspace, assessment)
    assert after[0] == before[0] + 2
    assert after[1] == before[1]  # planning changes keep the scoring revision
    cached = analyse_assessment(workspace, assessment, start=START, findings=findings)
    fresh = analyse_assessment(workspace, assessment, start=START)
    processes = cached.scored.result.processes.set_index("process")
    assert processes.loc["problem", "target"] == 5
    assert processes.loc["problem", "gap"] == 5 - processes.loc["problem", "level"]
    for name in ("priorities", "units", "consistency"):
        assert getattr(cached, name).equals(getattr(fresh, name)), name
    assert cached.scored.result.processes.equals(fresh.scored.result.processes)
    assert cached.roadmap.actions.equals(fresh.roadmap.actions)
    recording.record_answer(workspace, assessment, "张伟", "PRB-1-01", "4")
    assert revisions_of(workspace, assessment)[1] == after[1] + 1  # an answer moves the scoring revision
    workspace.dispose()
