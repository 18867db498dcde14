"""The command line for evidence from the ticket system: `evidence FILE`.

Reads a ticket export (docs/evidence.md), prints its KPIs (JSON or a table), and with `--assessment ID` stores the
evidence with the assessment (its KPIs, variants and maps; the rows only with --keep-rows), people pseudonymized
with the assessment's own key. Without an assessment, a fresh random key: the pseudonyms of two runs differ.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from assessment.cli.common import actor, check_output, id_type, open_workspace, written
from assessment.inputs.ticket_fields import FIELDS, PROCESSES, SOURCES
from assessment.messages import listed
from assessment.problems import InputError, Lang, Problem

TEXT: dict[str, tuple[str, str]] = {
    "evidence": (
        "read a ticket export (ServiceNow, Jira, an event log, any tool with a mapping) and show its KPIs",
        "读取工单导出文件（ServiceNow、Jira、事件日志，或借助映射的任何工具）并显示其指标",
    ),
    "evidence_file": ("the export, .csv (UTF-8) or .xlsx", "导出文件，.csv（UTF-8）或 .xlsx"),
    "evidence_source": ("the tool that wrote it (default: servicenow)", "导出文件的来源工具（默认：servicenow）"),
    "evidence_mapping": (
        "a YAML mapping file: columns: (field: column), process:, date_format:",
        "YAML 映射文件：columns:（字段: 列）、process:、date_format:",
    ),
    "evidence_map": (
        "map one field to a column, overriding the profile and the mapping file (repeatable; FIELD= unmaps)",
        "将一个字段映射到一列，优先于来源配置和映射文件（可重复；FIELD= 取消映射）",
    ),
    "evidence_process": (
        "the process of the tickets (default: from the ticket numbers or issue types)",
        "工单所属流程（默认：根据工单编号或问题类型判断）",
    ),
    "evidence_by": (
        "also show every KPI per value of this field (e.g. unit, priority, group) or per month",
        "同时按该字段的每个值（例如 unit、priority、group）或按月份（month）显示各指标",
    ),
    "evidence_format": ("output format (default: json)", "输出格式（默认：json）"),
    "evidence_keep_text": (
        "keep free-text columns (descriptions, work notes): dropped by default",
        "保留自由文本列（描述、工作备注）：默认丢弃",
    ),
    "evidence_date_format": (
        "the dates' format, e.g. 'dd-mm-yyyy HH:MM' (default: detected once per column)",
        "日期格式，例如“dd-mm-yyyy HH:MM”（默认：每列检测一次）",
    ),
    "evidence_assessment": (
        "store the evidence with this assessment (replaces its evidence of the same process)",
        "将数据佐证保存到该评估（替换其同一流程的数据佐证）",
    ),
    "evidence_keep_rows": (
        "with --assessment: keep the pseudonymized rows too (default: KPIs, variants and maps only)",
        "与 --assessment 一起使用：同时保存假名化后的数据行（默认：仅保存指标、变体和流程图）",
    ),
    "evidence_reference_unit": (
        "with --assessment: the unit whose flow is the reference model for the fitness of the others",
        "与 --assessment 一起使用：以该单位的流程作为参照模型，计算其他单位的拟合度",
    ),
    "evidence_bpmn": (
        "with --assessment: a BPMN file of the designed process, the reference model instead of a unit",
        "与 --assessment 一起使用：设计流程的 BPMN 文件，代替某个单位作为参照模型",
    ),
    "evidence_store_only": (
        "--database, --keep-rows, --reference-unit and --bpmn go with --assessment ID",
        "--database、--keep-rows、--reference-unit 和 --bpmn 需与 --assessment 编号一起使用",
    ),
    "evidence_read": (
        "{file}: {tickets} tickets, {events} rows ({shape}), process {process}; people pseudonymized: {people}; "
        "columns not kept: {dropped}",
        "{file}：{tickets} 张工单，{events} 行（{shape}），流程 {process}；已假名化的人员字段：{people}；"
        "未保留的列：{dropped}",
    ),
    "evidence_stored": (
        "stored as evidence {id} of assessment {assessment}",
        "已保存为评估 {assessment} 的数据佐证 {id}",
    ),
    "evidence_none": ("none", "无"),
    "evidence_shape_tickets": ("one row per ticket", "每张工单一行"),
    "evidence_shape_events": ("one row per event", "每个事件一行"),
    "evidence_columns": ("KPI|by|group|value|tickets", "指标|分组字段|分组|值|工单数"),
    "evidence_examples": (
        "Examples:\n"
        "  python -m assessment evidence examples/servicenow_incident_audit.csv \\\n"
        "      --by unit --format table\n"
        "  python -m assessment evidence jira.csv --source jira --process incident\n"
        "  python -m assessment evidence export.xlsx --source generic \\\n"
        "      --mapping mapping.yaml --map unit=Region -o kpis.json\n"
        "  python -m assessment evidence examples/servicenow_change.csv --assessment 1\n"
        "\n"
        "Fields for --map and --by: ticket, activity, time, updated_at, opened_at,\n"
        "resolved_at, closed_at, priority, unit, group, category, ci, problem,\n"
        "change, caused_by, change_type, outcome, approval, made_sla,\n"
        "reassignment_count, reopen_count, assignee, caller, opened_by, resolver,\n"
        "description, notes (--by also month). People are pseudonymized; free text\n"
        "is dropped unless --keep-text. Profiles, dates and KPIs: docs/evidence.md",
        "示例：\n"
        "  python -m assessment evidence examples/servicenow_incident_audit.csv \\\n"
        "      --by unit --format table\n"
        "  python -m assessment evidence jira.csv --source jira --process incident\n"
        "  python -m assessment evidence export.xlsx --source generic \\\n"
        "      --mapping mapping.yaml --map unit=Region -o kpis.json\n"
        "  python -m assessment evidence examples/servicenow_change.csv --assessment 1\n"
        "\n"
        "--map 和 --by 可用的字段：ticket、activity、time、updated_at、opened_at、\n"
        "resolved_at、closed_at、priority、unit、group、category、ci、problem、\n"
        "change、caused_by、change_type、outcome、approval、made_sla、\n"
        "reassignment_count、reopen_count、assignee、caller、opened_by、resolver、\n"
        "description、notes（--by 还可用 month）。人员信息会被假名化；自由文本\n"
        "默认丢弃（--keep-text 保留）。来源配置、日期与指标：docs/evidence.md",
    ),
}


def _say(key: str, lang: Lang, **params: object) -> str:
    params = {name: listed(value, lang) if isinstance(value, list) else value for name, value in params.items()}
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def add_commands(command: Callable[..., argparse.ArgumentParser], t: Callable[[str], str], lang: Lang) -> None:
    """Register `evidence`; `command(name)` makes a sub-parser, `t(key)` a help text."""
    parser = command("evidence")
    parser.add_argument("--database", metavar="URL", help=t("database"))
    parser.add_argument("file", metavar="FILE", help=t("evidence_file"))
    parser.add_argument("--source", choices=SOURCES, default="servicenow", help=t("evidence_source"))
    parser.add_argument("--mapping", metavar="MAP.yaml", help=t("evidence_mapping"))
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN", help=t("evidence_map"))
    parser.add_argument("--process", choices=PROCESSES, help=t("evidence_process"))
    parser.add_argument("--by", metavar="FIELD", choices=(*FIELDS, "month"), help=t("evidence_by"))
    parser.add_argument("--format", choices=("json", "table"), default="json", help=t("evidence_format"))
    parser.add_argument("--keep-text", action="store_true", help=t("evidence_keep_text"))
    parser.add_argument("--date-format", metavar="FORMAT", help=t("evidence_date_format"))
    parser.add_argument("-o", "--output", metavar="OUT", help=t("out"))
    parser.add_argument("--assessment", type=id_type(lang), metavar="ID", help=t("evidence_assessment"))
    parser.add_argument("--keep-rows", action="store_true", help=t("evidence_keep_rows"))
    parser.add_argument("--reference-unit", metavar="UNIT", help=t("evidence_reference_unit"))
    parser.add_argument("--bpmn", metavar="FILE", help=t("evidence_bpmn"))
    parser.set_defaults(usage_error=parser.error)


def _evidence(args: argparse.Namespace) -> int:
    from assessment.evidence.kpis import compute_kpis
    from assessment.files import write_atomic
    from assessment.inputs.ticket_mapping import split_map_options
    from assessment.inputs.tickets import read_ticket_export

    lang = args.lang
    stored_only = args.database or args.keep_rows or args.reference_unit or args.bpmn
    if args.assessment is None and stored_only:
        args.usage_error(_say("evidence_store_only", lang))
    output = check_output(args.output, lang) if args.output else None
    mapping = split_map_options(args.map)
    options = {
        "name": args.file,
        "source": args.source,
        "process": args.process,
        "mapping": mapping,
        "mapping_file": Path(args.mapping) if args.mapping else None,
        "keep_text": args.keep_text,
        "date_format": args.date_format,
    }
    if args.assessment is None:
        log = read_ticket_export(Path(args.file), key=secrets.token_bytes(32), **options)
        _check_by(args.by, log)
        stored = None
    else:
        log, stored = _store(args, options)
    none = _say("evidence_none", lang)
    shape = _say(f"evidence_shape_{log.shape}", lang)
    people, dropped = list(log.pseudonymized) or [none], list(log.dropped) or [none]
    read = {"file": args.file, "tickets": log.tickets, "events": log.events, "shape": shape, "process": log.process}
    print(_say("evidence_read", lang, **read, people=people, dropped=dropped), file=sys.stderr)
    if stored is not None:
        print(_say("evidence_stored", lang, id=stored.id, assessment=args.assessment), file=sys.stderr)
    kpis = compute_kpis(log, args.by)
    body = _json(log, kpis) if args.format == "json" else _table(kpis, lang)
    if output is None:
        sys.stdout.write(body)
    else:
        write_atomic(output, body)
        written(args.output, lang)
    return 0


def _check_by(by: str | None, log) -> None:
    """--by names a field the file maps (or month): else the user learns which fields there are."""
    if by is not None and by != "month" and by not in log.fields:
        raise InputError([Problem("ticket_by_unknown", {"by": by, "fields": [*log.fields, "month"]}, where="--by")])


def _store(args: argparse.Namespace, options: dict):
    """Read with the assessment's key and store the evidence with it (assessment.workspace.evidence)."""
    from assessment.inputs.tickets import read_ticket_export
    from assessment.workspace import evidence as stored_evidence

    workspace = open_workspace(args.database, args.lang)
    try:
        key = stored_evidence.pseudonym_key(workspace, args.assessment)
        log = read_ticket_export(Path(args.file), key=key, **options)
        _check_by(args.by, log)
        stored = stored_evidence.store_evidence(
            workspace,
            args.assessment,
            dataclasses.replace(log, name=Path(args.file).name),  # stored by its name: no path of this machine
            actor=actor(),
            reference_unit=args.reference_unit,
            bpmn=Path(args.bpmn) if args.bpmn else None,
            keep_rows=args.keep_rows,
            sha256=stored_evidence.file_sha256(Path(args.file)),
        )
    finally:
        workspace.dispose()
    return log, stored


