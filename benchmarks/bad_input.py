"""How fast, and in how much memory, hostile files are refused and the largest real ones read.

Each file is read in a child process under a memory limit (tests/robustness/bounded_child.py), as the test suite
does; the figures are the child's wall time, processor time and peak growth in resident memory (VmHWM), all from
after its imports to the outcome. The floor, in the same run: the same child reading a small valid file of the same
kind, so that a refusal's own cost shows as the difference. The tests assert the memory bound and the refusal; the
time is here.

Run by hand: `.venv/bin/python benchmarks/bad_input.py` (--repeat N); figures go into benchmarks/README.md.
`--quick` (one run each, the real surveys at 500 respondents) is what the test suite runs so that the script does
not rot. It exits non-zero when a hostile file is accepted or a valid one refused.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "bad_input"
sys.path.insert(0, str(ROOT))

from tests.robustness import audit_files  # noqa: E402
from tests.robustness.hostile import FIXTURES, run_bounded  # noqa: E402

CORE = ROOT / "questionnaires" / "itsm-core"


def real_surveys(folder: Path, respondents: int = 5_000) -> dict[str, Path]:
    """The largest surveys the limits are made for: 5,000 respondents of the bundled library, wide, CSV and XLSX."""
    import xlsxwriter

    from assessment.exports.survey_template import template_columns
    from assessment.questionnaire import load_questionnaire

    questionnaire = load_questionnaire(CORE).questionnaire
    columns = template_columns(questionnaire)
    roles = [role.id for role in questionnaire.roles]
    rng = random.Random(5000)
    rows = [
        [f"r{n}", roles[n % len(roles)], "ABC"[n % 3], "survey"] + [rng.choice("01234") for _ in columns[4:]]
        for n in range(respondents)
    ]
    made = {
        f"{respondents:,} respondents, wide CSV": folder / f"wide{respondents}.csv",
        f"{respondents:,} respondents, wide XLSX": folder / f"wide{respondents}.xlsx",
    }
    csv_path, xlsx_path = made.values()
    with csv_path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([columns, *rows])
    book = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
    sheet = book.add_worksheet("Responses")
    for number, row in enumerate([columns, *rows]):
        sheet.write_row(number, 0, row)
    book.close()
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run each, the real surveys at 500 respondents")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    OUT.mkdir(parents=True, exist_ok=True)
    cases: list[tuple[str, str, Path, Path | None]] = [
        ("floor: small valid CSV", "responses", FIXTURES / "responses" / "long.csv", None),
        ("floor: small valid bundle", "bundle", OUT / "small.mmbundle", None),
    ]
    from assessment.workspace.bundles import export_bundle
    from assessment.workspace.core import Workspace
    from assessment.workspace.demo import load_demo

    if not (OUT / "small.mmbundle").exists():
        workspace = Workspace(f"sqlite:///{OUT / 'demo.db'}")
        export_bundle(workspace, load_demo(workspace), OUT / "small.mmbundle")
        workspace.dispose()
    makers = {
        "bundle of 6 million empty lists (18 KB)": ("bundle", audit_files.bundle_of_empty_lists, ".mmbundle"),
        "bundle of 1.3 million empty answers": ("bundle", audit_files.bundle_of_empty_answers, ".mmbundle"),
        "bundle with a swollen snapshot": ("bundle", audit_files.bundle_with_a_swollen_snapshot, ".mmbundle"),
        "bundle nested 100,000 deep": ("bundle", audit_files.bundle_nested_deep, ".mmbundle"),
        "41 MB wide CSV, 19.8 M cells": ("responses", audit_files.wide_csv, ".csv"),
        "XLSX of 46 MB repeated XML": ("responses", audit_files.repetitive_xlsx, ".xlsx"),
        "13000 x 13000 PNG logo": ("logo", audit_files.png_bomb, ".png"),
    }
    for number, (name, (kind, make, suffix)) in enumerate(makers.items()):
        cases.append((name, kind, make(OUT / f"case{number}{suffix}"), None))
    for name, path in real_surveys(OUT, 500 if args.quick else 5_000).items():
        cases.append((name, "responses", path, CORE))
    print("| file | outcome | wall s | CPU s | memory growth |\n|---|---|---|---|---|", flush=True)
    wrong = []
    for name, kind, path, questionnaire in cases:
        reports = [
            run_bounded(kind, path, memory_mb=4_000, timeout=600, questionnaire=questionnaire)
            for _ in range(args.repeat)
        ]
        wall = statistics.median(r["seconds"] for r in reports)
        cpu = statistics.median(r["cpu_seconds"] for r in reports)
        grown = statistics.median(r["peak_mb"] - r["baseline_mb"] for r in reports)
        outcome = reports[0]["outcome"]
        print(f"| {name} | {outcome} | {wall:.2f} | {cpu:.2f} | {grown:.0f} MB |", flush=True)
        expected = "accepted" if questionnaire is not None or name.startswith("floor") else "refused"
        if any(report["outcome"] != expected for report in reports):
            wrong.append(f"{name}: {outcome}, expected {expected}")
    for line in wrong:
        print(f"wrong outcome: {line}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
