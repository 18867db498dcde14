"""The consultant's findings and recommendations: stored by scope and kind, checked, audited, read once."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import create_assessment
from assessment.workspace.consultant_texts import (
    MAX_CHARS,
    clear_consultant_text,
    consultant_texts,
    save_consultant_text,
)
from assessment.workspace.core import WorkspaceError, get_assessment
from assessment.workspace.queries import audit_of
from assessment.workspace.stored import read_assessment

CORE = load_questionnaire(Path(__file__).resolve().parents[2] / "questionnaires" / "itsm-core").questionnaire


@pytest.fixture
def assessment(workspace):
    return create_assessment(
        workspace, client="Acme", name="2026", questionnaire=CORE, processes=["change", "incident"]
    )


def refused(call) -> tuple[str, str]:
    with pytest.raises(WorkspaceError) as raised:
        call()
    problem = raised.value.problems[0]
    return problem.message("en"), problem.message("zh")


def test_a_text_is_stored_replaced_and_read_into_the_stored_assessment(workspace, assessment):
    assert save_consultant_text(
        workspace, assessment, "summary", "findings", "变更**审批**不统一。\r\n\r\n- 无 CAB\n", "王顾问"
    )
    assert save_consultant_text(workspace, assessment, "change", "recommendations", "1. Weekly CAB", "Li")
    assert save_consultant_text(
        workspace, assessment, "change", "recommendations", "1. Weekly CAB\n2. Minutes", "王顾问"
    )
    written = consultant_texts(workspace, assessment)
    assert sorted(written) == [("change", "recommendations"), ("summary", "findings")]
    assert (
        written["summary", "findings"].text == "变更**审批**不统一。\n\n- 无 CAB"
    )  # line ends as \n, no trailing blank
    assert written["change", "recommendations"].updated_by == "王顾问"
    stored = read_assessment(workspace, assessment, answers=False)
    assert stored.consultant == {
        "summary": {"findings": "变更**审批**不统一。\n\n- 无 CAB"},
        "change": {"recommendations": "1. Weekly CAB\n2. Minutes"},
    }


def test_every_change_is_audited_with_its_actor_and_moves_no_score(workspace, assessment):
    def revisions():
        with workspace.transaction() as session:
            found = get_assessment(session, assessment)
            return found.revision, found.scoring_revision

    revision, scoring = revisions()
    save_consultant_text(workspace, assessment, "incident", "findings", "First", "王顾问")
    save_consultant_text(workspace, assessment, "incident", "findings", "Second", "Li")
    assert not save_consultant_text(workspace, assessment, "incident", "findings", "Second\n", "Li")  # no change
    assert clear_consultant_text(workspace, assessment, "incident", "findings", "王顾问")
    assert not clear_consultant_text(workspace, assessment, "incident", "findings", "王顾问")  # nothing left
    log = audit_of(workspace, assessment, entity="consultant text")
    assert log[["actor", "action", "key"]].values.tolist() == [
        ["王顾问", "clear", "incident/findings"],
        ["Li", "set", "incident/findings"],
        ["王顾问", "set", "incident/findings"],
    ]
    assert log["before"].tolist() == [{"text": "Second"}, {"text": "First"}, None]
    assert log["after"].tolist()[1:] == [{"text": "Second"}, {"text": "First"}]
    assert revisions() == (revision + 3, scoring)  # the cached analysis is renewed, the scores are not
    assert consultant_texts(workspace, assessment) == {}


def test_control_characters_are_left_out_on_either_database(workspace, assessment):
    save_consultant_text(workspace, assessment, "summary", "findings", "a\x00b\x07c\td\r\ne", "王顾问")
    assert consultant_texts(workspace, assessment)["summary", "findings"].text == "abc\td\ne"


def test_an_empty_text_goes_back_to_the_generated_one(workspace, assessment):
    save_consultant_text(workspace, assessment, "summary", "recommendations", "Do this", "王顾问")
    save_consultant_text(workspace, assessment, "summary", "recommendations", "  \n \n", "王顾问")
    assert consultant_texts(workspace, assessment) == {}
    assert read_assessment(workspace, assessment, answers=False).consultant == {}


def test_a_process_outside_the_assessment_is_refused_in_both_languages(workspace, assessment):
    en, zh = refused(lambda: save_consultant_text(workspace, assessment, "problem", "findings", "x"))
    assert en == "'problem' is neither the executive summary (summary) nor a process of the assessment: " + (
        "summary, incident, change"
    )
    assert "不是本评估的流程" in zh
    en, zh = refused(lambda: save_consultant_text(workspace, assessment, "summary", "advice", "x"))
    assert "neither findings nor recommendations" in en
    assert "建议" in zh
    assert consultant_texts(workspace, assessment) == {}


def test_a_text_longer_than_the_limit_is_refused_and_the_limit_itself_is_kept(workspace, assessment):
    en, zh = refused(lambda: save_consultant_text(workspace, assessment, "summary", "findings", "字" * (MAX_CHARS + 1)))
    assert en.startswith(f"the text has {MAX_CHARS + 1} characters, more than the limit of {MAX_CHARS}")
    assert "超过上限" in zh
    save_consultant_text(workspace, assessment, "summary", "findings", "字" * MAX_CHARS)
    assert len(consultant_texts(workspace, assessment)["summary", "findings"].text) == MAX_CHARS


def test_an_unknown_assessment_is_named(workspace):
    en, _ = refused(lambda: save_consultant_text(workspace, 999, "summary", "findings", "x"))
    assert en == "assessment 999 does not exist"
