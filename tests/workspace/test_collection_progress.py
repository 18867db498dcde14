"""Interview progress per process and the preview of a survey import, as the Collect pages show them."""

from __future__ import annotations

from pathlib import Path

from assessment.inputs.import_preview import preview_import
from assessment.inputs.responses import read_responses
from assessment.questionnaire import load_questionnaire
from assessment.workspace.progress import is_answered, progress_by_process

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "responses"
QUESTIONNAIRE = load_questionnaire(FIXTURES / "questionnaire.yaml").questionnaire


def saved(answer: str, comment: str = "") -> dict:
    return {"answer": answer, "comment": comment, "evidence": []}


def test_progress_counts_scored_items_answered_na_and_unknown_included():
    answers = {
        "CHG-1-01": saved("na"),
        "CHG-2-01": saved("", comment="asked again next week"),  # a comment alone is no answer
        "CHG-NOTE": saved("some text"),  # unscored: not counted
        "INC-1-01": saved("unknown"),
    }
    table = progress_by_process(QUESTIONNAIRE, answers)
    assert table.to_dict("records") == [
        {"process": "change", "scored": 2, "answered": 1},
        {"process": "incident", "scored": 1, "answered": 1},
    ]


def test_progress_of_a_respondent_without_answers_is_zero_everywhere():
    assert progress_by_process(QUESTIONNAIRE, {})["answered"].tolist() == [0, 0]
    assert not is_answered(None)
    assert not is_answered(saved("  "))
    assert is_answered(saved("0"))


def test_preview_tells_new_respondents_from_stored_ones_and_counts_given_answers(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(
        "respondent,role,unit,method,CHG-1-01,CHG-2-01,INC-1-01\n"
        "Ann,process_owner,HQ,survey,3,yes,\n"
        "Bo,practitioner,,survey,,,\n"
        "Cy,,,,na,no,unknown\n",
        encoding="utf-8",
    )
    preview = preview_import(read_responses(path, QUESTIONNAIRE), QUESTIONNAIRE, stored=["Bo", "Someone else"])
    people = preview.respondents
    assert people[["respondent", "role", "unit", "method", "answers", "new"]].values.tolist() == [
        ["Ann", "process_owner", "HQ", "survey", 2, True],
        ["Bo", "practitioner", "", "survey", 0, False],
        ["Cy", "", "", "", 3, True],
    ]
    assert (preview.new, preview.replacing) == (2, 1)
    assert preview.processes.values.tolist() == [["change", 4, 2], ["incident", 1, 1]]
