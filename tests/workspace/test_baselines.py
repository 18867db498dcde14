"""Baselines: the same client's earlier assessments on the same questionnaire, in time; SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import copy_assessment, create_assessment, update_assessment
from assessment.workspace.baselines import baseline_choices, check_comparable, client_timeline, later_assessments
from assessment.workspace.core import WorkspaceError
from assessment.workspace.corrections import set_archived

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire(ROOT / "tests" / "fixtures" / "cli" / "questionnaire.yaml").questionnaire
OTHER_QUESTIONNAIRE = QUESTIONNAIRE.model_copy(update={"id": "another-questionnaire"})


def day(year: int) -> dt.date:
    return dt.date(year, 3, 1)


def assess(workspace, client: str, name: str, year: int | None, questionnaire=QUESTIONNAIRE) -> int:
    started = day(year) if year else None
    return create_assessment(workspace, client=client, name=name, questionnaire=questionnaire, started_on=started)


def copied(workspace, source: int, name: str, year: int) -> int:
    copy = copy_assessment(workspace, source, name)
    update_assessment(workspace, copy, started_on=day(year))
    return copy


def refusal(workspace, baseline: int, current: int) -> tuple[str, str, str]:
    with pytest.raises(WorkspaceError) as refused:
        check_comparable(workspace, baseline, current)
    (problem,) = refused.value.problems
    return problem.code, problem.message("en"), problem.message("zh")


def test_the_baselines_are_the_same_clients_earlier_assessments_by_date_and_the_copied_one_first_choice(workspace):
    first = assess(workspace, "客户甲", "2024", 2024)
    second = assess(workspace, "客户甲", "2025", 2025)
    copy = copied(workspace, first, "2026", 2026)
    again = copied(workspace, copy, "2027", 2027)
    late_entry = assess(workspace, "客户甲", "2023 (entered late)", 2023)  # created last, started first
    assess(workspace, "客户乙", "2024", 2024)  # another client, same questionnaire
    assess(workspace, "客户甲", "2022 other questionnaire", 2022, questionnaire=OTHER_QUESTIONNAIRE)

    choices, default = baseline_choices(workspace, again)
    assert [(c.id, c.name) for c in choices] == [(late_entry, "2023 (entered late)"), (first, "2024")] + [
        (second, "2025"),
        (copy, "2026"),
    ]
    assert {c.client for c in choices} == {"客户甲"}
    assert default == copy  # the one it was copied from
    assert baseline_choices(workspace, second) == (choices[:2], first)  # no copy: the newest earlier one
    assert baseline_choices(workspace, late_entry) == ([], None)  # the earliest has no baseline
    assert [c.id for c in client_timeline(workspace, again)] == [late_entry, first, second, copy, again]
    assert [c.id for c in later_assessments(workspace, second)] == [copy, again]
    assert client_timeline(workspace, again + 100) == []


def test_another_clients_assessment_is_never_a_baseline(workspace):
    assess(workspace, "客户甲", "2024", 2024)
    assess(workspace, "客户甲", "2025", 2025)
    newcomer = assess(workspace, "客户乙", "2026", 2026)
    assert baseline_choices(workspace, newcomer) == ([], None)
    assert [c.id for c in client_timeline(workspace, newcomer)] == [newcomer]


def test_archived_assessments_are_neither_baselines_nor_points_of_the_trend(workspace):
    first = assess(workspace, "Acme", "2024", 2024)
    second = assess(workspace, "Acme", "2025", 2025)
    third = assess(workspace, "Acme", "2026", 2026)
    set_archived(workspace, second, True)
    assert baseline_choices(workspace, third) == ([client_timeline(workspace, third)[0]], first)
    assert [c.id for c in client_timeline(workspace, third)] == [first, third]
    assert [c.id for c in later_assessments(workspace, first)] == [third]


def test_without_start_dates_the_order_is_the_order_of_creation(workspace):
    first = assess(workspace, "Acme", "baseline", None)
    second = assess(workspace, "Acme", "re-assessment", None)
    assert [c.id for c in baseline_choices(workspace, second)[0]] == [first]
    assert baseline_choices(workspace, first) == ([], None)


def test_comparing_across_clients_questionnaires_or_backwards_is_refused_with_a_message_in_both_languages(workspace):
    first = assess(workspace, "Acme", "2025", 2025)
    second = assess(workspace, "Acme", "2026", 2026)
    stranger = assess(workspace, "Globex", "2026", 2026)
    elsewhere = assess(workspace, "Acme", "2026 other questionnaire", 2026, questionnaire=OTHER_QUESTIONNAIRE)

    check_comparable(workspace, first, second)  # the same client and questionnaire, the baseline first: fine
    assert refusal(workspace, stranger, second) == (
        "baseline_other_client",
        f"assessment {stranger} is of client 'Globex', assessment {second} of client 'Acme': "
        "only assessments of the same client can be compared",
        f"评估 {stranger} 属于客户“Globex”，评估 {second} 属于客户“Acme”：只能对比同一客户的评估",
    )
    assert refusal(workspace, elsewhere, second)[0] == "baseline_other_questionnaire"
    code, english, chinese = refusal(workspace, second, first)
    assert code == "baseline_later"
    assert english == (
        f"the baseline {second} (2026-03-01) is later than the re-assessment {first} (2025-03-01): "
        "give the earlier assessment first"
    )
    assert chinese.startswith(f"基线 {second}（2026-03-01）晚于复评 {first}（2025-03-01）")
    assert refusal(workspace, first, first)[0] == "baseline_is_current"
    assert refusal(workspace, first, second + 100)[0] == "assessment_not_found"
