"""Consistency across units held to tables of expected results, plus its invariants (docs/analysis.md)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.consistency import (
    CONSISTENCY_COLUMNS,
    DIFFERENCE_COLUMNS,
    UNIT_COLUMNS,
    UNIT_ITEM_COLUMNS,
    consistency,
    unit_deviations,
    unit_item_differences,
    unit_item_results,
    unit_results,
)
from tests.scoring_tables import KEY_VALUE, items

ITEMS = items(
    ("p1", "p", 1),
    ("p2", "p", 1),
    ("p3", "p", 2, 2.0),  # weighs twice in the index
    ("q1", "q", 1),
    ("q2", "q", 2),
    ("r1", "r", 1),
)
UNITS = ("U1", "U2", "U3")
RESPONDENTS = pd.DataFrame(
    [("a", "owner", "U1"), ("b", "owner", "U2"), ("c", "owner", "U3"), ("d", "user", "U1"), ("e", "user", None)],
    columns=["respondent", "role", "unit"],
)
# respondent -> {item: scale key}; d answers like a; e has no unit and is left out
ANSWERS_BY_RESPONDENT = {
    "a": {"p1": "4", "p2": "4", "p3": "3", "q1": "4", "q2": "2", "r1": "4"},
    "d": {"p1": "4", "p2": "4", "p3": "3", "q1": "4", "q2": "2"},
    "b": {"p1": "4", "p2": "2", "p3": "2", "q1": "4", "q2": "2"},
    "c": {"p1": "1", "p2": "1", "p3": "1", "q1": "4", "q2": "2", "r1": "unknown"},
    "e": {"p1": "0", "p2": "0", "p3": "0", "q1": "0", "q2": "0", "r1": "0"},
}


def engine_answers(table: dict[str, dict[str, str]]) -> pd.DataFrame:
    """Engine answers from {respondent: {item: key}}; unknown, na and '' are not scored."""
    rows = [
        (who, item, KEY_VALUE.get(key, math.nan), 1.0, "scored" if key in KEY_VALUE else key or "empty")
        for who, given_ in table.items()
        for item, key in given_.items()
    ]
    return pd.DataFrame(rows, columns=["respondent", "item", "value", "weight", "status"])


ANSWERS = engine_answers(ANSWERS_BY_RESPONDENT)


def plain(value):
    """A float rounded to 9 places (NaN as None), a numpy scalar as Python, anything else as is."""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 9)
    return value.item() if hasattr(value, "item") else value


def rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """Rows as tuples of plain values."""
    return [tuple(plain(v) for v in row) for row in frame[columns].itertuples(index=False, name=None)]


def test_each_unit_is_scored_on_its_own_answers():
    frame = unit_results(ITEMS, ANSWERS, RESPONDENTS, targets={"p": 3})
    assert list(frame.columns) == UNIT_COLUMNS
    # p at U1: level 1 A = 1.0 (F), level 2 A = 0.75 (L) -> level 2, score 1.75
    # p at U2: level 1 A = 0.75 (L), level 2 A = 0.5 (P) -> level 1, score 1.25
    # p at U3: level 1 A = 0.25 (P), level 2 A = 0.25 -> level 0, score 0.5
    # q everywhere: level 1 A = 1.0 (F), level 2 A = 0.5 (P) -> level 1, score 1.5
    # r is answered at U1 only (U3 said "don't know": no scored answer, so U3 takes no part)
    assert rows(frame, ["process", "unit", "level", "score", "coverage", "respondents", "target", "gap"]) == [
        ("p", "U1", 2, 1.75, 1.0, 2, 3, 1),
        ("p", "U2", 1, 1.25, 1.0, 1, 3, 2),
        ("p", "U3", 0, 0.5, 1.0, 1, 3, 3),
        ("q", "U1", 1, 1.5, 1.0, 2, 3, 2),
        ("q", "U2", 1, 1.5, 1.0, 1, 3, 2),
        ("q", "U3", 1, 1.5, 1.0, 1, 3, 2),
        ("r", "U1", 1, 1.0, 1.0, 1, 3, 2),
    ]


def test_unit_item_achievements():
    frame = unit_item_results(ITEMS, ANSWERS, RESPONDENTS)
    assert list(frame.columns) == UNIT_ITEM_COLUMNS
    assert rows(frame[frame["process"] == "p"], ["item", "unit", "achievement", "answers", "weight"]) == [
        ("p1", "U1", 1.0, 2, 1.0),
        ("p1", "U2", 1.0, 1, 1.0),
        ("p1", "U3", 0.25, 1, 1.0),
        ("p2", "U1", 1.0, 2, 1.0),
        ("p2", "U2", 0.5, 1, 1.0),
        ("p2", "U3", 0.25, 1, 1.0),
        ("p3", "U1", 0.75, 2, 2.0),
        ("p3", "U2", 0.5, 1, 2.0),
        ("p3", "U3", 0.25, 1, 2.0),
    ]


@pytest.mark.parametrize(
    ("threshold", "deviates"),
    [
        (0.5, [False, False, True]),  # U1 is 0.5 above the median 1.25: not more than 0.5
        (0.49, [True, False, True]),
        (0.75, [False, False, False]),  # U3 is exactly 0.75 below
    ],
)
def test_a_unit_deviates_when_its_score_is_farther_than_the_threshold_from_the_median(threshold, deviates):
    frame = unit_deviations(unit_results(ITEMS, ANSWERS, RESPONDENTS), threshold)
    p = frame[frame["process"] == "p"]
    assert rows(p, ["unit", "median", "deviation"]) == [("U1", 1.25, 0.5), ("U2", 1.25, 0.0), ("U3", 1.25, -0.75)]
    assert list(p["deviates"]) == deviates


def test_consistency_per_process():
    units = unit_results(ITEMS, ANSWERS, RESPONDENTS)
    frame = consistency(units, unit_item_results(ITEMS, ANSWERS, RESPONDENTS))
    assert list(frame.columns) == CONSISTENCY_COLUMNS
    # p: item differences p1 0.75, p2 0.75, p3 0.5 (weight 2) -> (0.75 + 0.75 + 2 * 0.5) / 4 = 0.625
    mean, std = plain(np.mean([1.75, 1.25, 0.5])), plain(np.std([1.75, 1.25, 0.5]))  # population std
    assert rows(frame, CONSISTENCY_COLUMNS) == [
        ("p", 3, mean, 0.5, 1.75, 1.25, std, 0, 2, "U3", "U1", ["U3"], 3, 0.625, 0.375),
        ("q", 3, 1.5, 1.5, 1.5, 0.0, 0.0, 1, 1, "U1", "U1", [], 2, 0.0, 1.0),
        ("r", 1, 1.0, 1.0, 1.0, 0.0, 0.0, 1, 1, "U1", "U1", [], 0, None, None),  # one unit: nothing to compare
    ]


def test_the_items_where_units_differ_most():
    frame = unit_item_differences(unit_item_results(ITEMS, ANSWERS, RESPONDENTS))
    assert list(frame.columns) == DIFFERENCE_COLUMNS
    assert rows(frame, ["item", "units", "lowest_unit", "lowest", "highest_unit", "highest", "difference"]) == [
        ("p1", 3, "U3", 0.25, "U1", 1.0, 0.75),
        ("p2", 3, "U3", 0.25, "U1", 1.0, 0.75),
        ("p3", 3, "U3", 0.25, "U1", 0.75, 0.5),
        ("q1", 3, "U1", 1.0, "U1", 1.0, 0.0),  # ties go to the first unit
        ("q2", 3, "U1", 0.5, "U1", 0.5, 0.0),
    ]
    top = unit_item_differences(unit_item_results(ITEMS, ANSWERS, RESPONDENTS), top=1)
    assert list(top["item"]) == ["p1", "q1"]


def test_no_units_no_rows():
    nobody = RESPONDENTS.assign(unit=None)
    assert unit_results(ITEMS, ANSWERS, nobody).empty
    assert unit_item_results(ITEMS, ANSWERS, nobody).empty
    assert consistency(unit_results(ITEMS, ANSWERS, nobody), unit_item_results(ITEMS, ANSWERS, nobody)).empty


# --- invariants ---------------------------------------------------------------------------------------------------

KEYS = ["0", "1", "2", "3", "4", "unknown"]


@st.composite
def unit_cases(draw):
    """(answers of one unit's respondents, number of units): 1-3 respondents answering a few items."""
    people = draw(st.integers(1, 3))
    table = {
        f"r{r}": {item: draw(st.sampled_from(KEYS)) for item in ITEMS["item"] if draw(st.booleans()) or r == 0}
        for r in range(people)
    }
    return table, draw(st.integers(2, 4))


@settings(max_examples=25, deadline=None)
@given(unit_cases())
def test_a_process_run_identically_in_every_unit_has_index_1(case):
    table, count = case
    people = pd.DataFrame(
        [(f"{who}@{u}", "owner", f"U{u}") for u in range(count) for who in table],
        columns=["respondent", "role", "unit"],
    )
    answers = engine_answers({f"{who}@{u}": given_ for u in range(count) for who, given_ in table.items()})
    frame = consistency(unit_results(ITEMS, answers, people), unit_item_results(ITEMS, answers, people))
    compared = frame[frame["items_compared"] > 0]
    assert (compared["index"] == 1.0).all()
    assert (frame["score_range"] == 0).all()
    assert all(deviating == [] for deviating in frame["deviating"])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(list(ITEMS["item"])), st.sampled_from(KEYS)), min_size=2, max_size=5))
def test_index_is_between_0_and_1_and_units_can_be_renamed(tables):
    people = pd.DataFrame(
        [(f"r{i}", "owner", f"U{i % 3}") for i in range(len(tables))], columns=["respondent", "role", "unit"]
    )
    answers = engine_answers({f"r{i}": t for i, t in enumerate(tables)})
    frame = consistency(unit_results(ITEMS, answers, people), unit_item_results(ITEMS, answers, people))
    index = frame["index"].dropna()
    assert ((index >= 0) & (index <= 1)).all()
    renamed = people.assign(unit=people["unit"].map({"U0": "Z", "U1": "Y", "U2": "X"}))
    again = consistency(unit_results(ITEMS, answers, renamed), unit_item_results(ITEMS, answers, renamed))
    pd.testing.assert_series_equal(frame["index"], again["index"])
    pd.testing.assert_series_equal(frame["score_range"], again["score_range"])
