"""The command line for stored assessments: `assessments`, `create`, `import`, `demo`, `export`, `import-bundle`,

each opens the database given by `--database URL` (default: MATURITYMAP_DATABASE_URL, else the
SQLite file data/maturitymap.db), migrated to the current schema. `main.py` registers these commands
and handles their errors like every other command's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from assessment.cli.common import (
    CommandError,
    actor,
    check_account,
    check_output,
    id_list,
    id_type,
    open_workspace,
    report_problems,
    text,
    written,
)
from assessment.problems import Lang, Problem

# (English, Chinese) for every text these commands show.
TEXT: dict[str, tuple[str, str]] = {
    "assessments": ("list the stored assessments", "列出已保存的评估"),
    "create": ("create a stored assessment; prints its id", "新建一个评估并保存；输出其编号"),
    "import": (
        "import a responses file into a stored assessment, all or nothing",
        "将答卷文件导入已保存的评估（全部成功或全部不导入）",
    ),
    "demo": (
        "load the demo assessment when the database holds none; prints its id",
        "数据库中没有评估时载入演示评估；输出其编号",
    ),
    "export": (
        "write a stored assessment, with everything recorded in it, to one bundle file",
        "将已保存的评估（含其中记录的全部内容）写入一个数据包文件",
    ),
    "raw-data": (
        "write every answer and context record of a stored assessment to an Excel workbook (the working file)",
        "将已保存评估的全部回答和现状背景记录写入 Excel 工作簿（顾问的工作文件）",
    ),
    "raw_out": ("output file, .xlsx", "输出文件，.xlsx"),
    "xlsx_suffix": ("cannot write {file}: raw data is written as .xlsx", "无法写入 {file}：原始数据须写为 .xlsx 文件"),
    "import-bundle": (
        "read a bundle file into the database as a new assessment; prints its id",
        "将数据包文件读入数据库，作为新的评估；输出其编号",
    ),
    # Examples and notes at the end of a command's --help (lines laid out by hand, see main.py).
    "create_examples": (
        "Examples:\n"
        '  python -m assessment create --client 示例集团 --name "2026 现状评估" \\\n'
        "      questionnaires/itsm-core --units 北京总部,上海数据中心\n"
        "  id=$(python -m assessment create --client C --name N my-questionnaire.yaml \\\n"
        "      --processes incident,change --targets targets.yaml)\n"
        "\n"
        "Prints the new id alone on standard output (a summary goes to stderr).\n"
        "The questionnaire must be valid (see validate); a snapshot of it is stored,\n"
        "so later edits of the file never change this assessment. targets.yaml:\n"
        "'process: level' lines, e.g. change: 4. Role weights, the start date and\n"
        "the rest of the set-up: the app's Setup page.",
        "示例：\n"
        '  python -m assessment create --client 示例集团 --name "2026 现状评估" \\\n'
        "      questionnaires/itsm-core --units 北京总部,上海数据中心\n"
        "  id=$(python -m assessment create --client C --name N my-questionnaire.yaml \\\n"
        "      --processes incident,change --targets targets.yaml)\n"
        "\n"
        "标准输出上只输出新评估的编号（摘要输出到标准错误）。问卷必须有效\n"
        "（见 validate）；评估保存问卷的快照，之后修改问卷文件不会影响本评估。\n"
        "targets.yaml：每行“流程: 等级”，例如 change: 4。角色权重、开始日期等\n"
        "其他设置：在应用的“评估设置”页修改。",
    ),
    "import_examples": (
        "Examples:\n"
        "  python -m assessment import 2 survey-beijing.xlsx\n"
        "  python -m assessment import 2 answers.csv --database sqlite:////srv/team.db\n"
        "\n"
        "Reads a returned survey (.xlsx written by template, or .csv in UTF-8), long\n"
        "or wide as for score. The file is checked completely first: with any\n"
        "problem nothing is stored (exit 2). Respondents are matched by name: new\n"
        "ones are added; a known one's answers to the file's items are replaced.\n"
        "Importing the same file again changes nothing. Prints what was added,\n"
        "changed and unchanged.",
        "示例：\n"
        "  python -m assessment import 2 survey-beijing.xlsx\n"
        "  python -m assessment import 2 answers.csv --database sqlite:////srv/team.db\n"
        "\n"
        "读取回收的问卷（template 生成的 .xlsx，或 UTF-8 编码的 .csv），长表或\n"
        "宽表均可（同 score）。先完整检查文件：有任何问题则不保存任何内容\n"
        "（退出码 2）。按姓名匹配答卷人：新答卷人被添加；已有答卷人对文件中\n"
        "题目的回答被替换。再次导入同一文件不会改变任何内容。输出新增、更新\n"
        "和未变的数量。",
    ),
    "demo_examples": (
        "Examples:\n"
        "  python -m assessment demo                  into an empty database\n"
        "  python -m assessment demo --force          next to other assessments\n"
        "  python -m assessment demo --database sqlite:////tmp/try.db\n"
        "\n"
        "The demo is clearly labelled (client 示范集团（演示数据）/ Demo Group (demo\n"
        "data)) and the same on every load: 20 respondents in three units on\n"
        "questionnaires/itsm-core, with targets, context, walkthroughs, real gaps\n"
        "and disagreements. Prints its id (nothing when it is not loaded because\n"
        "other assessments are stored). make run runs this before the app starts.",
        "示例：\n"
        "  python -m assessment demo                  载入空数据库\n"
        "  python -m assessment demo --force          与其他评估并存\n"
        "  python -m assessment demo --database sqlite:////tmp/try.db\n"
        "\n"
        "演示评估有明确标注（客户：示范集团（演示数据）/ Demo Group (demo data)），\n"
        "每次载入都相同：基于 questionnaires/itsm-core，三个单位共 20 名答卷人，\n"
        "含目标、现状背景、穿行测试，以及真实的差距和分歧。输出其编号（因已有\n"
        "其他评估而未载入时不输出）。make run 在启动应用前运行此命令。",
    ),
    "export_examples": (
        "Examples:\n"
        "  python -m assessment export 1 -o 2026-baseline.mmbundle\n"
        "  python -m assessment import-bundle 2026-baseline.mmbundle \\\n"
        "      --database postgresql+psycopg://mm@db.example.internal/maturitymap\n"
        "\n"
        "The bundle holds everything of the assessment: questionnaire snapshot,\n"
        "set-up, respondents, answers, targets, context, walkthroughs,\n"
        "reconciliations, roadmap edits and the audit log (not the workspace's\n"
        "branding). Keep it as a backup, or move the assessment to another\n"
        "database with import-bundle (or the app's Assessments page, Bundles).",
        "示例：\n"
        "  python -m assessment export 1 -o 2026-baseline.mmbundle\n"
        "  python -m assessment import-bundle 2026-baseline.mmbundle \\\n"
        "      --database postgresql+psycopg://mm@db.example.internal/maturitymap\n"
        "\n"
        "数据包包含评估的全部内容：问卷快照、评估设置、答卷人、回答、目标、\n"
        "现状背景、穿行测试、协调记录、路线图调整和审计日志（不含工作区的\n"
        "品牌设置）。可作为备份保存，或用 import-bundle（或应用“评估列表”页的\n"
        "“数据包”）迁移到另一个数据库。",
    ),
    "import-bundle_examples": (
        "Examples:\n"
        "  python -m assessment import-bundle 2026-baseline.mmbundle\n"
        "  python -m assessment import-bundle 2026-baseline.mmbundle \\\n"
        '      --name "2026 现状评估（副本）"\n'
        "\n"
        "Reads a .mmbundle written by export (or the app) as a new assessment, all\n"
        "or nothing, and prints its id; the client is created if new. When the\n"
        "client already has an assessment of that name, it exits 2: give another\n"
        "name with --name.",
        "示例：\n"
        "  python -m assessment import-bundle 2026-baseline.mmbundle\n"
        "  python -m assessment import-bundle 2026-baseline.mmbundle \\\n"
        '      --name "2026 现状评估（副本）"\n'
        "\n"
        "将 export（或应用）生成的 .mmbundle 读入为新的评估，全部成功或全部\n"
        "不导入，并输出其编号；客户不存在时自动创建。该客户已有同名评估时\n"
        "退出码为 2：请用 --name 另取名称。",
    ),
    "bundle_out": ("output file, .mmbundle", "输出文件，.mmbundle"),
    "bundle_file": ("a bundle file written by the export command", "由 export 命令生成的数据包文件"),
    "bundle_name": (
        "name of the new assessment (default: the name in the bundle)",
        "新评估的名称（默认：数据包中的名称）",
    ),
    "bundle_suffix": ("{file}: a bundle file ends in .mmbundle", "{file}：数据包文件的扩展名应为 .mmbundle"),
    "bundle_imported": (
        "imported {file} as assessment {id}: {client} / {name}, {respondents} respondents, {answers} answers",
        "已将 {file} 导入为评估 {id}：{client} / {name}，{respondents} 名答卷人，{answers} 条回答",
    ),
    "database": (
        "database URL (default: $MATURITYMAP_DATABASE_URL, else the SQLite file data/maturitymap.db)",
        "数据库 URL（默认取环境变量 MATURITYMAP_DATABASE_URL，否则为 data/maturitymap.db）",
    ),
    "assessment_id": (
        "id of a stored assessment (see the assessments command)",
        "已保存评估的编号（见 assessments 命令）",
    ),
    "client": ("client organization", "客户组织"),
    "name": ("name of the assessment, unique for the client", "评估名称，同一客户下唯一"),
    "processes": (
        "processes in scope, comma-separated ids (default: every process but the optional modules)",
        "评估范围内的流程，以逗号分隔的标识（默认：除可选模块外的全部流程）",
    ),
    "units": ("organizational units in scope, comma-separated", "评估范围内的组织单位，以逗号分隔"),
    "create_rule": (
        "maturity level rule of the assessment (default iso33020)",
        "评估的成熟度等级判定规则（默认 iso33020）",
    ),
    "create_targets": (
        "YAML file of target levels, 'process: level', set on the new assessment (default 3)",
        "目标等级 YAML 文件，格式“流程: 等级”，设置到新评估（默认 3）",
    ),
    "list_format": ("output format (default table)", "输出格式（默认 table）"),
    "force": (
        "load the demo even when the database holds other assessments",
        "即使数据库中已有其他评估也载入演示评估",
    ),
    "no_processes": (
        "--processes names no process (processes: {scope})",
        "--processes 未列出任何流程（可选流程：{scope}）",
    ),
    "created": (
        "created assessment {id}: {client} / {name} ({questionnaire} {version}, {processes} processes, {units} units)",
        "已创建评估 {id}：{client} / {name}（{questionnaire} {version}，{processes} 个流程，{units} 个单位）",
    ),
    "imported": (
        "imported {file} into assessment {id}: respondents {respondents_added} added, {respondents_changed} changed; "
        "answers {answers_added} added, {answers_changed} changed, {answers_unchanged} unchanged",
        "已将 {file} 导入评估 {id}：答卷人新增 {respondents_added} 名、更新 {respondents_changed} 名；"
        "回答新增 {answers_added} 条、更新 {answers_changed} 条、未变 {answers_unchanged} 条",
    ),
    "demo_loaded": (
        "loaded the demo assessment {id}: {respondents} respondents, {answers} answers",
        "已载入演示评估 {id}：{respondents} 名答卷人，{answers} 条回答",
    ),
    "demo_present": ("the demo is loaded already: assessment {id}", "演示评估已载入：评估 {id}"),
    "demo_skipped": (
        "the database holds {count} assessment(s): demo not loaded (use --force to load it anyway)",
        "数据库中已有 {count} 个评估：未载入演示评估（使用 --force 仍可载入）",
    ),
    "none_stored": (
        "no stored assessments yet (load the demo with: python -m assessment demo)",
        "尚无已保存的评估（可用 python -m assessment demo 载入演示评估）",
    ),
    "yes": ("yes", "是"),
    "col_id": ("id", "编号"),
    "col_client": ("client", "客户"),
    "col_name": ("assessment", "评估"),
    "col_questionnaire": ("questionnaire", "问卷"),
    "col_respondents": ("respondents", "答卷人"),
    "col_answers": ("answers", "回答"),
    "col_demo": ("demo", "演示"),
}


def say(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def add_commands(command: Callable[..., argparse.ArgumentParser], t: Callable[[str], str], lang: Lang) -> None:
    """Register the stored-assessment commands; `command(name)` makes a sub-parser, `t(key)` gives a help text."""

    def database(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--database", metavar="URL", help=t("database"))

    listing = command("assessments")
    database(listing)
    listing.add_argument("--format", choices=("table", "json"), default="table", help=t("list_format"))

    create = command("create")
    database(create)
    create.add_argument("--client", required=True, help=t("client"))
    create.add_argument("--name", required=True, help=t("name"))
    create.add_argument("questionnaire", metavar="QUESTIONNAIRE", help=t("questionnaire"))
    create.add_argument("--processes", type=id_list, metavar="P1,P2", help=t("processes"))
    create.add_argument("--units", type=id_list, default=[], metavar="U1,U2", help=t("units"))
    create.add_argument("--rule", choices=("iso33020", "c2m2"), default="iso33020", help=t("create_rule"))
    create.add_argument("--targets", metavar="FILE", help=t("create_targets"))
    create.add_argument("--lead", metavar="USER", help=text("lead_option", lang))
    create.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    imports = command("import")
    database(imports)
    imports.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))
    imports.add_argument("responses", metavar="RESPONSES", help=t("responses"))
    imports.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    demo = command("demo")
    database(demo)
    demo.add_argument("--force", action="store_true", help=t("force"))

    export = command("export")
    database(export)
    export.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))
    export.add_argument("-o", "--output", required=True, metavar="FILE", help=t("bundle_out"))

    raw = command("raw-data")
    database(raw)
    raw.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))
    raw.add_argument("-o", "--output", required=True, metavar="FILE", help=say("raw_out", lang))

    bundle = command("import-bundle")
    database(bundle)
    bundle.add_argument("bundle", metavar="FILE", help=t("bundle_file"))
    bundle.add_argument("--name", help=t("bundle_name"))
    bundle.add_argument("--lead", metavar="USER", help=text("lead_option", lang))
    bundle.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))


def _assessments(args: argparse.Namespace) -> int:
    from assessment.analysis.results import _pad
    from assessment.workspace.assessments import list_assessments
    from scoring.chart_text import width as _width  # a Chinese character takes two columns

    workspace = open_workspace(args.database, args.lang)
    try:
        rows = list_assessments(workspace)
    finally:
        workspace.dispose()
    if args.format == "json":
        listed = [
            {
                "id": row.id,
                "client": row.client,
                "name": row.name,
                "questionnaire": {"id": row.questionnaire_id, "version": row.questionnaire_version},
                "rule": row.rule,
                "processes": row.processes,
                "respondents": row.respondents,
                "answers": row.answers,
                "demo": row.is_demo,
                "started_on": row.started_on.isoformat() if row.started_on else None,
            }
            for row in rows
        ]
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not rows:
        print(say("none_stored", args.lang), file=sys.stderr)
        return 0
    columns = ("id", "client", "name", "questionnaire", "respondents", "answers", "demo")
    headers = [say(f"col_{column}", args.lang) for column in columns]
    body = [
        [
            str(row.id),
            row.client,
            row.name,
            f"{row.questionnaire_id} {row.questionnaire_version}",
            str(row.respondents),
            str(row.answers),
            say("yes", args.lang) if row.is_demo else "",
        ]
        for row in rows
    ]
    widths = [max(_width(cell) for cell in column) for column in zip(headers, *body, strict=True)]
    numeric = {0, 4, 5}
    for cells in [headers, *body]:
        print("  ".join(_pad(cell, widths[i], right=i in numeric) for i, cell in enumerate(cells)).rstrip())
    return 0


def _create(args: argparse.Namespace) -> int:
    from assessment.accounts.memberships import grant
    from assessment.inputs.targets import read_targets
    from assessment.questionnaire import load_questionnaire
    from assessment.workspace.assessments import create_assessment, set_target
    from assessment.workspace.core import WorkspaceError

    loaded = load_questionnaire(args.questionnaire)
    report_problems(loaded.warnings, args.lang)
    questionnaire = loaded.questionnaire
    known = [process.id for process in questionnaire.processes]
    scope = args.processes if args.processes is not None else questionnaire.default_scope()
    if not scope:
        raise CommandError(say("no_processes", args.lang, scope=", ".join(known)))
    unknown = [process for process in scope if process not in known]
    if unknown:
        scope_text = ", ".join(known)
        raise WorkspaceError([Problem("process_not_in_scope", {"process": p, "scope": scope_text}) for p in unknown])
    scoped = questionnaire.model_copy(update={"processes": [p for p in questionnaire.processes if p.id in scope]})
    targets = read_targets(args.targets, scoped) if args.targets else {}  # checked before anything is stored
    workspace = open_workspace(args.database, args.lang)
    try:
        if args.lead:
            check_account(workspace, args.lead)  # an unknown lead is refused before anything is created
        new_id = create_assessment(
            workspace,
            client=args.client,
            name=args.name,
            questionnaire=questionnaire,
            processes=scope,
            units=args.units,
            rule=args.rule,
            actor=actor(args.actor),
        )
        for process, level in targets.items():
            set_target(workspace, new_id, process, level, actor=actor(args.actor))
        if args.lead:
            grant(workspace, new_id, args.lead, "lead", actor=actor(args.actor))
    finally:
        workspace.dispose()
    print(new_id)
    summary = {
        "id": new_id,
        "client": args.client.strip(),
        "name": args.name.strip(),
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "processes": len(scope),
        "units": len(dict.fromkeys(args.units)),
    }
    print(say("created", args.lang, **summary), file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from assessment.workspace.recording import import_responses

    workspace = open_workspace(args.database, args.lang)
    try:
        report = import_responses(
            workspace, args.assessment, args.responses, display_name=args.responses, actor=actor(args.actor)
        )
    finally:
        workspace.dispose()
    counts = {name: getattr(report, name) for name in report.__dataclass_fields__ if name != "warnings"}
    for warning in report.warnings:
        print(warning.render(args.lang), file=sys.stderr)
    print(say("imported", args.lang, file=args.responses, id=args.assessment, **counts))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from assessment.workspace import demo
    from assessment.workspace.assessments import list_assessments

    workspace = open_workspace(args.database, args.lang)
    try:
        loaded = demo.load_demo(workspace) if args.force else demo.load_demo_if_empty(workspace)
        stored = list_assessments(workspace)
    finally:
        workspace.dispose()
    if loaded is None:
        present = [row.id for row in stored if row.is_demo and (row.client, row.name) == (demo.CLIENT, demo.NAME)]
        if present:
            print(present[0])
            print(say("demo_present", args.lang, id=present[0]), file=sys.stderr)
        else:
            print(say("demo_skipped", args.lang, count=len(stored)), file=sys.stderr)
        return 0
    row = next(row for row in stored if row.id == loaded)
    print(loaded)
    print(say("demo_loaded", args.lang, id=loaded, respondents=row.respondents, answers=row.answers), file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from assessment.workspace.bundles import export_bundle

    output = check_output(args.output, args.lang)
    if output.suffix.lower() != ".mmbundle":
        raise CommandError(say("bundle_suffix", args.lang, file=args.output))
    workspace = open_workspace(args.database, args.lang)
    try:
        export_bundle(workspace, args.assessment, output)
    finally:
        workspace.dispose()
    written(args.output, args.lang)
    return 0


def _raw_data(args: argparse.Namespace) -> int:
    from assessment.exports.downloads import raw_file
    from assessment.files import write_atomic

    output = check_output(args.output, args.lang)
    if output.suffix.lower() != ".xlsx":
        raise CommandError(say("xlsx_suffix", args.lang, file=args.output))
    workspace = open_workspace(args.database, args.lang)
    try:
        data = raw_file(workspace, args.assessment, args.lang)
    finally:
        workspace.dispose()
    write_atomic(output, data)
    written(args.output, args.lang)
    return 0


def _import_bundle(args: argparse.Namespace) -> int:
    from assessment.accounts.memberships import grant
    from assessment.workspace.assessments import list_assessments
    from assessment.workspace.bundles import import_bundle

    workspace = open_workspace(args.database, args.lang)
    try:
        if args.lead:
            check_account(workspace, args.lead)
        new_id = import_bundle(workspace, args.bundle, name=args.name, actor=actor(args.actor))
        if args.lead:
            grant(workspace, new_id, args.lead, "lead", actor=actor(args.actor))
        row = next(row for row in list_assessments(workspace) if row.id == new_id)
    finally:
        workspace.dispose()
    print(new_id)
    shown = {"client": row.client, "name": row.name, "respondents": row.respondents, "answers": row.answers}
    print(say("bundle_imported", args.lang, file=args.bundle, id=new_id, **shown), file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "assessments": _assessments,
    "create": _create,
    "import": _import,
    "demo": _demo,
    "export": _export,
    "raw-data": _raw_data,
    "import-bundle": _import_bundle,
}
