"""Context entries, walkthrough results and reconciliations, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from assessment.analysis.scored import score_assessment
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import AuditEntry, ContextEntry, WalkthroughResult
from assessment.workspace import recording
from assessment.workspace.assessments import add_respondent, create_assessment
from assessment.workspace.context_records import reconcile, record_context, record_walkthrough
from assessment.workspace.core import WorkspaceError

ROOT = Path(__file__).resolve().parents[2]
CORE = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire


@pytest.fixture
def assessment(workspace):
    return create_assessment(
        workspace, client="Acme", name="baseline", questionnaire=CORE, processes=["incident", "change"]
    )


def messages(call) -> list[str]:
    with pytest.raises(WorkspaceError) as raised:
        call()
    return [problem.message() for problem in raised.value.problems]


def test_context_records_are_checked_against_their_section(workspace, assessment):
    pain = {
        "description": "变更后频繁出现故障",
        "severity": 4,
        "processes": ["change", "incident"],
        "category": "process",
    }
    assert record_context(workspace, assessment, "pain_points", "p1", pain) is True
    assert record_context(workspace, assessment, "pain_points", "p1", pain) is False  # the same again: no change
    assert record_context(workspace, assessment, "business_needs", "change", {"importance": 5}) is True
    with workspace.transaction() as session:
        stored = session.scalar(select(ContextEntry).where(ContextEntry.record_key == "p1"))
    assert stored.data["processes"] == ["change", "incident"]
    assert stored.data["severity"] == 4
    assert messages(lambda: record_context(workspace, assessment, "pain_points", "p2", {**pain, "severity": 9})) == [
        "context field 'severity' of section 'pain_points' takes a number (1–5), got 9"
    ]
    assert messages(
        lambda: record_context(workspace, assessment, "skills", "key_user", {"headcount": float("inf")})
    ) == ["context field 'headcount' of section 'skills' takes a number (≥ 0), got inf"]
    assert messages(
        lambda: record_context(workspace, assessment, "pain_points", "p2", {**pain, "processes": ["release"]})
    ) == ["context field 'processes' of section 'pain_points' takes a list of incident, change, got ['release']"]
    assert messages(lambda: record_context(workspace, assessment, "business_needs", "release", {"importance": 3})) == [
        "context section 'business_needs' takes one record per process; 'release' is not one "
        "(allowed: incident, change)"
    ]
    assert messages(lambda: record_context(workspace, assessment, "pain_points", "p3", {"severity": 2})) == [
        "context field 'description' of section 'pain_points' must be filled in"
    ]
    assert messages(lambda: record_context(workspace, assessment, "pain_points", "p3", {**pain, "colour": "red"})) == [
        "context section 'pain_points' has no field 'colour' (fields: "
        "description, category, severity, processes, frequency, raised_by, notes)"
    ]
    assert messages(lambda: record_context(workspace, assessment, "budget", "x", {})) == [
        "context section 'budget' is not in this assessment's questionnaire "
        "(sections: tools, skills, organization, steering_group, pain_points, business_needs)"
    ]


def test_walkthrough_results_are_saved_once_per_check_and_sample(workspace, assessment):
    check = CORE.processes[2].walkthroughs[0].checks[0].id
    assert record_walkthrough(workspace, assessment, check, "CHG-2026-0042", False, note="无审批记录") is True
    assert record_walkthrough(workspace, assessment, check, "CHG-2026-0042", True, note="补录审批") is True
    assert record_walkthrough(workspace, assessment, check, "CHG-2026-0042", True, note="补录审批") is False
    with workspace.transaction() as session:
        rows = session.scalars(select(WalkthroughResult)).all()
    assert [(r.check_id, r.sample, r.passed, r.note) for r in rows] == [(check, "CHG-2026-0042", True, "补录审批")]
    release_check = CORE.processes[4].walkthroughs[0].checks[0].id  # release is out of scope
    assert messages(lambda: record_walkthrough(workspace, assessment, release_check, "R-1", True)) == [
        f"walkthrough check '{release_check}' is not in this assessment's questionnaire or scope"
    ]


def test_a_reconciled_item_scores_its_agreed_achievement_and_is_audited(workspace, assessment):
    for name, answer in (("a", "0"), ("b", "4"), ("c", "0"), ("d", "4")):
        add_respondent(workspace, assessment, name, role="process_executor")
        recording.record_answer(workspace, assessment, name, "CHG-1-01", answer)
    item = {i["item"]: i for i in score_assessment(workspace, assessment).result.items.to_dict("records")}["CHG-1-01"]
    assert (item["achievement"], item["flagged"]) == (0.5, True)
    reconcile(workspace, assessment, "CHG-1-01", 0.25, "Walkthrough found approvals only on paper", "consultant")
    item = {i["item"]: i for i in score_assessment(workspace, assessment).result.items.to_dict("records")}["CHG-1-01"]
    assert (item["achievement"], item["flagged"], item["agreed"]) == (0.25, False, True)
    with workspace.transaction() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (last.action, last.key, last.actor, last.after["achievement"]) == (
        "reconcile",
        "CHG-1-01",
        "consultant",
        0.25,
    )
    assert messages(lambda: reconcile(workspace, assessment, "CHG-1-01", 1.5, "x", "y")) == [
        "an agreed achievement is a number from 0 to 1, got 1.5"
    ]
    assert messages(lambda: reconcile(workspace, assessment, "CHG-1-01", 0.5, " ", "y")) == [
        "a reconciliation needs a reason and an author"
    ]
    assert messages(lambda: reconcile(workspace, assessment, "CHG-1-01", None, "a reason", "y")) == [
        "choose the agreed achievement first: nothing is chosen yet"
    ]
    item = {i["item"]: i for i in score_assessment(workspace, assessment).result.items.to_dict("records")}["CHG-1-01"]
    assert item["achievement"] == 0.25  # the refused ones changed nothing


def test_targets_default_from_business_importance_unless_the_steering_group_set_one(workspace, assessment):
    from assessment.workspace.assessments import set_target

    assert score_assessment(workspace, assessment).targets == {"incident": 3, "change": 3}
    record_context(workspace, assessment, "business_needs", "change", {"importance": 5})
    record_context(workspace, assessment, "business_needs", "incident", {"importance": 1})
    assert score_assessment(workspace, assessment).targets == {"incident": 2, "change": 4}
    set_target(workspace, assessment, "change", 3)
    assert score_assessment(workspace, assessment).targets == {"incident": 2, "change": 3}


def test_context_records_and_walkthrough_results_can_be_deleted(workspace, assessment):
    from assessment.workspace.context_records import delete_context, delete_walkthrough

    record_context(workspace, assessment, "business_needs", "change", {"importance": 5})
    check = CORE.processes[2].walkthroughs[0].checks[0].id
    record_walkthrough(workspace, assessment, check, "CHG-1", True)
    assert delete_context(workspace, assessment, "business_needs", "change", actor="a") is True
    assert delete_context(workspace, assessment, "business_needs", "change", actor="a") is False
    assert delete_walkthrough(workspace, assessment, check, "CHG-1", actor="a") is True
    assert delete_walkthrough(workspace, assessment, check, "CHG-1", actor="a") is False
    with workspace.transaction() as session:
        assert session.scalars(select(ContextEntry)).all() == []
        assert session.scalars(select(WalkthroughResult)).all() == []
        deleted = session.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).all()
    assert [entry.entity for entry in deleted] == ["context", "walkthrough"]
    assert deleted[0].before["importance"] == 5  # what was deleted stays readable in the log
    assert deleted[1].before == {"passed": True, "unit": "", "note": ""}
