"""The command line's entry: the parser with its help in either language, and the dispatch to the commands.

The commands live one group to a module: on files (`validate|coverage|template|score`, files.py), on stored
assessments (`assessments|create|import|demo|export|import-bundle`, store.py), on their analysis
(`roadmap|compare`, plan.py), the report (`report`, report.py), putting data right (corrections.py), the
consultant's findings and recommendations (`findings`, findings.py), evidence from the ticket system (`evidence`,
evidence.py), accounts (`users`, users.py) and online survey campaigns (`campaign`, campaign.py). What they share
is in common.py; no command module imports another.

Exit codes: 0 success; 2 bad input (every problem on stderr, one line each, no traceback);
1 an internal error. No command leaves a partial output file behind.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from assessment.cli import campaign, corrections, evidence, files, findings, plan, report, store, users
from assessment.cli.common import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, CommandError, report_problems, text
from assessment.problems import InputError, Lang

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
    "responses": ("responses file, .csv or .xlsx (long or wide shape)", "答卷文件，.csv 或 .xlsx（长表或宽表）"),
    "out": ("write to this file instead of standard output", "写入该文件而非标准输出"),
    "coverage": (
        "show how a questionnaire covers its processes (Markdown)",
        "显示问卷对各流程的覆盖情况（Markdown）",
    ),
    **store.TEXT,
    **plan.TEXT,
    **report.TEXT,
    **files.TEXT,
    **corrections.TEXT,
    **findings.TEXT,
    **evidence.TEXT,
    **users.TEXT,
    **campaign.TEXT,
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


def build_parser(lang: Lang, command_name: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, its help texts in `lang`.

    With `command_name`, only the group of commands it belongs to is registered: building another group's
    options may load what that group needs (the report's sections load the report generator, 2 s).
    """

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

    for module in _MODULES:  # in the order of the help
        if command_name is None or command_name in module.COMMANDS:
            module.add_commands(command, t, lang)
    for name, sub in commands.choices.items():  # examples (where a command has them), the database, exit codes
        stored = any("--database" in action.option_strings for action in sub._actions)
        parts = [f"{name}_examples"] * (f"{name}_examples" in TEXT) + ["epilog_database"] * stored + ["epilog"]
        sub.epilog = "\n\n".join(t(key) for key in parts)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language(argv)
    args = build_parser(lang, _command_name(argv)).parse_args(argv)  # exits 2 on bad arguments, with usage on stderr
    try:
        return _COMMANDS[args.command](args)
    except InputError as exc:
        report_problems(exc.warnings + exc.problems, args.lang)
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
        print(text("internal", args.lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_INTERNAL


def _command_name(argv: Sequence[str]) -> str | None:
    """The command `argv` names, when it is a known one and comes after nothing but --lang; else None (the whole
    parser is built, so that help and errors list every command)."""
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--lang":
            index += 2
        elif arg.startswith("--lang="):
            index += 1
        else:
            return arg if arg in _COMMANDS else None
    return None


_MODULES = (files, store, corrections, findings, evidence, plan, report, users, campaign)  # in the order of the help
_COMMANDS = {name: run for module in _MODULES for name, run in module.COMMANDS.items()}
