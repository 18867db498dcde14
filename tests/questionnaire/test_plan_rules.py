"""The action library, walkthrough tests and context sections: one broken field at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import check_questionnaire, load_questionnaire
from tests.questionnaire.test_loader import replaced

PLAN = (Path(__file__).resolve().parents[1] / "fixtures" / "questionnaire" / "plan.yaml").read_text(encoding="utf-8")


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """Write the plan fixture with some edits as q.yaml in the working folder; returns its problems."""
    monkeypatch.chdir(tmp_path)

    def check(*edits: tuple[str, str], lang: str = "en") -> list[str]:
        Path("q.yaml").write_text(replaced(PLAN, *edits), encoding="utf-8")
        _, problems = check_questionnaire("q.yaml")
        return [problem.render(lang) for problem in problems]

    return check


def test_the_plan_fixture_loads_with_its_actions_walkthroughs_and_context(tmp_path):
    loaded = load_questionnaire(Path(__file__).resolve().parents[1] / "fixtures" / "questionnaire" / "plan.yaml")
    assert loaded.warnings == []
    q = loaded.questionnaire
    assert [(p.id, a.id) for p, a in q.all_actions()] == [
        ("configuration", "A-CFG-01"),
        ("change", "A-CHG-01"),
        ("change", "A-CHG-02"),
    ]
    second = q.all_actions()[2][1]
    assert (second.effort.min, second.effort.max, second.owner, second.phase) == (3.0, 5.0, "process_owner", "design")
    assert second.depends_on == ["A-CHG-01"]
    assert [(r.process, r.level) for r in second.requires] == [("configuration", 1)]
    walkthrough = q.processes[1].walkthroughs[0]
    assert (walkthrough.sample_size, [c.items for c in walkthrough.checks]) == (10, [["CHG-1-01"], ["CHG-2-01"]])
    assert [section.id for section in q.context] == ["pain_points", "business_needs"]
    assert q.context[1].records == "per_process"


CASES = [
    pytest.param(
        [('        depends_on: ["A-CHG-01"]', '        depends_on: ["A-CHG-09"]')],
        ["q.yaml:54: action A-CHG-02 names action 'A-CHG-09', which is not in the questionnaire"],
        id="unknown-dependency",
    ),
    pytest.param(
        [
            (
                '        items: ["CHG-1-01"]\n      - id: A-CHG-02',
                '        items: ["CHG-1-01"]\n        depends_on: ["A-CHG-02"]\n      - id: A-CHG-02',
            ),
        ],
        [
            "q.yaml:46: actions depend on each other in a circle: A-CHG-01 → A-CHG-02 → A-CHG-01",
            "q.yaml:46: warning: action A-CHG-01 (working_group) depends on action A-CHG-02, which belongs to a "
            "later phase (design)",
        ],
        id="cycle",
    ),
    pytest.param(
        [('        depends_on: ["A-CHG-01"]', '        depends_on: ["A-CHG-02"]')],
        ["q.yaml:54: actions depend on each other in a circle: A-CHG-02 → A-CHG-02"],
        id="depends-on-itself",
    ),
    pytest.param(
        [("requires: [{process: configuration, level: 1}]", "requires: [{process: configuraton, level: 1}]")],
        ["q.yaml:55: action A-CHG-02 names process 'configuraton', which is not in the questionnaire"],
        id="unknown-required-process",
    ),
    pytest.param(
        [("requires: [{process: configuration, level: 1}]", "requires: [{process: configuration, level: 6}]")],
        ["q.yaml:55: processes[change].actions[A-CHG-02].requires[0].level: level must be between 1 and 5, got 6"],
        id="required-level-out-of-range",
    ),
    pytest.param(
        [("        phase: working_group\n", "        phase: rollout\n")],
        [
            "q.yaml:54: warning: action A-CHG-02 (design) depends on action A-CHG-01, which belongs to a later "
            "phase (rollout)"
        ],
        id="depends-on-a-later-phase",
    ),
    pytest.param(
        [("        owner: sponsor\n", "        owner: steering\n")],
        ["q.yaml:43: action A-CHG-01 names role 'steering', which is not in the questionnaire"],
        id="unknown-owner",
    ),
    pytest.param(
        [("effort: {min: 3, max: 5}", "effort: {min: 5, max: 3}")],
        ["q.yaml:50: action A-CHG-02: effort min 5 is more than max 3"],
        id="effort-range",
    ),
    pytest.param(
        [("effort: {min: 3, max: 5}", "effort: {min: 0, max: 3}")],
        ["q.yaml:50: processes[change].actions[A-CHG-02].effort.min: must be greater than 0, got 0"],
        id="effort-zero",
    ),
    pytest.param(
        [("        phase: design\n", "        phase: planning\n")],
        [
            "q.yaml:52: processes[change].actions[A-CHG-02].phase: must be one of 'quick_win', 'assessment', "
            "'working_group', 'design', 'tooling', 'pilot', 'rollout', 'improvement', got 'planning'"
        ],
        id="unknown-phase",
    ),
    pytest.param(
        [('        items: ["CHG-2-01"]\n', '        items: ["CHG-2-02"]\n')],
        [
            "q.yaml:28: warning: item CHG-2-01 has no improvement action in the action library",
            "q.yaml:53: action A-CHG-02 names item 'CHG-2-02', which is not in the questionnaire",
        ],
        id="unknown-item-leaves-an-item-without-action",
    ),
    pytest.param(
        [
            ("      - id: A-CHG-02\n", "      - id: A-CFG-01\n"),
            ('depends_on: ["A-CHG-01"]', 'depends_on: ["A-CHG-01"]'),
        ],
        ["q.yaml:46: action id 'A-CFG-01' is used twice (first at q.yaml:16)"],
        id="duplicate-action-id",
    ),
    pytest.param(
        [('items: ["CHG-2-01"]}', 'items: ["CHG-3-01"]}')],
        ["q.yaml:36: check CHG-WT1-b names item 'CHG-3-01', which is not in the questionnaire"],
        id="walkthrough-check-unknown-item",
    ),
    pytest.param(
        [("{id: CHG-WT1-b,", "{id: CHG-WT1-a,")],
        ["q.yaml:36: check id 'CHG-WT1-a' is used twice (first at q.yaml:35)"],
        id="duplicate-check-id",
    ),
    pytest.param(
        [("        sample_size: 10\n", "        sample_size: 0\n")],
        ["q.yaml:33: processes[change].walkthroughs[CHG-WT1].sample_size: must be at least 1, got 0"],
        id="sample-size-zero",
    ),
    pytest.param(
        [("      - {id: severity, type: number, min: 1, max: 5,", "      - {id: severity, type: text,")],
        ["q.yaml:57: context section 'pain_points' needs a field 'severity' of type 'number' (the analysis reads it)"],
        id="well-known-field-wrong-type",
    ),
    pytest.param(
        [
            (
                'type: number, min: 1, max: 5, label: {zh: "严重程度"',
                'type: number, min: 5, max: 1, label: {zh: "严重程度"',
            )
        ],
        ["q.yaml:61: context field 'severity': min 5 is more than max 1"],
        id="number-min-above-max",
    ),
    pytest.param(
        [
            (
                '        choices:\n          - {key: process, label: {zh: "流程", en: "Process"}}\n'
                '          - {key: tools, label: {zh: "工具", en: "Tools"}}\n',
                "",
            )
        ],
        ["q.yaml:64: context field 'category' is of type 'choice' and needs choices"],
        id="choice-without-choices",
    ),
    pytest.param(
        [("    records: per_process\n", "    records: per_unit\n")],
        [
            "q.yaml:71: context[business_needs].records: must be one of 'list', 'per_process', 'per_role', "
            "'single', got 'per_unit'"
        ],
        id="unknown-records-kind",
    ),
    pytest.param(
        [("    records: per_process\n", "")],
        ["q.yaml:69: context section 'business_needs' needs records: per_process (the analysis reads it so)"],
        id="business-needs-per-process",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_one_broken_field_gives_its_exact_message(broken, edits, expected):
    assert broken(*edits) == expected


def test_messages_in_chinese(broken):
    assert broken(('        depends_on: ["A-CHG-01"]', '        depends_on: ["A-CHG-02"]'), lang="zh") == [
        "q.yaml:54: 行动项之间存在循环依赖：A-CHG-02 → A-CHG-02"
    ]
    assert broken(("        owner: sponsor\n", "        owner: steering\n"), lang="zh") == [
        "q.yaml:43: 行动项 A-CHG-01 引用的角色“steering”不在问卷中"
    ]


def test_a_longer_circle_is_reported_once(broken):
    """A → B → C → A among three actions: one message naming the whole circle."""
    assert broken(
        (
            '        items: ["CHG-1-01"]\n      - id: A-CHG-02',
            '        items: ["CHG-1-01"]\n        depends_on: ["A-CFG-01"]\n      - id: A-CHG-02',
        ),
        ('        items: ["CFG-1-01"]\n', '        items: ["CFG-1-01"]\n        depends_on: ["A-CHG-02"]\n'),
    ) == [
        "q.yaml:24: actions depend on each other in a circle: A-CFG-01 → A-CHG-02 → A-CHG-01 → A-CFG-01",
        "q.yaml:47: warning: action A-CHG-01 (working_group) depends on action A-CFG-01, which belongs to a later "
        "phase (tooling)",
    ]
