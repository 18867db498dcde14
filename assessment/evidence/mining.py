"""Process mining of a ticket log: per unit the variants, the directly-follows map, the fitness against a reference
model and the slowest transitions; and how alike the units run the process (docs/evidence.md, "Process mining")."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assessment.evidence.mining_maps import render_map
from assessment.evidence.mining_models import ReferenceModel, discover_reference, replay_fitness
from assessment.inputs.bpmn import read_bpmn
from assessment.messages import render_message
from assessment.problems import InputError, Problem

TOP_VARIANTS = 20
TOP_BOTTLENECKS = 5
# A unit with fewer cases says little about how it runs the process: its flow is shown, but it does not move the
# standardization index (one odd ticket in a small office would otherwise weigh as much as a whole service desk).
MIN_INDEX_CASES = 5


@dataclass(frozen=True)
class UnitFlow:
    """How one unit's cases (all cases: unit "") ran the process."""

    unit: str
    cases: int
    events: int
    variants: list[tuple[tuple[str, ...], int]]  # activity sequence, cases; most frequent first, top 20
    fitness: float | None  # 0..1, token-based replay on the reference model
    map_svg: str  # the directly-follows map, sanitized SVG ("" without graphviz)
    bottlenecks: list[tuple[str, str, float, int]]  # from, to, median hours, cases; slowest first, top 5


@dataclass(frozen=True)
class Mining:
    """The mined process flow of a ticket log, per unit and overall, and its standardization index."""

    process: str
    reference: str  # "unit:<name>" ("unit:" = all cases, when the log has no units) or "bpmn:<file name>"
    units: list[UnitFlow]  # sorted by unit
    overall: UnitFlow  # all cases together (unit = "")
    index: float | None  # 0..1, 1 = every unit runs the process the same way; None with fewer than two units


