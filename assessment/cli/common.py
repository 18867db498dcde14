"""What the commands share: their errors and exit codes, the messages several of them show, the checks of output
paths and of the files-or-stored forms, assessment ids, opening the database. Imported by every command module;
imports none of them.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable
from pathlib import Path

from assessment.problems import Lang, Problem

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2

# (English, Chinese) of the messages more than one command shows.
MESSAGES: dict[str, tuple[str, str]] = {
    "written": ("wrote {file}", "已写入 {file}"),
    "cannot_write": ("cannot write {file}: {reason}", "无法写入 {file}：{reason}"),
    "no_folder": ("its folder does not exist", "所在文件夹不存在"),
    "is_folder": ("it is a folder", "这是一个文件夹"),
    "internal": (
        "internal error: {error} (set MATURITYMAP_DEBUG=1 for details; please report it)",
        "内部错误：{error}（设置 MATURITYMAP_DEBUG=1 查看详情；请报告此问题）",
    ),
    "required": ("the following arguments are required: {names}", "缺少以下参数：{names}"),
    "or_assessment": (" (or --assessment ID)", "（或 --assessment 编号）"),
    "score_database": ("--database goes with --assessment ID", "--database 需与 --assessment 编号一起使用"),
    "bad_id": (
        "an assessment id is a whole number from 1, got '{value}'",
        "评估编号必须是从 1 开始的整数，实际为“{value}”",
    ),
    "cannot_open": ("cannot open the database {url}: {reason}", "无法打开数据库 {url}：{reason}"),
    "lead_option": (
        "this account becomes the assessment's lead (else only administrators see it until someone is granted)",
        "该账户成为评估负责人（否则在授予他人之前仅管理员可见）",
    ),
    "actor_option": (
        "the name written to the audit log (default: your operating-system user)",
        "写入审计日志的姓名（默认：操作系统用户名）",
    ),
}


def text(key: str, lang: Lang, **params: object) -> str:
    """One of MESSAGES in `lang`."""
    return MESSAGES[key][1 if lang == "zh" else 0].format(**params)


class CommandError(Exception):
    """A command refuses its input with one message (exit 2)."""


class OutputError(CommandError):
    """The output file cannot be written."""


def report_problems(problems: list[Problem], lang: Lang) -> None:
    """Every problem on stderr, one line each, in `lang`."""
    for problem in problems:
        print(problem.render(lang), file=sys.stderr)


def check_output(path: str, lang: Lang) -> Path:
    """An output path whose folder exists; raises OutputError before any work is done."""
    target = Path(path)
    if not target.parent.is_dir():
        raise OutputError(text("cannot_write", lang, file=path, reason=text("no_folder", lang)))
    if target.is_dir():
        raise OutputError(text("cannot_write", lang, file=path, reason=text("is_folder", lang)))
    return target


def written(path: str, lang: Lang) -> None:
    """Say on stderr that `path` was written."""
    print(text("written", lang, file=path), file=sys.stderr)


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
        args.usage_error(text("required", lang, names="QUESTIONNAIRE, RESPONSES") + text("or_assessment", lang))
    elif args.responses is None:
        args.usage_error(text("required", lang, names="RESPONSES"))
    elif args.database is not None:
        args.usage_error(text("score_database", lang))


def id_type(lang: Lang) -> Callable[[str], int]:
    """The type of an assessment id argument: a whole number from 1 (else argparse shows why and exits 2)."""

    def assessment_id(text: str) -> int:
        if re.fullmatch(r"\s*[0-9]+\s*", text) and int(text) >= 1:
            return int(text)
        raise argparse.ArgumentTypeError(globals()["text"]("bad_id", lang, value=text))

    return assessment_id


def id_list(text: str) -> list[str]:
    """Comma-separated values (an ideographic comma works too), stripped, empty ones dropped."""
    return [part.strip() for part in re.split(r"[,，、]", text) if part.strip()]


def actor(named: str | None = None) -> str:
    """Who makes a change from the command line, marked as such: the operating-system user, or the name given
    with --actor (an operator acting for someone)."""
    if named and named.strip():
        return f"{named.strip()[:150]} (command line)"
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"{user} (command line)"


def check_account(workspace, username: str) -> None:
    """The account exists, or a WorkspaceError naming it (checked before anything is changed)."""
    from assessment.accounts.users import get

    with workspace.transaction() as session:
        get(session, username)


def open_workspace(url: str | None, lang: Lang):
    """The workspace at `url` (None: the default), or a CommandError saying why it cannot be opened."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, OperationalError

    from assessment.workspace.core import Workspace, default_url

    url = url or default_url()
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        shown = url
    try:
        return Workspace(url)
    except (ArgumentError, OperationalError, ImportError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise CommandError(text("cannot_open", lang, url=shown, reason=reason)) from None


def score_stored(args: argparse.Namespace):
    """`score --assessment ID`: the stored assessment scored under its rule (or --rule)."""
    from assessment.analysis.scored import score_assessment

    workspace = open_workspace(args.database, args.lang)
    try:
        return score_assessment(workspace, args.assessment, rule=args.rule)
    finally:
        workspace.dispose()


def stored_questionnaire(args: argparse.Namespace):
    """The questionnaire snapshot of `--assessment ID`, narrowed to its scope."""
    from assessment.workspace.core import get_assessment

    workspace = open_workspace(args.database, args.lang)
    try:
        with workspace.transaction() as session:
            return workspace.questionnaire_of(get_assessment(session, args.assessment))
    finally:
        workspace.dispose()
