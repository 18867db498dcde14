"""Process mining of a ticket log: per unit the variants, the directly-follows map, the fitness against a reference
model and the slowest transitions; and how alike the units run the process (docs/evidence.md, "Process mining")."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assessment.evidence.mining_events import (
    FlowCounts,
    MiningUnavailable,
    case_table,
    event_table,
    flow_counts,
    sample_cases,
    transitions,
    variant_counts,
)
from assessment.evidence.mining_maps import render_maps
from assessment.evidence.mining_models import ReferenceModel, discover_reference, fitness_of, replay_tokens
from assessment.inputs.bpmn import read_bpmn
from assessment.problems import InputError, Problem

TOP_VARIANTS = 20
# A unit with fewer cases says little about how it runs the process: its flow is shown, but it does not move the
# standardization index (one odd ticket in a small office would otherwise weigh as much as a whole service desk).
MIN_INDEX_CASES = 5
__all__ = ["Mining", "MiningUnavailable", "UnitFlow", "mine", "standardization_index", "variant_overlap"]


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
        events = sample_cases(events, max_cases)
    cases = case_table(events)
    by_unit = {unit: variant_counts(part) for unit, part in cases.groupby("unit", sort=True)}
    everything = variant_counts(cases)
    if bpmn is not None:
        designed = read_bpmn(bpmn)
        model = ReferenceModel(designed.net, designed.initial_marking, designed.final_marking)
        reference = f"bpmn:{designed.name}"
    else:
        chosen = _reference_unit(log, unit_field, reference_unit, by_unit)
        model = discover_reference(by_unit[chosen] if chosen else everything)
        reference = f"unit:{chosen}"
    overall_counts, unit_counts = flow_counts(events, transitions(events))
    # every distinct variant is replayed once, whichever units run it
    tokens = replay_tokens(everything, model)
    units = sorted(by_unit)
    counts = [overall_counts, *(unit_counts[unit] for unit in units)]
    maps = render_maps([(c.activities, c.edges, c.starts, c.ends) for c in counts])
    overall = _flow("", overall_counts, everything, tokens, maps[0])
    flows = [
        _flow(unit, unit_counts[unit], by_unit[unit], tokens, svg) for unit, svg in zip(units, maps[1:], strict=True)
    ]
    index = standardization_index(by_unit, {flow.unit: flow.fitness for flow in flows})
    return Mining(log.process, reference, flows, overall, index)


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


def _flow(unit: str, counts: FlowCounts, variants: Counter, tokens: dict, svg: str) -> UnitFlow:
    """One unit's flow: its variants, fitness, map and bottlenecks."""
    top = sorted(variants.items(), key=lambda item: (-item[1], item[0]))[:TOP_VARIANTS]
    return UnitFlow(
        unit=unit,
        cases=int(variants.total()),
        events=sum(counts.activities.values()),
        variants=[(variant, int(cases)) for variant, cases in top],
        fitness=fitness_of(variants, tokens),
        map_svg=svg,
        bottlenecks=counts.bottlenecks,
    )


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
