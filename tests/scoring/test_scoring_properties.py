"""Invariants of the scoring method, checked on generated assessments (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring.maturity import RULES, score_maturity

SCALE_VALUES = [0.0, 0.25, 0.5, 0.75, 1.0]
ANSWER_CHOICES = [*SCALE_VALUES, np.nan]  # NaN: na, unknown or empty
ROLE_WEIGHTS = [0.5, 1.0, 1.5, 2.0, 3.0]
ITEM_WEIGHTS = [0.5, 1.0, 2.0, 3.0]


@st.composite
def assessments(draw, any_values: bool = False):
    """(items, answers): 1-3 processes, 1-10 items each, 1-7 respondents, some unanswered."""
    item_rows = []
    for p in range(draw(st.integers(1, 3))):
        for i in range(draw(st.integers(1, 10))):
            item_rows.append(
                {
                    "item": f"P{p}-{i}",
                    "process": f"p{p}",
                    "level": draw(st.integers(1, 5)),
                    "weight": draw(st.sampled_from(ITEM_WEIGHTS)),
                    "dimension": draw(st.sampled_from(["process", "tools", "people"])),
                }
            )
    items = pd.DataFrame(item_rows)
    value = st.floats(0, 1) | st.just(np.nan) if any_values else st.sampled_from(ANSWER_CHOICES)
    answer_rows = []
    for r in range(draw(st.integers(1, 7))):
        weight = draw(st.sampled_from(ROLE_WEIGHTS))
        for item in items["item"]:
            if draw(st.booleans()) or r == 0:
                answer_rows.append({"respondent": f"r{r}", "item": item, "value": draw(value), "weight": weight})
    answers = pd.DataFrame(answer_rows, columns=["respondent", "item", "value", "weight"])
    return items, answers


def _all_results(items, answers, rule="iso33020"):
    return score_maturity(items, answers, rule=rule)


@settings(max_examples=100, deadline=None)
@given(assessments(any_values=True), st.sampled_from(RULES))
def test_ranges(case, rule):
    """Achievements in [0, 1], score in [0, 5], level in 0..5, gap in 0..target."""
    result = _all_results(*case, rule=rule)
    for frame in (result.items, result.levels, result.dimensions):
        achieved = frame["achievement"].dropna()
        assert ((achieved >= 0) & (achieved <= 1 + 1e-12)).all()
    assert result.processes["score"].between(0, 5 + 1e-12).all()
    assert result.processes["level"].between(0, 5).all()
    assert (result.processes["gap"] <= result.processes["target"]).all()
    assert (result.items["spread"].dropna() >= 0).all()


@settings(max_examples=60, deadline=None)
@given(assessments(any_values=True), st.randoms(use_true_random=False), st.sampled_from(RULES))
def test_row_order_and_respondent_names_do_not_matter(case, random, rule):
    """Shuffling the rows and renaming the respondents changes nothing, to the last bit."""
    items, answers = case
    shuffled = answers.sample(frac=1, random_state=random.randint(0, 2**31)).reset_index(drop=True)
    names = {name: f"x{random.random()}" for name in answers["respondent"].unique()}
    shuffled["respondent"] = shuffled["respondent"].map(names)
    before, after = _all_results(items, answers, rule), _all_results(items, shuffled, rule)
    for name in ("items", "levels", "processes", "dimensions"):
        pdt.assert_frame_equal(getattr(before, name), getattr(after, name))


@settings(max_examples=60, deadline=None)
@given(assessments(), st.sampled_from([0.25, 0.5, 2.0, 4.0, 8.0]), st.sampled_from(RULES))
def test_scaling_all_role_weights_by_a_power_of_two_changes_nothing(case, factor, rule):
    items, answers = case
    scaled = answers.assign(weight=answers["weight"] * factor)
    before, after = _all_results(items, answers, rule), _all_results(items, scaled, rule)
    for name in ("items", "levels", "processes", "dimensions"):
        pdt.assert_frame_equal(getattr(before, name), getattr(after, name))


@settings(max_examples=60, deadline=None)
@given(assessments(), st.floats(0.1, 10), st.sampled_from(RULES))
def test_scaling_all_role_weights_by_any_factor_keeps_ratings_and_levels(case, factor, rule):
    """Any factor: ratings and levels exactly, achievements to floating-point precision."""
    items, answers = case
    scaled = answers.assign(weight=answers["weight"] * factor)
    before, after = _all_results(items, answers, rule), _all_results(items, scaled, rule)
    assert before.levels["rating"].tolist() == after.levels["rating"].tolist()
    assert before.processes["level"].tolist() == after.processes["level"].tolist()
    pdt.assert_series_equal(before.items["achievement"], after.items["achievement"], rtol=1e-12)
    pdt.assert_series_equal(before.processes["score"], after.processes["score"], rtol=1e-12)


@settings(max_examples=150, deadline=None)
@given(assessments(), st.data())
def test_raising_one_answer_never_lowers_anything(case, data):
    """Raise one scored answer: no achievement, score or iso33020 level goes down."""
    items, answers = case
    scored_rows = [i for i, v in enumerate(answers["value"]) if v < 1.0]  # NaN compares False: unscored left out
    assume(scored_rows)
    row = data.draw(st.sampled_from(scored_rows))
    raised = answers.copy()
    raised.at[row, "value"] = data.draw(st.sampled_from([v for v in SCALE_VALUES if v > answers.at[row, "value"]]))
    before, after = _all_results(items, answers), _all_results(items, raised)
    for name in ("items", "levels", "dimensions"):
        old, new = getattr(before, name)["achievement"], getattr(after, name)["achievement"]
        assert (new.isna() == old.isna()).all()
        assert (new[old.notna()] >= old[old.notna()]).all()
    assert (after.processes["score"] >= before.processes["score"]).all()
    assert (after.processes["level"] >= before.processes["level"]).all()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),
            st.sampled_from([0.0, -0.0, 0.25, 1.0, np.inf]) | st.floats(-2, 2),
            st.sampled_from([1.0, 2.0, np.nan]) | st.floats(0, 3),
        ),
        max_size=300,
    ),
    st.integers(31, 40),
)
def test_the_canonical_order_is_the_sort_by_item_value_and_weight(rows, n_items):
    """Written out from counts or sorted, the answers come in the same order, so every sum adds the same terms."""
    from scoring.maturity import _canonical_order

    codes = np.array([row[0] for row in rows], dtype=np.intp)
    values = np.array([row[1] for row in rows], dtype=float)
    weights = np.array([row[2] for row in rows], dtype=float)
    order = np.lexsort((weights, values, codes))
    expected = codes[order], values[order], weights[order]
    for got, want in zip(_canonical_order(codes, values, weights, n_items), expected, strict=True):
        np.testing.assert_array_equal(got, want)
