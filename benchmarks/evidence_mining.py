"""Time process mining (pm4py) on a generated ServiceNow-shaped incident audit log of a given number of events.

Generates the log with assessment/evidence/sample.py (three units whose flows differ), turns it into the canonical
event frame the ticket reader gives, then times, in one process:

- import: pm4py's modules that mining uses, with a trivial model (once per process: the app and the CLI pay it on
  the first mining);
- events: the event table (time order per case, each case's final unit);
- discovery: the inductive miner (IMf, noise 0.2) on the reference unit's variants;
- fitness: token-based replay of each unit's cases on that model (each distinct variant replayed once);
- alignments (with --alignments): the same fitness by optimal alignments, for comparison;
- mine: `mine()` end to end (variants, maps drawn by graphviz, fitness, bottlenecks, the index).

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

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from assessment.evidence import sample  # noqa: E402
from assessment.evidence.mining import event_table, mine  # noqa: E402
from assessment.evidence.mining_models import discover_reference, replay_fitness  # noqa: E402

PILOT_TICKETS = 500  # to learn how many events a generated ticket makes


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


def mining_benchmark(events: int, *, alignments: bool = False) -> dict:
    """Seconds each step of mining takes on a generated log of about `events` events, and what it found."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    log = generated_log(events)
    seconds["generate"] = time.perf_counter() - started

    started = time.perf_counter()
    # the first model discovered pays for importing pm4py (imported there, not here: imported from a script's
    # __main__, pm4py prints its banner)
    replay_fitness(Counter({("a",): 1}), discover_reference(Counter({("a",): 1})))
    seconds["import"] = time.perf_counter() - started

    started = time.perf_counter()
    table = event_table(log)
    cases = table.groupby("case", sort=False).agg(variant=("activity", tuple), unit=("unit", "last"))
    by_unit = {unit: Counter(part) for unit, part in cases.groupby("unit", sort=True)["variant"]}
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

    if alignments:
        started = time.perf_counter()
        aligned = {unit: _alignment_fitness(variants, model) for unit, variants in by_unit.items()}
        seconds["alignments"] = time.perf_counter() - started

    started = time.perf_counter()
    mining = mine(log)
    seconds["mine"] = time.perf_counter() - started
    result = {
        "events": len(log.frame),
        "cases": int(cases.shape[0]),
        "units": len(by_unit),
        "variants": len(Counter(cases["variant"])),
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
