"""The roadmap's settings read back as stored: None until set, and after a reset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import create_assessment
from assessment.workspace.core import WorkspaceError
from assessment.workspace.queries import assessment_details, audit_of
from assessment.workspace.roadmap_edits import set_roadmap_settings

CORE = load_questionnaire(Path(__file__).resolve().parents[2] / "questionnaires" / "itsm-core").questionnaire


def roadmap_settings(workspace, assessment: int) -> tuple:
    details = assessment_details(workspace, assessment)
    return details.roadmap_start, details.roadmap_capacity


def test_the_settings_read_back_as_stored(workspace):
    assessment = create_assessment(workspace, client="Acme", name="2026", questionnaire=CORE, processes=["change"])
    assert roadmap_settings(workspace, assessment) == (None, None)
    set_roadmap_settings(workspace, assessment, None, 60)
    assert roadmap_settings(workspace, assessment) == (None, 60.0)
    set_roadmap_settings(workspace, assessment, dt.date(2027, 3, 1), 60)
    assert roadmap_settings(workspace, assessment) == (dt.date(2027, 3, 1), 60.0)
    set_roadmap_settings(workspace, assessment, None, None)
    assert roadmap_settings(workspace, assessment) == (None, None)
    with pytest.raises(WorkspaceError):
        roadmap_settings(workspace, assessment + 1)


def test_workstream_capacities_read_back_as_stored_and_are_audited(workspace):
    assessment = create_assessment(
        workspace, client="Acme", name="2026", questionnaire=CORE, processes=["change", "incident"]
    )
    assert assessment_details(workspace, assessment).roadmap_capacities == {}
    set_roadmap_settings(workspace, assessment, None, 30, actor="王工", capacities={"change": 45, "incident": 12.5})
    details = assessment_details(workspace, assessment)
    assert (details.roadmap_capacity, details.roadmap_capacities) == (30.0, {"change": 45.0, "incident": 12.5})
    set_roadmap_settings(workspace, assessment, None, 30)  # capacities not given: kept
    assert assessment_details(workspace, assessment).roadmap_capacities == {"change": 45.0, "incident": 12.5}
    set_roadmap_settings(workspace, assessment, None, 30, capacities={})  # cleared
    assert assessment_details(workspace, assessment).roadmap_capacities == {}
    log = audit_of(workspace, assessment, entity="roadmap settings")  # newest first; the unchanged one not there
    assert [(actor, after["capacities"]) for actor, after in zip(log["actor"], log["after"], strict=True)] == [
        ("", {}),
        ("王工", {"change": 45.0, "incident": 12.5}),
    ]
    assert log["before"].iloc[-1]["capacities"] == {}


@pytest.mark.parametrize(
    ("capacities", "english", "chinese"),
    [
        ({"change": 0}, "capacity is a number of person-days per month above 0", "产能必须是大于 0 的每月人天数"),
        ({"change": float("nan")}, "above 0, got nan", "实际为 nan"),
        ({"problem": 20}, "'problem' is not a workstream of this assessment's roadmap", "不是本评估路线图的工作流"),
    ],
)
def test_a_bad_workstream_capacity_is_refused_in_both_languages(workspace, capacities, english, chinese):
    assessment = create_assessment(workspace, client="Acme", name="2026", questionnaire=CORE, processes=["change"])
    with pytest.raises(WorkspaceError) as refused:
        set_roadmap_settings(workspace, assessment, None, None, capacities=capacities)
    assert english in refused.value.problems[0].message("en")
    assert chinese in refused.value.problems[0].message("zh")
    assert assessment_details(workspace, assessment).roadmap_capacities == {}
