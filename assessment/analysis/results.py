"""Score results in the public shapes: JSON (spec/interfaces.md §4), a text table, CSV."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd

from assessment.analysis.scored import ScoredAssessment
from assessment.messages import label
from assessment.problems import Lang
from scoring.chart_text import width as display_width  # a Chinese character takes two columns
from scoring.maturity import LEVELS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def json_value(value: Any) -> Any:
    """A value as JSON takes it: numpy scalars as Python numbers, None for NaN and pandas' NA."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def to_json_dict(scored: ScoredAssessment, lang: Lang = "en") -> dict:
    """The result as the JSON of spec/interfaces.md §4, with a few documented additions."""
    q = scored.questionnaire
    result = scored.result
    levels = result.levels.groupby("process", sort=False)
    dimensions = result.dimensions.groupby("process", sort=False)
    names = {process.id: process.name for process in q.processes}
    processes = []
    for row in result.processes.itertuples(index=False):
        process_levels = levels.get_group(row.process) if row.process in levels.groups else result.levels.iloc[:0]
        process_dims = (
            dimensions.get_group(row.process) if row.process in dimensions.groups else result.dimensions.iloc[:0]
        )
        processes.append(
            {
                "id": row.process,
                "name": {"zh": names[row.process].zh, "en": names[row.process].en},
                "level": int(row.level),
                "score": float(row.score),
                "coverage": json_value(row.coverage),
                "target": int(row.target),
                "gap": int(row.gap),
                "items": int(row.items),
                "answered": int(row.answered),
                "levels": [
                    {
                        "level": int(level.level),
                        "achievement": json_value(level.achievement),
                        "rating": level.rating if isinstance(level.rating, str) else None,
                        "items": int(level.items),
                        "answered": int(level.answered),
                    }
                    for level in process_levels.itertuples(index=False)
                ],
                "dimensions": {
                    dim.dimension: json_value(dim.achievement) for dim in process_dims.itertuples(index=False)
                },
            }
        )
    items = [
        {
            "id": item.item,
            "process": item.process,
            "level": int(item.level),
            "achievement": json_value(item.achievement),
            "answers": int(item.answers),
            "spread": json_value(item.spread),
            "flagged": bool(item.flagged),
            "agreed": bool(item.agreed),
            "na": int(item.na),
            "unknown": int(item.unknown),
            "empty": int(item.empty),
        }
        for item in result.items.itertuples(index=False)
    ]
    return {
        "questionnaire": {"id": q.id, "version": q.version},
        "rule": result.rule,
        "respondents": len(scored.responses.respondents),
        "processes": processes,
        "items": items,
        "warnings": [warning.render(lang) for warning in scored.warnings],
    }


def to_json(scored: ScoredAssessment, lang: Lang = "en") -> str:
    """The JSON text, UTF-8 Chinese kept as is."""
    return json.dumps(to_json_dict(scored, lang), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _process_rows(scored: ScoredAssessment, lang: Lang) -> list[dict]:
    names = {process.id: process.name.get(lang) for process in scored.questionnaire.processes}
    ratings = scored.result.levels.pivot(index="process", columns="level", values="rating")
    achievements = scored.result.levels.pivot(index="process", columns="level", values="achievement")
    rows = []
    for row in scored.result.processes.itertuples(index=False):
        rows.append(
            {
                "process": row.process,
                "name": names[row.process],
                "level": int(row.level),
                "score": float(row.score),
                "coverage": json_value(row.coverage),
                "target": int(row.target),
                "gap": int(row.gap),
                "ratings": [r if isinstance(r := ratings.at[row.process, k], str) else None for k in LEVELS],
                "achievements": [json_value(achievements.at[row.process, k]) for k in LEVELS],
            }
        )
    return rows


def to_table(scored: ScoredAssessment, lang: Lang = "en") -> str:
    """A plain-text table of the processes for a terminal."""
    q = scored.questionnaire
    lines = [
        label("summary", lang).format(
            id=q.id, version=q.version, rule=scored.result.rule, respondents=len(scored.responses.respondents)
        ),
        "",
    ]
    headers = [label(k, lang) for k in ("process", "level", "score", "coverage", "target", "gap", "ratings")]
    body = [
        [
            row["name"],
            str(row["level"]),
            f"{row['score']:.2f}",
            "-" if row["coverage"] is None else f"{row['coverage']:.0%}",
            str(row["target"]),
            str(row["gap"]),
            " ".join(rating or "-" for rating in row["ratings"]),
        ]
        for row in _process_rows(scored, lang)
    ]
    widths = [max(display_width(cell) for cell in column) for column in zip(headers, *body, strict=True)]
    for cells in [headers, *body]:
        padded = [_pad(cell, widths[i], right=0 < i < 6) for i, cell in enumerate(cells)]
        lines.append("  ".join(padded).rstrip())
    for warning in scored.warnings:
        lines.append(warning.render(lang))
    return "\n".join(lines) + "\n"


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is stored as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(scored: ScoredAssessment, lang: Lang = "en") -> str:
    """One row per process: level, score, coverage, target, gap, rating and achievement per level."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["process", "name", "level", "score", "coverage", "target", "gap"]
        + [f"rating_{k}" for k in LEVELS]
        + [f"achievement_{k}" for k in LEVELS]
    )
    for row in _process_rows(scored, lang):
        writer.writerow(
            [safe_cell(row["process"]), safe_cell(row["name"]), row["level"], repr(row["score"])]
            + ["" if row["coverage"] is None else repr(row["coverage"]), row["target"], row["gap"]]
            + [rating or "" for rating in row["ratings"]]
            + ["" if a is None else repr(a) for a in row["achievements"]]
        )
    return buffer.getvalue()
