"""Consensus held to tables of expected results: flagged items, perception gaps, "don't know" rates."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.consensus import (
    PERCEPTION_COLUMNS,
    SUMMARY_COLUMNS,
    dont_know_by_role,
    dont_know_rates,
    flagged_items,
    perception_gaps,
    perception_summary,
)
from scoring.maturity import score_maturity
from tests.scoring_tables import answers, items

ITEMS = items(("A", "p", 1), ("B", "p", 1), ("C", "p", 2), ("D", "q", 1), ("E", "q", 2))


def nan_to_none(rows: list[tuple]) -> list[tuple]:
    return [tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row) for row in rows]


@pytest.mark.parametrize(
    ("given_", "flagged"),
    [
        # spread 0.5 with 4 answers: flagged
        (["0", "0", "4", "4"], True),
        # spread 0.5 but only 2 answers: not flagged
        (["0", "4"], False),
        # spread exactly 0.25 (0.25 and 0.75): the boundary is not flagged
        (["1", "3", "1", "3"], False),
        # 0, 0.5, 1: spread 0.408 with 3 answers: flagged
        (["0", "2", "4"], True),
        # unscored answers take no part: only 2 scored answers
        (["0", "4", "unknown", "na", ""], False),
    ],
)
def test_an_item_is_flagged_when_its_spread_exceeds_a_quarter_with_three_answers(given_, flagged):
    result = score_maturity(ITEMS, answers({"A": given_}))
    assert list(flagged_items(result.items)["item"]) == (["A"] if flagged else [])


def test_flagged_items_are_listed_widest_first_and_settled_ones_stay_visible():
    table = {"A": ["0", "2", "4"], "B": ["0", "0", "4", "4"], "C": ["1", "3", "1", "3"], "D": ["0", "0", "0", "4"]}
    result = score_maturity(ITEMS, answers(table), agreed={"B": 0.25})
    frame = flagged_items(result.items)
    assert list(frame.columns) == [
        "item",
        "process",
        "level",
        "dimension",
        "achievement",
        "spread",
        "answers",
        "flagged",
        "agreed",
    ]
    rows = list(frame.round({"spread": 9})[["item", "spread", "answers", "flagged", "agreed"]].itertuples(index=False))
    assert [tuple(row) for row in rows] == [
        ("B", 0.5, 4, False, True),  # settled: no longer open, but shown
        ("D", round(math.sqrt(3) / 4, 9), 4, True, False),
        ("A", round(math.sqrt(1 / 6), 9), 3, True, False),
    ]
    assert frame.loc[0, "achievement"] == 0.25  # the agreed achievement


# Respondents: o1 (process owner), e1 and e2 (process executors), all role weights 1.
#   A: o1 1.0, e1 0.5, e2 0.0 -> a = 0.5          B: o1 0.75, e1 0.25 -> a = 0.5
# owner: own A 1.0, B 0.75 -> achievement 0.875; offsets +0.5, +0.25 -> +0.375
# executor: own A 0.25, B 0.25 -> achievement 0.25; offsets -0.25, -0.25 -> -0.25; gap 0.625
PEOPLE = pd.DataFrame(
    [("o1", "process_owner", "U1"), ("e1", "process_executor", "U1"), ("e2", "process_executor", "U2")],
    columns=["respondent", "role", "unit"],
)
PERCEPTION_ANSWERS = pd.DataFrame(
    [("o1", "A", 1.0), ("e1", "A", 0.5), ("e2", "A", 0.0), ("o1", "B", 0.75), ("e1", "B", 0.25), ("e2", "B", math.nan)],
    columns=["respondent", "item", "value"],
).assign(weight=1.0)


def test_perception_gap_between_roles_on_the_same_items():
    frame = perception_gaps(PERCEPTION_ANSWERS, PEOPLE, ITEMS, min_answers=1)
    assert list(frame.columns) == PERCEPTION_COLUMNS
    assert list(frame.itertuples(index=False, name=None)) == [
        ("p", "process_owner", 0.875, 0.375, 2, 1, 2, True, True, False, 0.625),
        ("p", "process_executor", 0.25, -0.25, 3, 2, 2, True, False, True, 0.625),
    ]


def test_item_weights_weigh_the_items_of_a_role():
    weighted = ITEMS.assign(weight=[1.0, 3.0, 1.0, 1.0, 1.0])
    frame = perception_gaps(PERCEPTION_ANSWERS, PEOPLE, weighted, min_answers=1).set_index("role")
    # owner: (1.0 + 3 * 0.75) / 4 and (0.5 + 3 * 0.25) / 4
    assert (frame.loc["process_owner", "achievement"], frame.loc["process_owner", "offset"]) == (0.8125, 0.3125)
    assert frame.loc["process_owner", "gap"] == 0.5625


def test_a_role_with_too_few_answers_is_shown_but_not_counted():
    frame = perception_gaps(PERCEPTION_ANSWERS, PEOPLE, ITEMS, min_answers=3)
    rows = list(frame[["role", "counted", "highest", "lowest", "gap"]].itertuples(index=False, name=None))
    assert nan_to_none(rows) == [
        ("process_owner", False, False, False, None),
        ("process_executor", True, False, False, None),  # one counted role: no gap
    ]


def test_perception_summary_names_the_extremes_and_owners_against_executors():
    people = pd.concat([PEOPLE, pd.DataFrame([("s1", "sponsor", "U1")], columns=PEOPLE.columns)])
    extra = pd.DataFrame([("s1", "A", 0.5), ("s1", "B", 0.5)], columns=["respondent", "item", "value"]).assign(weight=1)
    # with s1: A: 1.0, 0.5, 0.0, 0.5 -> a = 0.5; B: 0.75, 0.25, 0.5 -> a = 0.5
    frame = perception_summary(perception_gaps(pd.concat([PERCEPTION_ANSWERS, extra]), people, ITEMS, min_answers=1))
    assert list(frame.columns) == SUMMARY_COLUMNS
    assert list(frame.itertuples(index=False, name=None)) == [
        ("p", 3, "process_owner", 0.375, "process_executor", -0.25, 0.625, 0.375, -0.25, 0.625),
    ]  # q has no scored answer: not in the perception frame


# (answers to item D) -> (unknown, given, rate, high); given = scored + na + unknown (an empty cell is no answer)
DONT_KNOW_TABLE = [
    (["4", "3", "unknown", "na", ""], (1, 4, 0.25, True)),
    (["4", "3", "2", "1", "unknown"], (1, 5, 0.2, True)),  # 20 %: at the threshold, a finding
    (["4", "3", "2", "1", "0", "unknown"], (1, 6, 1 / 6, False)),
    (["", ""], (0, 0, None, False)),
    (["unknown"], (1, 1, 1.0, True)),
]


@pytest.mark.parametrize(("given_", "expected"), DONT_KNOW_TABLE)
def test_dont_know_rate_of_an_item(given_, expected):
    result = score_maturity(ITEMS, answers({"D": given_}))
    frame = dont_know_rates(result.items).set_index("item")
    row = tuple(frame.loc["D", ["unknown", "given", "rate", "high"]])
    assert nan_to_none([row]) == [expected]


def test_dont_know_rate_per_process_counts_the_items_with_a_high_rate():
    table = {"A": ["4", "unknown"], "B": ["4", "3", "2", "1", "0"], "D": ["unknown", "unknown", "4"], "E": [""]}
    frame = dont_know_rates(score_maturity(ITEMS, answers(table)).items, by="process")
    assert nan_to_none(list(frame.itertuples(index=False, name=None))) == [
        ("p", 1, 7, 1 / 7, False, 1),
        ("q", 2, 3, 2 / 3, True, 1),
    ]


def test_dont_know_rate_per_role():
    table = answers({"A": ["4", "unknown", "na"], "B": ["unknown", "3", ""]})  # respondents r1, r2, r3
    people = pd.DataFrame({"respondent": ["r1", "r2", "r3"], "role": ["owner", "user", "user"]})
    frame = dont_know_by_role(table, people)
    assert list(frame.itertuples(index=False, name=None)) == [("owner", 1, 2, 0.5, True), ("user", 1, 3, 1 / 3, True)]


def test_dont_know_rates_by_must_be_item_or_process():
    with pytest.raises(ValueError, match="by must be"):
        dont_know_rates(score_maturity(ITEMS, answers({"A": ["4"]})).items, by="unit")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["0", "1", "2", "3", "4"]), min_size=1, max_size=6), st.data())
def test_roles_answering_alike_have_no_perception_gap(values, data):
    """Two roles giving the same answers to the same items: both offsets 0, gap 0."""
    item_ids = data.draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=len(values), max_size=len(values)))
    table = pd.concat(
        [answers({i: [v]}).assign(respondent=who) for who in ("x", "y") for i, v in zip(item_ids, values, strict=True)]
    )
    people = pd.DataFrame({"respondent": ["x", "y"], "role": ["process_owner", "process_executor"]})
    frame = perception_gaps(table, people, ITEMS, min_answers=1)
    assert frame["offset"].abs().max() < 1e-12
    assert frame["gap"].fillna(0).max() < 1e-12
