"""Where the time of one `report` goes: the command line's run of the large case, its stages timed in the process.

Runs `python -m assessment report QUESTIONNAIRE RESPONSES -o FILE.pdf` in this process, with the stages wrapped
to note when each begins and ends (wall clock from the start of the process) and on which thread, then prints
the processor time of Python and of chromium (the charts). Uses the files of `benchmarks/report.py` (written
first when missing) and its chart cache, benchmarks/out/chart-cache (`--cold` empties it first: the charts are
drawn by chromium). `--warm`: the report made twice in the process, the stages of the second shown (as the app
makes one: imports done, templates compiled). `--quick`: the same, once (a test runs it).
Run by hand: `.venv/bin/python benchmarks/report_stages.py [--lang zh|en] [--cold] [--warm]`.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402 (the clock starts before anything is imported)
import functools  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CHART_CACHE = OUT / "chart-cache"  # benchmarks/report.py's
sys.path.insert(0, str(ROOT))
os.environ["MATURITYMAP_CHART_CACHE"] = str(CHART_CACHE)  # never the user's own cache
EVENTS: list[tuple[float, str, str]] = []


def note(what: str) -> None:
    EVENTS.append((time.perf_counter() - START, threading.current_thread().name, what))


def timed(owner: object, name: str, label: str) -> None:
    """Wrap owner.name so that its start and end are noted."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        note(f"{label} begins")
        try:
            return original(*args, **kwargs)
        finally:
            note(f"{label} ends")

    setattr(owner, name, wrapper)


def descendants_cpu() -> float:
    """Processor seconds (user + system) of this process's running descendants (chromium's processes), from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    mine, total = {os.getpid()}, 0.0
    for _ in range(8):  # chromium's process tree is a few levels deep
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                total += times[pid]
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--cold", action="store_true", help="empty the chart cache first (chromium draws the charts)")
    parser.add_argument("--warm", action="store_true", help="two reports in the process, the second one shown")
    parser.add_argument("--quick", action="store_true", help="one report, a Markdown table (for the tests)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import report as benchmark  # benchmarks/report.py: the large case's files, written when missing

    _, _, questionnaire, responses = benchmark.prepare(False, demo=False)
    if args.cold:
        shutil.rmtree(CHART_CACHE, ignore_errors=True)

    from assessment.cli import main as cli

    note("command line imported")
    import assessment.analysis.analyse
    import assessment.analysis.scored

    note("scoring and analysis imported")
    import weasyprint.document

    import assessment.report.charts as charts
    import assessment.report.render as render

    note("report generator imported")
    timed(assessment.analysis.scored, "score_files", "reading and scoring")
    timed(assessment.analysis.analyse, "analyse_files", "analysis")
    timed(render, "_html", "HTML (views, chart figures, templates)")
    timed(render, "pdf_document", "WeasyPrint layout (parse, styles, boxes, pages)")
    timed(charts, "svg_bytes", "chart export")
    timed(charts, "_warm_up", "browser start")
    timed(weasyprint.document.Document, "write_pdf", "writing the PDF")
    output = OUT / "report-stages.pdf"
    command = ["report", str(questionnaire), str(responses), "-o", str(output), "--lang", args.lang]
    code = cli.main(command)
    note("done")
    begun, before = 0.0, resource.getrusage(resource.RUSAGE_SELF)
    if args.warm and code == 0:
        EVENTS.clear()
        begun = time.perf_counter() - START
        note("second report begins")
        code = cli.main(command)
        note("done")
    own = resource.getrusage(resource.RUSAGE_SELF)
    chromium = descendants_cpu()  # still running: kaleido keeps it for the process
    print(f"load average {' / '.join(f'{value:.2f}' for value in os.getloadavg())}; lang {args.lang}\n")
    print("| at | thread | stage |\n|---|---|---|")
    for at, thread, what in EVENTS:
        print(f"| {at - begun:6.2f} s | {thread[:14]} | {what} |")
    python = own.ru_utime + own.ru_stime - ((before.ru_utime + before.ru_stime) if begun else 0)
    print(f"\nexit {code}; wall {EVENTS[-1][0] - begun:.2f} s; processor time: Python {python:.2f} s, ", end="")
    print(f"chromium {chromium:.2f} s (the process's browser, from its start)")
    return code


if __name__ == "__main__":
    sys.exit(main())
