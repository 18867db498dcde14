"""The roadmap's settings read back as stored: None until set, and after a reset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import create_assessment
from assessment.workspace.core import WorkspaceError
from assessment.workspace.queries import assessment_details
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
