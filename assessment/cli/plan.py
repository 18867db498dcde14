"""Command-line commands on the analysis of a stored assessment: `roadmap` and `compare`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable

from assessment.cli.common import (
    CommandError,
    check_output,
    id_type,
    open_workspace,
    written,
)
from assessment.problems import Lang

TEXT: dict[str, tuple[str, str]] = {
    "roadmap": (
        "write the standardization roadmap of a stored assessment (.xlsx, .csv for a task tracker, or .md)",
        "导出已保存评估的流程标准化路线图（.xlsx、供任务系统导入的 .csv，或 .md）",
    ),
    "roadmap_out": ("output file: .xlsx, .csv or .md", "输出文件：.xlsx、.csv 或 .md"),
    "roadmap_start": (
        "first day of the roadmap, YYYY-MM-DD (default: the assessment's setting, else today)",
        "路线图开始日期 YYYY-MM-DD（默认：评估中的设置，否则为今天）",
    ),
    "roadmap_capacity": (
        "person-days per month of each workstream (one per process), or WORKSTREAM=PERSON_DAYS for one of them; "
        "repeatable (default: the assessment's settings, else 30 each)",
        "每个工作流（每个流程一个）每月可投入的人天数，或用 工作流=人天数 只设其中一个；可重复"
        "（默认：评估中的设置，否则每个 30）",
    ),
    "roadmap_suffix": (
        "cannot write {file}: a roadmap is written as .xlsx, .csv or .md",
        "无法写入 {file}：路线图只能导出为 .xlsx、.csv 或 .md",
    ),
    "roadmap_summary": (
        "{actions} actions, {effort:g} person-days, {start} to {due}",
        "{actions} 个行动项，共 {effort:g} 人天，{start} 至 {due}",
    ),
    "roadmap_problem": ("roadmap edit no longer applies: {problem}", "路线图修改已不适用：{problem}"),
    "compare": (
        "compare a re-assessment with its baseline: change per process and item (JSON)",
        "比较复评与基线评估：各流程和各题目的变化（JSON）",
    ),
    # Examples and notes at the end of a command's --help (lines laid out by hand, see main.py).
    "roadmap_examples": (
        "Examples:\n"
        "  python -m assessment roadmap 1 -o roadmap.xlsx --lang zh\n"
        "  python -m assessment roadmap 1 -o plan.csv --start 2026-04-01 --capacity 40\n"
        "  python -m assessment roadmap 1 -o plan.csv --capacity change=45 --capacity incident=20\n"
        "  python -m assessment roadmap 1 -o roadmap.md\n"
        "\n"
        "The suffix of -o chooses the format: .xlsx (sheets Roadmap and By phase),\n"
        ".csv for a task tracker (summary, description, phase, start, due, owner,\n"
        "depends on; UTF-8 with a BOM), .md (a table per phase). The roadmap uses\n"
        "the targets, context, roadmap settings and edits stored in the assessment\n"
        "(the app's Gaps and roadmap page); --start and --capacity apply to this\n"
        "file only, nothing is stored. A workstream is a process id (or programme\n"
        "for actions of no process); --capacity 40 gives every workstream 40\n"
        "person-days a month, --capacity change=45 only that one. Prints the actions,\n"
        "effort and dates, and the years whose holidays are estimated.",
        "示例：\n"
        "  python -m assessment roadmap 1 -o roadmap.xlsx --lang zh\n"
        "  python -m assessment roadmap 1 -o plan.csv --start 2026-04-01 --capacity 40\n"
        "  python -m assessment roadmap 1 -o plan.csv --capacity change=45 --capacity incident=20\n"
        "  python -m assessment roadmap 1 -o roadmap.md\n"
        "\n"
        "-o 的扩展名决定格式：.xlsx（工作表“路线图”和“按阶段”）、供任务系统导入\n"
        "的 .csv（summary、description、phase、start、due、owner、depends on；\n"
        "UTF-8 带 BOM）、.md（每个阶段一张表）。路线图使用评估中保存的目标、\n"
        "现状背景、路线图设置和人工调整（在应用的“差距与路线图”页设置）；\n"
        "--start 和 --capacity 只作用于本次导出的文件，不会保存。工作流即流程标识\n"
        "（不属于任何流程的行动项为 programme）；--capacity 40 为每个工作流设每月\n"
        "40 人天，--capacity change=45 只设该工作流。输出行动项数、工作量和起止日期，\n"
        "以及节假日为推算的年份。",
    ),
    "compare_examples": (
        "Example:\n"
        "  python -m assessment compare 1 3 -o comparison.json\n"
        "\n"
        "BASELINE_ID is the earlier assessment (e.g. the one a re-assessment was\n"
        "copied from on the app's Assessments page), CURRENT_ID the later one, of\n"
        "the same client on the same questionnaire: another client's assessment,\n"
        "or a baseline later than the re-assessment (by start date, else creation),\n"
        "is refused (exit 2).\n"
        "The JSON holds, per process, level, score, target and gap before and\n"
        "after, and per item the achievement before and after. The app's Compare\n"
        "page shows the same with charts and XLSX/CSV downloads.",
        "示例：\n"
        "  python -m assessment compare 1 3 -o comparison.json\n"
        "\n"
        "BASELINE_ID 为较早的评估（例如在应用“评估列表”页复制出复评的那次评估），\n"
        "CURRENT_ID 为较晚的评估，两者须属于同一客户并使用同一问卷：其他客户的评估，\n"
        "或晚于复评的基线（按开始日期，未填写时按创建时间），均会被拒绝（退出码 2）。\n"
        "JSON 中包含每个流程前后两次的等级、得分、目标和差距，以及每个题目前后\n"
        "两次的实现程度。应用的“对比”页以图表展示同样的内容，并提供 XLSX/CSV 下载。",
    ),
    "baseline_id": ("id of the baseline assessment", "基线评估的编号"),
    "current_id": ("id of the re-assessment", "复评的编号"),
    "bad_date": ("'{value}' is not a date YYYY-MM-DD", "“{value}”不是 YYYY-MM-DD 格式的日期"),
    "bad_capacity": (
        "'{value}' is not a number of person-days above 0, nor WORKSTREAM=PERSON_DAYS",
        "“{value}”既不是大于 0 的人天数，也不是 工作流=人天数",
    ),
    "bad_workstream": (
        "'{workstream}' is not a workstream of this assessment's roadmap (one of {allowed})",
        "“{workstream}”不是本评估路线图的工作流（可选：{allowed}）",
    ),
    "roadmap_workstream": (
        "  {name}: {actions} actions, {effort:g} person-days at {capacity:g} a month, {start} to {end}",
        "  {name}：{actions} 个行动项，{effort:g} 人天，每月 {capacity:g} 人天，{start} 至 {end}",
    ),
}


def _say(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def add_commands(command: Callable[..., argparse.ArgumentParser], t: Callable[[str], str], lang: Lang) -> None:
    """Register `roadmap` and `compare`."""

    def day(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_say("bad_date", lang, value=text)) from None

    def capacity(text: str) -> tuple[str | None, float]:
        """A capacity: PERSON_DAYS (every workstream) or WORKSTREAM=PERSON_DAYS."""
        stream, _, number = text.rpartition("=")
        try:
            value = float(number)
        except ValueError:
            value = 0.0
        if not value > 0 or value == float("inf") or (_ and not stream.strip()):
            raise argparse.ArgumentTypeError(_say("bad_capacity", lang, value=text))
        return (stream.strip() or None), value

    roadmap = command("roadmap")
    roadmap.add_argument("--database", metavar="URL", help=t("database"))
    roadmap.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))
    roadmap.add_argument("-o", "--output", required=True, metavar="FILE", help=t("roadmap_out"))
    roadmap.add_argument("--start", type=day, metavar="YYYY-MM-DD", help=t("roadmap_start"))
    roadmap.add_argument(
        "--capacity", type=capacity, action="append", metavar="[WORKSTREAM=]PERSON_DAYS", help=t("roadmap_capacity")
    )

    compare = command("compare")
    compare.add_argument("--database", metavar="URL", help=t("database"))
    compare.add_argument("baseline", type=id_type(lang), metavar="BASELINE_ID", help=t("baseline_id"))
    compare.add_argument("current", type=id_type(lang), metavar="CURRENT_ID", help=t("current_id"))
    compare.add_argument("-o", "--output", metavar="FILE", help=t("out"))


def _roadmap(args: argparse.Namespace) -> int:
    from assessment.analysis.analyse import analyse_assessment, roadmap_problem_text
    from assessment.analysis.roadmap_notes import calendar_notes, workstream_names
    from assessment.exports.roadmap_export import (
        write_roadmap_csv,
        write_roadmap_markdown,
        write_roadmap_xlsx,
    )
    from assessment.workspace.stored import read_assessment
    from scoring.roadmap import PROGRAMME

    output = check_output(args.output, args.lang)
    writers = {".xlsx": write_roadmap_xlsx, ".csv": write_roadmap_csv, ".md": write_roadmap_markdown}
    writer = writers.get(output.suffix.lower())
    if writer is None:
        raise CommandError(_say("roadmap_suffix", args.lang, file=args.output))
    workspace = open_workspace(args.database, args.lang)
    try:
        given = args.capacity or []
        every = [value for stream, value in given if stream is None]
        own = {stream: value for stream, value in given if stream is not None}
        capacities = None
        if given:
            stored = read_assessment(workspace, args.assessment, answers=False)
            allowed = [*stored.processes, PROGRAMME]
            for stream in own:
                if stream not in allowed:
                    raise CommandError(_say("bad_workstream", args.lang, workstream=stream, allowed=", ".join(allowed)))
            # a number for every workstream replaces their own stored capacities; WORKSTREAM=N adds to them
            capacities = own if every else {**stored.roadmap_capacities, **own}
        analysis = analyse_assessment(
            workspace,
            args.assessment,
            start=args.start,
            capacity=every[-1] if every else None,
            capacities=capacities,
        )
    finally:
        workspace.dispose()
    plan = analysis.roadmap.actions
    writer(plan, analysis.scored.questionnaire, output, lang=args.lang)
    for problem in analysis.roadmap.problems:
        print(_say("roadmap_problem", args.lang, problem=roadmap_problem_text(problem)), file=sys.stderr)
    if len(plan):
        summary = {"actions": len(plan), "effort": float(plan["effort"].sum())}
        print(_say("roadmap_summary", args.lang, start=plan["start"].min(), due=plan["due"].max(), **summary))
        names = workstream_names(analysis.workstreams, args.lang)
        for row in analysis.workstreams.itertuples(index=False):
            fields = {"actions": row.actions, "effort": row.effort, "capacity": row.capacity}
            line = _say(
                "roadmap_workstream", args.lang, name=names[row.workstream], **fields, start=row.start, end=row.end
            )
            print(line)
        for note in calendar_notes(plan, args.lang):
            print(note)
    written(args.output, args.lang)
    return 0


def _compare(args: argparse.Namespace) -> int:
    from assessment.analysis.scored import score_assessment
    from assessment.files import write_atomic
    from assessment.workspace.baselines import check_comparable
    from scoring.comparison import compare

    output = check_output(args.output, args.lang) if args.output else None
    workspace = open_workspace(args.database, args.lang)
    try:
        check_comparable(workspace, args.baseline, args.current)  # the same client and questionnaire, in order
        baseline = score_assessment(workspace, args.baseline)
        current = score_assessment(workspace, args.current)
    finally:
        workspace.dispose()
    comparison = compare(baseline.result, current.result)
    text = json.dumps(
        {
            "baseline": args.baseline,
            "current": args.current,
            "processes": _records(comparison.processes),
            "items": _records(comparison.items),
        },
        ensure_ascii=False,
        indent=2,
    )
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        write_atomic(output, text + "\n")
        written(args.output, args.lang)
    return 0


def _records(frame) -> list[dict]:
    """Rows as JSON values: exact floats (Python's repr), None for missing values."""
    from assessment.analysis.results import json_value

    return [{key: json_value(value) for key, value in row.items()} for row in frame.to_dict("records")]


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"roadmap": _roadmap, "compare": _compare}
