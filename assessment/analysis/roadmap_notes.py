"""Words about the roadmap's calendar and workstreams, in both languages, for every place that shows them."""

from __future__ import annotations

import pandas as pd

from assessment.problems import Lang
from scoring.roadmap_gates import estimated_years

ESTIMATED = (
    "{year}: holidays by rule; make-up working days not yet published",
    "{year} 年：节假日按法定规则推算；调休上班日尚未公布",
)
CALENDAR = (
    "Working days: Chinese public holidays and adjusted working weekends (调休) as published; a year not yet "
    "published takes the statutory holidays by rule.",
    "工作日：按已公布的中国法定节假日及调休安排；尚未公布的年份按法定节假日规则推算。",
)


def calendar_notes(actions: pd.DataFrame, lang: Lang) -> list[str]:
    """One line per year of the plan whose working days are estimated (none when every year is published)."""
    return [ESTIMATED[1 if lang == "zh" else 0].format(year=year) for year in estimated_years(actions)]


def calendar_rule(lang: Lang) -> str:
    """How the plan's working days are counted."""
    return CALENDAR[1 if lang == "zh" else 0]


def workstream_names(workstreams: pd.DataFrame, lang: Lang) -> dict[str, str]:
    """Workstream id -> its name in `lang`."""
    if not len(workstreams):
        return {}
    column = "name_zh" if lang == "zh" else "name_en"
    return dict(zip(workstreams["workstream"], workstreams[column], strict=True))
