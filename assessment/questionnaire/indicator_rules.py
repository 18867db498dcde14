"""Meaning checks on the indicators of items: a known KPI, a threshold it can reach, the tickets that give it."""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches
from typing import Any

from assessment.questionnaire.indicator_ids import DATA_PROCESSES, KPI_DATA, KPI_IDS, KPI_UNITS, indicator_data
from assessment.questionnaire.raw import entries

Add = Callable[..., None]


def _number(value: Any) -> float | None:
    """A number as YAML gave it (a wrong type is the schema's to report)."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def check_indicators(data: dict, add: Add) -> None:
    """Check the indicators of every scored item; `add(code, path, **params)` reports (unscored ones: rules.py)."""
    for pi, process in entries(data, "processes"):
        process_id = process.get("id") if isinstance(process.get("id"), str) else ""
        for ii, item in entries(process, "items"):
            if item.get("type", "scored") != "scored":
                continue
            item_id = item.get("id") if isinstance(item.get("id"), str) else f"#{ii + 1}"
            for ni, indicator in entries(item, "indicators"):
                path = ("processes", pi, "items", ii, "indicators", ni)
                _indicator(indicator, path, item_id, process_id, add)


def _indicator(indicator: dict, path: tuple, item_id: str, process_id: str, add: Add) -> None:
    kpi = indicator.get("kpi")
    if not isinstance(kpi, str):
        return
    if kpi not in KPI_IDS:
        nearest = get_close_matches(kpi, KPI_IDS, n=3, cutoff=0.6)
        add("unknown_kpi", path + ("kpi",), item=item_id, kpi=kpi, nearest=nearest or "-")
        return
    threshold = _number(indicator.get("threshold"))
    unit = KPI_UNITS[kpi]
    if threshold is not None and unit == "rate" and not 0.0 <= threshold <= 1.0:
        add("indicator_rate_range", path + ("threshold",), item=item_id, kpi=kpi, value=threshold)
    elif threshold is not None and threshold < 0:
        add("indicator_below_zero", path + ("threshold",), item=item_id, kpi=kpi, value=threshold)
    data = indicator.get("data")
    data = data if data in DATA_PROCESSES else None  # another value is the schema's to report
    if data is not None and KPI_DATA.get(kpi, data) != data:
        add("indicator_wrong_data", path + ("data",), item=item_id, kpi=kpi, data=data, expected=KPI_DATA[kpi])
    elif indicator_data(kpi, data, process_id) is None and "data" not in indicator:
        add(
            "indicator_needs_data",
            path + ("kpi",),
            item=item_id,
            kpi=kpi,
            process=process_id,
            allowed=", ".join(DATA_PROCESSES),
        )
