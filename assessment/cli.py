"""The command line: `python -m assessment validate|coverage|template|score`, the commands on stored
assessments (`assessments|create|import|demo|export|import-bundle`, in assessment/cli_store.py), on their analysis
(`roadmap|compare`, in assessment/cli_plan.py) and the report (`report`, in assessment/cli_report.py).

Exit codes: 0 success; 2 bad input (every problem on stderr, one line each, no traceback);
1 an internal error. No command leaves a partial output file behind.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from assessment import cli_plan, cli_report, cli_store
from assessment.cli_store import CommandError
from assessment.problems import InputError, Lang, Problem

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2

# (English, Chinese) for every text the command line shows.
TEXT: dict[str, tuple[str, str]] = {
    "description": (
        "MaturityMap: ITSM process maturity assessment and gap analysis.",
        "MaturityMap：IT 服务管理流程成熟度评估与差距分析。",
    ),
    "epilog": (
        "Exit codes: 0 success, 2 bad input (each problem on stderr as file:line: message), 1 internal error. "
        "Set MATURITYMAP_LANG=zh for Chinese.",
        "退出码：0 成功；2 输入有误（每个问题以“文件:行: 说明”输出到标准错误）；1 内部错误。"
        "设置 MATURITYMAP_LANG=en 使用英文。",
    ),
    "lang": ("language of messages and output: zh or en", "消息与输出的语言：zh 或 en"),
    "validate": ("check a questionnaire and list every problem", "检查问卷并列出所有问题"),
    "questionnaire": (
        "questionnaire YAML file, or a folder with questionnaire.yaml",
        "问卷 YAML 文件，或含 questionnaire.yaml 的文件夹",
    ),
    "template": ("write a blank survey file (one row per respondent)", "生成空白调查文件（每位答卷人一行）"),
    "template_out": ("output file, .xlsx or .csv", "输出文件，.xlsx 或 .csv"),
    "score": (
        "score a responses file, or a stored assessment (--assessment ID)",
        "对答卷文件评分，或对已保存的评估评分（--assessment 编号）",
    ),
    "score_usage": (
        "%(prog)s QUESTIONNAIRE RESPONSES [options]\n       %(prog)s --assessment ID [--database URL] [options]",
        "%(prog)s QUESTIONNAIRE RESPONSES [选项]\n       %(prog)s --assessment ID [--database URL] [选项]",
    ),
    "score_assessment": (
        "score this stored assessment (with its targets) instead of files",
        "对该已保存的评估（及其目标）评分，而非对文件评分",
    ),
    "score_both": (
        "give either QUESTIONNAIRE RESPONSES or --assessment ID, not both",
        "请给出“问卷 答卷文件”或“--assessment 编号”之一，不能同时给出",
    ),
    "score_targets": (
        "--targets is for scoring files; a stored assessment is scored with the targets stored in it",
        "--targets 仅用于对文件评分；已保存的评估按其中保存的目标评分",
    ),
    "template_usage": (
        "%(prog)s QUESTIONNAIRE -o FILE [options]\n       %(prog)s --assessment ID [--database URL] -o FILE [options]",
        "%(prog)s QUESTIONNAIRE -o FILE [选项]\n       %(prog)s --assessment ID [--database URL] -o FILE [选项]",
    ),
    "template_assessment": (
        "a blank survey for this stored assessment: its questionnaire snapshot and scope",
        "为该已保存的评估生成空白调查文件：使用其问卷快照和评估范围",
    ),
    "template_both": (
        "give either QUESTIONNAIRE or --assessment ID, not both",
        "请给出“问卷”或“--assessment 编号”之一，不能同时给出",
    ),
    "score_database": ("--database goes with --assessment ID", "--database 需与 --assessment 编号一起使用"),
    "required": ("the following arguments are required: {names}", "缺少以下参数：{names}"),
    "or_assessment": (" (or --assessment ID)", "（或 --assessment 编号）"),
    "responses": ("responses file, .csv or .xlsx (long or wide shape)", "答卷文件，.csv 或 .xlsx（长表或宽表）"),
    "rule": (
        "maturity level rule (default iso33020; for a stored assessment, its own rule)",
        "成熟度等级判定规则（默认 iso33020；已保存的评估默认使用其自身的规则）",
    ),
    "targets": (
        "YAML file of target levels, 'process: level' (default 3)",
        "目标等级 YAML 文件，格式“流程: 等级”（默认 3）",
    ),
    "format": ("output format (default json)", "输出格式（默认 json）"),
    "out": ("write to this file instead of standard output", "写入该文件而非标准输出"),
    "valid": (
        "{file}: valid questionnaire {id} {version}: {processes} processes, {items} scored items",
        "{file}：问卷有效 {id} {version}：{processes} 个流程，{items} 个计分题目",
    ),
    "valid_plan": (
        "{walkthroughs} walkthroughs, {actions} actions, {context} context sections",
        "{walkthroughs} 个穿行测试，{actions} 个行动项，{context} 个背景部分",
    ),
    "coverage": (
        "show how a questionnaire covers its processes (Markdown)",
        "显示问卷对各流程的覆盖情况（Markdown）",
    ),
    "written": ("wrote {file}", "已写入 {file}"),
    "cannot_write": ("cannot write {file}: {reason}", "无法写入 {file}：{reason}"),
    "no_folder": ("its folder does not exist", "所在文件夹不存在"),
    "is_folder": ("it is a folder", "这是一个文件夹"),
    "internal": (
        "internal error: {error} (set MATURITYMAP_DEBUG=1 for details; please report it)",
        "内部错误：{error}（设置 MATURITYMAP_DEBUG=1 查看详情；请报告此问题）",
    ),
    "problems": ("{count} problem(s) found", "发现 {count} 个问题"),
    **cli_store.TEXT,
    **cli_plan.TEXT,
    **cli_report.TEXT,
}


def _language(argv: Sequence[str]) -> Lang:
    """The language from --lang in argv, else MATURITYMAP_LANG, else English."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        else:
            continue
        if value in ("zh", "en"):
            return value  # type: ignore[return-value]
    env = os.environ.get("MATURITYMAP_LANG", "")
    return "zh" if env.startswith("zh") else "en"


