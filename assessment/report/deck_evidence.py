"""The deck's slide of evidence from the ticket system: one per stored evidence, its KPIs by unit as a native table
and, under it, the items of its process that the data confirms or contradicts. The notes keep the detail: the
standardization indices, the KPIs of units beyond the table, each verdict in a sentence."""

from __future__ import annotations

from typing import Any

from assessment.report.deck_parts import Cell, add_table

KPI_ROWS = 8  # KPIs on the slide, in the documented order; every one is in the report
VERDICT_ROWS = 5
TEXT_CHARS = 48  # of an item's text in the slide's table of verdicts
CONTRADICTED = "#c0392b"
CONFIRMED = "#2e7d4f"


def shortened(value: str, limit: int = TEXT_CHARS) -> str:
    """A practice's text cut to fit a table cell of the slide (whole in the notes)."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def evidence_slides(builder: Any, view: dict[str, Any]) -> None:
    """One slide per stored evidence (none without), each with the verdicts its data gave."""
    evidence = view.get("evidence")
    if not evidence or not evidence["sections"]:
        return
    sections = evidence["sections"]
    placed: dict[str, list[dict[str, Any]]] = {section["id"]: [] for section in sections}
    by_data = {section["data"]: section["id"] for section in sections}
    by_process = {section["process_name"]: section["id"] for section in sections}
    for row in evidence["verdicts"]:  # on the slide of the data that judged it, else of the item's process
        placed[by_data.get(row["data"]) or by_process.get(row["process"], sections[0]["id"])].append(row)
    for section in sections:
        _slide(builder, section, placed[section["id"]], several=len(sections) > 1)


def _slide(builder: Any, section: dict[str, Any], verdicts: list[dict[str, Any]], *, several: bool) -> None:
    t = builder.t
    title = t("evidence_slide") + (f" · {section['process_name']}" if several else "")
    notes = [
        t(
            "evidence_notes",
            process=section["process_name"],
            tickets=section["tickets"],
            name=section["name"],
            data=section["index_data"],
            answers=section["index_answers"],
        )
    ]
    tables = section["kpi_tables"]
    for table in tables[1:]:  # units beyond the slide's table: in the notes
        notes += [f"{label}: " + " · ".join(cells) for label, cells in table["rows"]]
    notes += [
        t(
            "verdict_line",
            item=row["item"],
            text=row["text"],
            kpi=row["kpi"],
            value=row["value"],
            threshold=row["threshold"],
            achievement=row["achievement"],
            verdict=row["verdict_text"],
        )
        for row in verdicts
    ]
    slide, (left, top, width, height) = builder.graphic_slide(title, notes)
    shown = [row for row in verdicts if row["verdict"]][:VERDICT_ROWS]
    kpi_height = int(height * (0.55 if shown else 1.0))
    if tables:
        first = tables[0]
        rows = [[label, *cells] for label, cells in first["rows"][:KPI_ROWS]]
        header = [t("kpi"), *first["columns"]]
        widths = [3.0] + [1.4] * len(first["columns"])
        add_table(slide, (left, top, width, kpi_height), header, rows, builder.fonts, widths=widths, size=12)
    if shown:
        colours = {"contradicted": CONTRADICTED, "confirmed": CONFIRMED}
        rows = [
            [
                shortened(f"{row['item']} {row['text']}"),
                row["kpi"],
                row["value"],
                row["threshold"],
                row["achievement"],
                Cell(row["verdict_text"], ink=colours.get(row["verdict"]), bold=True),
            ]
            for row in shown
        ]
        header = [t("item"), t("kpi"), t("value"), t("threshold"), t("achievement"), t("verdict")]
        below = top + kpi_height + int(height * 0.05)
        box = (left, below, width, height - kpi_height - int(height * 0.05))
        add_table(slide, box, header, rows, builder.fonts, widths=[4.6, 2.2, 1.2, 1.2, 1.2, 1.3], size=10)
