"""Baseline against re-assessment, and the trend over several, held to tables of expected results."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from scoring.comparison import compare, trend
from scoring.maturity import score_maturity
from tests.scoring_tables import answers, items

# change is in both, problem only in the baseline, release only in the re-assessment
BASE_ITEMS = items(("C1a", "change", 1), ("C1b", "change", 1), ("C2a", "change", 2), ("P1a", "problem", 1))
NEW_ITEMS = items(("C1a", "change", 1), ("C2a", "change", 2), ("C2b", "change", 2), ("R1a", "release", 1))
BASELINE = score_maturity(
    BASE_ITEMS, answers({"C1a": ["2"], "C1b": ["4"], "C2a": ["1"], "P1a": ["4"]}), targets={"change": 3}
)
CURRENT = score_maturity(
    NEW_ITEMS, answers({"C1a": ["4"], "C2a": ["3"], "C2b": ["unknown"], "R1a": ["2"]}), targets={"change": 2}
)


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """Rows with NaN and NA as None, for exact comparison."""
    return [
        tuple(None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v for v in row)
        for row in frame.loc[:, list(columns)].itertuples(index=False)
    ]


def test_change_per_process():
    result = compare(BASELINE, CURRENT)
    assert rows(
        result.processes,
        "process",
        "status",
        "level_before",
        "level_after",
        "level_change",
        "score_before",
        "score_after",
        "score_change",
        "gap_before",
        "gap_after",
        "gap_change",
    ) == [
        ("change", "both", 1, 2, 1, 0.75 + 0.25, 1.0 + 0.75, 0.75, 2, 0, -2),
        ("release", "current_only", None, 0, None, None, 0.5, None, None, 3, None),
        ("problem", "baseline_only", 1, None, None, 1.0, None, None, 2, None, None),
    ]
    assert rows(result.processes, "target_before", "target_after", "coverage_before", "coverage_after")[0] == (
        3,
        2,
        1.0,
        pytest.approx(2 / 3),
    )


def test_change_per_level():
    result = compare(BASELINE, CURRENT)
    change = result.levels[result.levels["process"] == "change"]
    assert rows(
        change,
        "level",
        "status",
        "achievement_before",
        "achievement_after",
        "achievement_change",
        "rating_before",
        "rating_after",
        "rating_change",
    ) == [
        (1, "both", 0.75, 1.0, 0.25, "L", "F", 1),
        (2, "both", 0.25, 0.75, 0.5, "P", "L", 1),
        (3, "both", None, None, None, None, None, None),
        (4, "both", None, None, None, None, None, None),
        (5, "both", None, None, None, None, None, None),
    ]
    assert rows(result.levels[result.levels["level"] == 1], "process", "status", "rating_before", "rating_after") == [
        ("change", "both", "L", "F"),
        ("release", "current_only", None, "P"),
        ("problem", "baseline_only", "F", None),
    ]


def test_change_per_item():
    result = compare(BASELINE, CURRENT)
    assert rows(
        result.items,
        "item",
        "process",
        "level",
        "status",
        "achievement_before",
        "achievement_after",
        "change",
        "answers_before",
        "answers_after",
    ) == [
        ("C1a", "change", 1, "both", 0.5, 1.0, 0.5, 1, 1),
        ("C2a", "change", 2, "both", 0.25, 0.75, 0.5, 1, 1),
        ("C2b", "change", 2, "current_only", None, None, None, None, 0),  # asked, but nobody knew
        ("R1a", "release", 1, "current_only", None, 0.5, None, None, 1),
        ("C1b", "change", 1, "baseline_only", 1.0, None, None, 1, None),
        ("P1a", "problem", 1, "baseline_only", 1.0, None, None, 1, None),
    ]


def test_an_assessment_compared_with_itself_has_no_change():
    result = compare(CURRENT, CURRENT)
    assert set(result.processes["status"]) == {"both"}
    assert (result.processes["level_change"] == 0).all()
    assert (result.processes["score_change"] == 0).all()
    answered = result.items["achievement_after"].notna()
    assert (result.items.loc[answered, "change"] == 0).all()


def test_trend_over_several_assessments():
    middle = score_maturity(NEW_ITEMS, answers({"C1a": ["3"], "C2a": ["2"]}))
    frame = trend([("2025-03", BASELINE), ("2025-09", middle), ("2026-03", CURRENT)])
    assert rows(frame, "label", "process", "level", "score", "target") == [
        ("2025-03", "change", 1, 1.0, 3),
        ("2025-03", "problem", 1, 1.0, 3),
        ("2025-09", "change", 1, 0.75 + 0.5, 3),
        ("2025-09", "release", 0, 0.0, 3),
        ("2026-03", "change", 2, 1.75, 2),
        ("2026-03", "release", 0, 0.5, 3),
    ]


def test_trend_labels_must_differ_and_empty_is_empty():
    with pytest.raises(ValueError, match="own label"):
        trend([("2026", BASELINE), ("2026", CURRENT)])
    assert list(trend([]).columns) == ["label", "process", "level", "score", "target", "coverage"]
