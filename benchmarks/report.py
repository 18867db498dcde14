"""Time the PDF report against its floor: WeasyPrint laying out and writing a plain text of as many pages.

Writes into benchmarks/out/ (kept between runs; --fresh rewrites them):

- report-demo.db: a SQLite workspace holding the demo assessment (20 respondents, itsm-core);
- report-questionnaire.yaml: itsm-core narrowed to 200 scored items over its 7 core processes (the highest-level
  items dropped in turn across the processes, the optional modules left out, and with them their places in actions
  and walkthrough checks), so that the large case stays the same size as the library grows;
- report-responses.csv: 1,000 respondents answering all 200 items (wide shape), three units, seven roles;
- floor-CASE.html: the floor's document, as many A4 pages as that case's report (checked): on each page a heading
  and paragraphs of mixed Chinese and English text in Noto Sans CJK SC, lang zh-CN, page numbers in the footer;

then times, alternating the floor and the report, two ways a user meets the report:

- cli: each run a fresh process, as a user runs `python -m assessment report … -o FILE.pdf` (the demo:
  `--assessment 1 --database sqlite:///…/report-demo.db`; the large case: the questionnaire and CSV above), against
  a fresh process that imports WeasyPrint and writes the floor's document;
- app: one warm process (imports done, the analysis read and cached, a first report made), calling `write_report`
  as the app's Report page does (app_pages/downloads.make_report: into a temporary file, its bytes read), against
  `HTML(string=floor).write_pdf()` in the same process.

The first CLI run of each case is cold: the chart cache of the run (benchmarks/out/chart-cache, through
MATURITYMAP_CHART_CACHE) is emptied first, and after --fresh the data and Python's byte code are new too.
Goal (issue 21): the report at most 2x its floor, warm, both ways, for both cases.
Run by hand: `.venv/bin/python benchmarks/report.py [--repeat N] [--fresh] [--lang zh|en]`; `--quick`: the demo
only, one run each way, a Markdown table on stdout, exit non-zero on a failure (a test runs it).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import shutil
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
CHART_CACHE = OUT / "chart-cache"  # the runs' own chart cache (emptied at the start)
GOAL = 2.0  # the report at most twice its floor
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


FLOOR_SENTENCES = [
    "本次评估覆盖 Incident Management、Change Enablement 与 Service Level Management 三个核心流程。",
    "受访者普遍认为事件分级标准清晰，但 major incident 的升级路径仍依赖个人经验。",
    "The change advisory board meets weekly; emergency changes are reviewed afterwards in about 60% of cases.",
    "服务水平协议（SLA）已在 2025 年更新，监控报表每月发送给业务部门负责人。",
    "Problem records are opened for recurring incidents, yet root causes are closed without a verified fix.",
    "建议在下一阶段建立知识库审核机制，并将 known error 与事件工单自动关联。",
    "配置管理数据库（CMDB）中约 18% 的配置项缺少负责人，影响变更影响分析的准确性。",
    "Capacity reviews happen before peak season only; trend data is kept in spreadsheets by two engineers.",
    "各单位之间的实践差异较大：北京总部的成熟度明显高于深圳研发中心。",
    "The service desk resolves 72% of requests at first contact, measured from the ticket system's audit log.",
]


def floor_html(pages: int, lang: str = "zh-CN", seed: int = 21) -> str:
    """A plain document of `pages` A4 pages: a heading, two subheadings and paragraphs of mixed Chinese and English
    text on each page (each page begins a new section, its text filling most of the page but never more)."""
    rng = random.Random(seed)
    sections = []
    for page in range(1, pages + 1):
        parts = [f"<h1>第 {page} 章 Chapter {page}：流程成熟度 Process maturity</h1>"]
        for sub, paragraphs in ((1, 4), (2, 3)):  # about nine tenths of the page
            parts.append(f"<h2>{page}.{sub} 评估发现 Findings</h2>")
            for _ in range(paragraphs):
                parts.append("<p>" + "".join(rng.choice(FLOOR_SENTENCES) for _ in range(4)) + "</p>")
        sections.append("<section>" + "\n".join(parts) + "</section>")
    style = (
        '@page { size: A4; margin: 24mm 18mm 20mm 18mm; @bottom-right { content: counter(page) " / " counter(pages);'
        " font-size: 7.5pt; } }\n"
        "html { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 9.5pt; line-height: 1.7; }\n"
        "section { break-before: page; } section:first-child { break-before: auto; }\n"
        "h1 { font-size: 16pt; } h2 { font-size: 12pt; }\n"
    )
    return f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><style>{style}</style></head><body>' + (
        "\n".join(sections) + "</body></html>"
    )


FLOOR_CLI = "import sys; from weasyprint import HTML; HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"


def load_demo(path: Path) -> None:
    path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "assessment", "demo", "--database", f"sqlite:///{path}"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def environment() -> dict[str, str]:
    """The runs' environment: byte code may be written (as a user's shell does: a PYTHONDONTWRITEBYTECODE of the
    benchmark's own environment, set on some build machines, would make every run compile the modules again), and
    the chart cache is the run's own folder under benchmarks/out."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["MATURITYMAP_CHART_CACHE"] = str(CHART_CACHE)
    return env


