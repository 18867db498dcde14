"""A ticket log's events as process mining reads them: cases in time order, their variants and their steps.

Vectorized over the events (a million rows): the activities are a categorical, a case's events are adjacent, and
only the distinct variants are ever turned into Python tuples of names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from assessment.messages import render_message

TOP_BOTTLENECKS = 5
# A process has tens of states (ServiceNow's incident has eight; an event log naming state and group, a few
# hundred at most). Thousands mean a free-text column was mapped as the activity: discovering and replaying a
# model of them would take hours and mean nothing.
MAX_ACTIVITIES = 500


class MiningUnavailable(Exception):
    """The log holds no process flow to mine (no activity, no time, one row per ticket)."""

    def __init__(self, code: str, params: dict[str, Any]):
        self.code, self.params = code, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The reason, in English or Chinese."""
        return render_message(self.code, self.params, lang)


def event_table(log: Any, unit_field: str = "unit") -> pd.DataFrame:
    """The log's events, a case's events together in time order: case, activity (a categorical), stamp, unit (the
    case's final one), seq. Raises MiningUnavailable."""
    if log.shape != "events":  # the first reason: a snapshot has no flow, whichever fields it maps
        raise MiningUnavailable("mining_snapshot", {"file": log.name})
    frame = log.frame
    clocks = [field for field in ("updated_at", "time") if field in frame.columns]
    missing = [field for field in ("ticket", "activity") if field not in frame.columns]
    if not clocks:
        missing.append("time / updated_at")
    if missing:
        raise MiningUnavailable("mining_unavailable", {"file": log.name, "missing": missing})
    # the same clock as the KPIs' final state: the updated-at field where mapped, else the event time
    stamp = frame[clocks[0]]
    for other in clocks[1:]:
        stamp = stamp.fillna(frame[other])
    events = pd.DataFrame(
        {
            "case": frame["ticket"].astype("string"),
            "activity": frame["activity"].astype("string"),
            "stamp": stamp,
            "unit": frame[unit_field].astype("string") if unit_field in frame.columns else pd.NA,
            "seq": frame["seq"] if "seq" in frame.columns else np.arange(len(frame)),
        }
    )
    events = events.dropna(subset=["case", "activity", "stamp"])
    if events.empty:
        raise MiningUnavailable("mining_no_events", {"file": log.name})
    # ties in time keep the file's order
    events = events.sort_values(["case", "stamp", "seq"], kind="mergesort").reset_index(drop=True)
    events["unit"] = events.groupby("case", sort=False)["unit"].transform("last").astype("string")
    events["activity"] = events["activity"].astype("category")
    if len(events["activity"].cat.categories) > MAX_ACTIVITIES:
        too_many = {"file": log.name, "count": len(events["activity"].cat.categories), "limit": MAX_ACTIVITIES}
        raise MiningUnavailable("mining_too_many_activities", too_many)
    return events


def sample_cases(events: pd.DataFrame, max_cases: int) -> pd.DataFrame:
    """The events of `max_cases` cases chosen by a fixed hash of their ids: the same cases on every run."""
    cases = pd.Series(events["case"].unique())
    if len(cases) <= max_cases:
        return events
    hashes = pd.util.hash_pandas_object(cases, index=False).to_numpy()
    kept = cases.iloc[np.argsort(hashes, kind="stable")[:max_cases]]
    return events[events["case"].isin(kept)].reset_index(drop=True)


def case_starts(events: pd.DataFrame) -> np.ndarray:
    """The position of each case's first event (a case's events are adjacent)."""
    codes = pd.factorize(events["case"])[0]
    return np.flatnonzero(np.diff(codes, prepend=-1))


def case_table(events: pd.DataFrame) -> pd.DataFrame:
    """One row per case: case, unit, variant (its activities in order, a tuple of names)."""
    starts = case_starts(events)
    codes = events["activity"].cat.codes.to_numpy()
    names = [str(name) for name in events["activity"].cat.categories]
    keys = [tuple(part.tolist()) for part in np.split(codes, starts[1:])]
    named = {key: tuple(names[code] for code in key) for key in set(keys)}
    return pd.DataFrame(
        {
            "case": events["case"].array[starts],
            "unit": events["unit"].array[starts],
            "variant": [named[key] for key in keys],
        }
    )


def variant_counts(cases: pd.DataFrame) -> Counter[tuple[str, ...]]:
    """Cases per variant."""
    return Counter(cases["variant"])


