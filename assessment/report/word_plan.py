"""The Word report's plan chapters: gaps and priorities, the roadmap (phases, workstreams, milestones, Gantt,
actions by phase) and the appendix of every item, as report_templates/report.html lays them out."""

from __future__ import annotations

from typing import Any

from docx.document import Document

from assessment.report.word_parts import Cell, Style, paragraph, small, table
from assessment.report.word_summary import chart, heading, numbers
from assessment.report.word_texts import word_text


def gaps(document: Document, style: Style, view: dict[str, Any]) -> None:
    """Gap bars, the priority table, consistency across units, perception by role."""
    t, data = view["t"], view["gaps"]
    paragraph(document, t("gaps_intro"), size=11)
    chart(document, view, data["bars"], t("fig_gaps"))
    rows = [
        [
            Cell(row["rank"], right=True),
            Cell(row["process"], bold=True),
            Cell(f"{row['level']} → {row['target']}", right=True),
            row["reason"],
        ]
        for row in data["rows"]
    ]
    header = [t("rank"), t("process"), f"{t('level')} → {t('target')}", t("reason")]
    table(document, style, header, rows, [0.9, 3.4, 1.5, 10.6], numbers(view).table(t("tab_ranks")))
    heading(document, t("consistency"))
    chart(document, view, data["units"], t("fig_units"))
    rows = [
        [
            row["process"],
            Cell(row["units"], right=True),
            Cell(row["range"], right=True),
            row["lowest"],
            Cell(row["deviating"], accent=True),
            Cell(row["index"], right=True, accent=row["weak"]),
        ]
        for row in data["consistency"]
    ]
    header = [t("process"), t("units"), t("score_range"), t("lowest_unit"), t("deviating"), t("index")]
    table(document, style, header, rows, [3.5, 1.2, 1.5, 2.5, 3.5, 1.8], numbers(view).table(t("tab_consistency")))
    if data["perception"]:
        heading(document, t("perception_title"))
        rows = [
            [row["process"], row["highest"], row["lowest"], Cell(row["gap"], right=True)] for row in data["perception"]
        ]
        header = [t("process"), t("highest_role"), t("lowest_role"), t("gap")]
        table(document, style, header, rows, [3, 4, 4, 1.2], numbers(view).table(t("tab_perception")))


def roadmap(document: Document, style: Style, view: dict[str, Any]) -> None:
    """The phases, the workstreams and milestones (when the roadmap has them), the Gantt, the actions by phase."""
    t, lang, data = view["t"], view["lang"], view["roadmap"]
    paragraph(document, data["intro"], size=11)
    if data["phases"]:
        rows = [
            [phase, Cell(str(count), right=True), Cell(effort, right=True), start, end]
            for phase, count, effort, start, end in data["phases"]
        ]
        header = [t("phase"), t("actions_count"), t("effort"), t("from"), t("to")]
        table(document, style, header, rows, [5, 1.6, 2.4, 2, 2], numbers(view).table(t("tab_phases")))
    workstreams = data.get("workstreams") or []
    if workstreams:
        heading(document, word_text("workstreams", lang))
        rows = [
            [
                Cell(row.get("name", ""), bold=True),
                Cell(str(row.get("capacity", "")), right=True),
                row.get("start", ""),
                row.get("end", ""),
                Cell(str(row.get("actions", "")), right=True),
                Cell(str(row.get("effort", "")), right=True),
            ]
            for row in workstreams
        ]
        header = [
            t("workstream"),
            word_text("capacity", lang),
            t("from"),
            t("to"),
            t("actions_count"),
            t("effort"),
        ]
        table(
            document, style, header, rows, [4, 2, 2, 2, 1.5, 2.2], numbers(view).table(word_text("workstreams", lang))
        )
    milestones = data.get("milestones") or []
    if milestones:
        heading(document, word_text("milestones", lang))
        rows = [[row.get("name", ""), row.get("date", "")] for row in milestones]
        header = [t("milestone"), word_text("date", lang)]
        table(document, style, header, rows, [8, 2.5], numbers(view).table(word_text("milestones", lang)))
    for part in data["gantt"]:
        chart(document, view, part["chart"], part["caption"])
    for phase in data["tables"]:
        heading(document, phase["phase"])
        rows = [
            [
                Cell(str(row["order"]), right=True),
                row["action"],
                Cell(row["title"] + (" ★" if row["quick_win"] else ""), small=row["process"]),
                row["owner"],
                Cell(row["effort"], right=True),
                row["start"],
                row["due"],
            ]
            for row in phase["rows"]
        ]
        header = ["#", t("action"), "", t("owner"), t("effort_short"), t("start"), t("due")]
        caption = numbers(view).table(t("tab_phase_actions", phase=phase["phase"]))
        table(document, style, header, rows, [0.7, 2.0, 5.7, 2.6, 1.2, 2.0, 2.0], caption)


def appendix(document: Document, style: Style, view: dict[str, Any]) -> None:
    """Every scored item by process."""
    t = view["t"]
    if view.get("priority_parts"):
        heading(document, t("appendix_priorities"))
        priority_parts(document, style, view)
        heading(document, t("appendix_items"))
    paragraph(document, t("appendix_intro"), size=11)
    header = [t("item"), t("practice"), t("level"), t("dimension"), t("achievement"), t("spread"), t("answers")]
    for process in view["appendix"]:
        rows = [
            [
                Cell(row["item"], extra=["!"] if row["flagged"] else [], accent=False),
                row["text"],
                Cell(row["level"], right=True),
                row["dimension"],
                Cell(row["achievement"], right=True, rating=row["rating"]),
                Cell(row["spread"], right=True),
                Cell(row["answers"], right=True),
            ]
            for row in process["rows"]
        ]
        caption = numbers(view).table(t("tab_items", process=process["process"]))
        table(document, style, header, rows, [2.0, 6.5, 1, 2, 2.2, 1.3, 1.3], caption)
    small(document, view["produced"])


def priority_parts(document: Document, style: Style, view: dict[str, Any]) -> None:
    """The priority of each process with the points of each part: the appendix's first table."""
    t = view["t"]
    rows = [
        [
            Cell(row["rank"], right=True),
            Cell(row["process"], bold=True),
            Cell(f"{row['level']} → {row['target']}", right=True),
            Cell(row["score_gap"], right=True),
            Cell(row["importance"], right=True),
            Cell(row["pain"], right=True),
            Cell(row["effort"], right=True),
            row["points"],
            Cell(row["priority"], right=True, bold=True),
        ]
        for row in view["priority_parts"]
    ]
    header = [
        t("rank"),
        t("process"),
        f"{t('level')} → {t('target')}",
        t("score_gap"),
        t("importance"),
        t("pain"),
        t("effort_short"),
        t("parts"),
        t("priority"),
    ]
    widths = [0.9, 3.4, 1.5, 1.4, 1.6, 1.1, 1.3, 3.4, 1.4]
    table(document, style, header, rows, widths, numbers(view).table(t("tab_priorities")))
    small(document, t("method_priority"))
