"""The roadmap as files: a formatted XLSX workbook, a CSV for a task tracker's import, Markdown.

Every text is data: no cell becomes a formula or a link (XlsxWriter options; CSV cells that a
spreadsheet would run get a leading apostrophe). Files are written whole or not at all.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from assessment.analysis.results import safe_cell
from assessment.exports.markdown_text import escape_markdown
from assessment.files import atomic_output, write_atomic
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.plan_model import PHASES
from scoring.roadmap import PROGRAMME, workstream_of
from scoring.roadmap_gates import PROGRAMME_NAME

LABELS: dict[str, tuple[str, str]] = {
    "order": ("#", "序号"),
    "action": ("Action id", "行动编号"),
    "process": ("Process", "流程"),
    "workstream": ("Workstream", "工作流"),
    "title": ("Action", "行动项"),
    "description": ("Description", "说明"),
    "deliverable": ("Deliverable", "交付物"),
    "phase": ("Phase", "阶段"),
    "owner": ("Owner", "负责人"),
    "effort": ("Effort (person-days)", "工作量（人天）"),
    "cost": ("External cost (10,000 CNY)", "外部费用（万元）"),
    "lead_time": ("Procurement lead time (weeks)", "采购周期（周）"),
    "run_effort": ("Run effort once in place (person-days a month)", "投入运行后的工作量（人天/月）"),
    "priority": ("Priority", "优先级"),
    "quick_win": ("Quick win", "速赢"),
    "start": ("Start", "开始"),
    "due": ("Due", "完成"),
    "depends_on": ("Depends on", "前置行动"),
    "items": ("Closes items", "对应题目"),
    "edited": ("Edited by hand", "已人工调整"),
    "sheet_roadmap": ("Roadmap", "路线图"),
    "sheet_phases": ("By phase", "按阶段"),
    "yes": ("yes", "是"),
}
# the columns a task tracker imports (Jira, Azure DevOps, Redmine...): kept in English, as their importers expect
TRACKER_COLUMNS = ("summary", "description", "phase", "workstream", "start", "due", "owner", "depends on")


def _label(key: str, lang: str) -> str:
    return LABELS[key][1 if lang == "zh" else 0]


def export_rows(roadmap: pd.DataFrame, questionnaire: Questionnaire, lang: str) -> list[dict[str, Any]]:
    """One plain row per roadmap action, texts in `lang`, library texts looked up by action id."""
    library = {action.id: action for _, action in questionnaire.all_actions()}
    processes = {process.id: process.name.get(lang) for process in questionnaire.processes}
    roles = {role.id: role.label.get(lang) for role in questionnaire.roles}
    streams = {**processes, PROGRAMME: PROGRAMME_NAME[1 if lang == "en" else 0]}
    rows = []
    for row in roadmap.sort_values("order").to_dict("records"):
        action = library.get(row["action"])
        stream = row.get("workstream") or workstream_of(row["process"])
        rows.append(
            {
                "order": int(row["order"]),
                "action": row["action"],
                "process": processes.get(row["process"], row["process"]),
                "workstream": streams.get(stream, stream),
                "title": row["title_zh"] if lang == "zh" else row["title_en"],
                "description": action.description.get(lang) if action else "",
                "deliverable": action.deliverable.get(lang) if action else "",
                "phase": PHASES[row["phase"]].get(lang) if row["phase"] in PHASES else row["phase"],
                "owner": roles.get(row["owner"], row["owner"]),
                "effort": float(row["effort"]),
                "cost": f"{action.cost.min:g}–{action.cost.max:g}" if action and action.cost else "",
                "lead_time": action.lead_time_weeks if action and action.lead_time_weeks is not None else "",
                "run_effort": action.run_effort if action and action.run_effort else "",
                "priority": round(float(row["priority"]), 1),
                "quick_win": bool(row["quick_win"]),
                "start": pd.Timestamp(row["start"]).date(),
                "due": pd.Timestamp(row["due"]).date(),
                "depends_on": ", ".join(row["depends_on"]),
                "items": ", ".join(row["items"]),
                "edited": bool(row["edited"]),
            }
        )
    return rows


def write_roadmap_xlsx(roadmap: pd.DataFrame, questionnaire: Questionnaire, path: str | Path, lang: str = "zh") -> None:
    """A formatted workbook: the whole roadmap, then one block per phase."""
    rows = export_rows(roadmap, questionnaire, lang)
    columns = ["order", "action", "process", "workstream", "title", "deliverable", "phase", "owner", "effort", "cost"]
    columns += ["lead_time"]
    columns += ["run_effort", "priority", "quick_win", "start", "due", "depends_on", "items", "edited"]
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with atomic_output(path) as temporary:
        workbook = xlsxwriter.Workbook(str(temporary), options)
        try:
            head = workbook.add_format(
                {"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "text_wrap": True}
            )
            date = workbook.add_format({"num_format": "yyyy-mm-dd"})
            wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
            phase_head = workbook.add_format({"bold": True, "bg_color": "#D9E1F2"})
            sheet = workbook.add_worksheet(_label("sheet_roadmap", lang))
            _table(sheet, rows, columns, lang, head, date, wrap)
            by_phase = workbook.add_worksheet(_label("sheet_phases", lang))
            line = 0
            for phase in PHASES.values():
                in_phase = [row for row in rows if row["phase"] == phase.get(lang)]
                if not in_phase:
                    continue
                by_phase.write_string(line, 0, phase.get(lang), phase_head)
                line = _table(by_phase, in_phase, columns, lang, head, date, wrap, first=line + 1) + 1
        finally:
            workbook.close()


def _table(sheet, rows, columns, lang, head, date, wrap, first: int = 0) -> int:
    """Write a header and rows from line `first`; returns the next free line."""
    widths = {"title": 40, "deliverable": 30, "depends_on": 18, "items": 18, "process": 16, "workstream": 16}
    widths["phase"] = 18
    for col, key in enumerate(columns):
        sheet.write_string(first, col, _label(key, lang), head)
        sheet.set_column(col, col, widths.get(key, 11))
    if first == 0:
        sheet.freeze_panes(1, 0)
    for line, row in enumerate(rows, start=first + 1):
        for col, key in enumerate(columns):
            value = row[key]
            if value == "":
                continue  # nothing to say: a blank cell
            if key in ("start", "due"):
                sheet.write_datetime(line, col, pd.Timestamp(value).to_pydatetime(), date)
            elif isinstance(value, bool):
                sheet.write_string(line, col, _label("yes", lang) if value else "")
            elif isinstance(value, (int, float)):
                sheet.write_number(line, col, value)
            else:
                sheet.write_string(line, col, str(value), wrap)
    return first + 1 + len(rows)


def roadmap_tracker_csv(roadmap: pd.DataFrame, questionnaire: Questionnaire, lang: str = "zh") -> str:
    """CSV for a task tracker's import: summary, description, phase, workstream, start, due, owner, depends on."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TRACKER_COLUMNS)
    for row in export_rows(roadmap, questionnaire, lang):
        summary = f"{row['action']} {row['title']}"
        description = f"{row['description']} — {_label('deliverable', lang)}: {row['deliverable']}"
        writer.writerow(
            [safe_cell(value) for value in (summary, description, row["phase"], row["workstream"])]
            + [row["start"].isoformat(), row["due"].isoformat()]
            + [safe_cell(row["owner"]), row["depends_on"]]
        )
    return buffer.getvalue()


