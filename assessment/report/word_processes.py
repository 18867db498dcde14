"""The Word report's section per process: level and key figures, the consultant's findings, the advice (the rule
sentences as its detail), the ratings by level, dimensions, strengths, weaknesses, disagreements, pain points,
consistency across units, walkthroughs and remarks, as report_templates/report.html lays them out."""

from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.shared import Pt

from assessment.report.word_parts import MUTED, Cell, Style, add_text, blocks, bullets, paragraph, small, table
from assessment.report.word_summary import heading
from assessment.report.word_texts import word_text


def processes(document: Document, style: Style, view: dict[str, Any]) -> None:
    """One section (Heading 2) per process, each starting on a new page."""
    paragraph(document, view["t"]("processes_intro"), size=11)
    for process in view["processes"]:
        section(document, style, view, process)


def section(document: Document, style: Style, view: dict[str, Any], p: dict[str, Any]) -> None:
    t, lang = view["t"], view["lang"]
    title = document.add_heading(level=2)
    title.paragraph_format.page_break_before = True
    add_text(title, f"{p['number']}  {p['name']}")
    figures = paragraph(document, p["figures"], bold=True)
    figures.paragraph_format.space_after = Pt(2)
    if p["description"]:
        small(document, p["description"])
    priority = p.get("priority")
    if priority:
        paragraph(document, word_text("priority_rank", lang, **priority))
    consultant = p.get("consultant") or {}
    if consultant.get("findings"):
        heading(document, t("findings"), 3)
        blocks(document, style, consultant["findings"])
    advice = p.get("advice") or []
    written = consultant.get("recommendations")
    if written:  # the consultant's words take the advice's place; the advice stays, smaller, as in the PDF
        heading(document, t("recommendations"), 3)
        blocks(document, style, written)
    if advice:
        heading(document, t("advice_title"), 3)
        for sentence in advice:
            paragraph(document, sentence, size=9 if written else None, colour=MUTED if written else None)
        items = p.get("advice_items") or []
        if items:
            rows = [
                [
                    row["item"],
                    row["text"],
                    Cell(str(row["level"]), right=True),
                    Cell(row["achievement"], right=True),
                    Cell(row["needs"], right=True, accent=True),
                ]
                for row in items
            ]
            header = [t("item"), t("practice"), t("level"), t("achievement"), t("needed")]
            table(document, style, header, rows, [2.0, 6, 1, 1.6, 1.4])
    heading(document, t("rule_detail"), 3)
    for sentence in p["why"]:
        paragraph(document, sentence, size=9 if advice else None, colour=MUTED if advice else None)
    heading(document, t("by_level"), 3)
    rows = [
        [
            Cell(str(row["level"]), right=True, bold=str(row["level"]) == p["level"]),
            row["looks"],
            Cell(f"{row['answered']} / {row['total']}", right=True),
            Cell(row["achievement"], right=True),
            Cell(rating=row["rating"]) if row["rating"] else Cell("–"),
        ]
        for row in p["levels"]
    ]
    header = [t("level"), t("level_looks_like"), t("answered"), t("achievement"), t("rating")]
    table(document, style, header, rows, [1, 7.6, 1.7, 2.2, 1.2])
    if p["dimensions"]:
        heading(document, t("dimension_profile"), 3)
        rows = [[row["name"], Cell(row["achievement"], right=True, rating=row["rating"])] for row in p["dimensions"]]
        table(document, style, [t("dimension"), t("achievement")], rows, [5, 2])
    heading(document, t("strengths"), 3)
    if p["strengths"]:
        _items(document, style, view, p["strengths"])
    else:
        small(document, t("no_strengths"))
    heading(document, t("weaknesses"), 3)
    if p["weaknesses"]:
        _items(document, style, view, p["weaknesses"], "needed")
        if p["weaknesses_more"]:
            small(document, _more(view, p["weaknesses_more"]))
    else:
        small(document, t("no_weaknesses"))
    heading(document, t("disagreements"), 3)
    if p["disagreements"]:
        rows = [
            [
                row["item"],
                Cell(row["text"], extra=[f"({t('agreed')})"] if row["agreed"] else []),
                Cell(row["achievement"], right=True, rating=row["rating"]),
                Cell(row["spread"], right=True),
                Cell(row["answers"], right=True),
            ]
            for row in p["disagreements"]
        ]
        header = [t("item"), t("practice"), t("achievement"), t("spread"), t("answers")]
        table(document, style, header, rows, [2.0, 6.5, 1.8, 1.2, 1.2])
        if p["disagreements_more"]:
            small(document, _more(view, p["disagreements_more"]))
    else:
        small(document, t("no_disagreements"))
    if p["perception"]:
        small(document, p["perception"])
    if p["pain"]:
        heading(document, t("pain_points"), 3)
        bullets(
            document,
            style,
            [[{"text": f"[{row['severity_text']}] ", "bold": True}, {"text": row["description"]}] for row in p["pain"]],
        )
    _units(document, style, view, p)
    _walkthroughs(document, style, view, p)
    if p["remarks"]:
        heading(document, t("remarks"), 3)
        lines = []
        for row in p["remarks"]:
            where = " · ".join(part for part in (row["item"], row["role"], row["unit"]) if part)
            lines.append([{"text": f"“{row['comment']}” "}, {"text": f"({where})"}])
        bullets(document, style, lines)


