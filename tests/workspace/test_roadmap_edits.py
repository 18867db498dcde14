"""Roadmap edits and settings are stored by action id, checked, audited, and can be cleared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import create_assessment
from assessment.workspace.core import WorkspaceError, get_assessment
from assessment.workspace.roadmap_edits import (
    clear_roadmap_edit,
    edit_roadmap,
    roadmap_edits,
    set_roadmap_settings,
)

CORE = load_questionnaire(Path(__file__).resolve().parents[2] / "questionnaires" / "itsm-core").questionnaire


@pytest.fixture
def assessment(workspace):
    return create_assessment(workspace, client="Acme", name="2026", questionnaire=CORE, processes=["change"])


def refused(call) -> str:
    with pytest.raises(WorkspaceError) as raised:
        call()
    return raised.value.problems[0].message()


def test_edits_replace_each_other_by_action_and_kind(workspace, assessment):
    edit_roadmap(workspace, assessment, "A-CHG-03", "owner", "process_designer", author="顾问")
    edit_roadmap(workspace, assessment, "A-CHG-03", "owner", "quality_supervisor", author="顾问")
    edit_roadmap(workspace, assessment, "A-CHG-05", "start", "2026-09-01")
    edit_roadmap(workspace, assessment, "A-CHG-07", "drop")
    assert roadmap_edits(workspace, assessment) == [
        {"action": "A-CHG-03", "kind": "owner", "value": "quality_supervisor"},
        {"action": "A-CHG-05", "kind": "start", "value": "2026-09-01"},
        {"action": "A-CHG-07", "kind": "drop", "value": None},
    ]
    clear_roadmap_edit(workspace, assessment, "A-CHG-07", "drop")
    assert [edit["action"] for edit in roadmap_edits(workspace, assessment)] == ["A-CHG-03", "A-CHG-05"]


def test_a_custom_action_is_checked_like_a_library_action(workspace, assessment):
    custom = {
        "title": {"zh": "启动会", "en": "Kick-off"},
        "description": {"zh": "介绍流程", "en": "Introduce the process"},
        "deliverable": {"zh": "纪要", "en": "Minutes"},
        "effort": {"min": 1, "max": 2},
        "owner": "process_owner",
        "phase": "rollout",
    }
    edit_roadmap(workspace, assessment, "X-1", "add", custom)
    stored = roadmap_edits(workspace, assessment)[0]
    assert (stored["kind"], stored["value"]["effort"], stored["value"]["phase"]) == (
        "add",
        {"min": 1.0, "max": 2.0},
        "rollout",
    )
    assert "the fields of an action" in refused(
        lambda: edit_roadmap(workspace, assessment, "X-2", "add", {"title": "x"})
    )


def test_a_custom_action_keeps_its_process_when_it_is_in_scope(workspace, assessment):
    custom = {
        "title": {"zh": "启动会", "en": "Kick-off"},
        "description": {"zh": "介绍流程", "en": "Introduce the process"},
        "deliverable": {"zh": "纪要", "en": "Minutes"},
        "effort": {"min": 1, "max": 2},
        "owner": "process_owner",
        "phase": "rollout",
    }
    edit_roadmap(workspace, assessment, "X-1", "add", {**custom, "process": "change"})
    assert roadmap_edits(workspace, assessment)[0]["value"]["process"] == "change"
    message = refused(lambda: edit_roadmap(workspace, assessment, "X-2", "add", {**custom, "process": "incident"}))
    assert message == "roadmap edit 'add' of action X-2 takes one of change, got 'incident'"


@pytest.mark.parametrize(
    ("action", "kind", "value", "message"),
    [
        (
            "A-CHG-03",
            "rename",
            None,
            "a roadmap edit is one of drop, keep, add, phase, owner, start, due, got 'rename'",
        ),
        ("A-ZZZ-99", "drop", None, "action 'A-ZZZ-99' is not in this assessment's action library"),
        ("A-CHG-03", "phase", "launch", "roadmap edit 'phase' of action A-CHG-03 takes one of quick_win, "),
        ("A-CHG-03", "owner", "cio", "roadmap edit 'owner' of action A-CHG-03 takes one of process_owner, "),
        (
            "A-CHG-03",
            "due",
            "31/12/2026",
            "roadmap edit 'due' of action A-CHG-03 takes a date YYYY-MM-DD, got '31/12/2026'",
        ),
    ],
)
def test_bad_edits_are_refused(workspace, assessment, action, kind, value, message):
    assert refused(lambda: edit_roadmap(workspace, assessment, action, kind, value)).startswith(message)
    assert roadmap_edits(workspace, assessment) == []


def test_roadmap_settings(workspace, assessment):
    set_roadmap_settings(workspace, assessment, dt.date(2026, 7, 1), 30)
    with workspace.transaction() as session:
        stored = get_assessment(session, assessment)
        assert (stored.roadmap_start, stored.roadmap_capacity) == (dt.date(2026, 7, 1), 30.0)
    assert refused(lambda: set_roadmap_settings(workspace, assessment, None, 0)) == (
        "capacity is a number of person-days per month above 0, got 0"
    )


def test_drop_then_keep_then_drop_ends_dropped(workspace, assessment):
    for kind in ("drop", "keep", "drop"):
        edit_roadmap(workspace, assessment, "A-CHG-07", kind)
    assert roadmap_edits(workspace, assessment) == [{"action": "A-CHG-07", "kind": "drop", "value": None}]
    edit_roadmap(workspace, assessment, "A-CHG-07", "keep")
    assert roadmap_edits(workspace, assessment) == [{"action": "A-CHG-07", "kind": "keep", "value": None}]
