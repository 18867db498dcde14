"""The optional module of the bundled library: emergency response and service continuity (应急响应与服务连续性)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.analysis.scored import score_files
from assessment.questionnaire import load_questionnaire
from assessment.questionnaire.coverage import coverage_frame
from tests.terms import library_texts

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "questionnaires" / "itsm-core"
DIMENSIONS = ["process", "tools", "people", "organization"]
# one practice per text: a second clause joined on is hard to rate
JOINED = re.compile(r"，并|，且|，同时|并且|；")
# how often is the client's to set ("按规定周期"), never the library's
FIXED_FREQUENCY = re.compile(r"按月|每月|按季|每季|季度|月度|年度|每年|按年|每周|每天|每日")
FIXED_FREQUENCY_EN = re.compile(r"\b(?:monthly|quarterly|yearly|annual(?:ly)?|weekly|daily)\b", re.IGNORECASE)
# the items a business representative or key user can judge from outside (being informed during an outage, taking
# part in exercises, agreed recovery targets): the only items asked of them
OUTCOME_ITEMS = {"BCM-1-06", "BCM-3-01", "BCM-3-05", "BCM-3-09", "BCM-5-02"}
OUTSIDE_ROLES = {"business_representative", "key_user"}


@pytest.fixture(scope="module")
def core():
    return load_questionnaire(CORE).questionnaire


@pytest.fixture(scope="module")
def module(core):
    return next(process for process in core.processes if process.id == "continuity")


def scored(module):
    return [item for item in module.items if item.is_scored]


def test_the_module_is_optional_and_last_of_the_processes(core, module):
    assert module.optional is True
    assert (module.name.zh, module.name.en) == ("应急响应与服务连续性", "Emergency response and service continuity")
    assert core.processes[-1] is module
    assert "continuity" not in core.default_scope()


def test_enough_items_at_every_level_and_every_dimension_at_levels_1_to_4(core, module):
    assert len([item for item in scored(module) if item.level <= 4]) >= 25
    frame = coverage_frame(core)
    own = frame[frame["process"] == "continuity"]
    assert sorted(own[own["items"] > 0]["level"].unique()) == [1, 2, 3, 4, 5]
    empty = own[(own["level"] <= 4) & (own["items"] == 0)][["level", "dimension"]].values.tolist()
    assert empty == []
    assert set(own["dimension"]) == set(DIMENSIONS)


def test_ids_carry_the_prefix_and_the_level(module):
    assert [i.id for i in scored(module) if not re.fullmatch(rf"BCM-{i.level}-\d\d", i.id)] == []
    assert [a.id for a in module.actions if not re.fullmatch(r"A-BCM-\d\d", a.id)] == []
    assert [w.id for w in module.walkthroughs if not re.fullmatch(r"BCM-WT\d", w.id)] == []


def test_every_item_is_closed_by_an_action_of_the_module(module):
    closed = {item for action in module.actions for item in action.items}
    assert [item.id for item in scored(module) if item.id not in closed] == []
    assert all(item.guidance and item.evidence and item.roles and item.references for item in scored(module))


def test_the_walkthrough_checks_name_the_modules_own_items(module):
    own = {item.id for item in scored(module)}
    assert 2 <= len(module.walkthroughs) <= 3
    checks = [check for walkthrough in module.walkthroughs for check in walkthrough.checks]
    assert [check.id for check in checks if not check.items or not set(check.items) <= own] == []


def test_the_core_processes_do_not_depend_on_the_optional_module(core, module):
    core_actions = [action for process in core.processes if not process.optional for action in process.actions]
    assert [a.id for a in core_actions if any(r.process == "continuity" for r in a.requires)] == []
    assert [a.id for a in core_actions if any(d.startswith("A-BCM-") for d in a.depends_on)] == []
    assert {r.process for a in module.actions for r in a.requires} <= set(core.default_scope())


def test_one_practice_per_text_and_no_fixed_frequency(module):
    texts = library_texts(module)
    assert [item.text.zh for item in scored(module) if JOINED.search(item.text.zh)] == []
    joined = [text.zh for text in texts if JOINED.search(text.zh)]
    assert len(joined) < 0.1 * len(texts), joined
    assert [text.zh for text in texts if FIXED_FREQUENCY.search(text.zh)] == []
    assert [text.en for text in texts if FIXED_FREQUENCY_EN.search(text.en)] == []


def test_business_roles_are_asked_only_what_they_see_from_outside(module):
    asked = {item.id for item in scored(module) if OUTSIDE_ROLES & set(item.roles)}
    assert asked == OUTCOME_ITEMS


def test_files_scored_without_an_assessment_take_the_module_only_where_answered(tmp_path):
    lines = ["respondent,role,item,answer", "王芳,process_owner,INC-1-01,4"]
    without = tmp_path / "without.csv"
    without.write_text("\n".join(lines) + "\n", encoding="utf-8")
    processes = list(score_files(CORE, without).result.processes["process"])
    assert "continuity" not in processes
    assert len(processes) == 7
    answered = tmp_path / "with.csv"
    answered.write_text("\n".join([*lines, "王芳,process_owner,BCM-1-01,4"]) + "\n", encoding="utf-8")
    assert list(score_files(CORE, answered).result.processes["process"])[-1] == "continuity"
