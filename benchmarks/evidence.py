"""Evidence at scale: importing a 1,000,000-event ServiceNow-shaped incident audit log and computing its KPIs,
against the time pandas takes to read the same CSV file, in the same run.

    .venv/bin/python benchmarks/evidence.py                 # 1,000,000 events, best of 3
    .venv/bin/python benchmarks/evidence.py --quick         # 100,000 events
    .venv/bin/python benchmarks/evidence.py --events 500000 --repeat 5 --csv /tmp/log.csv

The log comes from assessment/evidence/sample.py (three units whose flows differ; 33 columns as the audit export
writes them, dates as dd-mm-yyyy HH:MM:SS) and is written once (to --csv, kept and reused when it has the right
number of rows; else to a temporary folder). Then, alternately, best of --repeat: `pandas.read_csv(path)` with its
defaults, and `read_ticket_export(path)` (profile servicenow: 22 columns kept, every cell checked, people
pseudonymized) followed by `compute_kpis(log, by="unit")`. The goal is at most twice pandas' time. Then, when
benchmarks/evidence_mining.py is present, its `mining_benchmark` (process discovery and per-unit fitness with pm4py)
on 100,000 events (10,000 with --quick). Run by hand; never in tests. Figures: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from assessment.evidence.kpis import compute_kpis  # noqa: E402
from assessment.evidence.sample import large_incident_audit_log  # noqa: E402
from assessment.inputs.tickets import read_ticket_export  # noqa: E402

GOAL = 2.0


def ensure_log(path: Path, events: int) -> float:
    """Write the generated log to `path` unless it holds `events` rows already; the seconds it took."""
    if path.exists():
        with path.open("rb") as stream:
            if sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 24), b"")) == events + 1:
                return 0.0
    started = time.perf_counter()
    large_incident_audit_log(events).to_csv(path, index=False, lineterminator="\n")
    return time.perf_counter() - started


def timed(step) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def import_and_kpis(path: Path) -> tuple[float, float, int, int]:
    """Seconds to import and to compute the KPIs by unit, and the log's tickets and KPI rows."""
    started = time.perf_counter()
    log = read_ticket_export(path, key=secrets.token_bytes(32))
    imported = time.perf_counter() - started
    started = time.perf_counter()
    rows = compute_kpis(log, by="unit")
    return imported, time.perf_counter() - started, log.tickets, len(rows)


def mining(events: int) -> dict | None:
    """benchmarks/evidence_mining.py's figures on `events` events, when that script is present."""
    script = Path(__file__).with_name("evidence_mining.py")
    if not script.exists():
        return None
    spec = importlib.util.spec_from_file_location("evidence_mining", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.mining_benchmark(events)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="100,000 events, mining on 10,000")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts (default 3)")
    parser.add_argument("--csv", type=Path, help="where the generated log is written and kept")
    parser.add_argument("--no-mining", action="store_true")
    args = parser.parse_args()
    events = 100_000 if args.quick else args.events
    with tempfile.TemporaryDirectory() as folder:
        path = args.csv or Path(folder) / "incident_audit.csv"
        generated = ensure_log(path, events)
        size = path.stat().st_size
        print(f"{events:,} events, {size / 1e6:.0f} MB ({generated:.1f} s to generate and write)", flush=True)
        pandas_runs, import_runs, kpi_runs = [], [], []
        for _ in range(args.repeat):
            pandas_runs.append(timed(lambda: pd.read_csv(path)))
            imported, kpis, tickets, rows = import_and_kpis(path)
            import_runs.append(imported)
            kpi_runs.append(kpis)
            total = imported + kpis
            print(
                f"  pandas.read_csv {pandas_runs[-1]:.2f} s;"
                f" import {imported:.2f} s + KPIs {kpis:.2f} s = {total:.2f} s"
            )
    ours = min(i + k for i, k in zip(import_runs, kpi_runs, strict=True))
    ratio = ours / min(pandas_runs)
    verdict = "within" if ratio <= GOAL else "over"
    print(
        f"best: pandas.read_csv {min(pandas_runs):.2f} s; import {min(import_runs):.2f} s, KPIs {min(kpi_runs):.2f} s"
        f" ({tickets:,} tickets, {rows} KPI rows); import + KPIs {ours:.2f} s = {ratio:.2f}x pandas ({verdict} the"
        f" goal of {GOAL:.0f}x)"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n{events:,} events, {args.repeat} runs each, alternating; load average {load}\n")
    print("| step | best | median | runs |")
    print("|---|---|---|---|")
    for label, runs in (("pandas.read_csv (floor)", pandas_runs), ("import", import_runs), ("KPIs by unit", kpi_runs)):
        print(f"| {label} | {min(runs):.2f} s | {statistics.median(runs):.2f} s | {_listed(runs)} |")
    print(f"| **import + KPIs / floor** | **{ratio:.2f}** | | goal ≤ {GOAL:.0f} |")
    if tickets == 0 or rows == 0:
        print("the import found no tickets or the KPIs no rows", file=sys.stderr)
        return 1
    if not args.no_mining:
        found = mining(10_000 if args.quick else 100_000)
        if found is not None:
            print("mining:", json.dumps(found, indent=2, default=str))
    return 0


def _listed(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


if __name__ == "__main__":
    sys.exit(main())
