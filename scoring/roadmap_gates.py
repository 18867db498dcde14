"""The roadmap's workstreams and milestones, from its scheduled actions (docs/analysis.md, "Roadmap").

- workstreams: one row per workstream (a process, or the programme's own for actions of no process), with its
  capacity, first start, last due date, number of actions and planned effort.
- milestones: one per phase gate of the implementation path: the day every action of the phase is due.
- estimated_years: the years of the plan whose working days are estimated (scoring/working_days.py).

DataFrame in, DataFrame out, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from scoring.roadmap import PROGRAMME
from scoring.roadmap_schedule import PHASE_ORDER
from scoring.working_days import estimated_years as _estimated

WORKSTREAM_COLUMNS = ("workstream", "name_zh", "name_en", "capacity", "start", "end", "actions", "effort")
MILESTONE_COLUMNS = ("milestone", "phase", "name_zh", "name_en", "date")
PROGRAMME_NAME = ("项目群统筹", "Programme")


def workstreams(
    actions: pd.DataFrame,
    capacity: float,
    capacities: Mapping[str, float] | None = None,
    names: Mapping[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """The workstreams with actions, in the order of `names` (the processes' order), then any other, by id.

    `names`: workstream id -> (name_zh, name_en); capacity: the workstream's own, else `capacity`.
    """
    capacities, names = capacities or {}, dict(names or {})
    names.setdefault(PROGRAMME, PROGRAMME_NAME)
    if not len(actions):
        return pd.DataFrame(columns=list(WORKSTREAM_COLUMNS))
    grouped = actions.groupby("workstream", sort=False).agg(
        start=("start", "min"), end=("due", "max"), actions=("action", "size"), effort=("effort", "sum")
    )
    known = [w for w in names if w in grouped.index]
    order = known + sorted(w for w in grouped.index if w not in names)
    rows = [
        (
            w,
            names.get(w, (w, w))[0],
            names.get(w, (w, w))[1],
            float(capacities.get(w, capacity)),
            grouped.at[w, "start"],
            grouped.at[w, "end"],
            int(grouped.at[w, "actions"]),
            float(grouped.at[w, "effort"]),
        )
        for w in order
    ]
    return pd.DataFrame(rows, columns=list(WORKSTREAM_COLUMNS))


def milestones(
    actions: pd.DataFrame,
    phase_names: Mapping[str, tuple[str, str]] | None = None,
    phases: Sequence[str] = PHASE_ORDER,
) -> pd.DataFrame:
    """A milestone per phase with actions, in phase order: the day its last action is due (the phase gate)."""
    phase_names = phase_names or {}
    rows = []
    for phase in phases:
        due = actions.loc[actions["phase"] == phase, "due"] if len(actions) else pd.Series(dtype=object)
        if not len(due):
            continue
        zh, en = phase_names.get(phase, (phase, phase))
        rows.append((f"gate_{phase}", phase, f"{zh}完成", f"{en} complete", max(due)))
    return pd.DataFrame(rows, columns=list(MILESTONE_COLUMNS))


def estimated_years(actions: pd.DataFrame) -> list[int]:
    """The years the plan runs in (from its first start to its last due date) whose working days are estimated."""
    if not len(actions):
        return []
    first, last = min(actions["start"]), max(actions["due"])
    return _estimated(dt.date(year, 1, 1) for year in range(first.year, last.year + 1))