def _json(log, kpis) -> str:
    """The JSON contract of docs/evidence.md: the log's counts and one row per KPI (and group)."""
    rows = [{"kpi": k.kpi, "by": k.by, "group": k.group, "value": k.value, "tickets": k.tickets} for k in kpis]
    document = {"source": log.source, "process": log.process, "tickets": log.tickets, "events": log.events}
    return json.dumps(document | {"kpis": rows}, ensure_ascii=False, indent=2) + "\n"


def _table(kpis, lang: Lang) -> str:
    """A table for the terminal: rates as percentages, hours with one decimal."""
    from assessment.evidence.kpis import KPI_LABELS, KPI_UNITS
    from scoring.chart_text import width as _width  # a Chinese character takes two columns

    def shown(kpi: str, value: float) -> str:
        unit = KPI_UNITS[kpi]
        if unit == "rate":
            return f"{value * 100:.1f} %"
        if unit == "count":
            return f"{value:.0f}"
        return f"{value:.1f}" if unit == "hours" else f"{value:.2f}"

    heading = _say("evidence_columns", lang).split("|")
    rows = [
        [KPI_LABELS[k.kpi][1 if lang == "zh" else 0], k.by or "", k.group or "", shown(k.kpi, k.value), str(k.tickets)]
        for k in kpis
    ]
    widths = [max(_width(row[i]) for row in [heading, *rows]) for i in range(len(heading))]
    lines = [
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in [heading, *rows]
    ]
    return "\n".join(lines) + "\n"


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"evidence": _evidence}
