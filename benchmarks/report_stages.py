"""Where the time of one `report` goes: the command line's run of the large case, its stages timed in the process.

Runs `python -m assessment report QUESTIONNAIRE RESPONSES -o FILE.pdf` in this process, with the stages wrapped
to note when each begins and ends (wall clock from the start of the process) and on which thread, then prints
the processor time of Python and of chromium (the charts). Needs the files of `benchmarks/report.py` (run it
first). Run by hand: `.venv/bin/python benchmarks/report_stages.py [--lang zh|en]`.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402 (the clock starts before anything is imported)
import functools  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args()
    questionnaire, responses = OUT / "report-questionnaire.yaml", OUT / "report-responses.csv"
    if not questionnaire.exists() or not responses.exists():
        sys.exit("run benchmarks/report.py first: it writes the large case's files")

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
    own = resource.getrusage(resource.RUSAGE_SELF)
    chromium = descendants_cpu()  # still running: kaleido keeps it for the process
    for at, thread, what in EVENTS:
        print(f"{at:6.2f} s  {thread[:14]:14}  {what}")
    print(f"exit {code}; wall {EVENTS[-1][0]:.2f} s")
    python = own.ru_utime + own.ru_stime
    print(f"processor time: Python {python:.2f} s, chromium {chromium:.2f} s")


if __name__ == "__main__":
    main()
