"""The KPIs of a ticket log, overall and grouped, with the exact definitions of docs/evidence.md.

A ticket's events are put in order first: by the updated-at time where mapped, else the event time; an event
without one takes the time of the event before it in the file (of the same ticket), and events before any timed
event come first; ties keep file order. Without either time, file order alone. The ticket's final state is its
last event in that order; its unit, priority or any grouping field is the value in the final state. A KPI that
the mapped fields cannot give, or that no ticket of a group has data for, is absent: never zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.inputs.tickets import TicketLog
from assessment.questionnaire.indicator_ids import KPI_IDS, KPI_LABELS, KPI_UNITS

__all__ = ["KPI_IDS", "KPI_LABELS", "KPI_PROCESS", "KPI_UNITS", "KpiValue", "case_table", "compute_kpis"]

# the questionnaire's process each KPI evidences (its process ids); the ticket process comes from the log
KPI_PROCESS: dict[str, str] = {
    **dict.fromkeys(KPI_IDS[:10], "incident"),
    "sla_met_rate": "service_level",
    "change_success_rate": "change",
    "emergency_change_share": "change",
    "unauthorized_change_share": "change",
    "change_caused_incident_rate": "change",
    "ci_recorded_rate": "configuration",
    "problem_linked_rate": "problem",
}
MONTH = "month"
SUCCESS_PREFIX = "successful"  # ServiceNow's close codes: successful, successful_issues; unsuccessful is not


@dataclass(frozen=True)
class KpiValue:
    """One KPI's value overall (by and group None) or for one group; `tickets`: the tickets it is computed over."""

    kpi: str
    by: str | None
    group: str | None
    value: float
    tickets: int


def compute_kpis(log: TicketLog, by: str | None = None, *more: str) -> list[KpiValue]:
    """Every KPI the log's fields give, overall, then per value of `by` (a field of the log, or "month"), then per
    value of each of `more`: the tickets' final states are found once for all of them."""
    groupings = [grouping for grouping in (by, *more) if grouping is not None]
    for grouping in groupings:
        if grouping != MONTH and grouping not in log.fields:
            raise ValueError(f"{grouping} is not a field of this ticket log")
    cases = case_table(log)
    rows = _kpis(cases, log, None, None)
    for grouping in groupings:
        keys = cases["_by_" + grouping] if "_by_" + grouping in cases else _group_keys(cases, log, grouping)
        present = keys.notna()
        for group, chosen in cases[present].groupby(keys[present].astype(str), sort=True):
            rows += _kpis(chosen, log, grouping, str(group))
    return rows


def case_table(log: TicketLog) -> pd.DataFrame:
    """One row per ticket (in order of first appearance): its final state, and what its events add up to."""
    frame = log.frame
    case, _ = pd.factorize(frame["ticket"], sort=False)
    clock = "updated_at" if "updated_at" in frame else "time" if "time" in frame else None
    if clock is not None:
        clock_times = frame[clock]
        gaps = bool(clock_times.isna().any())
        # an event without a time takes the one before it (same ticket, file order); NaT sorts first
        filled = clock_times.groupby(case, sort=False).ffill() if gaps else clock_times
        nanoseconds = filled.dt.tz_localize(None).to_numpy().view("int64")
        order = np.lexsort((frame["seq"].to_numpy(), nanoseconds, case))
    else:
        order = np.lexsort((frame["seq"].to_numpy(), case))
    ordered_case = case[order]
    boundary = ordered_case[1:] != ordered_case[:-1]
    last = np.flatnonzero(np.r_[boundary, True])
    cases = frame.take(order[last]).reset_index(drop=True)  # the final states, one per ticket, in case order
    cases["_events"] = np.bincount(case, minlength=len(last))
    if clock is not None:
        if gaps:
            times = clock_times.groupby(case, sort=True)
            first, latest = times.min().reset_index(drop=True), times.max().reset_index(drop=True)
        else:  # every event timed: the first and last in order are the earliest and latest
            starts = np.flatnonzero(np.r_[True, boundary])
            first = pd.Series(pd.to_datetime(nanoseconds[order[starts]], unit="ns", utc=True))
            latest = pd.Series(pd.to_datetime(nanoseconds[order[last]], unit="ns", utc=True))
        cases["_first"], cases["_span"] = first, latest - first
    if log.shape == "events" and "activity" in frame:
        cases["_variant"] = _variants(pd.factorize(frame["activity"])[0][order], ordered_case, len(last))
    if log.shape == "events" and "group" in frame:
        changes = _group_changes(pd.factorize(frame["group"])[0][order], ordered_case, len(last))
        cases["_groups"], cases["_handovers"] = changes
    return cases


