"""The command line for the consultant's own findings and recommendations: `findings`.

Reads, sets (from a file or standard input) or clears the text of the executive summary or of a process; with
no scope it lists every text written. Changes are in the audit log under the operating-system user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from assessment.cli.common import CommandError, actor, id_type, open_workspace
from assessment.problems import Lang

READ_LIMIT = 4 * 20_000 + 4  # bytes: the longest text a consultant may store, in UTF-8, and a byte to tell it is more

TEXT: dict[str, tuple[str, str]] = {
    "findings": (
        "read, set or clear the consultant's findings and recommendations (summary or a process)",
        "读取、设置或清除顾问撰写的结论与建议（执行摘要或某个流程）",
    ),
    "findings_process": ("the process, by id (see the assessment's scope)", "流程编号（见评估范围）"),
    "findings_summary": ("the executive summary", "执行摘要"),
    "findings_kind": (
        "findings or recommendations (default: findings)",
        "结论（findings）或建议（recommendations），默认：结论",
    ),
    "findings_set": (
        "store the text of this UTF-8 file (- reads standard input); Markdown: paragraphs, - lists, 1. lists, **bold**",
        "保存该 UTF-8 文件的文本（- 表示从标准输入读取）；Markdown：段落、- 列表、1. 列表、**粗体**",
    ),
    "findings_clear": (
        "forget the text: the report shows the generated text again",
        "清除文本：报告重新显示自动生成的文本",
    ),
    "findings_format": ("output format of the list", "列表的输出格式"),
    "findings_saved": ("{scope} {kind}: saved", "{scope} 的{kind}：已保存"),
    "findings_unchanged": ("{scope} {kind}: unchanged", "{scope} 的{kind}：未改变"),
    "findings_cleared": (
        "{scope} {kind}: cleared, the report shows the generated text",
        "{scope} 的{kind}：已清除，报告显示自动生成的文本",
    ),
    "findings_none": (
        "{scope} {kind}: nothing written, the report shows the generated text",
        "{scope} 的{kind}：尚未撰写，报告显示自动生成的文本",
    ),
    "findings_nothing": (
        "nothing written yet: the report shows the generated texts",
        "尚未撰写任何内容：报告显示自动生成的文本",
    ),
    "findings_scope_needed": (
        "say which text: --summary or --process ID",
        "请指明哪段文本：--summary 或 --process 流程编号",
    ),
    "findings_not_utf8": ("{file} is not UTF-8 text", "{file} 不是 UTF-8 文本"),
    "findings_no_file": ("cannot read {file}: {reason}", "无法读取 {file}：{reason}"),
    "findings_examples": (
        "Examples:\n"
        "  python -m assessment findings 1                      (list every text written)\n"
        "  python -m assessment findings 1 --summary --set summary.md\n"
        "  python -m assessment findings 1 --process change --kind recommendations --set -\n"
        "  python -m assessment findings 1 --process change --kind recommendations\n"
        "  python -m assessment findings 1 --summary --clear",
        "示例：\n"
        "  python -m assessment findings 1                      （列出已撰写的全部文本）\n"
        "  python -m assessment findings 1 --summary --set summary.md\n"
        "  python -m assessment findings 1 --process change --kind recommendations --set -\n"
        "  python -m assessment findings 1 --process change --kind recommendations\n"
        "  python -m assessment findings 1 --summary --clear",
    ),
}
KIND_WORDS = {"findings": ("findings", "结论"), "recommendations": ("recommendations", "建议")}


def _say(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def add_commands(command: Callable[..., argparse.ArgumentParser], t: Callable[[str], str], lang: Lang) -> None:
    """Register `findings`; `command(name)` makes a sub-parser, `t(key)` a help text."""
    parser = command("findings")
    parser.add_argument("--database", metavar="URL", help=t("database"))
    parser.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--process", metavar="ID", help=t("findings_process"))
    scope.add_argument("--summary", action="store_true", help=t("findings_summary"))
    parser.add_argument("--kind", choices=("findings", "recommendations"), default="findings", help=t("findings_kind"))
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--set", metavar="FILE", help=t("findings_set"))
    change.add_argument("--clear", action="store_true", help=t("findings_clear"))
    parser.add_argument("--format", choices=("text", "json"), default="text", help=t("findings_format"))


def _read(source: str, lang: Lang) -> str:
    """The text of a file (or standard input for -), read no further than the longest text allowed and a little."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read(READ_LIMIT)
        else:
            with Path(source).open("rb") as stream:
                data = stream.read(READ_LIMIT)
    except OSError as exc:
        raise CommandError(_say("findings_no_file", lang, file=source, reason=exc.strerror or exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if len(data) == READ_LIMIT:  # cut in a character by the limit: more than a consultant may store anyway
            return data.decode("utf-8-sig", errors="ignore") + "…"
        raise CommandError(_say("findings_not_utf8", lang, file=source)) from None


def _findings(args: argparse.Namespace) -> int:
    from assessment.workspace.consultant_texts import SUMMARY, consultant_texts, save_consultant_text

    lang = args.lang
    scope = SUMMARY if args.summary else args.process
    if scope is None and (args.set is not None or args.clear):
        raise CommandError(_say("findings_scope_needed", lang))
    text = _read(args.set, lang) if args.set is not None else None
    workspace = open_workspace(args.database, lang)
    try:
        kind_word = KIND_WORDS[args.kind][1 if lang == "zh" else 0]
        if text is not None or args.clear:
            changed = save_consultant_text(workspace, args.assessment, scope, args.kind, text or "", actor())
            key = "findings_saved" if (text or "").strip() else "findings_cleared"
            key = key if changed else "findings_unchanged"
            print(_say(key, lang, scope=scope, kind=kind_word), file=sys.stderr)
            return 0
        written = consultant_texts(workspace, args.assessment)
    finally:
        workspace.dispose()
    chosen = [entry for key, entry in sorted(written.items()) if scope is None or key == (scope, args.kind)]
    if args.format == "json":
        rows = [
            {"scope": e.scope, "kind": e.kind, "text": e.text, "by": e.updated_by, "at": e.updated_at.isoformat()}
            for e in chosen
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif scope is not None:
        if chosen:
            print(chosen[0].text)
        else:
            print(_say("findings_none", lang, scope=scope, kind=kind_word), file=sys.stderr)
    elif not chosen:
        print(_say("findings_nothing", lang), file=sys.stderr)
    else:
        for entry in chosen:
            word = KIND_WORDS[entry.kind][1 if lang == "zh" else 0]
            when = f"{entry.updated_at:%Y-%m-%d %H:%M}"
            print(f"## {entry.scope} · {word} ({entry.updated_by}, {when})\n\n{entry.text}\n")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"findings": _findings}
