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
    # The epilogs are laid out by hand (kept as written, see _HelpFormatter): lines of at most 79 columns, a Chinese
    # character taking two. Every command ends with "epilog"; a command with --database first has "epilog_database".
    "epilog": (
        "Exit codes: 0 success (warnings may still go to stderr); 2 bad input (an\n"
        "invalid file, a bad argument, an unknown assessment id, a database that\n"
        "cannot be opened): every problem on stderr, one line each, as\n"
        "file:line: message, and no output file written; 1 an internal error\n"
        "(MATURITYMAP_DEBUG=1 shows the traceback).\n"
        "Language: --lang zh|en, else MATURITYMAP_LANG, else English.\n"
        "File formats, every option and more examples: docs/cli.md",
        "退出码：0 成功（警告仍可能输出到标准错误）；2 输入有误（文件无效、参数\n"
        "有误、评估编号不存在、数据库无法打开）：每个问题一行，以“文件:行: 说明”\n"
        "输出到标准错误，且不写出任何输出文件；1 内部错误\n"
        "（设置 MATURITYMAP_DEBUG=1 可查看调用栈）。\n"
        "语言：--lang zh|en，否则取 MATURITYMAP_LANG，否则为英文。\n"
        "文件格式、全部选项和更多示例：docs/cli.md",
    ),
    "epilog_database": (
        "Database: --database URL, else $MATURITYMAP_DATABASE_URL, else the SQLite\n"
        "file data/maturitymap.db in the project folder (created on first use).\n"
        "Another SQLite file: --database sqlite:////srv/maturitymap/team.db\n"
        "PostgreSQL: --database postgresql+psycopg://USER:PASSWORD@HOST/maturitymap",
        "数据库：--database URL，否则取环境变量 MATURITYMAP_DATABASE_URL，\n"
        "否则为项目文件夹中的 SQLite 文件 data/maturitymap.db（首次使用时创建）。\n"
        "另一个 SQLite 文件：--database sqlite:////srv/maturitymap/team.db\n"
        "PostgreSQL：--database postgresql+psycopg://用户:密码@主机/maturitymap",
    ),
    "main_examples": (
        "A first look, on the demo:\n"
        "  python -m assessment demo               load the demo; prints its id\n"
        "  python -m assessment assessments        list the stored assessments\n"
        "  python -m assessment score --assessment 1 --format table\n"
        "  python -m assessment report --assessment 1 -o report.pdf --lang zh\n"
        "  python -m assessment roadmap 1 -o roadmap.xlsx\n"
        "\n"
        "An assessment of your own (create prints the new id, here 2):\n"
        "  python -m assessment validate questionnaires/itsm-core\n"
        '  python -m assessment create --client 示例集团 --name "2026 现状评估" \\\n'
        "      questionnaires/itsm-core --units 北京总部,上海数据中心\n"
        "  python -m assessment template --assessment 2 -o survey.xlsx --lang zh\n"
        "  python -m assessment import 2 survey-returned.xlsx\n"
        "  python -m assessment export 2 -o 2026-baseline.mmbundle     (backup)\n"
        "\n"
        "Files the commands read:\n"
        "  QUESTIONNAIRE  a YAML file, or a folder with questionnaire.yaml\n"
        "                 (docs/questionnaire-authoring.md)\n"
        "  RESPONSES      .csv (UTF-8) or .xlsx, one row per answer (respondent,\n"
        "                 item, answer, ...) or one row per respondent (respondent,\n"
        "                 role, unit, method, then a column per item id)\n"
        "  --targets      YAML, one 'process: level' per line, e.g. change: 4\n"
        "  bundles        .mmbundle files written by export\n"
        "\n"
        "Every command has --help, e.g.: python -m assessment report --help",
        "初次使用，先看演示评估：\n"
        "  python -m assessment demo               载入演示评估，输出其编号\n"
        "  python -m assessment assessments        列出已保存的评估\n"
        "  python -m assessment score --assessment 1 --format table\n"
        "  python -m assessment report --assessment 1 -o report.pdf --lang zh\n"
        "  python -m assessment roadmap 1 -o roadmap.xlsx\n"
        "\n"
        "新建自己的评估（create 输出新评估的编号，此处为 2）：\n"
        "  python -m assessment validate questionnaires/itsm-core\n"
        '  python -m assessment create --client 示例集团 --name "2026 现状评估" \\\n'
        "      questionnaires/itsm-core --units 北京总部,上海数据中心\n"
        "  python -m assessment template --assessment 2 -o survey.xlsx --lang zh\n"
        "  python -m assessment import 2 survey-returned.xlsx\n"
        "  python -m assessment export 2 -o 2026-baseline.mmbundle     （备份）\n"
        "\n"
        "命令读取的文件：\n"
        "  问卷 QUESTIONNAIRE   YAML 文件，或含 questionnaire.yaml 的文件夹\n"
        "                       （见 docs/questionnaire-authoring.md）\n"
        "  答卷 RESPONSES       .csv（UTF-8）或 .xlsx；长表每个回答一行（respondent、\n"
        "                       item、answer……），宽表每位答卷人一行（respondent、\n"
        "                       role、unit、method，之后每个题目编号一列）\n"
        "  目标 --targets       YAML，每行“流程: 等级”，例如 change: 4\n"
        "  数据包               由 export 生成的 .mmbundle 文件\n"
        "\n"
        "每个命令都有 --help，例如：python -m assessment report --help",
    ),
    "score_examples": (
        "Examples:\n"
        "  python -m assessment score questionnaires/itsm-core answers.csv \\\n"
        "      --format table\n"
        "  python -m assessment score questionnaires/itsm-core answers.xlsx \\\n"
        "      --rule c2m2 --targets targets.yaml -o result.json\n"
        "  python -m assessment score --assessment 1 --format csv -o levels.csv\n"
        "\n"
        "Reads QUESTIONNAIRE (YAML file or folder) and RESPONSES: .csv (UTF-8) or\n"
        ".xlsx, long (respondent, item, answer, optional role, unit, method,\n"
        "comment, evidence) or wide (respondent, role, unit, method, then a column\n"
        "per item id). An answer is a key of the item's scale (0-4 by default), na,\n"
        "unknown or empty. targets.yaml: 'process: level' lines, e.g. change: 4.\n"
        "Writes JSON (default), a table for the terminal, or CSV (one row per\n"
        "process) to standard output, or to the file of -o.",
        "示例：\n"
        "  python -m assessment score questionnaires/itsm-core answers.csv \\\n"
        "      --format table\n"
        "  python -m assessment score questionnaires/itsm-core answers.xlsx \\\n"
        "      --rule c2m2 --targets targets.yaml -o result.json\n"
        "  python -m assessment score --assessment 1 --format csv -o levels.csv\n"
        "\n"
        "读取问卷 QUESTIONNAIRE（YAML 文件或文件夹）和答卷 RESPONSES：.csv（UTF-8）\n"
        "或 .xlsx；长表列为 respondent、item、answer，可选 role、unit、method、\n"
        "comment、evidence；宽表列为 respondent、role、unit、method，之后每个题目\n"
        "编号一列。回答为题目量表中的键（默认 0-4）、na、unknown 或留空。\n"
        "targets.yaml：每行“流程: 等级”，例如 change: 4。\n"
        "输出 JSON（默认）、终端表格或 CSV（每个流程一行），写到标准输出，\n"
        "或写入 -o 指定的文件。",
    ),
    "template_examples": (
        "Examples:\n"
        "  python -m assessment template questionnaires/itsm-core -o survey.xlsx \\\n"
        "      --lang zh\n"
        "  python -m assessment template --assessment 2 -o survey-2.xlsx\n"
        "\n"
        "The .xlsx file has a dropdown of the answers in every item column, the item\n"
        "text (in --lang) as a header comment, and sheets that explain the scales\n"
        "and list the items; the .csv file holds the header row only (UTF-8 with a\n"
        "BOM, for Excel). Send it out; read the returned files with\n"
        "import ASSESSMENT_ID FILE (or score them with score).",
        "示例：\n"
        "  python -m assessment template questionnaires/itsm-core -o survey.xlsx \\\n"
        "      --lang zh\n"
        "  python -m assessment template --assessment 2 -o survey-2.xlsx\n"
        "\n"
        ".xlsx 文件的每个题目列都有答案下拉选项，表头批注为题目内容（--lang 指定\n"
        "的语言），另有工作表说明量表并列出题目；.csv 文件只含表头（UTF-8 带 BOM，\n"
        "便于 Excel 打开）。发放后，用 import 评估编号 文件 导入回收的文件\n"
        "（或用 score 直接评分）。",
    ),
    "help": ("show this help and exit", "显示本帮助并退出"),
    "main_lang": (
        "language of the help, messages and output: zh or en (also after the command)",
        "帮助、消息与输出的语言：zh 或 en（也可写在命令之后）",
    ),
    "positionals": ("arguments", "参数"),
    "optionals": ("options", "选项"),
    "commands": ("commands", "命令"),
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


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, except that a description or epilog with line breaks is kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:  # laid out by hand: examples, file formats
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def build_parser(lang: Lang) -> argparse.ArgumentParser:
    """The argument parser, its help texts in `lang`."""

    def t(key: str) -> str:
        return TEXT[key][1 if lang == "zh" else 0]

    def localized(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        """The parser's own help option and section titles in `lang` (argparse writes them in English)."""
        parser.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("help"))
        parser._positionals.title = t("positionals")
        parser._optionals.title = t("optionals")
        return parser

    parser = localized(
        argparse.ArgumentParser(
            prog="python -m assessment",
            description=t("description"),
            epilog=t("main_examples") + "\n\n" + t("epilog_database") + "\n\n" + t("epilog"),
            formatter_class=_HelpFormatter,
            add_help=False,
        )
    )
    parser.add_argument("--lang", choices=("zh", "en"), default=lang, help=t("main_lang"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title=t("commands"))

    def command(name: str, **options: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=t(name), description=t(name), formatter_class=_HelpFormatter, add_help=False, **options
        )
        localized(sub)
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
    for name, sub in commands.choices.items():  # examples (where a command has them), the database, exit codes
        stored = any("--database" in action.option_strings for action in sub._actions)
        parts = [f"{name}_examples"] * (f"{name}_examples" in TEXT) + ["epilog_database"] * stored + ["epilog"]
        sub.epilog = "\n\n".join(t(key) for key in parts)
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
