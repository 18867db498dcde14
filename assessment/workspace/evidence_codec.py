"""Stored evidence as JSON and bytes: KPI values and process mining to JSON and back (exactly), the kept rows of a
ticket log as compressed CSV and back, and the limits every stored (and bundled) evidence keeps within.

The JSON is the one the database and bundles hold: KPIs as the evidence command's `--format json` rows, mining as
named fields (never positions), so a bundle stays readable. Rows are the normalized frame (people already
pseudonymized) as UTF-8 CSV compressed with zlib, read back with the types of their fields.
"""

from __future__ import annotations

import io
import math
import zlib
from typing import TYPE_CHECKING, Any

import pandas as pd

from assessment.inputs.ticket_fields import FIELD_KINDS

if TYPE_CHECKING:
    from assessment.evidence.kpis import KpiValue
    from assessment.evidence.mining import Mining, UnitFlow

# One process of one client: tens of KPIs by a few hundred units, priorities and months; a map per unit. The
# limits keep the four processes of an assessment well inside a bundle's 100 MB.
MAX_KPI_ROWS = 20_000
MAX_UNITS = 500  # units mined of one process
MAX_VARIANTS = 50  # per unit (mining keeps the 20 most frequent)
MAX_ACTIVITIES = 1_000  # in one variant's sequence
MAX_BOTTLENECKS = 20  # per unit (mining keeps the 5 slowest)
MAX_SVG_CHARS = 2_000_000  # one map
MAX_LABEL_CHARS = 500  # a group's, a unit's or an activity's name
MAX_ROWS_BYTES = 8 * 1024 * 1024  # the kept rows of one process, compressed (about a million events)
MAX_ROWS_RAW = 256 * 1024 * 1024  # the same, uncompressed: checked while decompressing, never more is inflated
ROW_COLUMNS = ("seq", "line")  # always in the frame, before the mapped fields


