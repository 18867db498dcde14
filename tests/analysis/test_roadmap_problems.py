"""Every problem the roadmap builder can report reads as a sentence in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.analysis.roadmap_problems import MESSAGES, roadmap_problem_message

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
PARAMS = {
    "index": 2,
    "action": "A-CHG-03",
    "kind": "phase",
    "value": "later",
    "field": "effort",
    "depends_on": "A-CHG-01",
    "phase": "design",
    "requested": "working_group",
    "actions": ["A-1", "A-2"],
    "start": "2027-01-04",
    "due": "2027-01-01",
}


def test_every_code_the_roadmap_builder_reports_has_a_message():
    source = (ROOT / "scoring" / "roadmap.py").read_text(encoding="utf-8")
    source += (ROOT / "scoring" / "roadmap_schedule.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'_problem\(\s*"(\w+)"', source))
    assert codes
    assert codes <= set(MESSAGES)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_each_message_fills_in_both_languages(code):
    english = roadmap_problem_message({"code": code, "params": PARAMS}, "en")
    chinese = roadmap_problem_message({"code": code, "params": PARAMS}, "zh")
    assert "{" not in english
    assert "{" not in chinese
    assert not CHINESE.search(english)
    assert CHINESE.search(chinese)


def test_phases_and_kinds_are_named_and_lists_joined():
    problem = {
        "code": "phase_follows_dependency",
        "params": {"action": "A-CHG-03", "phase": "design", "requested": "working_group"},
    }
    assert roadmap_problem_message(problem, "en") == (
        "action A-CHG-03 stays in phase 'Process design and blueprint' (not 'Working group and responsibilities'): "
        "an action it depends on comes first"
    )
    cycle = {"code": "custom_dependency_cycle", "params": {"actions": ["X-1", "X-2"]}}
    assert roadmap_problem_message(cycle, "zh") == "新增行动项 X-1, X-2 相互循环依赖：这些依赖已忽略"
    invalid = {"code": "edit_invalid_value", "params": {"action": "X-3", "kind": "add", "field": "effort"}}
    assert roadmap_problem_message(invalid, "zh") == "行动项 X-3 的调整“新增”的取值无法使用（effort），已忽略"


def test_an_unknown_code_or_missing_field_falls_back_to_code_and_parameters():
    assert roadmap_problem_message({"code": "something_new", "params": {"a": 1}}, "zh") == "something_new: a=1"
    assert roadmap_problem_message({"code": "dependency_dropped", "params": {}}, "en") == "dependency_dropped"
