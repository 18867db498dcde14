"""The steering-committee deck (.pptx, python-pptx) from the report's view model, in Chinese or English.

Slides: title, overview, the radar and the gaps as native charts (their data editable in PowerPoint), the heat map
of process × dimension as a table coloured by rating, the top gaps, one slide per process, the roadmap by workstream
and its milestones, next steps. The detail (rule sentences, priority parts, practice lists) is in the speaker notes.
Every text is in a placeholder, a table or a chart: no loose text box. The firm's template (.pptx under branding)
gives the masters, layouts and theme colours; without one the default deck is used, 16:9.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Emu, Inches, Pt

from assessment.analysis.analyse import Analysis
from assessment.files import write_atomic
from assessment.report.common import RATING_COLOURS, RATING_INK, names_of
from assessment.report.context import report_context
from assessment.report.deck_evidence import evidence_slides
from assessment.report.deck_layouts import BODIES, TITLES, Layouts, open_deck
from assessment.report.deck_parts import (
    Cell,
    Fonts,
    Para,
    add_chart,
    add_table,
    blocks_paragraphs,
    blocks_text,
    fill_text,
    fitting_size,
    para,
)
from assessment.report.deck_slides import process_slides, roadmap_slides
from assessment.report.options import ReportOptions
from assessment.report.plan_views import priority_parts_view
from assessment.report.texts import text as report_text

HEAT_ROWS = 12  # processes in the heat map of one slide

# the deck's own texts: key -> (English, Chinese); the rest are the report's (assessment/report/texts.py)
DECK_TEXTS: dict[str, tuple[str, str]] = {
    "overview": ("Overview", "总体情况"),
    "key_figures": ("Key figures", "关键数据"),
    "findings": ("Findings", "主要发现"),
    "priorities": ("Priorities", "优先事项"),
    "current": ("Current level", "当前等级"),
    "target": ("Target level", "目标等级"),
    "gap_levels": ("Gap (levels)", "差距（等级）"),
    "score_gap": ("Gap (score)", "差距（得分）"),
    "heat_map": ("Achievement by process and dimension", "各流程各维度的实现程度"),
    "next_steps": ("Next steps", "下一步工作"),
    "recommendations": ("Recommendations", "建议"),
    "notes_radar": ("{process}: level {level}, target {target}.", "{process}：当前第 {level} 级，目标第 {target} 级。"),
    "notes_priority": (
        "Rank {rank} {process}: gap {gap} level(s), score gap {score_gap}; priority {priority} = {points} "
        "(gap · importance · pain · effort).",
        "第 {rank} 位 {process}：差距 {gap} 级，得分差距 {score_gap}；优先级 {priority} = {points}"
        "（差距 · 重要性 · 痛点 · 工作量）。",
    ),
    "notes_title": (
        "{questionnaire}. Assessor: {assessor}. Confidential: for the steering group and the sponsor.",
        "{questionnaire}。评估人：{assessor}。保密：供专项工作组及项目发起人使用。",
    ),
    "notes_gaps": (
        "The five items furthest below what their target level needs, weighed by their process's priority.",
        "与目标等级要求相差最大的五个题目（按所属流程的优先级加权）。",
    ),
    "legend": ("Ratings: ", "评定："),
}


def say(key: str, lang: str, **params: Any) -> str:
    en, zh = DECK_TEXTS[key]
    return (zh if lang == "zh" else en).format(**params)


def write_deck(
    analysis: Analysis,
    meta: Any,
    options: ReportOptions,
    path: str | Path,
    *,
    walkthroughs: pd.DataFrame | None = None,
    context_records: dict | None = None,
    template: bytes | None = None,
    evidence: Sequence[Any] | None = None,
) -> None:
    """Write the steering-committee deck to `path` (.pptx), whole or not at all."""
    data = deck_bytes(
        analysis,
        meta,
        options,
        walkthroughs=walkthroughs,
        context_records=context_records,
        template=template,
        evidence=evidence,
    )
    write_atomic(path, data)


def deck_bytes(
    analysis: Analysis,
    meta: Any,
    options: ReportOptions,
    *,
    walkthroughs: pd.DataFrame | None = None,
    context_records: dict | None = None,
    template: bytes | None = None,
    evidence: Sequence[Any] | None = None,
) -> bytes:
    """The deck as the bytes of a .pptx file (`evidence`: the assessment's stored evidence, for its slide)."""
    wanted = ("summary", "overview", "processes", "evidence", "gaps", "roadmap")
    view = report_context(
        analysis,
        meta,
        ReportOptions(options.lang, wanted),
        walkthroughs=walkthroughs,
        records=context_records,
        evidence=evidence,
    )
    branding = meta.branding
    deck, layouts, _ = open_deck(template, branding.primary, branding.accent)
    builder = Builder(deck, layouts, Fonts(options.lang), options.lang)
    chosen = set(options.sections)
    title_slide(builder, meta, view)
    if "summary" in chosen:
        overview_slide(builder, view)
    if "overview" in chosen:
        radar_slide(builder, analysis, view)
        heat_map_slide(builder, view)
    if "gaps" in chosen:
        gap_slide(builder, analysis, view)
    if "summary" in chosen or "gaps" in chosen:
        top_gaps_slide(builder, view)
    if "processes" in chosen:
        process_slides(builder, view)
    if "evidence" in chosen:
        evidence_slides(builder, view)
    if "roadmap" in chosen:
        roadmap_slides(builder, view)
    if "summary" in chosen or "roadmap" in chosen:
        next_steps_slide(builder, view)
    output = io.BytesIO()
    deck.save(output)
    return output.getvalue()


class Builder:
    """Adds slides to the deck: a layout, its title, its bodies, its speaker notes; empty placeholders removed."""

    def __init__(self, deck: Any, layouts: Layouts, fonts: Fonts, lang: str) -> None:
        self.deck, self.layouts, self.fonts, self.lang = deck, layouts, fonts, lang

    def t(self, key: str, **params: Any) -> str:
        """A deck text, else a report text, in the deck's language."""
        return say(key, self.lang, **params) if key in DECK_TEXTS else report_text(key, self.lang, **params)

    def slide(self, layout: Any, title: str, notes: list[str]) -> Any:
        slide = self.deck.slides.add_slide(layout)
        heading = next((shape for shape in slide.placeholders if shape.placeholder_format.type in TITLES), None)
        if heading is not None:
            fill_text(heading.text_frame, [para(title, "plain")], self.fonts)
        if notes:
            frame = slide.notes_slide.notes_text_frame
            fill_text(frame, [para(line, "plain") for line in notes if line], self.fonts)
        return slide

    def bodies(self, slide: Any) -> list[Any]:
        """The slide's body placeholders, left to right."""
        found = [shape for shape in slide.placeholders if shape.placeholder_format.type in BODIES]
        return sorted(found, key=lambda shape: (shape.left or 0, shape.top or 0))

    def write(self, placeholder: Any, paragraphs: list[Para], largest: float = 20) -> None:
        """Fill a body placeholder, at the largest size (up to `largest` points) at which the text fits it."""
        if placeholder.width and placeholder.height:
            size = fitting_size(paragraphs, placeholder.width, placeholder.height, largest)
            paragraphs = [item if item.size else dataclasses.replace(item, size=size) for item in paragraphs]
        fill_text(placeholder.text_frame, paragraphs, self.fonts)

    def tidy(self, slide: Any) -> None:
        """Remove the placeholders left empty (they would show "Click to add text" in PowerPoint)."""
        for shape in list(slide.placeholders):
            if shape.has_text_frame and not shape.text_frame.text.strip():
                shape._element.getparent().remove(shape._element)

    def text_slide(self, title: str, paragraphs: list[Para], notes: list[str], right: list[Para] | None = None) -> Any:
        """A slide of a title and one body, or two bodies when `right` has paragraphs."""
        layout = self.layouts.two if right else self.layouts.content
        slide = self.slide(layout, title, notes)
        bodies = self.bodies(slide)
        if bodies:
            self.write(bodies[0], paragraphs)
        if right and len(bodies) > 1:
            self.write(bodies[1], right)
        elif right and bodies:  # a template without two bodies: one after the other
            self.write(bodies[0], paragraphs + right)
        self.tidy(slide)
        return slide

    def graphic_slide(self, title: str, notes: list[str]) -> tuple[Any, tuple[int, int, int, int]]:
        """A slide of a title only, and the area for its table or chart."""
        slide = self.slide(self.layouts.title_only, title, notes)
        for shape in list(slide.placeholders):
            if shape.placeholder_format.type in BODIES:
                shape._element.getparent().remove(shape._element)
        return slide, self.layouts.body


def title_slide(builder: Builder, meta: Any, view: dict[str, Any]) -> None:
    """Client, assessment, date and the firm (and its logo)."""
    t = builder.t
    slide = builder.slide(
        builder.layouts.title,
        t("report_title"),
        [t("notes_title", questionnaire=view["questionnaire"], assessor=meta.assessor or "–")],
    )
    lines = [para(" · ".join(part for part in (meta.client, meta.assessment) if part), "plain", bold=True)]
    lines.append(para(view["date_text"], "plain"))
    if meta.branding.company:
        lines.append(para(f"{t('prepared_by')}: {meta.branding.company}", "plain"))
    subtitle = [shape for shape in slide.placeholders if shape.placeholder_format.type not in TITLES]
    if subtitle:
        builder.write(subtitle[0], lines)
    builder.tidy(slide)
    logo = meta.branding.logo_bytes()
    if logo:
        height = Inches(0.9)
        picture = slide.shapes.add_picture(io.BytesIO(logo), 0, Inches(0.3), height=height)
        picture.left = Emu(builder.deck.slide_width - picture.width - Inches(0.4))


def overview_slide(builder: Builder, view: dict[str, Any]) -> None:
    """Key figures on the left; the consultant's summary (or the generated one) and the priorities on the right."""
    t = builder.t
    summary = view["summary"]
    figures = [para(t("key_figures"), "plain", bold=True)]
    figures += [Para([(f"{label}: ", False), (value, True)]) for label, value in summary["kpis"]]
    consultant = (summary.get("consultant") or {}).get("findings")
    right = [para(t("findings"), "plain", bold=True)]
    right += blocks_paragraphs(consultant) if consultant else [para(text) for text in summary["paragraphs"]]
    priorities = summary.get("priorities") or []
    if priorities and isinstance(priorities[0], dict) and "reason" in priorities[0]:
        right.append(para(t("priorities"), "plain", bold=True))
        right += [para(f"{p['rank']}. {p['process']}: {p['reason']}") for p in priorities[:3]]
    notes = blocks_text(consultant) if consultant else []
    notes += list(summary["paragraphs"])
    builder.text_slide(t("overview"), figures, notes, right)


def radar_slide(builder: Builder, analysis: Analysis, view: dict[str, Any]) -> None:
    """Current level and target of every process on a native radar chart."""
    t = builder.t
    names = names_of(analysis, builder.lang)
    processes = analysis.scored.result.processes
    shown = [names.process(process) for process in processes["process"]]
    levels = processes["level"].fillna(0).astype(float).tolist()
    targets = processes["target"].fillna(0).astype(float).tolist()
    notes = [
        t("notes_radar", process=name, level=f"{level:.0f}", target=f"{target:.0f}")
        for name, level, target in zip(shown, levels, targets, strict=True)
    ]
    slide, box = builder.graphic_slide(t("fig_radar"), notes)
    frame = add_chart(
        slide,
        box,
        XL_CHART_TYPE.RADAR_MARKERS,
        shown,
        [(t("current"), levels), (t("target"), targets)],
        builder.fonts,
        size=14,
    )
    axis = frame.chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 5, 1
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0", False


def heat_map_slide(builder: Builder, view: dict[str, Any]) -> None:
    """The achievement of each process in each dimension, every cell coloured by its rating as in the PDF."""
    t = builder.t
    processes = view["processes"]
    dimensions = list(dict.fromkeys(row["name"] for process in processes for row in process["dimensions"]))
    rows = []
    for process in processes:
        found = {row["name"]: row for row in process["dimensions"]}
        cells: list[str | Cell] = [Cell(process["name"], bold=True), Cell(process["level"], centre=True)]
        for dimension in dimensions:
            row = found.get(dimension)
            rating = row["rating"] if row else ""
            text = row["achievement"] if row else "–"
            cells.append(Cell(text, RATING_COLOURS.get(rating), RATING_INK.get(rating), centre=True))
        rows.append(cells)
    legend = [view["t"](f"rating_{letter}") for letter in ("N", "P", "L", "F")]
    notes = [t("legend") + " · ".join(f"{letter} {name}" for letter, name in zip("NPLF", legend, strict=True))]
    key = [
        Cell(f"{letter} {name}", RATING_COLOURS[letter], RATING_INK[letter], centre=True)
        for letter, name in zip("NPLF", legend, strict=True)
    ]
    pages = max(1, -(-len(rows) // HEAT_ROWS))
    for page in range(pages):
        title = t("heat_map") if pages == 1 else f"{t('heat_map')} ({page + 1}/{pages})"
        slide, (left, top, width, height) = builder.graphic_slide(title, notes)
        chunk = rows[page * HEAT_ROWS : (page + 1) * HEAT_ROWS]
        heat = add_table(
            slide,
            (left, top, width, height - Inches(0.6)),
            [t("process"), t("level"), *dimensions],
            chunk,
            builder.fonts,
            widths=[2.6, 0.9] + [1.2] * len(dimensions),
            size=14 if len(chunk) <= 8 else 12,
        )
        bottom = min(heat.top + heat.height + Inches(0.3), top + height - Inches(0.45))  # the key under the table
        shape = add_table(slide, (left, bottom, width, Inches(0.4)), key, [], builder.fonts, size=11)
        shape.table.first_row = False


def gap_slide(builder: Builder, analysis: Analysis, view: dict[str, Any]) -> None:
    """The gap of every process to its target (levels and score), most urgent first, as a native bar chart."""
    t = builder.t
    names = names_of(analysis, builder.lang)
    priorities = analysis.priorities.sort_values("rank")
    shown = [names.process(process) for process in priorities["process"]]
    gaps = priorities["gap"].fillna(0).clip(lower=0).astype(float).tolist()
    score_gaps = priorities["score_gap"].fillna(0).clip(lower=0).astype(float).tolist()
    notes = [
        t(
            "notes_priority",
            rank=row["rank"],
            process=row["process"],
            gap=row["gap"],
            score_gap=row["score_gap"],
            priority=row["priority"],
            points=row["points"],
        )
        for row in priority_parts_view(analysis, names)  # the points of each part: the notes, never the slide
    ]
    slide, box = builder.graphic_slide(t("fig_gaps"), notes)
    series = [(t("gap_levels"), gaps), (t("score_gap"), score_gaps)]
    frame = add_chart(slide, box, XL_CHART_TYPE.BAR_CLUSTERED, shown, series, builder.fonts, size=14)
    chart = frame.chart
    chart.category_axis.reverse_order = True  # the most urgent at the top
    chart.value_axis.minimum_scale = 0
    chart.value_axis.tick_labels.number_format, chart.value_axis.tick_labels.number_format_is_linked = "0.0", False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "0.0", False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    plot.data_labels.font.size = Pt(11)


def top_gaps_slide(builder: Builder, view: dict[str, Any]) -> None:
    """The five most important gaps as a table: process, practice, level, achievement today and needed."""
    t = builder.t
    gaps = view["summary"]["gaps"]
    notes = [t("notes_gaps")] + [f"{gap['item']}: {gap['text']}" for gap in gaps]
    if not gaps:
        builder.text_slide(t("top_gaps"), [para(t("no_gaps"), "plain")], notes)
        return
    rows = [[gap["process"], gap["text"], str(gap["level"]), gap["achievement"], gap["needed"]] for gap in gaps]
    slide, box = builder.graphic_slide(t("top_gaps"), notes)
    header = [t("process"), t("practice"), t("level"), t("achievement"), t("needed")]
    add_table(slide, box, header, rows, builder.fonts, widths=[2.2, 6.0, 0.9, 1.4, 1.2], size=13)


def next_steps_slide(builder: Builder, view: dict[str, Any]) -> None:
    """The first actions of the roadmap, and the consultant's recommendations when written."""
    t = builder.t
    summary = view.get("summary") or {}
    steps = summary.get("first_steps") or []
    lines = [
        Para([(f"{step['title']}", True), (f" — {step['process']} · {step['owner']} · {step['dates']}", False)])
        for step in steps
    ] or [para(t("no_actions"), "plain")]
    recommended = (summary.get("consultant") or {}).get("recommendations")
    right = [para(t("recommendations"), "plain", bold=True), *blocks_paragraphs(recommended)] if recommended else None
    notes = [f"{step['order']}. {step['action']}: {step['title']}" for step in steps] + blocks_text(recommended)
    builder.text_slide(t("next_steps"), lines, notes, right)
