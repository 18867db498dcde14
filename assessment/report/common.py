"""What the report's views share: the names of things in one language, number and date formats."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from assessment.analysis.analyse import Analysis
from assessment.questionnaire.plan_model import PHASES
from assessment.report.texts import text
from scoring.charts import RATING_LCH, lch_colour

DASH = "–"
METHODS = ("interview", "workshop", "survey", "web survey")
RATING_COLOURS = {letter: lch_colour(*lch) for letter, lch in RATING_LCH.items()}
RATING_INK = {"N": "#1d2733", "P": "#1d2733", "L": "#ffffff", "F": "#ffffff"}  # text on each rating colour


@dataclass(frozen=True)
class Names:
    """Display names in the report's language: processes, dimensions, roles, items, phases."""

    lang: str
    processes: dict[str, str]
    dimensions: dict[str, str]
    roles: dict[str, str]
    items: dict[str, str]
    phases: dict[str, str] = field(default_factory=dict)
    level_texts: dict[tuple[str, int], str] = field(default_factory=dict)

    def t(self, key: str, **params: Any) -> str:
        """A report text in this language."""
        return text(key, self.lang, **params)

    def process(self, process_id: Any) -> str:
        return self.processes.get(process_id, str(process_id))

    def role(self, role_id: Any) -> str:
        if not isinstance(role_id, str) or not role_id:
            return self.t("no_role")
        return self.roles.get(role_id, role_id)

    def dimension(self, dimension_id: Any) -> str:
        if not isinstance(dimension_id, str):
            return DASH
        return self.dimensions.get(dimension_id, dimension_id)

    def phase(self, phase_id: Any) -> str:
        return self.phases.get(phase_id, str(phase_id))


def names_of(analysis: Analysis, lang: str) -> Names:
    """The display names of everything the analysis's questionnaire declares."""
    questionnaire = analysis.scored.questionnaire
    return Names(
        lang=lang,
        processes={p.id: p.name.get(lang) for p in questionnaire.processes},
        dimensions={d.id: d.label.get(lang) for d in questionnaire.dimensions},
        roles={r.id: r.label.get(lang) for r in questionnaire.roles},
        items={item.id: item.text.get(lang) for _, item in questionnaire.all_items()},
        phases={key: value.get(lang) for key, value in PHASES.items()},
        level_texts={(p.id, k): v.get(lang) for p in questionnaire.processes for k, v in p.levels.items()},
    )


def missing(value: Any) -> bool:
    """None, NaN, NA and NaT: nothing to show."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def pct(value: Any, digits: int = 0) -> str:
    """A share as a percentage, or a dash."""
    return DASH if missing(value) else f"{float(value):.{digits}%}"


def num(value: Any, digits: int = 2) -> str:
    """A number with `digits` decimals, or a dash."""
    return DASH if missing(value) else f"{float(value):.{digits}f}"


def whole(value: Any) -> str:
    """A whole number, or a dash."""
    return DASH if missing(value) else f"{round(float(value))}"


def signed(value: Any, digits: int = 2) -> str:
    """A difference with its sign, or a dash."""
    return DASH if missing(value) else f"{float(value):+.{digits}f}"


def long_date(value: dt.date, lang: str) -> str:
    """A date as a reader writes it: 2026年3月20日 / 20 March 2026."""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%B} {value.year}"


def short_date(value: Any) -> str:
    """A date as YYYY-MM-DD, or a dash."""
    return DASH if missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def rating_of(value: Any) -> str:
    """A rating letter, or "" for a level or item not rated."""
    return value if isinstance(value, str) and value in RATING_COLOURS else ""


def by_process(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A frame split by its process column: one groupby, then a dict lookup per section."""
    if frame is None or frame.empty or "process" not in frame:
        return {}
    return {str(key): group for key, group in frame.groupby("process", sort=False)}


def action_title(row: Any, lang: str) -> str:
    """An action's title in `lang`, else in the other language (a custom action may have one), else its id."""
    first, second = ("title_zh", "title_en") if lang == "zh" else ("title_en", "title_zh")
    for column in (first, second):
        value = row.get(column) if isinstance(row, dict) else getattr(row, column, None)
        if isinstance(value, str) and value.strip():
            return value
    return str(row["action"] if isinstance(row, dict) else row.action)