def build_parser(lang: Lang) -> argparse.ArgumentParser:
    """The argument parser, its help texts in `lang`."""

    def t(key: str) -> str:
        return TEXT[key][1 if lang == "zh" else 0]

    parser = argparse.ArgumentParser(prog="python -m assessment", description=t("description"), epilog=t("epilog"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, **options: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=t(name), description=t(name), epilog=t("epilog"), **options)
        sub.add_argument("--lang", choices=("zh", "en"), default=lang, help=t("lang"))
        return sub

    validate = command("validate")
    validate.add_argument("questionnaire", metavar="QUESTIONNAIRE", help=t("questionnaire"))

    template = command("template", usage=t("template_usage"))
    template.add_argument("questionnaire", nargs="?", metavar="QUESTIONNAIRE", help=t("questionnaire"))
    template.add_argument("--assessment", type=cli_store.id_type(lang), metavar="ID", help=t("template_assessment"))
    template.add_argument("--database", metavar="URL", help=t("database"))
    template.add_argument("-o", "--output", required=True, metavar="FILE", help=t("template_out"))
    template.set_defaults(usage_error=template.error)

    coverage = command("coverage")
    coverage.add_argument("questionnaire", metavar="QUESTIONNAIRE", help=t("questionnaire"))
    coverage.add_argument("-o", "--output", metavar="FILE", help=t("out"))

    # score files (QUESTIONNAIRE RESPONSES) or a stored assessment (--assessment ID): _check_score_form checks which
    score = command("score", usage=t("score_usage"))
    score.add_argument("questionnaire", nargs="?", metavar="QUESTIONNAIRE", help=t("questionnaire"))
    score.add_argument("responses", nargs="?", metavar="RESPONSES", help=t("responses"))
    score.add_argument("--assessment", type=cli_store.id_type(lang), metavar="ID", help=t("score_assessment"))
    score.add_argument("--database", metavar="URL", help=t("database"))
    score.add_argument("--rule", choices=("iso33020", "c2m2"), help=t("rule"))
    score.add_argument("--targets", metavar="FILE", help=t("targets"))
    score.add_argument("--format", choices=("json", "table", "csv"), default="json", help=t("format"))
    score.add_argument("-o", "--output", metavar="FILE", help=t("out"))
    score.set_defaults(usage_error=score.error)

    cli_store.add_commands(command, t, lang)
    cli_plan.add_commands(command, t, lang)
    cli_report.add_commands(command, t, lang)
    return parser


def _check_score_form(args: argparse.Namespace) -> None:
    """`score` takes files or a stored assessment, exactly one of them; else exit 2 with the usage."""
    check_files_or_stored(args, _t("score_both", args.lang), {"targets": _t("score_targets", args.lang)})


def check_files_or_stored(args: argparse.Namespace, both: str, not_with_stored: dict[str, str]) -> None:
    """QUESTIONNAIRE RESPONSES or --assessment ID, exactly one, with only the options that go with it; else exit 2.

    `both`: the message for files and an assessment given together; `not_with_stored`: option -> its message when
    given with an assessment. `--database` goes only with an assessment.
    """
    lang = args.lang
    if args.assessment is not None:
        if args.questionnaire is not None or args.responses is not None:
            args.usage_error(both)
        for option, message in not_with_stored.items():
            if getattr(args, option) is not None:
                args.usage_error(message)
    elif args.questionnaire is None:
        args.usage_error(_t("required", lang, names="QUESTIONNAIRE, RESPONSES") + _t("or_assessment", lang))
    elif args.responses is None:
        args.usage_error(_t("required", lang, names="RESPONSES"))
    elif args.database is not None:
        args.usage_error(_t("score_database", lang))


def _check_template_form(args: argparse.Namespace) -> None:
    """`template` takes a questionnaire or a stored assessment, exactly one of them."""
    if args.assessment is not None and args.questionnaire is not None:
        args.usage_error(_t("template_both", args.lang))
    if args.assessment is None and args.questionnaire is None:
        args.usage_error(_t("required", args.lang, names="QUESTIONNAIRE") + _t("or_assessment", args.lang))
    if args.assessment is None and args.database is not None:
        args.usage_error(_t("score_database", args.lang))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language(argv)
    args = build_parser(lang).parse_args(argv)  # exits 2 on bad arguments, with usage on stderr
    if args.command == "score":
        _check_score_form(args)
    if args.command == "template":
        _check_template_form(args)
    try:
        return _COMMANDS[args.command](args)
    except InputError as exc:
        _report(exc.warnings + exc.problems, args.lang)
        return EXIT_BAD_INPUT
    except CommandError as exc:  # an output path that cannot be written, a database that cannot be opened, ...
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing more to say
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("MATURITYMAP_DEBUG"):
            traceback.print_exc()
        print(_t("internal", args.lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_INTERNAL


class OutputError(CommandError):
    """The output file cannot be written."""


def _t(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def _report(problems: list[Problem], lang: Lang) -> None:
    for problem in problems:
        print(problem.render(lang), file=sys.stderr)


def _check_output(path: str, lang: Lang) -> Path:
    """An output path whose folder exists; raises OutputError before any work is done."""
    target = Path(path)
    if not target.parent.is_dir():
        raise OutputError(_t("cannot_write", lang, file=path, reason=_t("no_folder", lang)))
    if target.is_dir():
        raise OutputError(_t("cannot_write", lang, file=path, reason=_t("is_folder", lang)))
    return target


def _validate(args: argparse.Namespace) -> int:
    from assessment.questionnaire import check_questionnaire

    questionnaire, problems = check_questionnaire(args.questionnaire)
    _report(problems, args.lang)
    if questionnaire is None:
        errors = sum(1 for p in problems if p.is_error)
        print(_t("problems", args.lang, count=errors), file=sys.stderr)
        return EXIT_BAD_INPUT
    items = sum(1 for _, item in questionnaire.all_items() if item.is_scored)
    summary = _t(
        "valid",
        args.lang,
        file=args.questionnaire,
        id=questionnaire.id,
        version=questionnaire.version,
        processes=len(questionnaire.processes),
        items=items,
    )
    walkthroughs = sum(len(process.walkthroughs) for process in questionnaire.processes)
    actions = len(questionnaire.all_actions())
    if walkthroughs or actions or questionnaire.context:
        plan = _t(
            "valid_plan", args.lang, walkthroughs=walkthroughs, actions=actions, context=len(questionnaire.context)
        )
        summary += ("，" if args.lang == "zh" else ", ") + plan
    print(summary)
    return EXIT_OK


def _coverage(args: argparse.Namespace) -> int:
    from assessment.files import write_atomic
    from assessment.questionnaire import load_questionnaire
    from assessment.questionnaire.coverage import coverage_markdown

    output = _check_output(args.output, args.lang) if args.output else None
    loaded = load_questionnaire(args.questionnaire)
    _report(loaded.warnings, args.lang)
    text = coverage_markdown(loaded.questionnaire, args.questionnaire)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        print(_t("written", args.lang, file=args.output), file=sys.stderr)
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from assessment.questionnaire import load_questionnaire
    from assessment.survey_template import write_template

    output = _check_output(args.output, args.lang)
    if output.suffix.lower() not in (".xlsx", ".csv"):
        raise InputError([Problem("unknown_file_type", {"suffix": output.suffix}, file=args.output)])
    if args.assessment is not None:
        questionnaire = cli_store.stored_questionnaire(args)
    else:
        loaded = load_questionnaire(args.questionnaire)
        _report(loaded.warnings, args.lang)
        questionnaire = loaded.questionnaire
    write_template(questionnaire, output, lang=args.lang)
    print(_t("written", args.lang, file=args.output), file=sys.stderr)
    return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    from assessment import results
    from assessment.files import write_atomic
    from assessment.services import score_files
    from scoring.maturity import DEFAULT_RULE

    output = _check_output(args.output, args.lang) if args.output else None
    if args.assessment is not None:
        scored = cli_store.score_stored(args)
    else:
        rule = args.rule or DEFAULT_RULE
        scored = score_files(args.questionnaire, args.responses, rule=rule, targets_path=args.targets)
    render = {"json": results.to_json, "table": results.to_table, "csv": results.to_csv}[args.format]
    text = render(scored, args.lang)
    if output is None:
        sys.stdout.write(text)
        if args.format != "table":
            _report(scored.warnings, args.lang)
        return EXIT_OK
    # Excel opens a UTF-8 CSV with Chinese text correctly only when it starts with a BOM
    write_atomic(output, text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
    _report(scored.warnings, args.lang)
    print(_t("written", args.lang, file=args.output), file=sys.stderr)
    return EXIT_OK


_COMMANDS = {
    "validate": _validate,
    "template": _template,
    "coverage": _coverage,
    "score": _score,
    **cli_store.COMMANDS,
    **cli_plan.COMMANDS,
    **cli_report.COMMANDS,
}