def timed(command: list[str]) -> float:
    """Wall-clock seconds of one run of `command` in a fresh process; raises if it fails."""
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment()
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed with exit {done.returncode}:\n{done.stderr}")
    return elapsed


def pages(path: Path) -> int:
    """The number of pages of a PDF (pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.9 * len(ordered)) - 1)]


def prepare(fresh: bool, *, demo: bool = True, large: bool = True) -> tuple[bool, Path, Path, Path]:
    """The demo database and the large case's files, written when missing or asked for; whether any was written."""
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / "report-demo.db"
    questionnaire, responses = OUT / "report-questionnaire.yaml", OUT / "report-responses.csv"
    created = False
    if demo and (fresh or not database.exists()):
        load_demo(database)
        created = True
    if large and (fresh or not responses.exists() or not questionnaire.exists()):
        from assessment.questionnaire import load_questionnaire

        items = write_questionnaire(questionnaire)
        roles = [role.id for role in load_questionnaire(ITSM).questionnaire.roles]
        answers = write_responses(responses, items, roles)
        size = responses.stat().st_size / 1e6
        print(f"wrote {len(items)} items and {answers:,} answers of {RESPONDENTS:,} respondents ({size:.1f} MB)")
        created = True
    return created, database, questionnaire, responses


def app_worker(case: str, source: str, floor: str, lang: str, repeat: int, result: str) -> None:
    """The app's path in this (warm) process: the analysis read once, a first report and floor, then `repeat` of
    each, alternating; the times into `result` (JSON)."""
    import datetime as dt
    import tempfile

    from weasyprint import HTML

    from assessment.report import ReportMeta, write_report
    from assessment.report.options import SECTIONS, ReportOptions

    if case == "demo":
        from assessment.analysis.analyse import analyse_stored
        from assessment.workspace.branding import get_branding
        from assessment.workspace.core import Workspace
        from assessment.workspace.evidence import evidence_of
        from assessment.workspace.stored import read_assessment

        workspace = Workspace(source)
        stored = read_assessment(workspace, 1)
        found = analyse_stored(stored)
        meta = ReportMeta(stored.client, stored.name, dt.date.today(), "", get_branding(workspace))
        extra = {"walkthroughs": stored.walkthroughs, "context_records": stored.context}
        extra["evidence"] = evidence_of(workspace, 1)
    else:
        from assessment.analysis.analyse import analyse_files
        from assessment.analysis.scored import score_files

        questionnaire, responses = source.split("|")
        found = analyse_files(score_files(questionnaire, responses))
        meta, extra = ReportMeta("", Path(responses).stem, dt.date.today()), {}
    options = ReportOptions(lang, tuple(SECTIONS))
    floor_text = Path(floor).read_text(encoding="utf-8")

    def report() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.pdf"
            write_report(found, meta, options, path, progress=lambda fraction, stage: None, **extra)
            return path.read_bytes()

    def floor_pdf() -> bytes:
        return HTML(string=floor_text).write_pdf()

    first = report(), floor_pdf()  # the warm-up: the browser started, templates compiled, fonts read
    times: dict[str, list[float]] = {"floor": [], "report": []}
    for _ in range(repeat):
        for name, make in (("floor", floor_pdf), ("report", report)):
            start = time.perf_counter()
            make()
            times[name].append(time.perf_counter() - start)
    OUT.joinpath("app-" + case + ".pdf").write_bytes(first[0])
    Path(result).write_text(json.dumps(times), encoding="utf-8")