def _variants(codes: np.ndarray, case: np.ndarray, cases: int) -> np.ndarray:
    """Each case's variant as a number (equal numbers: equal sequences of activities, repeats included; events
    without an activity are left out); -1 for a case without any activity. `codes` and `case` are in case order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    present = codes >= 0
    # a case's activities are a contiguous run of the sorted codes: as bytes, one binary value per case, compared
    # and counted by Arrow without a Python loop over the cases
    lengths = np.bincount(case[present], minlength=cases)
    offsets = np.zeros(cases + 1, dtype=np.int64)
    np.cumsum(lengths * 4, out=offsets[1:])
    data = codes[present].astype("<i4").tobytes()
    sequences = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), cases, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )
    variant = pc.dictionary_encode(sequences).indices.to_numpy(zero_copy_only=False).astype(np.int64)
    variant[lengths == 0] = -1
    return variant


def _group_changes(group: pd.Series, case: np.ndarray, cases: int) -> tuple[np.ndarray, np.ndarray]:
    """Per case: the distinct groups along it (0: none recorded) and the changes of group between its events
    (events without a group left out; NaN for a case without any)."""
    codes, _ = pd.factorize(group, sort=False)
    present = codes >= 0
    g, c = codes[present], case[present]
    changed = np.r_[False, (g[1:] != g[:-1]) & (c[1:] == c[:-1])]
    handovers = np.bincount(c, weights=changed, minlength=cases)
    seen = np.bincount(c, minlength=cases)
    width = int(g.max()) + 1 if len(g) else 1
    distinct = np.bincount(pd.unique(c * width + g) // width, minlength=cases)
    return distinct, np.where(seen > 0, handovers, np.nan)


def _group_keys(cases: pd.DataFrame, log: TicketLog, by: str) -> pd.Series:
    """Each ticket's group: its final value of `by`; "month": of its final opened_at, else of its first event."""
    if by != MONTH:
        return cases[by]
    when = (
        cases["opened_at"]
        if "opened_at" in cases
        else pd.Series(pd.NaT, index=cases.index, dtype="datetime64[ns, UTC]")
    )
    if "_first" in cases:
        when = when.fillna(cases["_first"])
    return when.dt.strftime("%Y-%m").astype("string").where(when.notna())


def _kpis(cases: pd.DataFrame, log: TicketLog, by: str | None, group: str | None) -> list[KpiValue]:
    """The KPIs over these tickets, in the order of KPI_IDS; those without data left out."""
    values: dict[str, tuple[float, int]] = {}
    count = len(cases)
    values["tickets"] = (float(count), count)
    values["events"] = (float(cases["_events"].sum()), count)
    hours = _resolution_hours(cases, log)
    if hours is not None and len(hours):
        values["resolution_hours_median"] = (float(hours.median()), len(hours))
        values["resolution_hours_p90"] = (float(hours.quantile(0.9, interpolation="linear")), len(hours))
    if "made_sla" in cases:
        values["sla_met_rate"] = _share(cases["made_sla"])
    if "reassignment_count" in cases:
        values["reassigned_rate"] = _share(cases["reassignment_count"] > 0)
    elif "_groups" in cases:
        values["reassigned_rate"] = _share((cases["_groups"] > 1).where(cases["_groups"] > 0))
    if "reopen_count" in cases:
        values["reopened_rate"] = _share(cases["reopen_count"] > 0)
    if "_variant" in cases:
        variants = cases["_variant"][cases["_variant"] >= 0]
        if len(variants):
            values["variants"] = (float(variants.nunique()), len(variants))
            values["top_variant_share"] = (variants.value_counts().iat[0] / len(variants), len(variants))
    if "_handovers" in cases and cases["_handovers"].notna().any():
        handovers = cases["_handovers"].dropna()
        values["handovers_per_case_mean"] = (float(handovers.mean()), len(handovers))
    values.update(_process_kpis(cases, log))
    return [
        KpiValue(kpi, by, group, float(values[kpi][0]), int(values[kpi][1]))
        for kpi in KPI_IDS
        if kpi in values and values[kpi][1] > 0
    ]


def _resolution_hours(cases: pd.DataFrame, log: TicketLog) -> pd.Series | None:
    """resolved_at − opened_at of the final state (tickets with both, not negative); in an event log without those
    fields, the last event time − the first (tickets with two events or more)."""
    if "opened_at" in cases and "resolved_at" in cases:
        hours = (cases["resolved_at"] - cases["opened_at"]).dt.total_seconds() / 3600
        return hours[hours >= 0]
    if log.shape == "events" and "_span" in cases:
        timed = (cases["_events"] > 1) & cases["_span"].notna()
        return cases["_span"][timed].dt.total_seconds() / 3600
    return None


def _share(flags: pd.Series) -> tuple[float, int]:
    """The share of true among the tickets with a value, and their number."""
    known = flags.dropna()
    return (float(known.astype(bool).mean()) if len(known) else 0.0), len(known)


def _recorded(cases: pd.DataFrame, field: str) -> tuple[float, int]:
    """The share of tickets whose final value of `field` is recorded, over every ticket."""
    return float(cases[field].notna().mean()) if len(cases) else 0.0, len(cases)


def _process_kpis(cases: pd.DataFrame, log: TicketLog) -> dict[str, tuple[float, int]]:
    """The KPIs of one process: changes' outcome, type and approval; incidents' links to changes and problems."""
    found: dict[str, tuple[float, int]] = {}
    folded = {f: cases[f].str.strip().str.casefold() for f in ("outcome", "change_type", "approval") if f in cases}
    if log.process == "change":
        if "outcome" in folded:
            found["change_success_rate"] = _share(folded["outcome"].str.startswith(SUCCESS_PREFIX))
        if "change_type" in folded:
            found["emergency_change_share"] = _share(folded["change_type"] == "emergency")
        if "approval" in folded:
            unapproved = folded["approval"] != "approved"
            if "change_type" in folded:  # standard changes are pre-authorized by their model
                unapproved = unapproved & (folded["change_type"] != "standard").fillna(True)
            found["unauthorized_change_share"] = _share(unapproved)
    if log.process == "incident":
        if "caused_by" in cases:
            found["change_caused_incident_rate"] = _recorded(cases, "caused_by")
        if "problem" in cases:
            found["problem_linked_rate"] = _recorded(cases, "problem")
    if log.process in ("incident", "change") and "ci" in cases:
        found["ci_recorded_rate"] = _recorded(cases, "ci")
    return found
