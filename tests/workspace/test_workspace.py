"""Stored assessments on SQLite and PostgreSQL: setup, answers, imports, scoring, the audit log."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assessment.analysis import results
from assessment.analysis.scored import score_assessment, score_files
from assessment.problems import InputError, ResponsesError
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import Answer, AuditEntry, Respondent
from assessment.workspace import recording
from assessment.workspace.assessments import add_respondent, copy_assessment, create_assessment, set_target
from assessment.workspace.core import WorkspaceError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "cli"
QUESTIONNAIRE = load_questionnaire(FIXTURES / "questionnaire.yaml").questionnaire


@pytest.fixture
def assessment(workspace):
    return create_assessment(
        workspace, client="示例客户", name="2026 baseline", questionnaire=QUESTIONNAIRE, units=["beijing"]
    )


def content(workspace) -> tuple:
    """Every respondent, answer and audit entry, as plain values."""
    with workspace.transaction() as session:
        people = session.execute(
            select(Respondent.name, Respondent.role, Respondent.unit).order_by(Respondent.id)
        ).all()
        answers = session.execute(
            select(Answer.respondent_id, Answer.item_id, Answer.answer, Answer.comment).order_by(Answer.id)
        ).all()
        audit = session.execute(select(AuditEntry.action, AuditEntry.key).order_by(AuditEntry.id)).all()
    return people, answers, audit


def count(workspace, table) -> int:
    with workspace.transaction() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_scoring_a_stored_assessment_gives_the_same_result_as_scoring_the_files(workspace, assessment):
    report = recording.import_responses(workspace, assessment, FIXTURES / "worked.csv", actor="tester")
    assert (report.respondents_added, report.answers_added) == (1, 11)
    set_target(workspace, assessment, "change", 4)
    stored = results.to_json_dict(score_assessment(workspace, assessment))
    files = results.to_json_dict(
        score_files(FIXTURES / "questionnaire.yaml", FIXTURES / "worked.csv", targets_path=FIXTURES / "targets.yaml")
    )
    files["processes"][1]["target"], files["processes"][1]["gap"] = 3, 2  # targets.yaml sets incident to 2
    assert json.dumps(stored, sort_keys=True) == json.dumps(files, sort_keys=True)
    assert stored["processes"][0]["level"] == 2
    assert stored["processes"][0]["gap"] == 2


def test_an_import_with_a_role_the_questionnaire_does_not_name_is_refused(workspace, assessment, tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("respondent,role,item,answer\ncarol,cio,CHG-1-01,3\n", encoding="utf-8")
    before = content(workspace)
    with pytest.raises(ResponsesError) as raised:
        recording.import_responses(workspace, assessment, answers, display_name="answers.csv")
    assert [p.render() for p in raised.value.problems] == [
        "answers.csv:2: column role: role 'cio' is not one of the questionnaire's roles: process_owner, practitioner"
    ]
    assert content(workspace) == before  # never a respondent weighing 1 without a word


def test_reimporting_the_same_file_changes_nothing(workspace, assessment):
    recording.import_responses(workspace, assessment, FIXTURES / "worked.csv")
    audit_entries = count(workspace, AuditEntry)
    again = recording.import_responses(workspace, assessment, FIXTURES / "worked.csv")
    assert (again.changed, again.answers_unchanged) == (False, 11)
    assert count(workspace, Answer) == 11
    assert count(workspace, AuditEntry) == audit_entries


def test_a_respondent_answering_again_replaces_never_duplicates(workspace, assessment, tmp_path):
    recording.import_responses(workspace, assessment, FIXTURES / "worked.csv")
    later = tmp_path / "later.csv"
    later.write_text(
        "respondent,role,unit,method,item,answer\nalice,practitioner,beijing,interview,CHG-3-01,4\n", encoding="utf-8"
    )
    report = recording.import_responses(workspace, assessment, later)
    assert (report.answers_changed, report.answers_added, report.respondents_added) == (1, 0, 0)
    assert count(workspace, Answer) == 11
    with workspace.transaction() as session:
        assert session.scalar(select(Answer.answer).where(Answer.item_id == "CHG-3-01")) == "4"


def test_a_bad_file_writes_nothing_and_names_every_problem(workspace, assessment):
    with pytest.raises(ResponsesError) as raised:
        recording.import_responses(workspace, assessment, FIXTURES / "bad.csv", display_name="bad.csv")
    assert raised.value.problems[0].render().startswith("bad.csv:2: column answer: answer '7'")
    assert (count(workspace, Answer), count(workspace, Respondent)) == (0, 0)


def test_an_import_that_fails_half_way_leaves_the_database_as_before(workspace, assessment, tmp_path, monkeypatch):
    recording.import_responses(workspace, assessment, FIXTURES / "worked.csv")
    lines = ["respondent,role,item,answer"]
    answer = {"INC-1-01": "yes", "INC-NOTE": "Jira"}
    lines += ["alice,practitioner,CHG-1-01,0"]  # changes a stored answer
    lines += [
        f"r{n},practitioner,{item.id},{answer.get(item.id, '3')}"
        for n in range(200)
        for _, item in QUESTIONNAIRE.all_items()
    ]
    big = tmp_path / "big.csv"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = content(workspace)

    real_insert = recording.Answer.__table__.insert

    def insert_then_fail():
        raise RuntimeError("the disk is full")  # after respondents were added and answers changed in the session

    monkeypatch.setattr(recording.Answer.__table__, "insert", insert_then_fail)
    with pytest.raises(RuntimeError, match="the disk is full"):
        recording.import_responses(workspace, assessment, big)
    monkeypatch.setattr(recording.Answer.__table__, "insert", real_insert)
    assert content(workspace) == before
    assert recording.import_responses(workspace, assessment, big).respondents_added == 200  # and it works after


def test_answers_recorded_from_many_threads_are_each_saved_exactly_once(workspace, assessment):
    people = [f"p{n}" for n in range(8)]
    for person in people:
        add_respondent(workspace, assessment, person, role="practitioner")
    items = [item.id for _, item in QUESTIONNAIRE.all_items() if item.is_scored]
    errors = []

    def interview(person: str) -> None:
        try:
            for _ in range(2):  # the second round repeats every answer: idempotent
                for item in items:
                    recording.record_answer(workspace, assessment, person, item, "yes" if item == "INC-1-01" else "3")
        except Exception as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=interview, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with workspace.transaction() as session:
        saved = session.execute(select(Respondent.name, Answer.item_id).join(Answer)).all()
    assert sorted(saved) == sorted((person, item) for person in people for item in items)


def test_record_answer_checks_the_item_and_the_answer(workspace, assessment):
    add_respondent(workspace, assessment, "bob")
    with pytest.raises(WorkspaceError) as raised:
        recording.record_answer(workspace, assessment, "bob", "CHG-1-01", "7")
    assert raised.value.problems[0].message() == (
        "answer '7' is not on the scale of item CHG-1-01 (allowed: 0, 1, 2, 3, 4, na, unknown)"
    )
    with pytest.raises(WorkspaceError):
        recording.record_answer(workspace, assessment, "bob", "XYZ-1-01", "3")
    with pytest.raises(WorkspaceError):
        recording.record_answer(workspace, assessment, "nobody", "CHG-1-01", "3")
    assert recording.record_answer(workspace, assessment, "bob", "CHG-1-01", "NA") is True
    assert recording.record_answer(workspace, assessment, "bob", "CHG-1-01", "na") is False
    assert recording.record_answer(workspace, assessment, "bob", "INC-NOTE", "ServiceNow 东京版") is True


def test_every_change_is_in_the_audit_log(workspace, assessment):
    add_respondent(workspace, assessment, "bob", role="process_owner", actor="consultant")
    recording.record_answer(workspace, assessment, "bob", "CHG-1-01", "2", actor="consultant")
    recording.record_answer(workspace, assessment, "bob", "CHG-1-01", "3", comment="见会议纪要", actor="consultant")
    with workspace.transaction() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.entity, e.key) for e in entries] == [
        ("create", "assessment", "2026 baseline"),
        ("create", "respondent", "bob"),
        ("record", "answer", "bob/CHG-1-01"),
        ("record", "answer", "bob/CHG-1-01"),
    ]
    assert entries[-1].before == {"answer": "2", "comment": "", "evidence": []}
    assert entries[-1].after == {"answer": "3", "comment": "见会议纪要", "evidence": []}


def test_a_later_change_to_the_library_never_changes_an_old_result(workspace, assessment, tmp_path):
    recording.import_responses(workspace, assessment, FIXTURES / "worked.csv")
    before = results.to_json(score_assessment(workspace, assessment))
    # the library changes afterwards: its level-2 items move to level 3, in the very file the assessment came from
    library = tmp_path / "questionnaire.yaml"
    original = (FIXTURES / "questionnaire.yaml").read_text(encoding="utf-8")
    library.write_text(original.replace("level: 2,", "level: 3,"), encoding="utf-8")
    changed = load_questionnaire(library).questionnaire
    assert changed != QUESTIONNAIRE
    later = create_assessment(workspace, client="示例客户", name="2027", questionnaire=changed, units=["beijing"])
    recording.import_responses(workspace, later, FIXTURES / "worked.csv")
    assert results.to_json(score_assessment(workspace, later)) != before  # the same answers score otherwise now
    assert results.to_json(score_assessment(workspace, assessment)) == before  # the old result keeps its snapshot


def test_copy_for_a_reassessment_keeps_setup_not_answers(workspace, assessment):
    set_target(workspace, assessment, "change", 4)
    recording.import_responses(workspace, assessment, FIXTURES / "worked.csv")
    copy = copy_assessment(workspace, assessment, "2027 re-assessment")
    scored = score_assessment(workspace, copy)
    assert scored.targets == {"change": 4, "incident": 3}  # stored, and the default for the rest
    assert len(scored.responses.answers) == 0
    with pytest.raises(WorkspaceError):
        copy_assessment(workspace, assessment, "2027 re-assessment")


def test_bad_setup_is_refused(workspace, assessment):
    with pytest.raises(WorkspaceError) as raised:
        set_target(workspace, assessment, "knowledge", 3)
    assert raised.value.problems[0].message() == (
        "process 'knowledge' is not in this assessment's scope (scope: change, incident)"
    )
    with pytest.raises(WorkspaceError):
        set_target(workspace, assessment, "change", 6)
    with pytest.raises(WorkspaceError):
        create_assessment(workspace, client="示例客户", name="2026 baseline", questionnaire=QUESTIONNAIRE)
    with pytest.raises(InputError):
        score_assessment(workspace, 999)


def test_an_import_reports_its_progress_from_reading_to_done(workspace, tmp_path):
    """The survey page's progress bar: fractions that only grow, from reading through storing to done."""
    core = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    assessment = create_assessment(workspace, client="Acme", name="progress", questionnaire=core)
    items = [item.id for process, item in core.all_items() if item.is_scored and not process.optional]  # the scope
    lines = ["respondent,item,answer"] + [f"r{n},{item},3" for n in range(60) for item in items]
    survey = tmp_path / "survey.csv"
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen: list[tuple[float, str]] = []
    recording.import_responses(workspace, assessment, survey, progress=lambda f, stage: seen.append((f, stage)))
    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions)
    assert seen[0] == (0.0, "reading")
    assert seen[-1] == (1.0, "done")
    assert sum(stage == "storing" for _, stage in seen) >= 3  # 12,840 answers: reports while storing
