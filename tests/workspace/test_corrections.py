"""Putting right what was collected, on both engines: edit, merge and delete respondents; undo an import exactly;
archive and delete assessments. Every change all or nothing, and in the audit log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import Answer, AuditEntry, Base, Respondent
from assessment.workspace import corrections as fix
from assessment.workspace.assessments import (
    add_respondent,
    copy_assessment,
    create_assessment,
    list_assessments,
)
from assessment.workspace.core import WorkspaceError
from assessment.workspace.queries import answers_of, assessment_names, audit_of, respondents_of
from assessment.workspace.recording import import_responses, record_answer

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire(ROOT / "tests" / "fixtures" / "cli" / "questionnaire.yaml").questionnaire


@pytest.fixture
def assessment(workspace):
    return create_assessment(
        workspace, client="示例客户", name="2026 baseline", questionnaire=QUESTIONNAIRE, units=["beijing", "shanghai"]
    )


def write(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text("respondent,role,unit,method,item,answer,comment\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def rows_of(workspace) -> dict[str, list]:
    """The rows an import touches, every column but ids and revisions: to compare before and after."""
    with workspace.transaction() as session:
        people = session.execute(
            select(
                Respondent.name,
                Respondent.role,
                Respondent.unit,
                Respondent.method,
                Respondent.interviewed_on,
            ).order_by(Respondent.name)
        ).all()
        answers = session.execute(
            select(
                Respondent.name,
                Answer.item_id,
                Answer.answer,
                Answer.comment,
                Answer.evidence,
                Answer.recorded_by,
                Answer.recorded_at,
            )
            .join(Respondent, Respondent.id == Answer.respondent_id)
            .order_by(Respondent.name, Answer.item_id)
        ).all()
    return {"respondents": [tuple(p) for p in people], "answers": [tuple(a) for a in answers]}


def refused(call) -> str:
    with pytest.raises(WorkspaceError) as raised:
        call()
    return raised.value.problems[0].render()


# --- respondents -----------------------------------------------------------------------------------------------------


def test_a_respondent_is_edited_and_the_change_audited(workspace, assessment):
    add_respondent(workspace, assessment, "alice", role="practitioner", unit="beijing", method="survey")
    record_answer(workspace, assessment, "alice", "CHG-1-01", "3")
    fix.edit_respondent(
        workspace,
        assessment,
        "alice",
        new_name="Alice Wang",
        role="process_owner",
        unit="shanghai",
        method="interview",
        interviewed_on=dt.date(2026, 3, 9),
        actor="顾问甲",
    )
    person = respondents_of(workspace, assessment).set_index("respondent").loc["Alice Wang"]
    assert (person["role"], person["unit"], person["method"]) == ("process_owner", "shanghai", "interview")
    assert answers_of(workspace, assessment, "Alice Wang")["CHG-1-01"]["answer"] == "3"  # the answers follow
    entry = audit_of(workspace, assessment).iloc[0]
    assert (entry["action"], entry["entity"], entry["key"], entry["actor"]) == ("edit", "respondent", "alice", "顾问甲")
    assert entry["before"]["role"] == "practitioner"
    assert entry["after"]["interviewed_on"] == "2026-03-09"


def test_an_edit_with_an_unknown_role_unit_or_a_taken_name_changes_nothing(workspace, assessment):
    add_respondent(workspace, assessment, "alice", role="practitioner", unit="beijing")
    add_respondent(workspace, assessment, "bob")
    before = rows_of(workspace)
    assert refused(lambda: fix.edit_respondent(workspace, assessment, "alice", role="ceo", unit="shanghai")) == (
        "role 'ceo' is not one of the questionnaire's roles: process_owner, practitioner"
    )
    assert refused(lambda: fix.edit_respondent(workspace, assessment, "alice", unit="shenzhen")) == (
        "unit 'shenzhen' is not one of the assessment's units: beijing, shanghai"
    )
    assert refused(lambda: fix.edit_respondent(workspace, assessment, "alice", new_name=" bob ")) == (
        "respondent 'bob' already exists"
    )
    assert refused(lambda: fix.edit_respondent(workspace, assessment, "nobody", role="")) == (
        "respondent 'nobody' does not exist"
    )
    assert rows_of(workspace) == before


def test_a_respondent_is_deleted_with_every_answer(workspace, assessment, tmp_path):
    import_responses(workspace, assessment, ROOT / "tests" / "fixtures" / "cli" / "worked.csv")
    answers = len(answers_of(workspace, assessment, "alice"))
    assert fix.delete_respondent(workspace, assessment, "alice", actor="顾问甲") == answers > 0
    assert "alice" not in respondents_of(workspace, assessment)["respondent"].tolist()
    with workspace.transaction() as session:
        assert session.scalars(select(Answer.item_id).where(Answer.assessment_id == assessment)).all() == []
    entry = audit_of(workspace, assessment).iloc[0]
    assert (entry["action"], entry["key"], entry["before"]["answers"]) == ("delete", "alice", answers)


@pytest.mark.parametrize(("prefer", "kept_answer"), [("newer", "4"), ("kept", "1")])
def test_the_same_person_recorded_twice_is_merged_into_one(workspace, assessment, prefer, kept_answer):
    add_respondent(workspace, assessment, "Alice Wang", role="practitioner")
    add_respondent(workspace, assessment, "alice", role="practitioner")
    record_answer(workspace, assessment, "Alice Wang", "CHG-1-01", "1")
    record_answer(workspace, assessment, "Alice Wang", "CHG-1-02", "2")
    record_answer(workspace, assessment, "alice", "CHG-1-01", "4")  # newer, on the same item
    record_answer(workspace, assessment, "alice", "CHG-2-01", "3", comment="only here")
    report = fix.merge_respondents(workspace, assessment, "Alice Wang", "alice", prefer=prefer)
    assert (report.moved, report.dropped) == ((2, 0) if prefer == "newer" else (1, 1))
    merged = answers_of(workspace, assessment, "Alice Wang")
    assert {item: row["answer"] for item, row in merged.items()} == {
        "CHG-1-01": kept_answer,
        "CHG-1-02": "2",
        "CHG-2-01": "3",
    }
    assert merged["CHG-2-01"]["comment"] == "only here"
    assert respondents_of(workspace, assessment)["respondent"].tolist() == ["Alice Wang"]
    assert audit_of(workspace, assessment).iloc[0]["action"] == "merge"
    assert refused(lambda: fix.merge_respondents(workspace, assessment, "Alice Wang", "Alice Wang")) == (
        "a respondent cannot be merged into themselves ('Alice Wang')"
    )


# --- imports ---------------------------------------------------------------------------------------------------------


def test_undoing_an_import_puts_back_exactly_what_was_there(workspace, assessment, tmp_path):
    first = write(
        tmp_path,
        "first.csv",
        "alice,practitioner,beijing,interview,CHG-1-01,2,纸质记录",
        "alice,practitioner,beijing,interview,CHG-1-02,1,",
        "bob,process_owner,shanghai,survey,CHG-1-01,3,",
    )
    import_responses(workspace, assessment, first, actor="顾问甲")
    record_answer(workspace, assessment, "bob", "CHG-2-01", "4", comment="访谈补充", actor="顾问乙")
    before = rows_of(workspace)
    second = write(
        tmp_path,
        "second.csv",
        "alice,process_owner,beijing,interview,CHG-1-01,4,已上线工单系统",  # changes alice's role and an answer
        "alice,process_owner,beijing,interview,CHG-1-02,1,",  # unchanged
        "carol,practitioner,beijing,survey,CHG-1-01,0,",  # a new respondent
    )
    report = import_responses(workspace, assessment, second, actor="顾问丙")
    assert (report.respondents_added, report.respondents_changed, report.answers_changed) == (1, 1, 1)
    assert rows_of(workspace) != before
    [latest, earlier] = fix.import_batches(workspace, assessment)
    assert (latest.id, latest.file, latest.actor) == (report.batch, "second.csv", "顾问丙")
    assert latest.counts == {
        "respondents_added": 1,
        "respondents_changed": 1,
        "answers_added": 1,
        "answers_changed": 1,
        "answers_cleared": 0,
    }
    assert earlier.file == "first.csv"

    undone = fix.undo_import(workspace, assessment, latest.id, actor="顾问甲")
    assert undone == {"respondents_removed": 1, "respondents_restored": 1, "answers_removed": 1, "answers_restored": 1}
    assert rows_of(workspace) == before  # every column, recorded_by and recorded_at included
    assert fix.import_batches(workspace, assessment)[0].undone_by == "顾问甲"
    entry = audit_of(workspace, assessment).iloc[0]
    assert (entry["action"], entry["entity"], entry["key"]) == ("undo", "import", "second.csv")
    assert refused(lambda: fix.undo_import(workspace, assessment, latest.id)) == (
        f"import {latest.id} (second.csv) is undone already"
    )


def test_an_import_whose_rows_changed_since_is_not_undone(workspace, assessment, tmp_path):
    path = write(tmp_path, "survey.csv", "alice,practitioner,beijing,survey,CHG-1-01,2,", "dan,,,survey,CHG-1-02,1,")
    batch = import_responses(workspace, assessment, path).batch
    record_answer(workspace, assessment, "alice", "CHG-1-01", "3", comment="复核后调整")  # a correction since
    record_answer(workspace, assessment, "dan", "CHG-2-01", "2")  # dan, added by the import, answered more
    before = rows_of(workspace)
    with pytest.raises(WorkspaceError) as raised:
        fix.undo_import(workspace, assessment, batch)
    assert [problem.render() for problem in raised.value.problems] == [
        "alice/CHG-1-01 has changed since survey.csv was imported: undo it by hand, or put it back first",
        "dan/CHG-2-01 has changed since survey.csv was imported: undo it by hand, or put it back first",
    ]
    assert rows_of(workspace) == before


def test_an_import_of_another_assessment_is_not_found(workspace, assessment, tmp_path):
    other = create_assessment(workspace, client="别家", name="x", questionnaire=QUESTIONNAIRE)
    batch = import_responses(workspace, other, write(tmp_path, "a.csv", "eve,,,survey,CHG-1-01,2,")).batch
    assert refused(lambda: fix.undo_import(workspace, assessment, batch)) == (
        f"there is no import {batch} in this assessment"
    )


# --- assessments -----------------------------------------------------------------------------------------------------


def test_an_archived_assessment_is_kept_but_not_listed(workspace, assessment):
    fix.set_archived(workspace, assessment, True, actor="顾问甲")
    assert list_assessments(workspace) == []
    assert assessment_names(workspace) == []
    assert [summary.id for summary in list_assessments(workspace, archived=True)] == [assessment]
    fix.set_archived(workspace, assessment, False)
    assert [summary.id for summary in list_assessments(workspace)] == [assessment]
    assert list(audit_of(workspace, assessment)["action"])[:2] == ["unarchive", "archive"]


def test_an_assessment_is_deleted_only_with_its_name_typed_and_the_deletion_stays_in_the_log(
    workspace, assessment, tmp_path
):
    import_responses(workspace, assessment, ROOT / "tests" / "fixtures" / "cli" / "worked.csv")
    copy = copy_assessment(workspace, assessment, "2027 re-assessment")
    assert refused(lambda: fix.delete_assessment(workspace, assessment, "2026")) == (
        "type the assessment's name exactly to delete it: 2026 baseline"
    )
    fix.delete_assessment(workspace, assessment, " 2026 baseline ", actor="顾问甲")
    with workspace.transaction() as session:
        for table in Base.metadata.sorted_tables:
            if "assessment_id" in table.c and table.name != "audit_log":
                left = session.execute(select(table).where(table.c.assessment_id == assessment)).all()
                assert left == [], table.name
        kept = session.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.key, AuditEntry.actor).where(
                AuditEntry.assessment_id.is_(None), AuditEntry.entity == "assessment"
            )
        ).all()
    assert [tuple(row) for row in kept] == [("delete", "assessment", "示例客户 / 2026 baseline", "顾问甲")]
    assert [summary.id for summary in list_assessments(workspace)] == [copy]  # the re-assessment stays
