"""The read-only views the pages show, on SQLite and PostgreSQL: what a service stored comes back as stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import add_respondent, create_assessment, set_target
from assessment.workspace.context_records import reconcile, record_context, record_walkthrough
from assessment.workspace.core import WorkspaceError
from assessment.workspace.queries import (
    answers_of,
    assessment_details,
    audit_of,
    context_of,
    decisions_of,
    respondents_of,
    revision_of,
    walkthrough_results_of,
)
from assessment.workspace.recording import record_answer

ROOT = Path(__file__).resolve().parents[2]
CORE = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
CHANGE = next(p for p in CORE.processes if p.id == "change")
ITEM = next(item for item in CHANGE.items if item.is_scored)


@pytest.fixture
def assessment(workspace):
    return create_assessment(
        workspace,
        client="Acme",
        name="baseline",
        questionnaire=CORE,
        processes=["incident", "change"],
        units=["北京", "上海"],
        started_on=dt.date(2026, 3, 2),
    )


def test_details_show_the_set_up_and_the_revision_moves_with_every_change(workspace, assessment):
    details = assessment_details(workspace, assessment)
    assert (details.client, details.name, details.rule) == ("Acme", "baseline", "iso33020")
    assert details.processes == ("incident", "change")
    assert details.units == ("北京", "上海")
    assert details.targets == {}
    assert details.started_on == dt.date(2026, 3, 2)
    before = revision_of(workspace, assessment)
    set_target(workspace, assessment, "change", 4)
    assert assessment_details(workspace, assessment).targets == {"change": 4}
    assert revision_of(workspace, assessment) == before + 1
    assert revision_of(workspace, assessment + 99) is None
    with pytest.raises(WorkspaceError):
        assessment_details(workspace, assessment + 99)


def test_respondents_and_their_answers_come_back_as_recorded(workspace, assessment):
    add_respondent(workspace, assessment, "张伟", role="process_owner", unit="北京", method="interview")
    add_respondent(workspace, assessment, "Li Na", role="process_executor", unit="上海", method="survey")
    record_answer(workspace, assessment, "张伟", ITEM.id, "3", comment="见周报", evidence=["CHG-1", "wiki/变更"])
    people = respondents_of(workspace, assessment)
    assert people["respondent"].tolist() == ["张伟", "Li Na"]
    assert people["answers"].tolist() == [1, 0]
    assert people["method"].tolist() == ["interview", "survey"]
    assert answers_of(workspace, assessment, "张伟") == {
        ITEM.id: {"answer": "3", "comment": "见周报", "evidence": ["CHG-1", "wiki/变更"]}
    }
    assert answers_of(workspace, assessment, "Li Na") == {}


def test_context_walkthroughs_decisions_and_audit_are_shown(workspace, assessment):
    record_context(workspace, assessment, "business_needs", "change", {"importance": 5})
    check = CHANGE.walkthroughs[0].checks[0].id
    record_walkthrough(workspace, assessment, check, "CHG-2026-0042", False, unit="北京", note="无审批记录")
    reconcile(workspace, assessment, ITEM.id, 0.5, "workshop agreed", "consultant")
    assert context_of(workspace, assessment)["business_needs"]["change"]["importance"] == 5
    results = walkthrough_results_of(workspace, assessment)
    assert results[["check", "sample", "unit", "passed"]].values.tolist() == [[check, "CHG-2026-0042", "北京", False]]
    decisions = decisions_of(workspace, assessment)
    assert decisions[["item", "achievement", "reason"]].values.tolist() == [[ITEM.id, 0.5, "workshop agreed"]]
    log = audit_of(workspace, assessment)
    assert log["entity"].tolist()[:3] == ["item", "walkthrough", "context"]  # newest first
    assert audit_of(workspace, assessment, entity="item")["actor"].tolist() == ["consultant"]
