"""Time process mining (pm4py) on a generated ServiceNow-shaped incident audit log of a given number of events.

Generates the log with assessment/evidence/sample.py (three units whose flows differ), turns it into the canonical
event frame the ticket reader gives, then times, in one process:

- import: pm4py's modules that mining uses, with a trivial model (once per process: the app and the CLI pay it on
  the first mining);
- events: the event table (time order per case, each case's final unit);
- discovery: the inductive miner (IMf, noise 0.2) on the reference unit's variants;
- fitness: token-based replay of each unit's cases on that model, unit by unit (each distinct variant replayed
  once); replay_all_once: what `mine()` does, every distinct variant of the log replayed once for all units;
- alignments (with --alignments): the same fitness by optimal alignments, for comparison;
- mine: `mine()` end to end (variants, maps drawn by graphviz, fitness, bottlenecks, the index);

then all of it again on the same log with 15 % of its events renamed at random to other states ("noisy": thousands
of variants, as real logs have); and `mine()` on the same log with its cases dealt round 143 units ("many_units").

Run by hand: `.venv/bin/python benchmarks/evidence_mining.py` (100,000 events; `--quick`: 10,000); figures go
into benchmarks/README.md. `mining_benchmark(events)` is what benchmarks/evidence.py calls.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from assessment.evidence import sample  # noqa: E402
from assessment.evidence.mining import mine  # noqa: E402
from assessment.evidence.mining_events import case_table, event_table, variant_counts  # noqa: E402
from assessment.evidence.mining_models import discover_reference, replay_fitness, replay_tokens  # noqa: E402

PILOT_TICKETS = 500  # to learn how many events a generated ticket makes
MANY_UNITS = 143  # a client mapping its locations as units (ServiceNow's location field)
# Real service desks record more kinds of states than the sample's five: the noisy run renames this share of the
# events to one of these, at random, which makes thousands of variants, as real logs have
NOISE = 0.15
EXTRA_STATES = (
    "Awaiting User Info", "Awaiting Vendor", "Awaiting Change", "Awaiting Problem", "Assigned", "Work in Progress",
    "Escalated", "Pending Approval", "Reopened", "Cancelled", "待处理", "已升级",
)  # fmt: skip


@dataclass(frozen=True)
class GeneratedLog:
    """The attributes of a TicketLog that mining reads (the benchmark needs no file, no reader)."""

    name: str
    frame: pd.DataFrame
    source: str = "servicenow"
    process: str = "incident"
    shape: str = "events"
    mapping: dict[str, str] = field(default_factory=lambda: {"unit": "location", "group": "assignment_group"})


def generated_log(events: int, seed: int = 20) -> GeneratedLog:
    """A generated incident audit log of about `events` rows, in canonical columns."""
    pilot = len(sample.incident_audit_log(PILOT_TICKETS, seed=seed))
    raw = sample.incident_audit_log(max(1, round(events * PILOT_TICKETS / pilot)), seed=seed)
    frame = pd.DataFrame(
        {
            "seq": range(len(raw)),
            "line": range(2, len(raw) + 2),
            "ticket": raw["number"].astype("string"),
            "activity": raw["incident_state"].astype("string"),
            "updated_at": pd.to_datetime(raw["sys_updated_at"], format=sample.INCIDENT_DATES, utc=True),
            "unit": raw["location"].astype("string"),
            "group": raw["assignment_group"].astype("string"),
        }
    )
    return GeneratedLog(f"generated_{len(frame)}.csv", frame)


def noisy(log: GeneratedLog, share: float = NOISE, seed: int = 20) -> GeneratedLog:
    """The same log with `share` of its events renamed to one of EXTRA_STATES, at random."""
    rng = np.random.default_rng(seed)
    frame = log.frame.copy()
    renamed = rng.random(len(frame)) < share
    frame.loc[renamed, "activity"] = rng.choice(EXTRA_STATES, size=int(renamed.sum()))
    return GeneratedLog(log.name.replace("generated", "noisy"), frame)


def mining_benchmark(events: int, *, alignments: bool = False) -> dict:
    """Seconds each step of mining takes on a generated log of about `events` events, and on the same log with
    noise (thousands of variants), and what it found."""
    started = time.perf_counter()
    log = generated_log(events)
    generate = time.perf_counter() - started
    result = _timed(log, alignments=alignments)
    result["seconds"] = {"generate": generate, **result["seconds"]}
    result["noisy"] = _timed(noisy(log), alignments=alignments)
    spread = spread_over_units(log)
    started = time.perf_counter()
    mining = mine(spread)
    result["many_units"] = {"units": len(mining.units), "seconds": {"mine": time.perf_counter() - started}}
    return result


def spread_over_units(log: GeneratedLog, units: int = MANY_UNITS) -> GeneratedLog:
    """The same log with its cases dealt round `units` locations (a map, counts and fitness for each)."""
    frame = log.frame.copy()
    number = pd.factorize(frame["ticket"])[0] % units
    frame["unit"] = pd.Series([f"Location {n:03}" for n in number], dtype="string", index=frame.index)
    return GeneratedLog(log.name.replace("generated", "spread"), frame)


def _timed(log: GeneratedLog, *, alignments: bool) -> dict:
    """Seconds each step of mining takes on this log, and what it found."""
    seconds: dict[str, float] = {}

    started = time.perf_counter()
    # the first model discovered pays for importing pm4py (imported there, not here: imported from a script's
    # __main__, pm4py prints its banner)
    replay_fitness(Counter({("a",): 1}), discover_reference(Counter({("a",): 1})))
    seconds["import"] = time.perf_counter() - started

    started = time.perf_counter()
    cases = case_table(event_table(log))
    by_unit = {unit: variant_counts(part) for unit, part in cases.groupby("unit", sort=True)}
    seconds["events"] = time.perf_counter() - started

    reference = max(by_unit, key=lambda unit: by_unit[unit].total())
    started = time.perf_counter()
    model = discover_reference(by_unit[reference])
    seconds["discovery"] = time.perf_counter() - started

    fitness, per_unit = {}, {}
    for unit, variants in by_unit.items():
        started = time.perf_counter()
        fitness[unit] = replay_fitness(variants, model)
        per_unit[unit] = time.perf_counter() - started
    seconds["fitness"] = sum(per_unit.values())
    started = time.perf_counter()
    replay_tokens(variant_counts(cases), model)  # what mine() does: every distinct variant once, for all units
    seconds["replay_all_once"] = time.perf_counter() - started

    if alignments:
        started = time.perf_counter()
        aligned = {unit: _alignment_fitness(variants, model) for unit, variants in by_unit.items()}
        seconds["alignments"] = time.perf_counter() - started

    started = time.perf_counter()
    mining = mine(log)
    seconds["mine"] = time.perf_counter() - started
    result = {
        "log": log.name,
        "events": len(log.frame),
        "cases": len(cases),
        "units": len(by_unit),
        "variants": len(variant_counts(cases)),
        "reference": mining.reference,
        "index": mining.index,
        "fitness": fitness,
        "fitness_seconds": per_unit,
        "seconds": seconds,
    }
    if alignments:
        result["alignment_fitness"] = aligned
    return result


def _alignment_fitness(variants: Counter, model) -> float:
    """Fitness by optimal alignments (pm4py's A*), each distinct variant aligned once, weighted by its cases."""
    from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments
    from pm4py.objects.log.obj import Event, EventLog, Trace

    ordered = list(variants.items())
    log = EventLog([Trace([Event({"concept:name": a}) for a in variant]) for variant, _ in ordered])
    found = alignments.apply(
        log, model.net, model.initial_marking, model.final_marking, parameters={"show_progress_bar": False}
    )
    total = sum(cases for _, cases in ordered)
    return sum(cases * aligned["fitness"] for (_, cases), aligned in zip(ordered, found, strict=True)) / total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the generated log (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="10,000 events: a check that it runs")
    parser.add_argument("--alignments", action="store_true", help="also time fitness by alignments")
    args = parser.parse_args(argv)
    result = mining_benchmark(10_000 if args.quick else args.events, alignments=args.alignments)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(table(result))
    return 0


def table(result: dict) -> str:
    """The timings as a Markdown table: one row per log (as generated, noisy, many units), one column per step."""
    logs = {"generated": result, "noisy": result.get("noisy", {}), "many units": result.get("many_units", {})}
    steps = list(dict.fromkeys(step for log in logs.values() for step in log.get("seconds", {})))
    lines = ["| log | " + " | ".join(steps) + " |", "|---" * (len(steps) + 1) + "|"]
    for name, log in logs.items():
        cells = [f"{log['seconds'][step]:.2f} s" if step in log.get("seconds", {}) else "" for step in steps]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
