"""The command line's `report`: the assessment report (PDF, HTML, XLSX or DOCX) of a responses file or a stored
assessment.

`report QUESTIONNAIRE RESPONSES -o FILE` scores the files and reports on them; `report --assessment ID -o FILE`
reports on a stored assessment, with its client and name, the workspace's branding and the walkthrough results.
The suffix of FILE chooses the format. The generator (`assessment.report`) writes the file whole or not at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessment.cli.common import (
    CommandError,
    check_files_or_stored,
    check_output,
    id_list,
    id_type,
    open_workspace,
    report_problems,
    written,
)
from assessment.problems import Lang

if TYPE_CHECKING:
    from assessment.analysis.analyse import Analysis

REPORT_SUFFIXES = (".pdf", ".html", ".xlsx", ".docx", ".pptx")
SHOWS_EVIDENCE = ("pdf", "html", "pptx", "docx")  # the documents with a chapter (or a slide) of the ticket data

# (English, Chinese) for every text `report` shows.
TEXT: dict[str, tuple[str, str]] = {
    "report": (
        "write the assessment report (.pdf, .html, .xlsx, the Word report .docx or the steering-committee deck "
        ".pptx) of a responses file, or of a stored assessment (--assessment ID)",
        "生成评估报告（.pdf、.html、.xlsx、Word 报告 .docx 或指导委员会汇报 .pptx）：针对答卷文件，"
        "或针对已保存的评估（--assessment 编号）",
    ),
    "report_usage": (
        "%(prog)s QUESTIONNAIRE RESPONSES -o FILE [options]\n"
        "       %(prog)s --assessment ID [--database URL] -o FILE [options]",
        "%(prog)s QUESTIONNAIRE RESPONSES -o FILE [选项]\n"
        "       %(prog)s --assessment ID [--database URL] -o FILE [选项]",
    ),
    "report_out": (
        "output file; its suffix chooses the format: .pdf (the report), .html (the same, for a browser), .xlsx "
        "(the results workbook), .docx (the report as a Word document to edit) or .pptx (the steering-committee "
        "deck)",
        "输出文件，扩展名决定格式：.pdf（报告）、.html（同一报告，供浏览器查看）、.xlsx（评估结果工作簿）、"
        ".docx（可编辑的 Word 报告）或 .pptx（指导委员会汇报）",
    ),
    "report_assessment": (
        "report on this stored assessment (its client, name, targets, walkthroughs; the workspace's branding)",
        "针对该已保存的评估生成报告（使用其客户、名称、目标、穿行测试结果，以及工作区的品牌设置）",
    ),
    "report_rule": (
        "maturity level rule for files (default iso33020); a stored assessment uses its own",
        "对文件评分时的成熟度等级判定规则（默认 iso33020）；已保存的评估使用其自身的规则",
    ),
    "report_sections": (
        "sections to include, comma-separated, in any order (default all: {sections})",
        "包含的章节，以逗号分隔，顺序不限（默认全部：{sections}）",
    ),
    "report_assessor": ("name of the assessor shown in the report", "报告中显示的评估人姓名"),
    "report_client": (
        "client organization shown in the report (default: none for files; a stored assessment's own)",
        "报告中显示的客户组织（默认：文件无；已保存的评估使用其自身的客户）",
    ),
    "report_name": (
        "name of the assessment shown in the report (default: the responses file's name; a stored assessment's own)",
        "报告中显示的评估名称（默认：答卷文件名；已保存的评估使用其自身的名称）",
    ),
    "report_suffix": (
        "cannot write {file}: a report is written as .pdf, .html, .xlsx, .docx or .pptx",
        "无法写入 {file}：报告只能生成为 .pdf、.html、.xlsx、.docx 或 .pptx",
    ),
    "report_both": (
        "give either QUESTIONNAIRE RESPONSES or --assessment ID, not both",
        "请给出“问卷 答卷文件”或“--assessment 编号”之一，不能同时给出",
    ),
    "report_targets": (
        "--targets is for files; a stored assessment is reported with the targets stored in it",
        "--targets 仅用于文件；已保存的评估按其中保存的目标生成报告",
    ),
    "report_rule_stored": (
        "--rule is for files; a stored assessment is reported under its own rule (change it in its set-up)",
        "--rule 仅用于文件；已保存的评估按其自身的规则生成报告（可在评估设置中修改）",
    ),
    "bad_sections": (
        "unknown report section(s) {unknown}; the sections are: {sections}",
        "未知的报告章节 {unknown}；可选章节：{sections}",
    ),
    "no_sections": ("no report section given; the sections are: {sections}", "未给出报告章节；可选章节：{sections}"),
    # Examples and notes at the end of `report --help` (lines laid out by hand, see main.py).
    "report_examples": (
        "Examples:\n"
        "  python -m assessment report --assessment 1 -o report.pdf --lang zh\n"
        "  python -m assessment report --assessment 1 -o summary.html \\\n"
        "      --sections cover,summary,overview --lang en\n"
        "  python -m assessment report --assessment 1 -o results.xlsx\n"
        "  python -m assessment report --assessment 1 -o deck.pptx --lang zh\n"
        "  python -m assessment report --assessment 1 -o report.docx --lang en\n"
        "  python -m assessment report questionnaires/itsm-core answers.csv \\\n"
        "      -o report.pdf --client 示例集团 --assessor 王工 --targets targets.yaml\n"
        "\n"
        "The suffix of -o chooses the format: .pdf, .html (one self-contained page),\n"
        ".xlsx (the results workbook), .docx (the report in Word, to edit) or .pptx\n"
        "(the steering-committee deck); .docx and .pptx use the firm's template\n"
        "when one is uploaded under the branding. --lang is the language of the\n"
        "report too.\n"
        "A stored assessment's report uses its targets, roadmap settings and edits,\n"
        "context and walkthroughs, and the workspace's branding (the app's\n"
        "Settings). From files: the default branding, the targets of --targets\n"
        "(else 3), no context; the roadmap starts today. The demo's PDF, some 70\n"
        "pages, takes 15-20 seconds.",
        "示例：\n"
        "  python -m assessment report --assessment 1 -o report.pdf --lang zh\n"
        "  python -m assessment report --assessment 1 -o summary.html \\\n"
        "      --sections cover,summary,overview --lang en\n"
        "  python -m assessment report --assessment 1 -o results.xlsx\n"
        "  python -m assessment report --assessment 1 -o deck.pptx --lang zh\n"
        "  python -m assessment report --assessment 1 -o report.docx --lang en\n"
        "  python -m assessment report questionnaires/itsm-core answers.csv \\\n"
        "      -o report.pdf --client 示例集团 --assessor 王工 --targets targets.yaml\n"
        "\n"
        "-o 的扩展名决定格式：.pdf、.html（单个自包含网页）、.xlsx（评估结果\n"
        "工作簿）、.docx（可编辑的 Word 报告）或 .pptx（指导委员会汇报）；\n"
        "品牌设置中上传了公司模板时，.docx 和 .pptx 使用该模板。--lang 同时决定\n"
        "报告的语言。已保存评估的报告使用其目标、路线图设置和人工调整、现状背景\n"
        "和穿行测试结果，以及工作区的品牌设置（应用的“设置”页）。针对文件生成时：\n"
        "使用默认品牌、--targets 中的目标（否则为 3），不含现状背景；路线图从今天\n"
        "开始。演示评估的 PDF 约 70 页，生成约需 15–20 秒。",
    ),
}


def _say(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def section_list(lang: Lang) -> Callable[[str], tuple[str, ...]]:
    """The type of `--sections`: known section ids, comma-separated (else argparse names the allowed ones, exit 2)."""
    from assessment.report.options import SECTIONS  # loads the report generator: only for `report`

    allowed = ", ".join(SECTIONS)

    def sections(text: str) -> tuple[str, ...]:
        chosen = id_list(text)
        unknown = [section for section in chosen if section not in SECTIONS]
        if unknown:
            shown = ", ".join(f"'{section}'" for section in unknown)
            raise argparse.ArgumentTypeError(_say("bad_sections", lang, unknown=shown, sections=allowed))
        if not chosen:
            raise argparse.ArgumentTypeError(_say("no_sections", lang, sections=allowed))
        return tuple(dict.fromkeys(chosen))

    return sections


def add_commands(command: Callable[..., argparse.ArgumentParser], t: Callable[[str], str], lang: Lang) -> None:
    """Register `report`."""
    from assessment.report.options import SECTIONS

    report = command("report", usage=t("report_usage"))
    report.add_argument("questionnaire", nargs="?", metavar="QUESTIONNAIRE", help=t("questionnaire"))
    report.add_argument("responses", nargs="?", metavar="RESPONSES", help=t("responses"))
    report.add_argument("--assessment", type=id_type(lang), metavar="ID", help=t("report_assessment"))
    report.add_argument("--database", metavar="URL", help=t("database"))
    report.add_argument("-o", "--output", required=True, metavar="FILE", help=t("report_out"))
    report.add_argument("--targets", metavar="FILE", help=t("targets"))
    report.add_argument("--rule", choices=("iso33020", "c2m2"), help=t("report_rule"))
    sections_help = t("report_sections").replace("{sections}", ",".join(SECTIONS))
    report.add_argument("--sections", type=section_list(lang), metavar="S1,S2", help=sections_help)
    report.add_argument("--assessor", default="", metavar="NAME", help=t("report_assessor"))
    report.add_argument("--client", metavar="NAME", help=t("report_client"))
    report.add_argument("--name", metavar="NAME", help=t("report_name"))
    report.set_defaults(usage_error=report.error)


def _check_form(args: argparse.Namespace) -> None:
    """Files or a stored assessment, exactly one of them, and only the options that go with it; else exit 2."""

    lang = args.lang
    stored_refuses = {"targets": _say("report_targets", lang), "rule": _say("report_rule_stored", lang)}
    check_files_or_stored(args, _say("report_both", lang), stored_refuses)


def _write(args: argparse.Namespace) -> int:

    _check_form(args)
    output = check_output(args.output, args.lang)
    if output.suffix.lower() not in REPORT_SUFFIXES:
        raise CommandError(_say("report_suffix", args.lang, file=args.output))
    from assessment.report.options import SECTIONS, ReportOptions

    options = ReportOptions(lang=args.lang, sections=args.sections or tuple(SECTIONS))
    charts = output.suffix.lower() in (".pdf", ".html", ".docx")
    # every input problem is found before the generator (WeasyPrint, Plotly) is loaded
    read = _stored if args.assessment is not None else _files
    analysis, meta, extra = read(args, _start_browser if charts else _nothing)
    report_problems(analysis.scored.warnings, args.lang)

    from assessment.report import ReportMeta, write_report

    if output.suffix.lower() == ".pptx":
        from assessment.report.deck import write_deck as write_report
    elif output.suffix.lower() == ".docx":
        from assessment.report.word import write_word as write_report

    write_report(analysis, ReportMeta(**meta), options, output, **extra)
    written(args.output, args.lang)
    return 0


def _start_browser() -> None:
    """Start the charts' browser now, on its own thread: it is up (~2 s) by the time the charts are exported.

    Called once the inputs are known to be good, so that a wrong file is told at once, with no browser to stop.
    """
    from assessment.report.charts import start_browser_soon

    start_browser_soon()


def _nothing() -> None:
    return None


def _files(
    args: argparse.Namespace, inputs_read: Callable[[], None]
) -> tuple[Analysis, dict[str, Any], dict[str, Any]]:
    """The analysis of QUESTIONNAIRE RESPONSES (every problem of either raised as an InputError) and its meta;
    `inputs_read` is called once both are read without a problem."""
    from assessment.analysis.analyse import analyse_files
    from assessment.analysis.scored import score_files
    from scoring.maturity import DEFAULT_RULE

    scored = score_files(args.questionnaire, args.responses, rule=args.rule or DEFAULT_RULE, targets_path=args.targets)
    inputs_read()
    analysis = analyse_files(scored)
    questionnaire = scored.questionnaire
    meta = {
        "client": (args.client or "").strip(),
        "assessment": (args.name or "").strip() or Path(args.responses).stem,
        "date": dt.date.today(),
        "assessor": args.assessor.strip(),
        "questionnaire": f"{questionnaire.id} {questionnaire.version}",
    }
    return analysis, meta, {}


def _stored(
    args: argparse.Namespace, inputs_read: Callable[[], None]
) -> tuple[Analysis, dict[str, Any], dict[str, Any]]:
    """The analysis of the stored assessment, its meta (client, name, the workspace's branding), and what else the
    report shows of it: the walkthrough results and the context records; `inputs_read` is called once the
    assessment is found."""
    from assessment.analysis.analyse import analyse_stored
    from assessment.workspace.branding import get_branding
    from assessment.workspace.evidence import evidence_of
    from assessment.workspace.office_templates import KINDS, get_template
    from assessment.workspace.stored import read_assessment

    workspace = open_workspace(args.database, args.lang)
    try:
        stored = read_assessment(workspace, args.assessment)  # a WorkspaceError (exit 2) when it does not exist
        branding = get_branding(workspace)
        kind = Path(args.output).suffix.lower().lstrip(".")
        template = get_template(workspace, kind) if kind in KINDS else None  # the firm's .pptx / .docx
        # the chapter (or the deck's slide) of evidence from the ticket system: for the documents that show it
        evidence = evidence_of(workspace, args.assessment, checked=False) if kind in SHOWS_EVIDENCE else None
    finally:
        workspace.dispose()
    inputs_read()
    analysis = analyse_stored(stored)
    meta = {
        "client": (args.client or "").strip() or stored.client,
        "assessment": (args.name or "").strip() or stored.name,
        "date": dt.date.today(),
        "assessor": args.assessor.strip(),
        "branding": branding,
        "questionnaire": f"{stored.questionnaire_id} {stored.questionnaire_version}",
    }
    extra = {"walkthroughs": stored.walkthroughs, "context_records": stored.context}
    if kind in KINDS:
        extra["template"] = template
    if evidence is not None:
        extra["evidence"] = evidence
    return analysis, meta, extra


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"report": _write}
