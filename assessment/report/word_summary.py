"""The Word report's first chapters: the cover, the executive summary, the method and the maturity overview,
as report_templates/report.html lays them out."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from assessment.report.word_parts import (
    MUTED,
    Cell,
    Style,
    add_text,
    blocks,
    bullets,
    paragraph,
    picture,
    rating_run,
    shade,
    small,
    table,
)
from assessment.report.word_texts import word_text

WHITE = RGBColor(0xFF, 0xFF, 0xFF)


class Numbers:
    """The running numbers of tables and figures, as the PDF counts them (Table 3: …, Figure 2: …)."""

    def __init__(self, t: Any) -> None:
        self.t = t
        self.tables = 0
        self.figures = 0

    def table(self, caption: str) -> str:
        self.tables += 1
        return f"{self.t('table', n=self.tables)}: {caption}"

    def figure(self, caption: str) -> str:
        self.figures += 1
        return f"{self.t('figure', n=self.figures)}: {caption}"


def numbers(view: dict[str, Any]) -> Numbers:
    """The view's one counter of tables and figures (made on first use)."""
    return view.setdefault("_word_numbers", Numbers(view["t"]))


def chart(document: Document, view: dict[str, Any], figure: Any, caption: str, width_cm: float = 17.0) -> None:
    """A chart of the view as a picture (waiting for its export), numbered like the PDF's."""
    if figure is not None:
        picture(document, figure.future.result(), numbers(view).figure(caption), width_cm)


def heading(document: Document, value: str, level: int = 2) -> None:
    made = document.add_heading(level=level)
    add_text(made, value)


def cover(document: Document, style: Style, view: dict[str, Any], meta: Any) -> None:
    """The cover: a band in the primary colour with the firm, the title and the client; the facts under it."""
    t = view["t"]
    band = document.add_table(rows=1, cols=1)
    cell = band.rows[0].cells[0]
    cell.width = Cm(17.0)
    shade(cell, style.primary)
    top = cell.paragraphs[0]
    logo = meta.branding.logo_bytes() if meta.branding.logo else b""
    if logo:
        top.add_run().add_picture(BytesIO(logo), height=Cm(1.2))
        add_text(top, "  ")
    add_text(top, view["company"] or "", size=10, colour=WHITE)
    kicker = paragraph(cell, t("report_subtitle"), size=10.5, colour=WHITE)
    kicker.paragraph_format.space_before = Pt(90)
    add_text(paragraph(cell), t("report_title"), bold=True, size=26, colour=WHITE)
    client = paragraph(cell, meta.client, size=14, colour=WHITE)
    client.paragraph_format.space_after = Pt(40)
    document.add_paragraph().paragraph_format.space_after = Pt(24)
    facts = [(t("assessment"), meta.assessment), (t("date"), view["date_text"])]
    if meta.assessor:
        facts.append((t("assessor"), meta.assessor))
    if view["company"]:
        facts.append((t("prepared_by"), view["company"]))
    facts.append((t("questionnaire"), view["questionnaire"]))
    for label, value in facts:
        line = document.add_paragraph()
        line.paragraph_format.tab_stops.add_tab_stop(Cm(4.5))
        line.paragraph_format.left_indent = Cm(1.0)
        add_text(line, label, size=10.5, colour=MUTED)
        add_text(line, "\t")
        add_text(line, value, bold=True, size=10.5)
    note = small(document, t("confidential"))
    note.paragraph_format.space_before = Pt(120)
    note.add_run().add_break(WD_BREAK.PAGE)


def summary(document: Document, style: Style, view: dict[str, Any]) -> None:
    """Overall picture (or the consultant's findings), key figures, top gaps, priorities, pain points, first steps."""
    t, data = view["t"], view["summary"]
    consultant = data.get("consultant") or {}
    if consultant.get("findings"):
        blocks(document, style, consultant["findings"])
    else:
        for index, text in enumerate(data["paragraphs"]):
            paragraph(document, text, size=11 if index == 0 else None)  # the first the lead, as in the PDF
    table(
        document,
        style,
        [label for label, _ in data["kpis"]],
        [[Cell(value, bold=True, right=True) for _, value in data["kpis"]]],
        [1] * len(data["kpis"]),
    )
    if consultant.get("recommendations"):
        heading(document, t("recommendations"))
        blocks(document, style, consultant["recommendations"])
    heading(document, t("top_gaps"))
    small(document, t("top_gaps_note"))
    if data["gaps"]:
        rows = [
            [
                row["item"],
                row["text"],
                row["process"],
                Cell(row["achievement"], right=True),
                Cell(row["needed"], right=True, accent=True),
            ]
            for row in data["gaps"]
        ]
        header = [t("item"), t("practice"), t("process"), t("achievement"), t("needed")]
        table(document, style, header, rows, [2.0, 5, 2.2, 1.5, 1.3], numbers(view).table(t("top_gaps")))
    else:
        paragraph(document, t("no_gaps"))
    heading(document, t("top_priorities"))
    if data["priorities"]:
        lines = []
        for row in data["priorities"]:
            detail = row["reason"]
            lines.append([{"text": f"{row['process']}: ", "bold": True}, {"text": detail, "bold": False}])
        bullets(document, style, lines, numbered=True)
    else:
        paragraph(document, t("no_gaps"))
    heading(document, t("key_pain"))
    if data["pain"]:
        lines = [
            [
                {"text": f"[{row['severity_text']}] ", "bold": True},
                {"text": row["description"]},
                {"text": f" ({row['processes']})"},
            ]
            for row in data["pain"]
        ]
        bullets(document, style, lines)
    elif data["pain_by_process"]:
        small(document, t("key_pain_by_process"))
        bullets(
            document,
            style,
            [[{"text": name, "bold": True}, {"text": f" {value}"}] for name, value in data["pain_by_process"]],
        )
    else:
        paragraph(document, t("no_pain"))
    heading(document, t("first_steps"))
    if data["first_steps"]:
        rows = [
            [
                Cell(str(row["order"]), right=True),
                Cell(f"{row['action']} {row['title']}" + (" ★" if row["quick_win"] else "")),
                row["process"],
                row["owner"],
                row["dates"],
            ]
            for row in data["first_steps"]
        ]
        header = ["#", t("action"), t("process"), t("owner"), f"{t('start')} – {t('due')}"]
        table(document, style, header, rows, [0.6, 6, 2.2, 2.2, 3.2], numbers(view).table(t("first_steps")))
    else:
        paragraph(document, t("no_actions"))


