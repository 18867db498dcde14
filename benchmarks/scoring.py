"""Time `python -m assessment score` on 420,000 answers against pandas merely reading the CSV.

Writes a 7-process, 280-item questionnaire and a 1,500-respondent long CSV into benchmarks/out/
(kept between runs; pass --fresh to rewrite), then times, in one run and alternating:

- floor: a fresh Python that imports pandas and reads the CSV (`dtype=str, keep_default_na=False`);
- score: `python -m assessment score QUESTIONNAIRE RESPONSES -o result.json`;

and prints the median and p90 of each, their ratio, the processor time each used (steadier than the wall-clock
time on a shared machine) and the load average, as a Markdown table. The goal is a
ratio of at most 1.2. `--quick`: 200 respondents, 3 runs each (the test of the benchmark scripts); exit status 1
when a run fails or the result is not the expected one.
Run by hand: `.venv/bin/python benchmarks/scoring.py` (figures go into benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PROCESSES = ["incident", "problem", "change", "configuration", "release", "service_request", "service_level"]
ITEMS_PER_PROCESS = 40
# 1,500 × 280 answers × 7 columns = 2.94 million cells, within the 3 million a responses file may hold
RESPONDENTS = 1_500
QUICK_RESPONDENTS = 200
GOAL = 1.2
ROLES = ["process_owner", "process_executor", "quality_supervisor", "key_user"]
UNITS = ["beijing", "shanghai", "shenzhen"]


def write_questionnaire(path: Path) -> list[str]:
    """A synthetic questionnaire: 7 processes × 40 items over levels 1–5; returns the item ids."""
    lines = [
        "id: benchmark",
        'version: "1.0"',
        "title: {zh: 基准测试问卷, en: Benchmark questionnaire}",
        "roles:",
        *[
            f"  - {{id: {role}, weight: {1 + i % 2}, label: {{zh: 角色{i}, en: Role {i}}}}}"
            for i, role in enumerate(ROLES)
        ],
        "dimensions:",
        *[f"  - {{id: {d}, label: {{zh: 维度{d}, en: {d}}}}}" for d in ("process", "tools", "people", "organization")],
        "processes:",
    ]
    items = []
    for p, process in enumerate(PROCESSES):
        lines += [f"  - id: {process}", f"    name: {{zh: 流程{p}, en: Process {p}}}", "    items:"]
        for i in range(ITEMS_PER_PROCESS):
            item = f"P{p}-{i // 8 + 1}-{i:02d}"
            items.append(item)
            dimension = ("process", "tools", "people", "organization")[i % 4]
            lines += [
                f"      - id: {item}",
                f"        level: {i // 8 + 1}",
                f"        dimension: {dimension}",
                f"        text: {{zh: 实践 {item}, en: Practice {item}}}",
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return items


def write_responses(path: Path, items: list[str], respondents: int = RESPONDENTS) -> int:
    """A long CSV: every respondent answers every item; about 3% na, 2% unknown, 1% empty."""
    rng = random.Random(20261123)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "role", "unit", "method", "item", "answer", "comment"])
        for r in range(respondents):
            respondent, role, unit = f"R{r:04d}", rng.choice(ROLES), rng.choice(UNITS)
            method = "survey" if r % 10 else "interview"
            skill = rng.random()
            for item in items:
                level = int(item.split("-")[1])
                draw = rng.random()
                if draw < 0.03:
                    answer = "na"
                elif draw < 0.05:
                    answer = "unknown"
                elif draw < 0.06:
                    answer = ""
                else:
                    answer = str(max(0, min(4, round(rng.gauss(4.2 * skill + 1.5 - level * 0.5, 1)))))
                writer.writerow([respondent, role, unit, method, item, answer, "" if draw < 0.98 else "见附件"])
                rows += 1
    return rows


class RunFailed(Exception):
    """A timed command failed; the benchmark stops."""


def timed(command: list[str], processor: list[float] | None = None) -> float:
    """Wall-clock seconds of one run of `command` (its processor seconds appended to `processor`); raises RunFailed
    when it fails."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RunFailed(f"{' '.join(command)} failed with exit {done.returncode}:\n{done.stderr}")
    if processor is not None:
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        processor.append(now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime)
    return elapsed


def check_result(result: Path, respondents: int, items: int) -> None:
    """The result file is the scoring of every respondent and item; raises RunFailed otherwise."""
    scored = json.loads(result.read_text(encoding="utf-8"))
    found = (scored["respondents"], len(scored["items"]), len(scored["processes"]))
    if found != (respondents, items, len(PROCESSES)):
        raise RunFailed(f"unexpected result: {found} respondents, items, processes")


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--fresh", action="store_true", help="rewrite the generated files")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_RESPONDENTS} respondents, 3 runs each")
    args = parser.parse_args()
    respondents = QUICK_RESPONDENTS if args.quick else RESPONDENTS
    repeat = 3 if args.quick else args.repeat

    OUT.mkdir(parents=True, exist_ok=True)
    questionnaire, result = OUT / "questionnaire.yaml", OUT / f"result-{respondents}.json"
    responses = OUT / f"responses-{respondents}.csv"
    items = write_questionnaire(questionnaire)  # small: written every run
    if args.fresh or not responses.exists():
        rows = write_responses(responses, items, respondents)
        print(f"wrote {rows:,} answers ({responses.stat().st_size / 1e6:.1f} MB) for {len(items)} items")

    floor_cmd = [
        sys.executable,
        "-c",
        f"import pandas as pd; pd.read_csv({str(responses)!r}, dtype=str, keep_default_na=False)",
    ]
    score_cmd = [sys.executable, "-m", "assessment", "score", str(questionnaire), str(responses), "-o", str(result)]
    try:
        timed(score_cmd)  # warm the file cache and check it works
        check_result(result, respondents, len(items))
        floors, scores, floor_cpu, score_cpu = [], [], [], []
        for _ in range(repeat):
            floors.append(timed(floor_cmd, floor_cpu))
            scores.append(timed(score_cmd, score_cpu))
        check_result(result, respondents, len(items))
    except RunFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    floor, score = statistics.median(floors), statistics.median(scores)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    answers = respondents * len(items)
    print(f"\n{answers:,} answers, {repeat} runs each, alternating; load average {load}\n")
    print("| step | median | p90 | runs |")
    print("|---|---|---|---|")
    print(f"| floor: fresh python, pandas read_csv | {floor:.2f} s | {p90(floors):.2f} s | {_list(floors)} |")
    print(f"| python -m assessment score | {score:.2f} s | {p90(scores):.2f} s | {_list(scores)} |")
    print(f"| **ratio score / floor** | **{score / floor:.2f}** | {p90(scores) / p90(floors):.2f} | goal ≤ {GOAL} |")
    floor_p, score_p = statistics.median(floor_cpu), statistics.median(score_cpu)
    print(f"| processor time: floor, score, ratio | {floor_p:.2f} s | {score_p:.2f} s | {score_p / floor_p:.2f} |")
    return 0


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    sys.exit(main())
