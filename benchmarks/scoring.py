"""Time `python -m assessment score` on 560,000 answers against pandas merely reading the CSV.

Writes a 7-process, 280-item questionnaire and a 2,000-respondent long CSV into benchmarks/out/
(kept between runs; pass --fresh to rewrite), then times, in one run and alternating:

- floor: a fresh Python that imports pandas and reads the CSV (`dtype=str, keep_default_na=False`);
- score: `python -m assessment score QUESTIONNAIRE RESPONSES -o result.json`;

and prints the median of each and their ratio. The goal is a ratio of at most 2.
Run by hand: `.venv/bin/python benchmarks/scoring.py` (figures go into benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PROCESSES = ["incident", "problem", "change", "configuration", "release", "service_request", "service_level"]
ITEMS_PER_PROCESS = 40
RESPONDENTS = 2_000
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


def write_responses(path: Path, items: list[str]) -> int:
    """A long CSV: every respondent answers every item; about 3% na, 2% unknown, 1% empty."""
    rng = random.Random(20261123)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "role", "unit", "method", "item", "answer", "comment"])
        for r in range(RESPONDENTS):
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


def timed(command: list[str]) -> float:
    """Wall-clock seconds of one run of `command`; stops the benchmark if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed with exit {done.returncode}:\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--fresh", action="store_true", help="rewrite the generated files")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    questionnaire, responses, result = OUT / "questionnaire.yaml", OUT / "responses.csv", OUT / "result.json"
    if args.fresh or not responses.exists():
        items = write_questionnaire(questionnaire)
        rows = write_responses(responses, items)
        print(f"wrote {rows:,} answers ({responses.stat().st_size / 1e6:.1f} MB) for {len(items)} items")

    floor_cmd = [
        sys.executable,
        "-c",
        f"import pandas as pd; pd.read_csv({str(responses)!r}, dtype=str, keep_default_na=False)",
    ]
    score_cmd = [sys.executable, "-m", "assessment", "score", str(questionnaire), str(responses), "-o", str(result)]
    timed(score_cmd)  # warm the file cache and check it works
    floors, scores = [], []
    for _ in range(args.repeat):
        floors.append(timed(floor_cmd))
        scores.append(timed(score_cmd))
    floor, score = statistics.median(floors), statistics.median(scores)
    import pandas as pd  # in-process figure, for reference

    start = time.perf_counter()
    pd.read_csv(responses, dtype=str, keep_default_na=False)
    in_process = time.perf_counter() - start
    print(f"pandas read_csv in a fresh python (floor): median {floor:.2f} s  (runs: {_list(floors)})")
    print(f"pandas read_csv in process (reference):     {in_process:.2f} s")
    print(f"python -m assessment score:                 median {score:.2f} s  (runs: {_list(scores)})")
    print(f"ratio score / floor: {score / floor:.2f}  (goal: at most 2.00)")


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
