"""The scoring engine held to tables of expected results (spec/scoring.md)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scoring.maturity import rate, score_maturity
from tests.scoring_tables import answers, items

# The worked example of spec/scoring.md §7: process `change`, all weights 1.
WORKED_ITEMS = items(
    ("C1a", "change", 1),
    ("C1b", "change", 1),
    ("C2a", "change", 2),
    ("C2b", "change", 2),
    ("C2c", "change", 2),
    ("C3a", "change", 3),
    ("C3b", "change", 3),
    ("C4a", "change", 4),
    ("C5a", "change", 5),
)
WORKED_ANSWERS = answers(
    {"C1a": ["4"], "C1b": ["4"], "C2a": ["4"], "C2b": ["3"], "C2c": ["2"], "C3a": ["1"], "C3b": ["2"]}
)


def level_table(result, process="change"):
    """(level, achievement, rating, items, answered) rows of one process."""
    frame = result.levels[result.levels["process"] == process]
    return [
        (int(r.level), None if math.isnan(r.achievement) else r.achievement, r.rating, int(r.items), int(r.answered))
        for r in frame.itertuples()
    ]


def process_row(result, process="change"):
    return result.processes.set_index("process").loc[process]


def test_worked_example_iso33020():
    result = score_maturity(WORKED_ITEMS, WORKED_ANSWERS)
    assert level_table(result) == [
        (1, 1.0, "F", 2, 2),
        (2, 0.75, "L", 3, 3),
        (3, 0.375, "P", 2, 2),
        (4, None, None, 1, 0),
        (5, None, None, 1, 0),
    ]
    row = process_row(result)
    assert row["level"] == 2
    assert row["score"] == 2.125
    assert row["coverage"] == pytest.approx(7 / 9)
    assert (row["target"], row["gap"]) == (3, 1)


def test_worked_example_c2m2_level_is_one():
    """The level-2 item answered 2 has a_i = 0.50, which is not > 0.50."""
    result = score_maturity(WORKED_ITEMS, WORKED_ANSWERS, rule="c2m2")
    row = process_row(result)
    assert (row["level"], row["score"], row["gap"]) == (1, 2.125, 2)


@pytest.mark.parametrize(
    ("achievement", "rating"),
    [
        (0.0, "N"),
        (0.15, "N"),
        (0.150000001, "P"),
        (0.1 + 0.05, "N"),  # 0.15000000000000002 in floating point: rounded to 9 places first
        (0.5, "P"),
        (0.500000001, "L"),
        (0.85, "L"),
        (0.850000001, "F"),
        (1.0, "F"),
        (math.nan, None),
    ],
)
def test_rating_boundaries(achievement, rating):
    assert rate(np.array([achievement]))[0] == rating


@pytest.mark.parametrize(
    ("values", "rating"),
    [
        ([0.25, 0.05], "N"),  # mean exactly 0.15
        ([0.3, 0.0], "N"),
        ([0.3, 0.0000000025], "P"),  # 0.15000000125 rounds to 0.150000001
        ([0.5, 0.5], "P"),
        ([0.75, 0.25], "P"),  # 0.50 exactly
        ([0.85, 0.85], "L"),
        ([1.0, 0.7], "L"),  # 0.85 exactly
        ([1.0, 0.75], "F"),  # 0.875
    ],
)
def test_rating_boundaries_through_the_engine(values, rating):
    """Two level-1 items, one respondent each: A is the mean of the values."""
    result = score_maturity(
        items(("a", "p", 1), ("b", "p", 1)), answers({"a": [values[0]], "b": [values[1]]}), targets={}
    )
    assert level_table(result, "p")[0][2] == rating


def test_not_rated_level_blocks_higher_levels():
    """Level 1 has items but no scored answer: not rated, not achieved, so the level is 0."""
    result = score_maturity(
        items(("a", "p", 1), ("b", "p", 2)), answers({"a": ["na", "unknown", ""], "b": ["4", "4", "4"]})
    )
    assert level_table(result, "p")[:2] == [(1, None, None, 1, 0), (2, 1.0, "F", 1, 1)]
    row = process_row(result, "p")
    assert (row["level"], row["score"], row["coverage"]) == (0, 1.0, 0.5)
    assert process_row(score_maturity(result.items, answers({}), rule="c2m2"), "p")["level"] == 0


@pytest.mark.parametrize(
    ("level_answers", "iso_level", "c2m2_level"),
    [
        # level 1 L (0.75) → level 1 under iso33020; c2m2 needs every item > 0.5: 0.75 passes
        ({1: ["3"], 2: ["4"], 3: ["4"]}, 1, 3),
        # all F → 3 (levels 4 and 5 have no items: not rated)
        ({1: ["4"], 2: ["4"], 3: ["4"]}, 3, 3),
        # level 2 P blocks level 2 and above
        ({1: ["4"], 2: ["2"], 3: ["4"]}, 1, 1),
        # level 1 N → 0
        ({1: ["0"], 2: ["4"], 3: ["4"]}, 0, 0),
        # level 3 L above two F → 3; c2m2 3 too (0.75 > 0.5)
        ({1: ["4"], 2: ["4"], 3: ["3"]}, 3, 3),
        # level 1 exactly 0.5 → P under iso33020; c2m2 blocks (not > 0.5)
        ({1: ["2"], 2: ["4"], 3: ["4"]}, 0, 0),
    ],
)
def test_level_rules(level_answers, iso_level, c2m2_level):
    frame = items(*[(f"i{k}", "p", k) for k in level_answers])
    given = answers({f"i{k}": v for k, v in level_answers.items()})
    assert process_row(score_maturity(frame, given), "p")["level"] == iso_level
    assert process_row(score_maturity(frame, given, rule="c2m2"), "p")["level"] == c2m2_level


def test_c2m2_is_item_by_item():
    """Level 1 averages 0.75 (L/F under iso33020 terms) but one item is at 0.5: c2m2 level 0."""
    frame = items(("a", "p", 1), ("b", "p", 1))
    given = answers({"a": ["4"], "b": ["2"]})
    assert level_table(score_maturity(frame, given), "p")[0][1:3] == (0.75, "L")
    assert process_row(score_maturity(frame, given), "p")["level"] == 1
    assert process_row(score_maturity(frame, given, rule="c2m2"), "p")["level"] == 0


def test_c2m2_requires_every_level_rated():
    """Levels 1 and 3 fully achieved, level 2 has an item nobody scored: c2m2 stops at 1."""
    frame = items(("a", "p", 1), ("b", "p", 2), ("c", "p", 3))
    given = answers({"a": ["4"], "b": ["na"], "c": ["4"]})
    assert process_row(score_maturity(frame, given, rule="c2m2"), "p")["level"] == 1


def test_item_weights_weigh_the_level():
    """A(p,1) = (3·1.0 + 1·0.0) / 4 = 0.75."""
    result = score_maturity(items(("a", "p", 1, 3.0), ("b", "p", 1, 1.0)), answers({"a": ["4"], "b": ["0"]}))
    assert level_table(result, "p")[0][1:3] == (0.75, "L")


def test_role_weights_weigh_the_item():
    """a_i = (2·1.0 + 1·0.0 + 1·0.5) / 4 = 0.625 with the first respondent weighing 2."""
    given = answers({"a": ["4", "0", "2"]}, weights={"r1": 2.0})
    result = score_maturity(items(("a", "p", 1)), given)
    row = result.items.set_index("item").loc["a"]
    assert row["achievement"] == 0.625
    # weighted population standard deviation: sqrt((2·0.375² + 0.625² + 0.125²) / 4)
    assert row["spread"] == pytest.approx(math.sqrt((2 * 0.375**2 + 0.625**2 + 0.125**2) / 4))


def test_unscored_answers_are_counted_but_not_averaged():
    given = answers({"a": ["4", "na", "unknown", "", "2"]})
    row = score_maturity(items(("a", "p", 1)), given).items.set_index("item").loc["a"]
    assert (row["achievement"], row["answers"], row["na"], row["unknown"], row["empty"]) == (0.75, 2, 1, 1, 1)


@pytest.mark.parametrize(
    ("given", "spread", "flagged"),
    [
        (["0", "4", "0", "4"], 0.5, True),
        (["0", "4"], 0.5, False),  # only 2 scored answers
        (["0", "4", "na"], 0.5, False),
        (["1", "3", "1", "3"], 0.25, False),  # exactly 0.25 does not exceed
        (["1", "3", "1", "4"], None, True),
        (["2", "2", "2"], 0.0, False),
    ],
)
def test_spread_and_flag(given, spread, flagged):
    row = score_maturity(items(("a", "p", 1)), answers({"a": given})).items.set_index("item").loc["a"]
    if spread is not None:
        assert row["spread"] == pytest.approx(spread)
    assert bool(row["flagged"]) is flagged


def test_dimension_profile_is_weighted_over_all_levels():
    frame = items(("a", "p", 1, 1.0, "process"), ("b", "p", 3, 3.0, "process"), ("c", "p", 2, 1.0, "tools"))
    result = score_maturity(frame, answers({"a": ["4"], "b": ["0"], "c": ["na"]}))
    profile = {r.dimension: (r.achievement, r.items, r.answered) for r in result.dimensions.itertuples()}
    assert profile["process"] == (0.25, 2, 2)
    assert math.isnan(profile["tools"][0])
    assert profile["tools"][1:] == (1, 0)


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        ({}, (3, 1)),
        ({"change": 5}, (5, 3)),
        ({"change": 2}, (2, 0)),
        ({"change": 1}, (1, 0)),  # never negative
        ({"other": 5}, (3, 1)),
    ],
)
def test_targets_and_gap(targets, expected):
    row = process_row(score_maturity(WORKED_ITEMS, WORKED_ANSWERS, targets=targets))
    assert (row["target"], row["gap"]) == expected


def test_processes_keep_the_given_order_and_empty_ones_are_listed():
    result = score_maturity(WORKED_ITEMS, WORKED_ANSWERS, processes=["incident", "change"])
    assert list(result.processes["process"]) == ["incident", "change"]
    incident = process_row(result, "incident")
    assert (incident["level"], incident["score"], incident["items"]) == (0, 0.0, 0)
    assert math.isnan(incident["coverage"])
    assert len(result.levels) == 10


def test_answers_to_unknown_items_are_ignored():
    given = answers({"C1a": ["4"], "zzz": ["0"]})
    result = score_maturity(WORKED_ITEMS, given)
    assert list(result.items["item"]) == list(WORKED_ITEMS["item"])
    assert level_table(result)[0][1] == 1.0


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown rule 'cmmi'"):
        score_maturity(WORKED_ITEMS, WORKED_ANSWERS, rule="cmmi")


def test_an_agreed_achievement_replaces_the_average_and_clears_the_flag():
    given = answers({"a": ["0", "4", "0", "4"], "b": ["4"]})
    frame = items(("a", "p", 1), ("b", "p", 1))
    before = score_maturity(frame, given).items.set_index("item").loc["a"]
    assert (before["achievement"], bool(before["flagged"]), bool(before["agreed"])) == (0.5, True, False)
    result = score_maturity(frame, given, agreed={"a": 0.75})
    row = result.items.set_index("item").loc["a"]
    assert (row["achievement"], bool(row["flagged"]), bool(row["agreed"]), row["spread"]) == (0.75, False, True, 0.5)
    assert level_table(result, "p")[0][1:3] == (0.875, "F")
