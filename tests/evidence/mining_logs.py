"""Small ticket logs written case by case, whose flows, times and units are known by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

try:
    from assessment.inputs.tickets import TicketLog
except ImportError:  # part A's reader is merged separately: a stand-in with the same attributes meanwhile

    @dataclass(frozen=True)
    class TicketLog:  # type: ignore[no-redef]
        name: str
        source: str
        process: str
        shape: str
        frame: pd.DataFrame
        fields: tuple[str, ...]
        mapping: dict[str, str] = field(default_factory=dict)
        pseudonymized: tuple[str, ...] = ()
        dropped: tuple[str, ...] = ()


START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
STANDARD = ("New", "In Progress", "Resolved", "Closed")


def case(ticket: str, unit: str | None, *steps: str | tuple[str, float]) -> list[dict]:
    """One case's events: each step an activity one hour after the previous, or (activity, hours after it)."""
    rows, moment = [], START
    for number, step in enumerate(steps):
        activity, hours = (step, 1.0) if isinstance(step, str) else step
        if number:
            moment += dt.timedelta(hours=hours)
        rows.append({"ticket": ticket, "activity": activity, "time": moment, "unit": unit})
    return rows


def cases(prefix: str, unit: str | None, count: int, steps=STANDARD) -> list[dict]:
    """`count` cases of the same steps in one unit."""
    return [row for number in range(count) for row in case(f"{prefix}{number}", unit, *steps)]


def ticket_log(rows: list[dict], *, name: str = "audit.csv", shape: str = "events", drop=()) -> TicketLog:
    """A TicketLog of these events, in this order, as part A's reader gives it (canonical columns, seq, line)."""
    frame = pd.DataFrame(rows)
    frame = frame.drop(columns=[column for column in drop if column in frame.columns])
    for column in ("ticket", "activity", "unit", "group"):
        if column in frame.columns:
            frame[column] = frame[column].astype("string")
    if "time" in frame.columns:
        frame["time"] = pd.to_datetime(frame["time"], utc=True)
    frame.insert(0, "line", range(2, len(frame) + 2))
    frame.insert(0, "seq", range(len(frame)))
    frame = frame.astype({"seq": "int64", "line": "int64"})
    fields = tuple(column for column in frame.columns if column not in ("seq", "line"))
    mapping = {"ticket": "number", "activity": "incident_state", "time": "sys_updated_at", "unit": "location"}
    return TicketLog(
        name=name,
        source="servicenow",
        process="incident",
        shape=shape,
        frame=frame,
        fields=fields,
        mapping={key: value for key, value in mapping.items() if key in fields},
        pseudonymized=(),
        dropped=(),
    )