def _finite(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _optional(value: Any) -> float | None:
    """A float that may be missing: NaN is missing too (JSON has no NaN)."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else _finite(value)


# --- KPIs -------------------------------------------------------------------------------------------------------------


def kpis_to_json(kpis: list[KpiValue]) -> list[dict[str, Any]]:
    """KPI values as the evidence command's JSON rows."""
    return [
        {"kpi": k.kpi, "by": k.by, "group": k.group, "value": _finite(k.value), "tickets": int(k.tickets)} for k in kpis
    ]


def kpis_from_json(rows: list[dict[str, Any]]) -> list[KpiValue]:
    """The KPI values of stored JSON rows."""
    from assessment.evidence.kpis import KpiValue

    return [KpiValue(row["kpi"], row["by"], row["group"], float(row["value"]), int(row["tickets"])) for row in rows]


# --- mining -----------------------------------------------------------------------------------------------------------


def _flow_to_json(flow: UnitFlow) -> dict[str, Any]:
    return {
        "unit": flow.unit,
        "cases": int(flow.cases),
        "events": int(flow.events),
        "variants": [{"activities": list(sequence), "cases": int(cases)} for sequence, cases in flow.variants],
        "fitness": _optional(flow.fitness),
        "map_svg": flow.map_svg,
        "bottlenecks": [
            {"from": start, "to": end, "hours": _finite(hours), "cases": int(cases)}
            for start, end, hours, cases in flow.bottlenecks
        ],
    }


def mining_to_json(mining: Mining | None) -> dict[str, Any] | None:
    """Process mining as JSON with named fields; None stays None."""
    if mining is None:
        return None
    return {
        "process": mining.process,
        "reference": mining.reference,
        "units": [_flow_to_json(flow) for flow in mining.units],
        "overall": _flow_to_json(mining.overall),
        "index": _optional(mining.index),
    }


def _flow_from_json(data: dict[str, Any]) -> UnitFlow:
    from assessment.evidence.mining import UnitFlow

    return UnitFlow(
        unit=data["unit"],
        cases=int(data["cases"]),
        events=int(data["events"]),
        variants=[(tuple(v["activities"]), int(v["cases"])) for v in data["variants"]],
        fitness=None if data["fitness"] is None else float(data["fitness"]),
        map_svg=data["map_svg"],
        bottlenecks=[(b["from"], b["to"], float(b["hours"]), int(b["cases"])) for b in data["bottlenecks"]],
    )


def mining_from_json(data: dict[str, Any] | None) -> Mining | None:
    """The process mining of stored JSON; None stays None."""
    if data is None:
        return None
    from assessment.evidence.mining import Mining

    return Mining(
        process=data["process"],
        reference=data["reference"],
        units=[_flow_from_json(flow) for flow in data["units"]],
        overall=_flow_from_json(data["overall"]),
        index=None if data["index"] is None else float(data["index"]),
    )


def oversized(kpis: list[dict[str, Any]], mining: dict[str, Any] | None) -> tuple[str, int, int] | None:
    """What of the JSON exceeds its limit, as (what, size, limit), or None: the same limits as a bundle's."""
    if len(kpis) > MAX_KPI_ROWS:
        return "kpis", len(kpis), MAX_KPI_ROWS
    longest = max((len(row["group"] or "") for row in kpis), default=0)
    if longest > MAX_LABEL_CHARS:
        return "group", longest, MAX_LABEL_CHARS
    if mining is None:
        return None
    if len(mining["reference"]) > MAX_LABEL_CHARS + 5:  # "unit:" and a unit's name, or "bpmn:" and a file's
        return "reference", len(mining["reference"]), MAX_LABEL_CHARS + 5
    if len(mining["units"]) > MAX_UNITS:
        return "units", len(mining["units"]), MAX_UNITS
    for flow in [*mining["units"], mining["overall"]]:
        if len(flow["map_svg"]) > MAX_SVG_CHARS:
            return "map_svg", len(flow["map_svg"]), MAX_SVG_CHARS
        if len(flow["variants"]) > MAX_VARIANTS:
            return "variants", len(flow["variants"]), MAX_VARIANTS
        longest = max((len(v["activities"]) for v in flow["variants"]), default=0)
        if longest > MAX_ACTIVITIES:
            return "activities", longest, MAX_ACTIVITIES
        names = [flow["unit"], *(a for v in flow["variants"] for a in v["activities"])]
        names += [name for b in flow["bottlenecks"] for name in (b["from"], b["to"])]
        longest = max(len(name) for name in names)
        if longest > MAX_LABEL_CHARS:
            return "name", longest, MAX_LABEL_CHARS
        if len(flow["bottlenecks"]) > MAX_BOTTLENECKS:
            return "bottlenecks", len(flow["bottlenecks"]), MAX_BOTTLENECKS
    return None


# --- rows -------------------------------------------------------------------------------------------------------------


def rows_to_bytes(frame: pd.DataFrame) -> bytes:
    """The normalized frame as zlib-compressed UTF-8 CSV (missing values empty, times ISO 8601 in UTC)."""
    text = frame.to_csv(index=False, lineterminator="\n")
    return zlib.compress(text.encode("utf-8"), level=6)


def rows_text(data: bytes) -> str:
    """The CSV text of kept rows, inflated no further than MAX_ROWS_RAW; ValueError when broken or too large."""
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(data, MAX_ROWS_RAW + 1)
    except zlib.error as exc:
        raise ValueError(f"not zlib data: {exc}") from None
    if len(raw) > MAX_ROWS_RAW or inflater.unconsumed_tail:
        raise ValueError(f"more than {MAX_ROWS_RAW} bytes uncompressed")
    if not inflater.eof:
        raise ValueError("the compressed data is cut short")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8: {exc}") from None


def rows_header(data: bytes) -> list[str]:
    """The columns of kept rows (the CSV's first line, inflating no more than 64 KB); ValueError when unreadable."""
    try:
        start = zlib.decompressobj().decompress(data, 64 * 1024)
    except zlib.error as exc:
        raise ValueError(f"not zlib data: {exc}") from None
    line = start.split(b"\n", 1)[0]
    try:
        return line.decode("utf-8").split(",") if line else []
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8: {exc}") from None


def rows_from_bytes(data: bytes) -> pd.DataFrame:
    """Kept rows as the normalized frame: each column with its field's type; ValueError when they cannot be read."""
    text = rows_text(data)
    columns = text.split("\n", 1)[0].split(",")
    kinds = {column: "seq" if column in ROW_COLUMNS else FIELD_KINDS.get(column, "text") for column in columns}
    plain = {column: "str" for column, kind in kinds.items() if kind not in ("seq", "count")}
    counts = {column: "Int64" for column, kind in kinds.items() if kind == "count"}
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype={**plain, **counts}, keep_default_na=False, na_values=[""], encoding="utf-8"
        )
        for column, kind in kinds.items():
            if kind == "seq":
                frame[column] = frame[column].astype("int64")
            elif kind == "time":
                frame[column] = pd.to_datetime(frame[column], format="ISO8601", utc=True).astype("datetime64[ns, UTC]")
            elif kind == "bool":
                frame[column] = frame[column].map({"True": True, "False": False}).astype("boolean")
    except (ValueError, TypeError, pd.errors.ParserError) as exc:
        raise ValueError(f"the rows cannot be read: {exc}") from None
    return frame
