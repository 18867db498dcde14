"""Time `python -m assessment report` end to end: the demo (stored) and a 1,000-respondent assessment from files.

Writes into benchmarks/out/ (kept between runs; --fresh rewrites them):

- report-demo.db: a SQLite workspace holding the demo assessment (20 respondents, itsm-core);
- report-questionnaire.yaml: itsm-core narrowed to 200 scored items over its 7 core processes (the highest-level
  items dropped in turn across the processes, the optional modules left out, and with them their places in actions
  and walkthrough checks), so that the large case stays the same size as the library grows;
- report-responses.csv: 1,000 respondents answering all 200 items (wide shape), three units, seven roles;

then times, each in a fresh process as a user runs it, the PDF report of

- demo: `python -m assessment report --assessment 1 --database sqlite:///…/report-demo.db -o report-demo.pdf`;
- large: `python -m assessment report report-questionnaire.yaml report-responses.csv -o report-large.pdf`.

Cold is the first run after the data is written (the database, the CSV, the generator's files and Python's byte
code of a changed module not yet in the OS file cache or compiled); warm is every run after it. Each run is a new
Python process, so warm differs from cold only by what the operating system and Python keep on disk and in memory
between processes: nothing of the report itself is cached. Goal: the large report under 5 s warm.
Run by hand: `.venv/bin/python benchmarks/report.py` (figures go into benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "benchmarks" / "out"
ITSM = ROOT / "questionnaires" / "itsm-core"
KEEP_ITEMS = 200  # scored items of the large case, whatever the library's size
RESPONDENTS = 1_000
UNITS = ["北京总部", "上海数据中心", "深圳研发中心"]


def write_questionnaire(path: Path) -> list[tuple[str, int]]:
    """itsm-core's core processes narrowed to 200 scored items (the highest levels dropped in turn across the
    processes); returns (item, level) of the rest."""
    from assessment.questionnaire import load_questionnaire

    questionnaire = load_questionnaire(ITSM).questionnaire
    data = questionnaire.model_dump(mode="json", exclude_defaults=True)
    data.pop("include", None)  # everything is in one file now
    data["id"], data["version"] = "itsm-core-200", "1.0"
    dropped = {item["id"] for process in data["processes"] if process.get("optional") for item in process["items"]}
    data["processes"] = [process for process in data["processes"] if not process.get("optional")]
    highest_first = []
    for process in data["processes"]:
        if "levels" in process:  # JSON made the level keys strings
            process["levels"] = {int(level): text for level, text in process["levels"].items()}
        scored = [item for item in process["items"] if item.get("level")]
        highest_first.append(sorted(scored, key=lambda item: -item["level"]))
    extra = sum(len(items) for items in highest_first) - KEEP_ITEMS
    for turn in range(max(extra, 0)):  # one process after the other, its highest-level item remaining
        queue = highest_first[turn % len(highest_first)]
        dropped.add(queue.pop(0)["id"])
    for process in data["processes"]:
        process["items"] = [item for item in process["items"] if item["id"] not in dropped]
        for walkthrough in process.get("walkthroughs", []):
            for check in walkthrough["checks"]:
                check["items"] = [item for item in check.get("items", []) if item not in dropped]
            walkthrough["checks"] = [check for check in walkthrough["checks"] if check["items"]]
        process["walkthroughs"] = [w for w in process.get("walkthroughs", []) if w["checks"]]
        for action in process.get("actions", []):
            action["items"] = [item for item in action.get("items", []) if item not in dropped]
    removed = {a["id"] for p in data["processes"] for a in p.get("actions", []) if not a["items"]}
    kept_processes = {process["id"] for process in data["processes"]}
    for process in data["processes"]:
        process["actions"] = [a for a in process.get("actions", []) if a["id"] not in removed]
        for action in process["actions"]:
            action["depends_on"] = [d for d in action.get("depends_on", []) if d not in removed]
            action["requires"] = [r for r in action.get("requires", []) if r["process"] in kept_processes]
    for framework in data.get("frameworks", []):  # the frameworks' level maps too (added with Content 2.0)
        if "levels" in framework:
            framework["levels"] = {int(level): text for level, text in framework["levels"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    loaded = load_questionnaire(path)  # check that it is still a valid questionnaire
    items = [(item.id, item.level) for _, item in loaded.questionnaire.all_items() if item.is_scored]
    if len(items) != KEEP_ITEMS:
        sys.exit(f"expected {KEEP_ITEMS} scored items, got {len(items)}")
    return items


def write_responses(path: Path, items: list[tuple[str, int]], roles: list[str]) -> int:
    """A wide CSV: 1,000 respondents × 200 items; maturity per process and unit, about 3% na, 2% unknown, 1% empty."""
    rng = random.Random(20261124)
    processes = sorted({item.split("-")[0] for item, _ in items})
    maturity = {(unit, p): rng.uniform(1.0, 3.8) for unit in UNITS for p in processes}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "role", "unit", "method", *[item for item, _ in items]])
        for r in range(RESPONDENTS):
            unit, role = rng.choice(UNITS), rng.choice(roles)
            method = "survey" if r % 10 else "interview"
            bias = rng.gauss(0, 0.5)
            row = [f"R{r:04d}", role, unit, method]
            for item, level in items:
                draw = rng.random()
                if draw < 0.03:
                    row.append("na")
                elif draw < 0.05:
                    row.append("unknown")
                elif draw < 0.06:
                    row.append("")
                else:
                    mean = 4 * (maturity[(unit, item.split("-")[0])] - level + 1.5) / 2.5 + bias
                    row.append(str(max(0, min(4, round(rng.gauss(mean, 0.8))))))
            writer.writerow(row)
    return RESPONDENTS * len(items)


def load_demo(path: Path) -> None:
    path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "assessment", "demo", "--database", f"sqlite:///{path}"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def timed(command: list[str]) -> float:
    """Wall-clock seconds of one run of `command`; stops the benchmark if it fails.

    The run may write Python's byte code, as a user's shell does: a PYTHONDONTWRITEBYTECODE of the benchmark's
    own environment (set on some build machines) would make every run compile the project's modules again.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed with exit {done.returncode}:\n{done.stderr}")
    return elapsed