def write_roadmap_csv(roadmap: pd.DataFrame, questionnaire: Questionnaire, path: str | Path, lang: str = "zh") -> None:
    """The tracker CSV as a file, with a BOM so that Excel shows Chinese correctly."""
    write_atomic(path, roadmap_tracker_csv(roadmap, questionnaire, lang), encoding="utf-8-sig")


def roadmap_markdown(roadmap: pd.DataFrame, questionnaire: Questionnaire, lang: str = "zh") -> str:
    """The roadmap as Markdown: one table per phase."""
    rows = export_rows(roadmap, questionnaire, lang)
    columns = ["order", "action", "title", "workstream", "owner", "effort", "start", "due", "depends_on"]
    lines = [f"# {_label('sheet_roadmap', lang)}", ""]  # titles are the project's own texts
    for phase in PHASES.values():
        in_phase = [row for row in rows if row["phase"] == phase.get(lang)]
        if not in_phase:
            continue
        lines += [
            f"## {escape_markdown(phase.get(lang))}",
            "",
            "| " + " | ".join(_label(k, lang) for k in columns) + " |",
        ]
        lines.append("|" + "---|" * len(columns))
        for row in in_phase:
            cells = [_markdown_cell(row[key]) for key in columns]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _markdown_cell(value: Any) -> str:
    """A table cell: texts from the questionnaire and the user escaped (no HTML, link or image), on one line."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return escape_markdown(text.replace("\r", " ").replace("\n", " "))


def write_roadmap_markdown(
    roadmap: pd.DataFrame, questionnaire: Questionnaire, path: str | Path, lang: str = "zh"
) -> None:
    """The Markdown roadmap as a file."""
    write_atomic(path, roadmap_markdown(roadmap, questionnaire, lang) + "\n")
