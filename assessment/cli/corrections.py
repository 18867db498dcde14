"""The command line for putting right what was collected: `edit-respondent`, `merge-respondents`,
`delete-respondent`, `imports`, `undo-import`, `archive`, `delete-assessment`.

Each opens the database given by `--database URL` (default: MATURITYMAP_DATABASE_URL, else data/maturitymap.db),
changes it in one transaction, and writes the change to the audit log under the operating-system user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable

from assessment.cli.common import CommandError, actor, id_type, open_workspace
from assessment.problems import Lang

TEXT: dict[str, tuple[str, str]] = {
    "edit-respondent": (
        "change a respondent's name, role, unit, method or interview date",
        "修改答卷人的姓名、角色、单位、方式或访谈日期",
    ),
    "merge-respondents": (
        "merge a respondent recorded twice into one (the newer answer stays where both answered)",
        "将重复记录的答卷人合并为一人（两人都回答的题目保留较新的回答）",
    ),
    "delete-respondent": ("delete a respondent with every answer they gave", "删除答卷人及其全部回答"),
    "imports": ("list the imports of an assessment, newest first", "列出评估的导入记录（最新的在前）"),
    "undo-import": (
        "undo an import: remove what it added, put back what it changed",
        "撤销一次导入：删除其新增内容，恢复其修改的内容",
    ),
    "archive": (
        "archive an assessment (kept, hidden from the lists), or --restore it",
        "归档评估（保留但不在列表中显示），或用 --restore 恢复",
    ),
    "delete-assessment": (
        "delete an assessment with everything in it (export a bundle first)",
        "删除评估及其全部内容（请先导出数据包）",
    ),
    "respondent_name": ("the respondent's name as stored", "已保存的答卷人姓名"),
    "rename": ("the new name", "新姓名"),
    "role_option": ("the role, by id or name (empty: no role)", "角色，编号或名称均可（留空：无角色）"),
    "unit_option": ("the unit (one of the assessment's units; empty: none)", "单位（本评估的单位之一；留空：无）"),
    "method_option": (
        "the method by id or name: interview, survey, workshop or walkthrough",
        "方式，编号或名称均可：interview（访谈）、survey（问卷调查）、workshop（研讨会）或 walkthrough（穿行测试）",
    ),
    "date_option": ("the interview date, YYYY-MM-DD (empty: none)", "访谈日期，YYYY-MM-DD（留空：无）"),
    "keep": ("the respondent who stays", "保留的答卷人"),
    "merged": ("the respondent merged into the other and deleted", "并入前者后删除的答卷人"),
    "prefer": (
        "where both answered an item: the newer answer, or the kept one's",
        "两人都回答的题目：保留较新的回答，或保留者的回答",
    ),
    "batch": ("the import's number (see imports)", "导入编号（见 imports）"),
    "restore": ("bring an archived assessment back", "恢复已归档的评估"),
    "confirm": ("the assessment's name, typed exactly", "准确输入的评估名称"),
    "edited": ("respondent {name} changed", "已修改答卷人 {name}"),
    "merged_done": (
        "merged {merged} into {keep}: {moved} answers kept, {dropped} left out",
        "已将 {merged} 并入 {keep}：保留 {moved} 个回答，舍弃 {dropped} 个",
    ),
    "deleted_respondent": ("deleted {name} and {answers} answers", "已删除 {name} 及其 {answers} 个回答"),
    "undone": (
        "undid import {batch}: {answers_removed} answers removed, {answers_restored} put back; "
        "{respondents_removed} respondents removed, {respondents_restored} put back",
        "已撤销导入 {batch}：删除回答 {answers_removed} 个、恢复 {answers_restored} 个；"
        "删除答卷人 {respondents_removed} 名、恢复 {respondents_restored} 名",
    ),
    "archived": ("assessment {id} archived", "评估 {id} 已归档"),
    "restored": ("assessment {id} restored", "评估 {id} 已恢复"),
    "deleted_assessment": ("assessment {id} deleted", "评估 {id} 已删除"),
    "bad_date": ("not a date (YYYY-MM-DD): {value}", "不是日期（YYYY-MM-DD）：{value}"),
    "no_imports": ("no imports yet", "尚无导入记录"),
    "undone_mark": ("undone", "已撤销"),
}


def _say(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def add_commands(command: Callable[..., argparse.ArgumentParser], t: Callable[[str], str], lang: Lang) -> None:
    """Register the commands that correct collected data; `command(name)` makes a sub-parser, `t(key)` a help text."""

    def assessment_argument(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--database", metavar="URL", help=t("database"))
        parser.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))

    edit = command("edit-respondent")
    assessment_argument(edit)
    edit.add_argument("name", metavar="NAME", help=t("respondent_name"))
    edit.add_argument("--rename", metavar="NEW", help=t("rename"))
    edit.add_argument("--role", help=t("role_option"))
    edit.add_argument("--unit", help=t("unit_option"))
    edit.add_argument("--method", help=t("method_option"))
    edit.add_argument("--date", metavar="YYYY-MM-DD", help=t("date_option"))

    merge = command("merge-respondents")
    assessment_argument(merge)
    merge.add_argument("keep", metavar="KEEP", help=t("keep"))
    merge.add_argument("merged", metavar="MERGED", help=t("merged"))
    merge.add_argument("--prefer", choices=("newer", "kept"), default="newer", help=t("prefer"))

    remove = command("delete-respondent")
    assessment_argument(remove)
    remove.add_argument("name", metavar="NAME", help=t("respondent_name"))

    listing = command("imports")
    assessment_argument(listing)
    listing.add_argument("--format", choices=("table", "json"), default="table", help=t("list_format"))

    undo = command("undo-import")
    assessment_argument(undo)
    undo.add_argument("batch", type=id_type(lang), metavar="IMPORT", help=t("batch"))

    archive = command("archive")
    assessment_argument(archive)
    archive.add_argument("--restore", action="store_true", help=t("restore"))

    drop = command("delete-assessment")
    assessment_argument(drop)
    drop.add_argument("--confirm", required=True, metavar="NAME", help=t("confirm"))


def _run(args: argparse.Namespace, change: Callable) -> object:
    workspace = open_workspace(args.database, args.lang)
    try:
        return change(workspace)
    finally:
        workspace.dispose()


def _date(text: str | None, lang: Lang) -> object:
    from assessment.workspace.corrections import UNCHANGED

    if text is None:
        return UNCHANGED
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(_say("bad_date", lang, value=text)) from None


def _edit(args: argparse.Namespace) -> int:
    from assessment.workspace.corrections import edit_respondent

    day = _date(args.date, args.lang)
    options = {"new_name": args.rename, "role": args.role, "unit": args.unit, "method": args.method}
    _run(args, lambda ws: edit_respondent(ws, args.assessment, args.name, interviewed_on=day, actor=actor(), **options))
    print(_say("edited", args.lang, name=args.rename or args.name), file=sys.stderr)
    return 0


def _merge(args: argparse.Namespace) -> int:
    from assessment.workspace.corrections import merge_respondents

    report = _run(
        args,
        lambda ws: merge_respondents(ws, args.assessment, args.keep, args.merged, prefer=args.prefer, actor=actor()),
    )
    done = {"keep": args.keep, "merged": args.merged, "moved": report.moved, "dropped": report.dropped}
    print(_say("merged_done", args.lang, **done), file=sys.stderr)
    return 0


def _delete_respondent(args: argparse.Namespace) -> int:
    from assessment.workspace.corrections import delete_respondent

    answers = _run(args, lambda ws: delete_respondent(ws, args.assessment, args.name, actor=actor()))
    print(_say("deleted_respondent", args.lang, name=args.name, answers=answers), file=sys.stderr)
    return 0


def _imports(args: argparse.Namespace) -> int:
    from assessment.workspace.corrections import import_batches

    batches = _run(args, lambda ws: import_batches(ws, args.assessment))
    if args.format == "json":
        rows = [
            {
                "import": b.id,
                "file": b.file,
                "by": b.actor,
                "at": b.at.isoformat(timespec="seconds"),
                **b.counts,
                "undone": b.undone_at.isoformat(timespec="seconds") if b.undone_at else None,
            }
            for b in batches
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not batches:
        print(_say("no_imports", args.lang), file=sys.stderr)
        return 0
    for b in batches:
        counts = " ".join(f"{key}={value}" for key, value in b.counts.items())
        undone = f"  [{_say('undone_mark', args.lang)} {b.undone_at:%Y-%m-%d %H:%M}]" if b.undone_at else ""
        print(f"{b.id}\t{b.at:%Y-%m-%d %H:%M}\t{b.file}\t{b.actor}\t{counts}{undone}")
    return 0


def _undo(args: argparse.Namespace) -> int:
    from assessment.workspace.corrections import undo_import

    undone = _run(args, lambda ws: undo_import(ws, args.assessment, args.batch, actor=actor()))
    print(_say("undone", args.lang, batch=args.batch, **undone), file=sys.stderr)
    return 0


def _archive(args: argparse.Namespace) -> int:
    from assessment.workspace.corrections import set_archived

    _run(args, lambda ws: set_archived(ws, args.assessment, not args.restore, actor=actor()))
    print(_say("restored" if args.restore else "archived", args.lang, id=args.assessment), file=sys.stderr)
    return 0


def _delete_assessment(args: argparse.Namespace) -> int:
    from assessment.workspace.corrections import delete_assessment

    _run(args, lambda ws: delete_assessment(ws, args.assessment, args.confirm, actor=actor()))
    print(_say("deleted_assessment", args.lang, id=args.assessment), file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "edit-respondent": _edit,
    "merge-respondents": _merge,
    "delete-respondent": _delete_respondent,
    "imports": _imports,
    "undo-import": _undo,
    "archive": _archive,
    "delete-assessment": _delete_assessment,
}
