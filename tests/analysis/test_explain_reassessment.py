"""Explanations of the demo's levels, and baselines of stored re-assessments, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.analysis.explain import explain_level, level_items, process_answers
from assessment.analysis.scored import score_assessment
from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import add_respondent, copy_assessment, create_assessment
from assessment.workspace.baselines import assessment_chain, baseline_choices
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


def test_the_baseline_is_the_assessment_copied_from_else_the_same_clients_newest_earlier_one(workspace):
    first = create_assessment(workspace, client="客户甲", name="2024", questionnaire=QUESTIONNAIRE)
    second = create_assessment(workspace, client="客户甲", name="2025", questionnaire=QUESTIONNAIRE)
    copy = copy_assessment(workspace, first, "2026")
    again = copy_assessment(workspace, copy, "2027")
    other = create_assessment(workspace, client="客户乙", name="2025", questionnaire=QUESTIONNAIRE)

    choices, default = baseline_choices(workspace, again)
    assert [s.id for s in choices] == [first, second, copy, other]
    assert default == copy
    assert baseline_choices(workspace, second)[1] == first  # no link: the same client's newest before it
    assert baseline_choices(workspace, first)[1] == again  # none before it: the same client's newest
    assert baseline_choices(workspace, other)[1] == again  # none of its client: the newest
    assert [c.id for c in assessment_chain(workspace, again)] == [first, copy, again]
    assert [(c.client, c.name) for c in assessment_chain(workspace, again)] == [
        ("客户甲", y) for y in ("2024", "2026", "2027")
    ]
    assert [c.id for c in assessment_chain(workspace, second)] == [second]
    assert assessment_chain(workspace, other + 1) == []


def test_an_assessment_alone_with_its_questionnaire_has_no_baseline(workspace):
    alone = create_assessment(workspace, client="客户", name="2026", questionnaire=QUESTIONNAIRE)
    assert baseline_choices(workspace, alone) == ([], None)
    assert baseline_choices(workspace, alone + 100) == ([], None)


def test_anonymous_respondents_are_named(workspace):
    assessment = create_assessment(workspace, client="客户", name="2026", questionnaire=QUESTIONNAIRE)
    add_respondent(workspace, assessment, "张三", role="process_owner")
    add_respondent(workspace, assessment, "李四", role="practitioner", anonymous=True)
    assert anonymous_respondents(workspace, assessment) == {"李四"}
