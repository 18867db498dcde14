"""The Word report's chapter "Evidence from the ticket system", as report_templates/_evidence.html lays it out:
per stored export its KPIs, the two standardization indices and the flow as the tickets ran it; then the verdicts.

The directly-follows maps are SVG, which Word documents do not take as pictures everywhere: the chapter names where
they are (the PDF report and the Evidence page) instead of drawing them.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document

from assessment.report.word_parts import Cell, Style, paragraph, small, table
from assessment.report.word_summary import heading, numbers
from assessment.report.word_texts import word_text


def evidence(document: Document, style: Style, view: dict[str, Any]) -> None:
    """Each stored export's KPIs, indices and flow; the items the data confirms or contradicts."""
    t, data = view["t"], view["evidence"]
    paragraph(document, t("evidence_intro"), size=11)
    for section in data["sections"]:
        heading(document, section["title"])
        small(document, section["facts"])
        _kpis(document, style, view, section)
        heading(document, t("indices_title"), level=3)
        indices = f"{t('index_data')}: {section['index_data']}    {t('index_answers')}: {section['index_answers']}"
        paragraph(document, indices)
        small(document, t("indices_note"))
        heading(document, t("flow_title"), level=3)
        if section["flow"] is None:
            small(document, t("no_mining"))
            continue
        _flow(document, style, view, section["flow"])
    _verdicts(document, style, view, data["verdicts"])


def _kpis(document: Document, style: Style, view: dict[str, Any], section: dict[str, Any]) -> None:
    t = view["t"]
    heading(document, t("kpis_title"), level=3)
    if not section["kpi_tables"]:
        small(document, t("no_kpis"))
    for made in section["kpi_tables"]:
        rows = [[label, *(Cell(cell, right=True) for cell in cells)] for label, cells in made["rows"]]
        widths = [4.0, *([1.6] * len(made["columns"]))]
        table(document, style, [t("kpi"), *made["columns"]], rows, widths, numbers(view).table(made["caption"]))


def _flow(document: Document, style: Style, view: dict[str, Any], flow: dict[str, Any]) -> None:
    t, lang = view["t"], view["lang"]
    if flow["reference"]:
        small(document, flow["reference"])
    if flow["units"]:
        rows = [
            [
                f"{unit['unit']} ◆" if unit["reference"] else unit["unit"],
                Cell(unit["cases"], right=True),
                Cell(unit["events"], right=True),
                Cell(unit["top_variant"], right=True),
                Cell(unit["fitness"], right=True),
            ]
            for unit in flow["units"]
        ]
        header = [t("unit"), t("cases"), t("events"), t("top_variant"), t("fitness")]
        table(document, style, header, rows, [4, 1.5, 1.5, 2, 1.5], numbers(view).table(t("tab_fitness")))
    if variants := flow["variants"]:
        rows = [[sequence, Cell(cases, right=True), Cell(share, right=True)] for sequence, cases, share in variants]
        header = [t("variant"), t("cases"), t("share")]
        table(document, style, header, rows, [8, 1.5, 1.5], numbers(view).table(t("tab_variants")))
    if flow["bottlenecks"]:
        rows = [[step, Cell(hours, right=True), Cell(cases, right=True)] for step, hours, cases in flow["bottlenecks"]]
        header = [t("step"), t("median_hours"), t("cases")]
        table(document, style, header, rows, [6, 2, 1.5], numbers(view).table(t("tab_bottlenecks")))
    if any(unit["map"] for unit in flow["units"]):
        small(document, word_text("maps_elsewhere", lang))


def _verdicts(document: Document, style: Style, view: dict[str, Any], verdicts: list[dict[str, Any]]) -> None:
    t = view["t"]
    heading(document, t("verdicts_title"))
    small(document, t("verdicts_note"))
    if not verdicts:
        small(document, t("no_verdicts"))
        return
    rows = [
        [
            row["item"],
            row["text"],
            row["kpi"],
            Cell(row["value"], right=True),
            Cell(row["threshold"], right=True),
            Cell(row["achievement"], right=True),
            Cell(row["verdict_text"], bold=True, accent=row["verdict"] == "contradicted", small=row["kind"]),
        ]
        for row in verdicts
    ]
    header = [t("item"), t("practice"), t("kpi"), t("value"), t("threshold"), t("achievement"), t("verdict")]
    table(document, style, header, rows, [1.6, 5, 2.4, 1.4, 1.6, 1.4, 2.2], numbers(view).table(t("tab_verdicts")))