def pages(path: Path) -> str:
    """The number of pages of a PDF (pdfinfo), for the record."""
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm runs of each case (default 5)")
    parser.add_argument("--fresh", action="store_true", help="rewrite the generated files (then the first run is cold)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the report (default zh)")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / "report-demo.db"
    questionnaire, responses = OUT / "report-questionnaire.yaml", OUT / "report-responses.csv"
    created = False
    if args.fresh or not database.exists():
        load_demo(database)
        created = True
    if args.fresh or not responses.exists() or not questionnaire.exists():
        from assessment.questionnaire import load_questionnaire

        items = write_questionnaire(questionnaire)
        roles = [role.id for role in load_questionnaire(ITSM).questionnaire.roles]
        answers = write_responses(responses, items, roles)
        size = responses.stat().st_size / 1e6
        print(f"wrote {len(items)} items and {answers:,} answers of {RESPONDENTS:,} respondents ({size:.1f} MB)")
        created = True

    report = [sys.executable, "-m", "assessment", "report", "--lang", args.lang]
    cases = {
        "demo (stored, 20 respondents)": (
            [*report, "--assessment", "1", "--database", f"sqlite:///{database}", "-o", str(OUT / "report-demo.pdf")],
            OUT / "report-demo.pdf",
        ),
        f"large (files, {RESPONDENTS:,} respondents × 200 items)": (
            [*report, str(questionnaire), str(responses), "-o", str(OUT / "report-large.pdf")],
            OUT / "report-large.pdf",
        ),
    }
    first = {name: timed(command) for name, (command, _) in cases.items()}  # cold when the data was just written
    warm: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.repeat):  # alternating, so that a slow moment of the machine hits both cases
        for name, (command, _) in cases.items():
            warm[name].append(timed(command))
    print(f"{'cold' if created else 'first'} run = the first after {'writing' if created else 'reusing'} the data")
    for name, (_, pdf) in cases.items():
        runs = warm[name]
        kind = "cold" if created else "first"
        print(
            f"{name}: {kind} {first[name]:.2f} s; warm median {statistics.median(runs):.2f} s, "
            f"min {min(runs):.2f} s  (runs: {', '.join(f'{v:.2f}' for v in runs)}; "
            f"{pdf.stat().st_size / 1e3:.0f} kB, {pages(pdf)} pages)"
        )
    print("goal: large under 5 s warm")


if __name__ == "__main__":
    main()
