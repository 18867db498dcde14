"""What a reviewer of the bundled library checks: one practice per item, no fixed frequencies, every item asked only
of roles that can see what it asks, and the business asked what it experiences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.questionnaire import load_questionnaire

CORE = Path(__file__).resolve().parents[2] / "questionnaires" / "itsm-core"
CORE_PROCESSES = ["incident", "problem", "change", "configuration", "release", "service_request", "service_level"]
# A second clause joined on: "，并…", "，且…", "，同时…", "并且", or a semicolon.
COMPOUND = re.compile("，并|，且|，同时|并且|；")
FIXED_FREQUENCY = re.compile("每天|每日|每周|按周|每月|按月|每季度?|按季度?|每半年|每年|按年|月度|季度|年度")
BUSINESS = {"key_user", "business_representative"}
INSIDE_IT = {"process", "tools", "people", "organization"}


@pytest.fixture(scope="module")
def core():
    return load_questionnaire(CORE).questionnaire


def scored(core):
    return [(process, item) for process, item in core.all_items() if item.is_scored]


def test_fewer_than_one_item_in_ten_states_two_practices(core):
    compound = [item.id for _, item in scored(core) if COMPOUND.search(item.text.zh)]
    assert len(compound) < 0.1 * len(scored(core)), f"{len(compound)} of {len(scored(core))}: {compound}"


def test_the_heuristic_finds_a_second_clause_and_leaves_one_practice_alone():
    assert COMPOUND.search("事件得到记录，并按优先级处理")
    assert COMPOUND.search("变更经过审批；紧急变更事后补批")
    assert not COMPOUND.search("合并重复的事件记录")


def test_no_item_fixes_a_frequency_the_client_should_set(core):
    fixed = [(item.id, FIXED_FREQUENCY.findall(item.text.zh)) for _, item in scored(core)]
    assert [found for found in fixed if found[1]] == []


def test_no_action_fixes_a_frequency_the_client_should_set(core):
    texts = [(action.id, text.zh) for _, action in core.all_actions()
             for text in (action.title, action.description, action.deliverable)]  # fmt: skip
    assert [(ident, FIXED_FREQUENCY.findall(zh)) for ident, zh in texts if FIXED_FREQUENCY.search(zh)] == []


def test_recurring_governance_work_shows_its_run_effort(core):
    """CAB, audits, reviews, reporting and sampling cost time every period once in place: the roadmap shows it."""
    recurring = [action for _, action in core.all_actions() if "按规定周期" in action.description.zh]
    assert len(recurring) >= 20
    assert [action.id for action in recurring if action.run_effort is None and action.phase == "improvement"] == []


def test_the_business_is_asked_only_what_it_can_see(core):
    asked = {role.id: set(role.asked_about) for role in core.roles}
    assert asked["key_user"] == {"experience"}
    assert asked["business_representative"] == {"experience", "agreement"}
    for _, item in scored(core):
        for role in set(item.roles) & BUSINESS:
            assert item.topic_id not in INSIDE_IT, f"{item.id} asks the {role} about IT's own {item.topic_id}"


@pytest.mark.parametrize("process", CORE_PROCESSES)
def test_key_users_and_business_representatives_have_items_of_their_own_in_every_process(core, process):
    (found,) = [p for p in core.processes if p.id == process]
    theirs = [
        item for item in found.items if item.is_scored and item.topic_id == "experience" and BUSINESS & set(item.roles)
    ]
    assert len(theirs) >= 2, f"{process}: {[item.id for item in theirs]}"
    assert {item.dimension for item in theirs} <= {dimension.id for dimension in core.dimensions}  # scored as any item


def test_the_practices_every_process_has_are_tagged_to_be_asked_once(core):
    """The generic items cloned into every process (owner, documented process, backups, training, ...) are asked
    once per respondent as a grid; 1.0 asked about 49 of them process by process."""
    tagged = [
        (process.id, item.practice) for process, item in core.all_items() if item.practice and not process.optional
    ]
    assert len(tagged) >= 49
    per_practice = {practice.id: {p for p, tag in tagged if tag == practice.id} for practice in core.practices}
    assert {practice for practice, processes in per_practice.items() if len(processes) < 3} == set()
    assert per_practice["owner"] == set(CORE_PROCESSES)  # every process has its owner's appointment
