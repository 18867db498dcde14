"""Explanations of the demo's levels, and anonymous respondents, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.analysis.explain import explain_level, level_items, process_answers
from assessment.analysis.scored import score_assessment
from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import add_respondent, create_assessment
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.queries import anonymous_respondents

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire(ROOT / "tests" / "fixtures" / "cli" / "questionnaire.yaml").questionnaire


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo scored under both rules."""
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('explain') / 'd.db'}")
    demo_id = load_demo(workspace)
    scored = {rule: score_assessment(workspace, demo_id, rule=rule) for rule in ("iso33020", "c2m2")}
    workspace.dispose()
    return scored


@pytest.mark.parametrize("rule", ["iso33020", "c2m2"])
def test_every_demo_explanation_gives_the_scored_level_and_says_what_stops_the_next(demo, rule):
    result = demo[rule].result
    for process, level in zip(result.processes["process"], result.processes["level"], strict=True):
        explanation = explain_level(result, process)
        assert explanation.level == level, process
        assert explanation.levels["achieved"].sum() == level
        sentences = explanation.render("en")
        assert sentences[0].startswith(f"Level {level}")
        # a level below 5 always has a reason, which names the next level
        assert level == 5 or any(f"Level {level + 1} " in sentence for sentence in sentences[1:]), sentences
        assert all(text for text in explanation.render("zh"))


def test_demo_level_items_and_answers_match_the_result(demo):
    scored = demo["iso33020"]
    result = scored.result
    shown = level_items(result, "change", 2)
    expected = result.items[(result.items["process"] == "change") & (result.items["level"] == 2)]
    assert shown["item"].tolist() == expected["item"].tolist()
    assert shown["answers"].tolist() == expected["answers"].tolist()
    chosen = process_answers(scored.questionnaire, scored.responses, shown["item"].tolist())
    assert len(chosen) == scored.responses.answers["item"].isin(shown["item"]).sum()
    assert set(chosen["item"].astype(str)) == set(shown["item"])


def test_anonymous_respondents_are_named(workspace):
    assessment = create_assessment(workspace, client="客户", name="2026", questionnaire=QUESTIONNAIRE)
    add_respondent(workspace, assessment, "张三", role="process_owner")
    add_respondent(workspace, assessment, "李四", role="practitioner", anonymous=True)
    assert anonymous_respondents(workspace, assessment) == {"李四"}