def transitions(events: pd.DataFrame) -> pd.DataFrame:
    """Every directly-follows step within a case: case (a number), activity, next activity, hours between, unit."""
    continues = np.ones(len(events), dtype=bool)
    continues[case_starts(events)] = False
    after = np.flatnonzero(continues)
    before = after - 1
    stamp = events["stamp"]
    if isinstance(stamp.dtype, pd.DatetimeTZDtype):
        stamp = stamp.dt.tz_convert(None)
    clock = stamp.to_numpy()
    activity = events["activity"].array
    return pd.DataFrame(
        {
            "case": pd.factorize(events["case"])[0][before],
            "activity": activity[before],
            "next": activity[after],
            "hours": (clock[after] - clock[before]) / np.timedelta64(1, "h"),
            "unit": events["unit"].array[before],
        }
    )


@dataclass(frozen=True)
class FlowCounts:
    """What a map and the bottlenecks are drawn from, for one unit or all cases."""

    activities: dict[str, int] = field(default_factory=dict)  # events per activity
    starts: dict[str, int] = field(default_factory=dict)  # cases per first activity
    ends: dict[str, int] = field(default_factory=dict)  # cases per last activity
    edges: dict[tuple[str, str], int] = field(default_factory=dict)  # how often B directly follows A
    bottlenecks: list[tuple[str, str, float, int]] = field(default_factory=list)


def flow_counts(events: pd.DataFrame, steps: pd.DataFrame) -> tuple[FlowCounts, dict[str, FlowCounts]]:
    """The counts of all cases, and of each unit: one grouping over all the events, however many units."""
    starts = case_starts(events)
    ends = np.append(starts[1:], len(events)) - 1
    tallies: dict[str, pd.Series] = {
        "activities": events.groupby(["unit", "activity"], observed=True, dropna=False).size(),
        "starts": events.iloc[starts].groupby(["unit", "activity"], observed=True, dropna=False).size(),
        "ends": events.iloc[ends].groupby(["unit", "activity"], observed=True, dropna=False).size(),
    }
    overall = FlowCounts(
        **{name: _by_activity(tally.groupby(level=1, observed=True).sum()) for name, tally in tallies.items()},
        edges=_by_pair(steps.groupby(["activity", "next"], observed=True).size()),
        bottlenecks=bottlenecks(steps),
    )
    units: dict[str, FlowCounts] = {}
    for name, tally in tallies.items():
        for (unit, activity), count in tally.items():
            if not pd.isna(unit) and count:
                getattr(units.setdefault(str(unit), FlowCounts()), name)[str(activity)] = int(count)
    by_unit = steps.dropna(subset=["unit"])
    for (unit, source, target), count in by_unit.groupby(["unit", "activity", "next"], observed=True).size().items():
        if count:
            units[str(unit)].edges[(str(source), str(target))] = int(count)
    for unit, ranked in _ranked(_transition_times(by_unit, ["unit"])).items():
        units[str(unit)].bottlenecks.extend(ranked)
    return overall, units


def bottlenecks(steps: pd.DataFrame, top: int = TOP_BOTTLENECKS) -> list[tuple[str, str, float, int]]:
    """The slowest transitions by median hours (more cases first on a tie): from, to, median hours, cases."""
    return _ranked(_transition_times(steps.assign(all=""), ["all"]), top).get("", [])


def _transition_times(steps: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per key and transition: the median hours between its two events, and the cases where it happens."""
    return steps.groupby([*keys, "activity", "next"], observed=True).agg(
        hours=("hours", "median"), cases=("case", "nunique")
    )


def _ranked(times: pd.DataFrame, top: int = TOP_BOTTLENECKS) -> dict[str, list[tuple[str, str, float, int]]]:
    """Per key, its `top` slowest transitions, slowest first; on a tie, more cases first, then by name."""
    found: dict[str, list[tuple[str, str, float, int]]] = {}
    for (key, source, target), hours, cases in times.itertuples():
        found.setdefault(str(key), []).append((str(source), str(target), float(hours), int(cases)))
    return {key: sorted(steps, key=lambda s: (-s[2], -s[3], s[0], s[1]))[:top] for key, steps in found.items()}


def _by_activity(counts: pd.Series) -> dict[str, int]:
    return {str(name): int(count) for name, count in counts.items() if count}


def _by_pair(counts: pd.Series) -> dict[tuple[str, str], int]:
    return {(str(source), str(target)): int(count) for (source, target), count in counts.items() if count}
