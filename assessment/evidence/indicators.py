"""The verdict of an indicator: does the ticket data confirm or contradict the achievement an item was rated?

An item counts as rated achieved when its achievement is at least 85 % (the floor of ISO/IEC 33020's F); the data
confirms it when the KPI meets its threshold, and confirms an item rated below that when the KPI misses it. The
other two cases are contradictions: "overrated" (rated achieved, the data misses) and "underrated" (rated below,
the data meets).
"""

from __future__ import annotations

import math
from typing import Literal

ACHIEVED = 0.85  # an item rated at least this counts as achieved
PRECISION = 9  # compared rounded, as scoring compares achievements: 0.1 + 0.75 is 0.85

Verdict = Literal["confirmed", "contradicted"]
Kind = Literal["overrated", "underrated"]


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def rated_achieved(achievement: float) -> bool:
    """Whether an item with this achievement counts as achieved."""
    return round(achievement, PRECISION) >= ACHIEVED


def meets(value: float, direction: str, threshold: float) -> bool:
    """Whether a KPI's value meets its threshold: at least or at most it, the threshold itself meeting."""
    value, threshold = round(value, PRECISION), round(threshold, PRECISION)
    if direction == "at_least":
        return value >= threshold
    if direction == "at_most":
        return value <= threshold
    raise ValueError(f"unknown direction {direction!r}; use at_least or at_most")


def judge(achievement: float | None, value: float | None, direction: str, threshold: float) -> Verdict | None:
    """Confirmed when the rating and the data agree, contradicted when they do not; None when either is missing."""
    if _missing(achievement) or _missing(value):
        return None
    return "confirmed" if rated_achieved(achievement) == meets(value, direction, threshold) else "contradicted"


def kind_of(achievement: float | None, value: float | None, direction: str, threshold: float) -> Kind | None:
    """How a contradiction goes: "overrated" or "underrated"; None when the data confirms or cannot judge."""
    if judge(achievement, value, direction, threshold) != "contradicted":
        return None
    return "overrated" if rated_achieved(achievement) else "underrated"
