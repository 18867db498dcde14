"""The plan's sections of the report: gaps and priorities, the roadmap (workstreams, milestones, Gantt charts and
tables by phase), the appendix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from assessment.analysis.advice import advice_text, priority_reasons
from assessment.analysis.analyse import Analysis
from assessment.analysis.roadmap_notes import calendar_notes, calendar_rule, workstream_names
from assessment.report import charts as report_charts
from assessment.report.common import (
    DASH,
    Names,
    action_title,
    by_process,
    missing,
    num,
    pct,
    rating_of,
    short_date,
    whole,
)
from scoring.charts import unit_chart
from scoring.charts_plan import PHASE_ORDER, gap_bars
from scoring.charts_roadmap import gantt_chart
from scoring.maturity import PRECISION

GANTT_ROWS = 40  # actions per Gantt chart: one chart fills at most one page, labels still readable
PARTS = ("gap", "importance", "pain", "effort")
PART_COLOURS = {"gap": "var(--primary)", "importance": "#5b7fa6", "pain": "var(--accent)", "effort": "#b9c4d0"}

ChartMaker = Callable[..., report_charts.Chart | None]


def gaps_view(analysis: Analysis, names: Names, chart: ChartMaker) -> dict[str, Any]:
    """Gap bars, the processes by rank with the reason in plain words, consistency across units, perception by role.

    The points of each part of the priority are in the appendix (priority_parts_view), not in the running text."""
    lang = names.lang
    shown = names.processes
    priorities = analysis.priorities.sort_values("rank")
    reasons = priority_reasons(analysis.priorities)
    rows = []
    for row in priorities.to_dict("records"):
        reason = reasons.get(row["process"])
        rows.append(
            {
                "rank": str(reason.rank) if reason else DASH,
                "process": names.process(row["process"]),
                "level": whole(row["level"]),
                "target": whole(row["target"]),
                "gap": whole(row["gap"]),
                "reason": reason.reason(lang) if reason else advice_text("at_target", lang),
            }
        )
    units = analysis.units
    unit_figure = None
    if len(units) and units["unit"].nunique() > 1:
        unit_figure = chart(lambda: unit_chart(units, lang, shown), 780, 400)
    consistency = [
        {
            "process": names.process(row.process),
            "units": whole(row.units),
            "range": num(row.score_range),
            "lowest": str(row.lowest_unit) if isinstance(row.lowest_unit, str) else DASH,
            "deviating": ", ".join(map(str, row.deviating)) if isinstance(row.deviating, list) else "",
            "index": num(row.index),
            "weak": not missing(row.index) and row.index < 0.7,
        }
        for row in analysis.consistency.itertuples()
    ]
    perception = [
        {
            "process": names.process(row.process),
            "highest": f"{names.role(row.highest_role)} ({num(row.highest)})"
            if isinstance(row.highest_role, str)
            else DASH,
            "lowest": f"{names.role(row.lowest_role)} ({num(row.lowest)})"
            if isinstance(row.lowest_role, str)
            else DASH,
            "gap": num(row.gap),
        }
        for row in analysis.perception_summary.itertuples()
    ]
    return {
        "bars": chart(lambda: gap_bars(analysis.priorities, lang, shown), 780, max(320, 40 * len(priorities) + 140)),
        "rows": rows,
        "units": unit_figure,
        "consistency": consistency,
        "perception": perception,
    }


def roadmap_view(analysis: Analysis, names: Names, chart: ChartMaker) -> dict[str, Any]:
    """The phases, workstreams and milestones; the summary Gantt, one Gantt per workstream (at most GANTT_ROWS
    actions each), a table of actions per phase; the years whose holidays are estimated."""
    lang = names.lang
    actions = analysis.roadmap.actions.sort_values("order").reset_index(drop=True)
    if actions.empty:
        return {
            "intro": names.t("no_actions"),
            "phases": [],
            "gantt": [],
            "tables": [],
            "workstreams": [],
            "milestones": [],
            "calendar": [],
        }
    start, due = pd.to_datetime(actions["start"]), pd.to_datetime(actions["due"])
    phases = [p for p in PHASE_ORDER if (actions["phase"] == p).any()]
    phases += [p for p in pd.unique(actions["phase"]) if p not in phases]
    summary = actions.assign(start=start, due=due).groupby("phase", sort=False)
    summary = summary.agg(
        actions=("action", "size"), effort=("effort", "sum"), start=("start", "min"), due=("due", "max")
    )
    phase_rows = [
        (
            names.phase(phase),
            int(summary.at[phase, "actions"]),
            num(summary.at[phase, "effort"], 1),
            short_date(summary.at[phase, "start"]),
            short_date(summary.at[phase, "due"]),
        )
        for phase in phases
    ]
    owners, shown = names.roles, names.processes  # the chart builders escape every text from data
    stream_names = workstream_names(analysis.workstreams, lang)
    gates = analysis.milestones if len(analysis.milestones) else None
    gantt = [
        {
            "chart": chart(
                lambda: gantt_chart(actions, lang, shown, owners, workstreams=stream_names, milestones=gates),
                860,
                max(360, 24 * (len(stream_names) + 1) + 220),
            ),
            "caption": names.t("fig_gantt_summary"),
        }
    ]
    for part in _gantt_pages(actions, list(stream_names)):

        def build(part: pd.DataFrame = part) -> Any:
            return gantt_chart(part, lang, shown, owners, workstreams=stream_names, expand=True)

        listed = ("、" if lang == "zh" else ", ").join(stream_names[s] for s in pd.unique(part["workstream"]))
        rows = len(part) + part["workstream"].nunique()
        gantt.append(
            {"chart": chart(build, 860, max(360, 24 * rows + 220)), "caption": names.t("fig_gantt", workstreams=listed)}
        )
    tables = []
    for phase in phases:
        chosen = actions[actions["phase"] == phase]
        tables.append(
            {
                "phase": names.phase(phase),
                "rows": [
                    {
                        "order": int(row["order"]),
                        "action": row["action"],
                        "title": action_title(row, lang),
                        "process": names.process(row["process"]),
                        "workstream": stream_names.get(row["workstream"], row["workstream"]),
                        "owner": names.role(row["owner"]),
                        "effort": num(row["effort"], 1),
                        "start": short_date(row["start"]),
                        "due": short_date(row["due"]),
                        "quick_win": bool(row["quick_win"]),
                    }
                    for row in chosen.to_dict("records")
                ],
            }
        )
    intro = names.t(
        "roadmap_intro",
        actions=len(actions),
        capacity=num(analysis.capacity, 0),
        start=short_date(analysis.start),
    )
    return {
        "intro": intro,
        "phases": phase_rows,
        "gantt": gantt,
        "tables": tables,
        "workstreams": [
            {
                "name": stream_names.get(row.workstream, row.workstream),
                "capacity": num(row.capacity, 0),
                "start": short_date(row.start),
                "end": short_date(row.end),
                "actions": str(int(row.actions)),
                "effort": num(row.effort, 1),
            }
            for row in analysis.workstreams.itertuples(index=False)
        ],
        "milestones": [
            {"name": row.name_zh if lang == "zh" else row.name_en, "date": short_date(row.date)}
            for row in analysis.milestones.itertuples(index=False)
        ],
        "calendar": [calendar_rule(lang), *calendar_notes(actions, lang)],
    }


def _gantt_pages(actions: pd.DataFrame, order: list[str]) -> list[pd.DataFrame]:
    """The actions in charts of at most GANTT_ROWS rows (an action, or a workstream's summary row), whole workstreams
    together where they fit; a workstream longer than that is cut into charts of its own."""
    pages: list[pd.DataFrame] = []
    current: list[pd.DataFrame] = []
    rows = 0
    for stream in order:
        own = actions[actions["workstream"] == stream]
        if not len(own):
            continue
        pieces = [own.iloc[i : i + GANTT_ROWS - 1] for i in range(0, len(own), GANTT_ROWS - 1)]
        for piece in pieces:
            if current and rows + len(piece) + 1 > GANTT_ROWS:
                pages.append(pd.concat(current))
                current, rows = [], 0
            current.append(piece)
            rows += len(piece) + 1
    if current:
        pages.append(pd.concat(current))
    return pages


def priority_parts_view(analysis: Analysis, names: Names) -> list[dict[str, Any]]:
    """The priority of each process with the points of each part and what they come from: the appendix's table."""
    rows = []
    for row in analysis.priorities.sort_values("rank").to_dict("records"):
        points = {part: float(row.get(f"{part}_part") or 0.0) for part in PARTS}
        rows.append(
            {
                "rank": whole(row["rank"]),
                "process": names.process(row["process"]),
                "level": whole(row["level"]),
                "target": whole(row["target"]),
                "gap": whole(row["gap"]),
                "score_gap": num(row["score_gap"]),
                "importance": whole(row.get("importance")),
                "pain": whole(row.get("pain")),
                "effort": num(row.get("effort"), 0),
                "priority": num(row["priority"], 1),
                "parts": [
                    {"part": part, "width": f"{max(0.0, points[part]):.2f}", "colour": PART_COLOURS[part]}
                    for part in PARTS
                    if points[part] > 0
                ],
                "points": " · ".join(num(points[part], 1) for part in PARTS),
            }
        )
    return rows


def appendix_view(analysis: Analysis, names: Names) -> list[dict[str, Any]]:
    """Every scored item by process: achievement, rating, spread, answers and whether it is flagged."""
    items = analysis.scored.result.items
    achievement = items["achievement"].round(PRECISION)
    ratings = pd.cut(achievement, [-1, 0.15, 0.5, 0.85, 2], labels=["N", "P", "L", "F"]).astype(object)
    frame = items.assign(rating=ratings.where(achievement.notna(), ""))
    groups = by_process(frame)
    tables = []
    for process in analysis.scored.result.processes["process"]:
        chosen = groups.get(process)
        if chosen is None:
            continue
        tables.append(
            {
                "process": names.process(process),
                "rows": [
                    {
                        "item": row.item,
                        "text": names.items.get(row.item, row.item),
                        "level": whole(row.level),
                        "dimension": names.dimension(row.dimension),
                        "achievement": pct(row.achievement),
                        "rating": rating_of(row.rating),
                        "spread": num(row.spread),
                        "answers": whole(row.answers),
                        "flagged": bool(row.flagged),
                        "agreed": bool(getattr(row, "agreed", False)),
                    }
                    for row in chosen.itertuples()
                ],
            }
        )
    return tables