class MiningUnavailable(Exception):
    """The log holds no process flow to mine (no activity, no time, one row per ticket)."""

    def __init__(self, code: str, params: dict[str, Any]):
        self.code, self.params = code, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The reason, in English or Chinese."""
        return render_message(self.code, self.params, lang)


def mine(
    log: Any,
    *,
    unit_field: str = "unit",
    reference_unit: str | None = None,
    bpmn: Path | None = None,
    max_cases: int | None = None,
) -> Mining:
    """Mine the log's process flow per unit against a reference (a unit's discovered model, or a BPMN file).

    Without either, the reference is the unit with the most cases. `max_cases` keeps that many cases, the same
    ones on every run. Raises MiningUnavailable, or InputError for an unknown reference unit or a bad BPMN file.
    """
    if reference_unit is not None and bpmn is not None:
        raise ValueError("a reference unit or a BPMN file, not both")
    events = event_table(log, unit_field)
    if max_cases is not None:
        events = _sample(events, max_cases)
    variants = events.groupby("case", sort=False).agg(variant=("activity", tuple), unit=("unit", "last"))
    names = sorted(variants["unit"].dropna().unique().tolist())
    by_unit = {unit: Counter(part) for unit, part in variants.groupby("unit", sort=True)["variant"]}
    everything = Counter(variants["variant"])
    if bpmn is not None:
        designed = read_bpmn(bpmn)
        model = ReferenceModel(designed.net, designed.initial_marking, designed.final_marking)
        reference = f"bpmn:{designed.name}"
    else:
        chosen = _reference_unit(log, unit_field, reference_unit, by_unit)
        model = discover_reference(by_unit[chosen] if chosen else everything)
        reference = f"unit:{chosen}"
    parts = dict(tuple(events.groupby("unit", sort=True)))
    flows = [_flow(unit, parts[unit], by_unit[unit], model) for unit in names]
    overall = _flow("", events, everything, model)
    index = standardization_index(by_unit, {flow.unit: flow.fitness for flow in flows})
    return Mining(log.process, reference, flows, overall, index)


def event_table(log: Any, unit_field: str = "unit") -> pd.DataFrame:
    """The log's events in time order per case: case, activity, stamp, unit (the case's final one), seq."""
    frame = log.frame
    clocks = [field for field in ("updated_at", "time") if field in frame.columns]
    missing = [field for field in ("ticket", "activity") if field not in frame.columns]
    if not clocks:
        missing.append("time / updated_at")
    if missing:
        raise MiningUnavailable("mining_unavailable", {"file": log.name, "missing": missing})
    if log.shape != "events":
        raise MiningUnavailable("mining_snapshot", {"file": log.name})
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
    events["activity"] = events["activity"].astype(str)
    return events


def _sample(events: pd.DataFrame, max_cases: int) -> pd.DataFrame:
    """The events of `max_cases` cases chosen by a fixed hash of their ids: the same cases on every run."""
    cases = pd.Series(events["case"].unique())
    if len(cases) <= max_cases:
        return events
    hashes = pd.util.hash_pandas_object(cases, index=False).to_numpy()
    kept = cases.iloc[np.argsort(hashes, kind="stable")[:max_cases]]
    return events[events["case"].isin(kept)].reset_index(drop=True)


def _reference_unit(log: Any, unit_field: str, named: str | None, by_unit: dict[str, Counter]) -> str:
    """The unit whose model is the reference: the one named, else the one with the most cases ("" without units)."""
    if named is None:
        if not by_unit:
            return ""
        return min(by_unit, key=lambda unit: (-by_unit[unit].total(), unit))
    if unit_field not in log.frame.columns:
        raise InputError([Problem("mining_no_units", {"field": unit_field}, file=log.name)])
    if named not in by_unit:
        column = log.mapping.get(unit_field, unit_field) if isinstance(log.mapping, dict) else unit_field
        unknown = {"unit": named, "units": sorted(by_unit)}
        raise InputError([Problem("mining_reference_unknown", unknown, file=log.name, column=column)])
    return named


def _flow(unit: str, events: pd.DataFrame, variants: Counter, model: ReferenceModel) -> UnitFlow:
    """One unit's flow: variants, fitness, map and bottlenecks of its events (one case's events in time order)."""
    top = sorted(variants.items(), key=lambda item: (-item[1], item[0]))[:TOP_VARIANTS]
    steps = transitions(events)
    first = events.groupby("case", sort=False)["activity"].first().value_counts()
    last = events.groupby("case", sort=False)["activity"].last().value_counts()
    edges = steps.groupby(["activity", "next"], sort=False).size()
    svg = render_map(
        events["activity"].value_counts().to_dict(),
        {pair: int(count) for pair, count in edges.items()},
        first.to_dict(),
        last.to_dict(),
    )
    return UnitFlow(
        unit=unit,
        cases=int(variants.total()),
        events=len(events),
        variants=[(variant, int(cases)) for variant, cases in top],
        fitness=replay_fitness(variants, model),
        map_svg=svg,
        bottlenecks=bottlenecks(steps),
    )


def transitions(events: pd.DataFrame) -> pd.DataFrame:
    """Every directly-follows step within a case: case, activity, next activity, hours between them."""
    following = events.groupby("case", sort=False).shift(-1)
    steps = pd.DataFrame(
        {
            "case": events["case"],
            "activity": events["activity"],
            "next": following["activity"],
            "hours": (following["stamp"] - events["stamp"]).dt.total_seconds() / 3600,
        }
    )
    return steps.dropna(subset=["next"])


def bottlenecks(steps: pd.DataFrame, top: int = TOP_BOTTLENECKS) -> list[tuple[str, str, float, int]]:
    """The slowest transitions by median hours (more cases first on a tie): from, to, median hours, cases."""
    if steps.empty:
        return []
    grouped = steps.groupby(["activity", "next"], sort=False).agg(hours=("hours", "median"), cases=("case", "nunique"))
    ranked = sorted(
        ((source, target, float(hours), int(cases)) for (source, target), hours, cases in grouped.itertuples()),
        key=lambda step: (-step[2], -step[3], step[0], step[1]),
    )
    return ranked[:top]


def variant_overlap(first: Counter, second: Counter) -> float:
    """The share of cases two units run alike: the sum over variants of the smaller of their two shares."""
    first_total, second_total = first.total(), second.total()
    if not first_total or not second_total:
        return 0.0
    shared = first.keys() & second.keys()
    return float(sum(min(first[v] / first_total, second[v] / second_total) for v in shared))


def standardization_index(variants: dict[str, Counter], fitness: dict[str, float | None]) -> float | None:
    """(mean pairwise variant overlap + mean fitness on the reference) / 2 over the units with enough cases."""
    counted = sorted(unit for unit, cases in variants.items() if cases.total() >= MIN_INDEX_CASES)
    if len(counted) < 2:
        return None
    overlaps = [
        variant_overlap(variants[first], variants[second])
        for number, first in enumerate(counted)
        for second in counted[number + 1 :]
    ]
    overlap = sum(overlaps) / len(overlaps)
    fits = [fitness[unit] for unit in counted if fitness.get(unit) is not None]
    if not fits:
        return overlap
    return (overlap + sum(fits) / len(fits)) / 2
