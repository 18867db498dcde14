"""Baseline against re-assessment: the change per process, level and item; a trend over several assessments."""

# DataFrame in, DataFrame out, no I/O (docs/analysis.md, "Comparison"). Both sides are MaturityResults of the same
# client, scored under the same rule (the caller's concern). Processes and items are matched by id; one present on
# one side only is kept, with status `baseline_only` or `current_only` (else `both`) and its missing side empty.
# Rows follow the current assessment's order, then the baseline's leftovers.

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.maturity import MaturityResult

RATING_STEPS = {"N": 0, "P": 1, "L": 2, "F": 3}
STATUSES = ("both", "baseline_only", "current_only")


@dataclass(frozen=True)
class Comparison:
    """The change from a baseline to a re-assessment, per process, per level and per item."""

    processes: pd.DataFrame
    levels: pd.DataFrame
    items: pd.DataFrame


def _outer(before: pd.DataFrame, after: pd.DataFrame, keys: list[str], columns: list[str]) -> pd.DataFrame:
    """Both sides side by side (`x_before`, `x_after`), current order first, with the status of each row."""
    left = before.loc[:, keys + columns].rename(columns={c: f"{c}_before" for c in columns})
    right = after.loc[:, keys + columns].rename(columns={c: f"{c}_after" for c in columns})
    left["_in_before"] = np.arange(len(left))
    right["_in_after"] = np.arange(len(right))
    merged = right.merge(left, on=keys, how="outer", sort=False)
    merged = merged.sort_values(["_in_after", "_in_before"], na_position="last", kind="stable")
    in_before, in_after = merged["_in_before"].notna(), merged["_in_after"].notna()
    merged["status"] = np.select([in_before & in_after, in_before], ["both", "baseline_only"], "current_only")
    return merged.drop(columns=["_in_before", "_in_after"]).reset_index(drop=True)


def _steps(ratings: pd.Series) -> pd.Series:
    return ratings.map(RATING_STEPS).astype("Int64")


def compare(baseline: MaturityResult, current: MaturityResult) -> Comparison:
    """The change from `baseline` to `current`: levels, scores, gaps per process; achievements per level and item."""
    processes = _outer(
        baseline.processes, current.processes, ["process"], ["level", "score", "coverage", "target", "gap"]
    )
    for name in ("level", "target", "gap"):
        for side in ("before", "after"):
            processes[f"{name}_{side}"] = processes[f"{name}_{side}"].astype("Int64")
    processes["level_change"] = processes["level_after"] - processes["level_before"]
    processes["score_change"] = processes["score_after"] - processes["score_before"]
    processes["gap_change"] = processes["gap_after"] - processes["gap_before"]
    processes = processes.loc[
        :,
        [
            "process",
            "status",
            "level_before",
            "level_after",
            "level_change",
            "score_before",
            "score_after",
            "score_change",
            "target_before",
            "target_after",
            "gap_before",
            "gap_after",
            "gap_change",
            "coverage_before",
            "coverage_after",
        ],
    ]

    levels = _outer(baseline.levels, current.levels, ["process", "level"], ["achievement", "rating"])
    levels["level"] = levels["level"].astype(int)
    levels["achievement_change"] = levels["achievement_after"] - levels["achievement_before"]
    levels["rating_change"] = _steps(levels["rating_after"]) - _steps(levels["rating_before"])
    for side in ("rating_before", "rating_after"):
        levels[side] = levels[side].astype(object).where(levels[side].notna(), None)
    levels = levels.loc[
        :,
        [
            "process",
            "level",
            "status",
            "achievement_before",
            "achievement_after",
            "achievement_change",
            "rating_before",
            "rating_after",
            "rating_change",
        ],
    ]

    items = _outer(baseline.items, current.items, ["item"], ["process", "level", "achievement", "answers"])
    items["process"] = items["process_after"].where(items["process_after"].notna(), items["process_before"])
    items["level"] = items["level_after"].where(items["level_after"].notna(), items["level_before"]).astype(int)
    items["change"] = items["achievement_after"] - items["achievement_before"]
    items["answers_before"] = items["answers_before"].astype("Int64")
    items["answers_after"] = items["answers_after"].astype("Int64")
    items = items.loc[
        :,
        [
            "item",
            "process",
            "level",
            "status",
            "achievement_before",
            "achievement_after",
            "change",
            "answers_before",
            "answers_after",
        ],
    ]
    return Comparison(processes, levels, items)


def trend(results: Sequence[tuple[str, MaturityResult]]) -> pd.DataFrame:
    """Level and score of every process in each labelled result, in the order given: [label, process, level, score]."""
    labels = [label for label, _ in results]
    if len(set(labels)) != len(labels):
        raise ValueError("every result of a trend needs its own label")
    frames = [
        result.processes.loc[:, ["process", "level", "score", "target", "coverage"]].assign(label=label)
        for label, result in results
    ]
    columns = ["label", "process", "level", "score", "target", "coverage"]
    if not frames:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(frames, ignore_index=True).loc[:, columns]
    frame["level"] = frame["level"].astype(int)
    frame["target"] = frame["target"].astype(int)
    return frame
