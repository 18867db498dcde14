"""Time saving interview answers one at a time (as the interview page does) into a stored assessment.

Creates a throwaway SQLite database in benchmarks/out/ (or uses --database URL), an assessment on
the bundled questionnaire and one respondent, then saves N answers one by one through
`recording.record_answer` and prints the time per answer. Run by hand; figures in README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.questionnaire import load_questionnaire  # noqa: E402
from assessment.workspace import recording  # noqa: E402
from assessment.workspace.assessments import add_respondent, create_assessment  # noqa: E402
from assessment.workspace.core import Workspace  # noqa: E402
from assessment.workspace.queries import answers_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file in benchmarks/out/)")
    parser.add_argument("--answers", type=int, default=200, help="answers to save (default 200)")
    parser.add_argument("--quick", action="store_true", help="20 answers: a check that it runs")
    args = parser.parse_args()
    if args.quick:
        args.answers = 20
    url = args.database
    if url is None:
        out = ROOT / "benchmarks" / "out"
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob("recording.db*"):
            stale.unlink()
        url = f"sqlite:///{out / 'recording.db'}"
    workspace = Workspace(url)
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    assessment = create_assessment(workspace, client=f"bench {time.time()}", name="bench", questionnaire=questionnaire)
    add_respondent(workspace, assessment, "respondent")
    items = [item.id for _, item in questionnaire.all_items() if item.is_scored]
    times = []
    for n in range(args.answers):
        start = time.perf_counter()
        recording.record_answer(workspace, assessment, "respondent", items[n % len(items)], str(n % 5))
        times.append(time.perf_counter() - start)
    stored = answers_of(workspace, assessment, "respondent")
    workspace.dispose()
    expected = {items[n % len(items)]: str(n % 5) for n in range(args.answers)}
    if {item: answer["answer"] for item, answer in stored.items()} != expected:
        raise SystemExit("the answers stored are not the answers given")
    ms = sorted(t * 1000 for t in times)
    print(f"{args.answers} answers saved one by one into {url.split('://')[0]}")
    print("| database | answers | median | p95 |\n|---|---|---|---|")
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    print(f"| {url.split('://')[0]} | {args.answers} | {statistics.median(ms):.1f} ms | {p95:.1f} ms |")


if __name__ == "__main__":
    main()
