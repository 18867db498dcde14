"""The respondent list of the interview page, on SQLite and PostgreSQL: as added, without touching answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import Assessment
from assessment.workspace.assessments import add_respondent, create_assessment
from assessment.workspace.progress import progress_by_process
from assessment.workspace.queries import answers_of, respondents_of
from assessment.workspace.recording import record_answer

ROOT = Path(__file__).resolve().parents[2]
CORE = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire


def test_respondents_come_back_in_the_order_added_with_their_facts(workspace):
    assessment = create_assessment(
        workspace, client="Acme", name="baseline", questionnaire=CORE, processes=["incident", "change"]
    )
    other = create_assessment(workspace, client="Acme", name="other", questionnaire=CORE, processes=["change"])
    add_respondent(workspace, assessment, "张伟", role="process_owner", unit="北京", interviewed_on=dt.date(2026, 3, 4))
    add_respondent(workspace, other, "Not here")
    add_respondent(workspace, assessment, "Li Na", method="survey")
    people = respondents_of(workspace, assessment, count_answers=False)
    assert people.values.tolist() == [
        ["张伟", "process_owner", "北京", "", dt.date(2026, 3, 4)],
        ["Li Na", "", "", "survey", None],
    ]
    assert respondents_of(workspace, assessment + 99, count_answers=False).empty


def test_progress_counts_what_was_recorded_for_the_snapshot_in_scope(workspace):
    assessment = create_assessment(workspace, client="Acme", name="baseline", questionnaire=CORE, processes=["change"])
    add_respondent(workspace, assessment, "张伟")
    change = next(process for process in CORE.processes if process.id == "change")
    first, second = [item.id for item in change.items if item.is_scored][:2]
    record_answer(workspace, assessment, "张伟", first, "unknown")
    record_answer(workspace, assessment, "张伟", second, "", comment="to ask the CAB chair")
    with workspace.transaction() as session:
        questionnaire = workspace.questionnaire_of(session.get(Assessment, assessment))
    table = progress_by_process(questionnaire, answers_of(workspace, assessment, "张伟"))
    assert table.values.tolist() == [["change", sum(item.is_scored for item in change.items), 1]]