def method(document: Document, style: Style, view: dict[str, Any]) -> None:
    """Scale, ratings, rule, respondents by role and by unit, coverage, and the frameworks' levels."""
    t, data = view["t"], view["method"]
    paragraph(document, data["intro"], size=11)
    heading(document, t("method_scale"))
    for scale in data["scales"]:
        caption = t("tab_scale") + (f" ({scale['id']})" if len(data["scales"]) > 1 else "")
        rows = [[key, Cell(value, right=True), label] for key, value, label in scale["options"]]
        table(document, style, [t("answer"), t("value"), t("meaning")], rows, [2, 1.2, 6], numbers(view).table(caption))
    small(document, t("method_scale_note"))
    heading(document, t("method_ratings"))
    rows = [[Cell(rating=letter), label, span] for letter, label, span in data["ratings"]]
    table(
        document,
        style,
        [t("rating"), t("meaning"), t("achievement")],
        rows,
        [1.2, 5, 3],
        numbers(view).table(t("tab_ratings")),
    )
    heading(document, f"{t('method_rule')}: {data['rule_name']}")
    for text in (data["rule"], t("method_flag"), t("method_priority")):
        paragraph(document, text)
    heading(document, t("method_respondents"))
    rows = [
        [role, Cell(weight, right=True), Cell(str(people), right=True), Cell(str(answers), right=True)]
        for role, weight, people, answers in data["roles"]
    ]
    people, answers = data["roles_total"]
    rows.append(
        [
            Cell(t("total"), bold=True),
            "",
            Cell(str(people), right=True, bold=True),
            Cell(str(answers), right=True, bold=True),
        ]
    )
    header = [t("role"), t("weight"), t("respondents"), t("answers")]
    table(document, style, header, rows, [5, 1.5, 2, 2], numbers(view).table(t("tab_roles")))
    heading(document, t("method_units"))
    rows = [
        [unit, *(Cell(str(count), right=True) for count in counts), Cell(str(total), right=True)]
        for unit, counts, total in data["units"]
    ]
    header = [t("unit"), *data["method_columns"], t("total")]
    table(
        document,
        style,
        header,
        rows,
        [4, *([1.5] * len(data["method_columns"])), 1.5],
        numbers(view).table(t("tab_units")),
    )
    heading(document, t("method_coverage"))
    rows = [[name, *(Cell(str(value), right=True) for value in values)] for name, *values in data["coverage"]]
    header = [t("process"), t("items"), t("answered"), t("coverage"), t("dont_know_rate")]
    table(document, style, header, rows, [5, 1.5, 1.5, 1.5, 2], numbers(view).table(t("tab_coverage")))
    frameworks = data["frameworks"]
    if frameworks["rows"]:
        heading(document, t("method_frameworks"))
        small(document, t("frameworks_note"))
        header = [t("level"), *(f"{name} ({kind})" for name, kind in frameworks["columns"])]
        rows = [[Cell(str(level), bold=True, right=True), *cells] for level, cells in frameworks["rows"]]
        widths = [0.8, *([4] * len(frameworks["columns"]))]
        table(document, style, header, rows, widths, numbers(view).table(t("tab_frameworks")))


def overview(document: Document, style: Style, view: dict[str, Any]) -> None:
    """The radar, the table of levels, scores and ratings, the heat map of process × dimension."""
    t, data = view["t"], view["overview"]
    paragraph(document, view["t"]("overview_intro"), size=11)
    chart(document, view, data["radar"], t("fig_radar"), 16.0)
    header = [
        t("process"),
        t("level"),
        t("score"),
        t("target"),
        t("gap"),
        *(f"L{n}" for n in range(1, 6)),
        t("coverage"),
    ]
    rows = [
        [
            Cell(row["name"], bold=True),
            Cell(row["level"], bold=True, right=True),
            Cell(row["score"], right=True),
            Cell(row["target"], right=True),
            Cell(row["gap"], right=True, accent=row["short"]),
            *(Cell(rating=letter) if letter else Cell(data["dash"]) for letter in row["ratings"]),
            Cell(row["coverage"], right=True),
        ]
        for row in data["rows"]
    ]
    widths = [4.2, 1.1, 1.2, 1.2, 1.1, 0.7, 0.7, 0.7, 0.7, 0.7, 1.6]
    table(document, style, header, rows, widths, numbers(view).table(t("tab_overview")))
    if data["dimensions"] is not None:
        heading(document, t("fig_dimensions"))
        chart(document, view, data["dimensions"], t("fig_dimensions"))
        legend(document, view)


def legend(document: Document, view: dict[str, Any]) -> None:
    """The ratings' colours and names, as under the PDF's heat map."""
    line = document.add_paragraph()
    add_text(line, word_text("legend", view["lang"]) + " ", size=8, colour=MUTED)
    for letter, label in view["overview"]["legend"]:
        rating_run(line, letter)
        add_text(line, f" {label}   ", size=8)