def run_app(case: str, source: str, floor: Path, lang: str, repeat: int) -> dict[str, list[float]]:
    result = OUT / f"app-{case}.json"
    result.unlink(missing_ok=True)
    command = [sys.executable, __file__, "--app-worker", case, source, str(floor), lang, str(repeat), str(result)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environment())
    if done.returncode != 0:
        raise RuntimeError(f"the app's path of {case} failed with exit {done.returncode}:\n{done.stderr[-3000:]}")
    return json.loads(result.read_text(encoding="utf-8"))


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--app-worker":
        app_worker(*sys.argv[2:6], int(sys.argv[6]), sys.argv[7])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm runs of each case and way (default 5)")
    parser.add_argument("--fresh", action="store_true", help="rewrite the generated files (then the first run is cold)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the report (default zh)")
    parser.add_argument("--quick", action="store_true", help="the demo only, one run each way (for the tests)")
    parser.add_argument("--cases", default="demo,large", help="cases to run (default demo,large)")
    args = parser.parse_args()
    repeat, names = (1, ["demo"]) if args.quick else (args.repeat, args.cases.split(","))

    created, database, questionnaire, responses = prepare(args.fresh, large="large" in names)
    shutil.rmtree(CHART_CACHE, ignore_errors=True)  # the first run of each case exports its charts
    report = [sys.executable, "-m", "assessment", "report", "--lang", args.lang]
    cases = {
        "demo": ([*report, "--assessment", "1", "--database", f"sqlite:///{database}"], f"sqlite:///{database}"),
        "large": ([*report, str(questionnaire), str(responses)], f"{questionnaire}|{responses}"),
    }
    rows = []
    for name in names:
        command, source = cases[name]
        pdf, floor_pdf, floor = OUT / f"report-{name}.pdf", OUT / f"floor-{name}.pdf", OUT / f"floor-{name}.html"
        command = [*command, "-o", str(pdf)]
        cold = timed(command)  # the chart cache empty; cold when the data was just written
        count = pages(pdf)
        floor.write_text(floor_html(count, "zh-CN" if args.lang == "zh" else "en"), encoding="utf-8")
        floor_command = [sys.executable, "-c", FLOOR_CLI, str(floor), str(floor_pdf)]
        timed(floor_command)
        if pages(floor_pdf) != count:
            raise RuntimeError(f"the floor of {name} has {pages(floor_pdf)} pages, the report {count}")
        cli: dict[str, list[float]] = {"floor": [], "report": []}
        for _ in range(repeat):  # alternating, so that a slow moment of the machine hits both
            cli["floor"].append(timed(floor_command))
            cli["report"].append(timed(command))
        app = run_app(name, source, floor, args.lang, repeat)
        if pages(OUT / f"app-{name}.pdf") != count:
            raise RuntimeError(f"the app's report of {name} has not the command line's {count} pages")
        kind = "cold" if created else "first"
        rows.append((name, "cli", cli, count, f"{kind} run {cold:.2f} s; {pdf.stat().st_size / 1e6:.2f} MB"))
        rows.append((name, "app", app, count, "in one warm process, as the Report page"))
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\n{repeat} runs each, alternating; load average {load}; lang {args.lang}\n")
    print("| case | way | floor median / p90 | report median / p90 | ratio (medians) | pages | notes |")
    print("|---|---|---|---|---|---|---|")
    met = True
    for name, way, times, count, notes in rows:
        floor_median, report_median = statistics.median(times["floor"]), statistics.median(times["report"])
        ratio = report_median / floor_median
        met = met and ratio <= GOAL
        print(
            f"| {name} | {way} | {floor_median:.2f} / {p90(times['floor']):.2f} s | "
            f"{report_median:.2f} / {p90(times['report']):.2f} s | **{ratio:.2f}×** | {count} | {notes} |"
        )
    print(f"\ngoal: the report at most {GOAL:g}x its floor, warm, both ways: {'met' if met else 'not met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
