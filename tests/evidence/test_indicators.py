"""The verdict of an indicator: the whole truth table, its boundaries, and missing values."""

from __future__ import annotations

import math

import pytest

from assessment.evidence.indicators import judge, kind_of, meets, rated_achieved


@pytest.mark.parametrize(
    ("achievement", "value", "direction", "threshold", "verdict", "kind"),
    [
        # rated achieved (>= 85 %)
        (0.90, 0.95, "at_least", 0.9, "confirmed", None),
        (0.90, 0.80, "at_least", 0.9, "contradicted", "overrated"),
        (0.90, 0.01, "at_most", 0.02, "confirmed", None),
        (0.90, 0.10, "at_most", 0.02, "contradicted", "overrated"),
        # rated below
        (0.60, 0.80, "at_least", 0.9, "confirmed", None),
        (0.60, 0.95, "at_least", 0.9, "contradicted", "underrated"),
        (0.60, 0.10, "at_most", 0.02, "confirmed", None),
        (0.60, 0.01, "at_most", 0.02, "contradicted", "underrated"),
        # the boundaries: 85 % counts as achieved, a value on the threshold meets it (sums that miss by a rounding)
        (0.1 + 0.75, 0.9, "at_least", 0.9, "confirmed", None),
        (0.8499, 0.9, "at_least", 0.9, "contradicted", "underrated"),
        (1.0, 0.7 + 0.2, "at_least", 0.9, "confirmed", None),
        (1.0, 0.02, "at_most", 0.02, "confirmed", None),
        (0.0, 0.0, "at_least", 0.0, "contradicted", "underrated"),
        # hours: a median resolution time of 30 h against at most 24 h
        (0.95, 30.0, "at_most", 24, "contradicted", "overrated"),
    ],
)
def test_the_verdict_of_each_case(achievement, value, direction, threshold, verdict, kind):
    assert judge(achievement, value, direction, threshold) == verdict
    assert kind_of(achievement, value, direction, threshold) == kind


@pytest.mark.parametrize(("achievement", "value"), [(None, 0.9), (0.9, None), (math.nan, 0.9), (0.9, math.nan)])
def test_nothing_is_judged_without_an_achievement_or_a_value(achievement, value):
    assert judge(achievement, value, "at_least", 0.9) is None
    assert kind_of(achievement, value, "at_least", 0.9) is None


def test_achieved_and_met_are_what_the_docs_say():
    assert [rated_achieved(a) for a in (0.84999, 0.85, 1.0)] == [False, True, True]
    assert [meets(v, "at_least", 0.5) for v in (0.49, 0.5, 0.51)] == [False, True, True]
    assert [meets(v, "at_most", 0.5) for v in (0.49, 0.5, 0.51)] == [True, True, False]
    with pytest.raises(ValueError, match="unknown direction 'above'"):
        meets(0.5, "above", 0.5)
