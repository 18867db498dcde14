"""Gaps to the targets and the priority of closing each one (docs/analysis.md, "Gaps and priorities")."""

# priority = 40·G + 25·I + 25·P + 10·E, each part in [0, 1]; 0 when the process has reached its target level
#   G = (gap + score_gap) / (2 · target)      how far from the target, in levels and in score
#   I = (importance − 1) / 4                  business importance 1..5; unknown counts as 0.5
#   P = min(1, pain / 15)                     pain = sum of the severities (1..5) of the pain points naming it
#   E = 1 − min(effort, 250) / 250            person-days of the actions closing the gap; unknown counts as 0.5

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from scoring.maturity import DEFAULT_TARGET, PRECISION

# Points of each part in the priority; they add up to 100.
WEIGHTS: dict[str, float] = {"gap": 40.0, "importance": 25.0, "pain": 25.0, "effort": 10.0}
IMPORTANCE_MIN, IMPORTANCE_MAX = 1.0, 5.0
UNKNOWN_PART = 0.5  # an unknown importance or effort sits in the middle of its range
PAIN_FULL = 15.0  # three pain points of severity 5 fill the pain part
EFFORT_FULL = 250.0  # person-days (about one person-year) at which the effort part reaches 0
# Default target from business importance (rounded to a whole number): 5 -> 4, 3-4 -> 3, 1-2 -> 2.
TARGET_BY_IMPORTANCE = {1: 2, 2: 2, 3: 3, 4: 3, 5: 4}

COLUMNS = [
    "process",
    "level",
    "target",
    "gap",
    "score",
    "score_gap",
    "importance",
    "pain",
    "pain_points",
    "effort",
    "gap_part",
    "importance_part",
    "pain_part",
    "effort_part",
    "priority",
    "rank",
]


def default_targets(importance: Mapping[str, float], processes: Iterable[str]) -> dict[str, int]:
    """Target level per process from its business importance (TARGET_BY_IMPORTANCE); 3 when unknown."""
    processes = list(processes)
    given = pd.to_numeric(pd.Series([importance.get(p) for p in processes], dtype=object), errors="coerce")
    rounded = np.floor(given.clip(IMPORTANCE_MIN, IMPORTANCE_MAX) + 0.5)  # half up: 4.5 -> 5
    targets = rounded.map(TARGET_BY_IMPORTANCE).fillna(DEFAULT_TARGET).astype(int)
    return dict(zip(processes, targets.tolist(), strict=True))


def pain_by_process(pain: pd.DataFrame) -> pd.DataFrame:
    """Per process named by a pain point: pain (sum of the severities) and pain_points (how many)."""
    severity = pd.to_numeric(pain["severity"], errors="coerce").clip(lower=0)
    known = severity.notna().to_numpy()
    grouped = severity[known].groupby(pain["process"].astype(object)[known], sort=False)
    return pd.DataFrame({"pain": grouped.sum(), "pain_points": grouped.size()}).rename_axis("process").reset_index()


def gap_priorities(
    processes: pd.DataFrame,
    importance: Mapping[str, float],
    pain: pd.DataFrame,
    effort: Mapping[str, float],
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Gap, score gap and priority of every process with the points of each part, most urgent first."""
    # processes: MaturityResult.processes; pain: one row per pain point and process it names (process, severity);
    # effort: process -> person-days of the actions closing its gap; weights: replaces WEIGHTS (same keys, sum 100)
    points = _checked_weights(weights)
    frame = processes.loc[:, ["process", "level", "target", "score"]].reset_index(drop=True)
    target = frame["target"].to_numpy(dtype=float)
    level = frame["level"].to_numpy(dtype=float)
    score = frame["score"].to_numpy(dtype=float)
    frame.insert(3, "gap", np.maximum(0.0, target - level).astype(int))
    frame["score_gap"] = np.maximum(0.0, target - score)

    frame["importance"] = pd.to_numeric(frame["process"].map(dict(importance)), errors="coerce").astype(float)
    pains = pain_by_process(pain).set_index("process")
    frame["pain"] = frame["process"].map(pains["pain"]).fillna(0.0).astype(float)
    frame["pain_points"] = frame["process"].map(pains["pain_points"]).fillna(0).astype(int)
    frame["effort"] = pd.to_numeric(frame["process"].map(dict(effort)), errors="coerce").astype(float)

    with np.errstate(invalid="ignore", divide="ignore"):
        gap_share = np.where(target > 0, (frame["gap"] + frame["score_gap"]) / (2.0 * target), 0.0)
    spread = IMPORTANCE_MAX - IMPORTANCE_MIN
    importance_share = ((frame["importance"].clip(IMPORTANCE_MIN, IMPORTANCE_MAX) - IMPORTANCE_MIN) / spread).fillna(
        UNKNOWN_PART
    )
    pain_share = np.minimum(1.0, frame["pain"] / PAIN_FULL)
    effort_share = (1.0 - np.minimum(frame["effort"].clip(lower=0), EFFORT_FULL) / EFFORT_FULL).fillna(UNKNOWN_PART)

    open_gap = frame["gap"].to_numpy() > 0  # a process at its target level has no gap to close
    for name, share in (
        ("gap", gap_share),
        ("importance", importance_share),
        ("pain", pain_share),
        ("effort", effort_share),
    ):
        frame[f"{name}_part"] = np.where(open_gap, points[name] * np.asarray(share, dtype=float), 0.0)
    frame["priority"] = frame[["gap_part", "importance_part", "pain_part", "effort_part"]].sum(axis=1)

    # most urgent first; ties go to the larger gap, then to the more important process, then input order
    frame["_order"] = np.arange(len(frame))
    frame["_priority"] = np.round(frame["priority"], PRECISION)
    frame = frame.sort_values(
        ["_priority", "score_gap", "importance", "_order"], ascending=[False, False, False, True], na_position="last"
    )
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame.loc[:, COLUMNS].reset_index(drop=True)


def _checked_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """The points of each part; raises ValueError unless the four parts are given and add up to 100."""
    if weights is None:
        return dict(WEIGHTS)
    if set(weights) != set(WEIGHTS):
        raise ValueError(f"weights must name exactly {', '.join(WEIGHTS)}")
    if any(float(value) < 0 for value in weights.values()) or not np.isclose(sum(weights.values()), 100.0):
        raise ValueError("weights must be non-negative and add up to 100")
    return {name: float(value) for name, value in weights.items()}
