"""Gaps and priorities held to tables of expected results, plus their invariants (docs/analysis.md)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.priorities import COLUMNS, default_targets, gap_priorities, pain_by_process


def processes(*rows: tuple) -> pd.DataFrame:
    """A MaturityResult.processes-like frame from (process, level, score, target) tuples."""
    frame = pd.DataFrame(rows, columns=["process", "level", "score", "target"])
    frame["gap"] = np.maximum(0, frame["target"] - frame["level"])
    return frame


def pain(*rows: tuple) -> pd.DataFrame:
    """Pain rows from (process, severity) tuples."""
    return pd.DataFrame(rows, columns=["process", "severity"])


@pytest.mark.parametrize(
    ("importance", "target"),
    [
        (5, 4),
        (4.5, 4),  # rounded half up to 5
        (4.4, 3),
        (4, 3),
        (3, 3),
        (2.5, 3),
        (2.4, 2),
        (2, 2),
        (1, 2),
        (0, 2),  # below the scale: taken as 1
        (7, 4),  # above the scale: taken as 5
        (None, 3),
        (math.nan, 3),
        ("high", 3),  # not a number: unknown
    ],
)
def test_default_target_from_business_importance(importance, target):
    assert default_targets({"p": importance}, ["p"]) == {"p": target}


def test_default_target_is_three_for_a_process_without_importance():
    assert default_targets({"a": 5}, ["a", "b"]) == {"a": 4, "b": 3}


# (level, score, target, importance, severities, effort) ->
# (gap, score_gap, pain, gap_part, importance_part, pain_part, effort_part, priority)
PRIORITY_TABLE = [
    # the worked example of docs/analysis.md: change in the demo (library 2.0)
    ((1, 1.63, 4, 5, [5, 4, 3], 240), (3, 2.37, 12, 26.85, 25.0, 20.0, 0.4, 72.25)),
    # the same with library 1.0
    ((1, 1.64, 4, 5, [5, 4, 3], 183.5), (3, 2.36, 12, 26.8, 25.0, 20.0, 2.66, 74.46)),
    ((1, 1.5, 4, 5, [5, 4, 3], 125), (3, 2.5, 12, 27.5, 25.0, 20.0, 5.0, 77.5)),
    # at the target level: nothing to close, although the score is below the target
    ((3, 2.8, 3, 5, [5], 10), (0, 0.2, 5, 0.0, 0.0, 0.0, 0.0, 0.0)),
    # unknown importance and effort sit in the middle: 12.5 and 5 points
    ((2, 2.0, 3, None, [], None), (1, 1.0, 0, 40 / 3, 12.5, 0.0, 5.0, 40 / 3 + 17.5)),
    # everything at its extreme; pain saturates at 15
    ((0, 0.0, 5, 1, [5, 5, 5, 5], 0), (5, 5.0, 20, 40.0, 0.0, 25.0, 10.0, 75.0)),
    # a score above the target with a level below it: the level gap alone counts
    ((1, 3.2, 2, 3, [2], 500), (1, 0.0, 2, 10.0, 12.5, 25 * 2 / 15, 0.0, 22.5 + 25 * 2 / 15)),
    # target 0: never a gap
    ((0, 0.0, 0, 5, [5], 0), (0, 0.0, 5, 0.0, 0.0, 0.0, 0.0, 0.0)),
    # effort saturates at 250 person-days; importance above the scale is taken as 5
    ((2, 2.5, 4, 9, [3, 3], 400), (2, 1.5, 6, 17.5, 25.0, 10.0, 0.0, 52.5)),
]


@pytest.mark.parametrize(("given_", "expected"), PRIORITY_TABLE)
def test_priority_table(given_, expected):
    level, score, target, importance, severities, effort = given_
    frame = gap_priorities(
        processes(("p", level, score, target)),
        {"p": importance} if importance is not None else {},
        pain(*[("p", s) for s in severities]),
        {"p": effort} if effort is not None else {},
    )
    assert list(frame.columns) == COLUMNS
    row = frame.iloc[0]
    found = tuple(
        row[c]
        for c in ("gap", "score_gap", "pain", "gap_part", "importance_part", "pain_part", "effort_part", "priority")
    )
    assert found == pytest.approx(expected, abs=1e-9)
    assert row["pain_points"] == len(severities)
    assert row["rank"] == 1


def test_processes_are_ranked_most_urgent_first_with_ties_to_the_larger_gap():
    frame = gap_priorities(
        processes(("a", 2, 2.0, 3), ("b", 1, 1.0, 4), ("c", 3, 3.0, 3), ("d", 2, 2.0, 3), ("e", 1, 1.5, 3)),
        {"a": 3, "b": 5, "d": 3, "e": 3},
        pain(("b", 5), ("a", 2), ("d", 2), ("x", 5)),  # x is no process: ignored
        {},
    )
    # b: 30 + 25 + 25/3 + 5 | e: 40*2.5/6 + 12.5 + 5 | a = d: 40/3 + 12.5 + 10/3 + 5 | c: at its target
    assert list(zip(frame["process"], frame["rank"], strict=True)) == [("b", 1), ("e", 2), ("a", 3), ("d", 4), ("c", 5)]
    assert frame.set_index("process").loc["b", "priority"] == pytest.approx(30 + 25 + 25 / 3 + 5)
    assert frame.set_index("process").loc["c", "priority"] == 0.0


def test_pain_sums_the_severities_per_process_and_ignores_blank_severities():
    found = pain_by_process(pain(("a", 5), ("b", 3), ("a", 4), ("a", None), ("b", "x")))
    assert found.to_dict("records") == [
        {"process": "a", "pain": 9.0, "pain_points": 2},
        {"process": "b", "pain": 3.0, "pain_points": 1},
    ]


def test_the_steering_group_may_weigh_the_parts_differently():
    frame = gap_priorities(
        processes(("p", 1, 1.5, 4)),
        {"p": 5},
        pain(("p", 5)),
        {"p": 125},
        weights={"gap": 100, "importance": 0, "pain": 0, "effort": 0},
    )
    assert frame.loc[0, "priority"] == pytest.approx(100 * 5.5 / 8)


@pytest.mark.parametrize(
    "weights",
    [
        {"gap": 50, "importance": 25, "pain": 25, "effort": 10},  # 110
        {"gap": 40, "importance": 25, "pain": 35},  # a part missing
        {"gap": 120, "importance": -20, "pain": 0, "effort": 0},
    ],
)
def test_weights_must_name_the_four_parts_and_add_up_to_100(weights):
    with pytest.raises(ValueError, match="weights must"):
        gap_priorities(processes(("p", 1, 1.0, 3)), {}, pain(), {}, weights=weights)


# --- invariants ---------------------------------------------------------------------------------------------------

process_case = st.fixed_dictionaries(
    {
        "level": st.integers(0, 5),
        "score": st.floats(0, 5),
        "target": st.integers(0, 5),
        "importance": st.none() | st.floats(0, 7),
        "severities": st.lists(st.integers(1, 5), max_size=6),
        "effort": st.none() | st.floats(0, 1000),
    }
)


def priority_of(case: dict, **changes) -> pd.Series:
    case = {**case, **changes}
    return gap_priorities(
        processes(("p", case["level"], case["score"], case["target"])),
        {"p": case["importance"]},
        pain(*[("p", s) for s in case["severities"]]),
        {"p": case["effort"]},
    ).iloc[0]


@settings(max_examples=100, deadline=None)
@given(process_case)
def test_priority_is_between_0_and_100_and_the_sum_of_its_parts(case):
    row = priority_of(case)
    assert 0 <= row["priority"] <= 100 + 1e-9
    parts = row[["gap_part", "importance_part", "pain_part", "effort_part"]].to_numpy(dtype=float)
    assert (parts >= 0).all()
    assert row["priority"] == pytest.approx(parts.sum())


@settings(max_examples=100, deadline=None)
@given(process_case, st.integers(1, 5), st.data())
def test_more_severe_pain_never_lowers_a_priority(case, severity, data):
    before = priority_of(case)["priority"]
    if case["severities"]:
        index = data.draw(st.integers(0, len(case["severities"]) - 1))
        worse = list(case["severities"])
        worse[index] = max(worse[index], severity)
    else:
        worse = [severity]
    assert priority_of(case, severities=worse)["priority"] >= before - 1e-9
    assert priority_of(case, severities=[*case["severities"], severity])["priority"] >= before - 1e-9


@settings(max_examples=100, deadline=None)
@given(process_case, st.floats(0, 5), st.floats(0, 500))
def test_importance_and_a_lower_score_never_lower_more_effort_never_raises(case, more, extra):
    before = priority_of(case)["priority"]
    importance = None if case["importance"] is None else case["importance"] + more
    if importance is not None:
        assert priority_of(case, importance=importance)["priority"] >= before - 1e-9
    lower = max(0.0, case["score"] - more)
    assert priority_of(case, score=lower)["priority"] >= before - 1e-9
    if case["effort"] is not None:
        assert priority_of(case, effort=case["effort"] + extra)["priority"] <= before + 1e-9


@settings(max_examples=100, deadline=None)
@given(st.lists(process_case, min_size=1, max_size=6))
def test_ranks_follow_the_priorities(cases):
    frame = gap_priorities(
        processes(*[(f"p{i}", c["level"], c["score"], c["target"]) for i, c in enumerate(cases)]),
        {f"p{i}": c["importance"] for i, c in enumerate(cases)},
        pain(*[(f"p{i}", s) for i, c in enumerate(cases) for s in c["severities"]]),
        {f"p{i}": c["effort"] for i, c in enumerate(cases)},
    )
    assert list(frame["rank"]) == list(range(1, len(cases) + 1))
    assert (np.diff(np.round(frame["priority"].to_numpy(), 9)) <= 0).all()
    assert sorted(frame["process"]) == sorted(f"p{i}" for i in range(len(cases)))