def _more(view: dict[str, Any], n: int) -> str:
    return view["t"]("more_in_appendix" if "appendix" in view["include"] else "more_not_listed", n=n)


def _items(document: Document, style: Style, view: dict[str, Any], rows: list[dict], extra: str = "") -> None:
    t = view["t"]
    header = [t("item"), t("practice"), t("level"), t("achievement")] + ([t(extra)] if extra else [])
    cells = [
        [
            row["item"],
            row["text"],
            Cell(row["level"], right=True),
            Cell(row["achievement"], right=True, rating=row["rating"]),
        ]
        + ([Cell(row[extra], right=True)] if extra else [])
        for row in rows
    ]
    table(document, style, header, cells, [2.0, 7, 1, 2] + ([1.4] if extra else []))


def _units(document: Document, style: Style, view: dict[str, Any], p: dict[str, Any]) -> None:
    t = view["t"]
    heading(document, t("consistency"), 3)
    if not p["units"]["rows"]:
        small(document, t("no_units"))
        return
    rows = [
        [
            row["unit"],
            Cell(row["level"], right=True),
            Cell(row["score"], right=True),
            Cell(row["deviation"], right=True, accent=row["deviates"]),
            Cell(row["respondents"], right=True),
        ]
        for row in p["units"]["rows"]
    ]
    header = [t("unit"), t("level"), t("score"), t("deviation"), t("respondents")]
    table(document, style, header, rows, [4, 1.2, 1.2, 2, 1.8])
    if p["units"]["line"]:
        small(document, p["units"]["line"])
    if p["differences"]:
        rows = [
            [row["item"], row["text"], row["lowest"], row["highest"], Cell(row["difference"], right=True)]
            for row in p["differences"]
        ]
        header = [t("item"), t("largest_differences"), t("lowest_unit"), t("highest_unit"), t("gap")]
        table(document, style, header, rows, [2.0, 5, 2.6, 2.6, 1.2])


def _walkthroughs(document: Document, style: Style, view: dict[str, Any], p: dict[str, Any]) -> None:
    t = view["t"]
    if not (p["walkthroughs"] or p["walkthroughs_known"]):
        return
    heading(document, t("walkthroughs"), 3)
    if not p["walkthroughs"]:
        small(document, t("no_walkthroughs"))
        return
    rows = [
        [
            row["check"],
            row["text"],
            Cell(str(row["samples"]), right=True),
            Cell(str(row["passed"]), right=True),
            Cell(str(row["failed"]), right=True, accent=bool(row["failed"])),
            row["notes"],
        ]
        for row in p["walkthroughs"]
    ]
    header = [t("check"), "", t("samples"), t("passed"), t("failed"), t("notes")]
    table(document, style, header, rows, [2.0, 5, 1.3, 1.3, 1.3, 4])
