"""Order and dates of the roadmap's actions: dependencies, phases, quick wins, priority; dates from capacity."""

# The rules are those of docs/analysis.md, "Roadmap". Pure and deterministic: ties are broken by action id.

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from scoring.working_days import WorkingCalendar

# The guide's implementation path (实施路径), in order; the same ids as the questionnaire's phases.
PHASE_ORDER = ("quick_win", "assessment", "working_group", "design", "tooling", "pilot", "rollout", "improvement")
QUICK_WIN_EFFORT = 5.0  # a quick win takes at most this many person-days (planned) ...
QUICK_WIN_PRIORITY = 50.0  # ... and has at least this priority (0-100)
WORKING_DAYS_PER_MONTH = 250 / 12  # the average number of working days in a month in China (about 20.8)
UNKNOWN_LEVEL = 9  # sort key of an action that closes no item of a known level


class RoadmapCycle(ValueError):
    """Actions that depend on each other in a circle; `actions` lists them, each depending on the next."""

    def __init__(self, actions: Sequence[str]):
        self.actions = tuple(actions)
        circle = " → ".join((*self.actions, self.actions[0]))
        super().__init__(f"actions depend on each other in a circle (each on the next): {circle}")


def find_cycle(preds: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """A circle of the graph (node -> the nodes it depends on), each depending on the next; () when none."""
    remaining = {node: [p for p in deps if p in preds] for node, deps in preds.items()}
    waiting = {node: len(deps) for node, deps in remaining.items()}
    users: dict[str, list[str]] = {node: [] for node in remaining}
    for node, deps in remaining.items():
        for dep in deps:
            users[dep].append(node)
    ready = [node for node, count in waiting.items() if count == 0]
    while ready:
        for user in users[ready.pop()]:
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    stuck = {node for node, count in waiting.items() if count > 0}
    if not stuck:
        return ()
    # every stuck node depends on a stuck node: walk that way until a node repeats
    path, seen, node = [], {}, min(stuck)
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = min(dep for dep in remaining[node] if dep in stuck)
    cycle = path[seen[node] :]
    first = cycle.index(min(cycle))
    return tuple(cycle[first:] + cycle[:first])


def _topological(ids: Sequence[str], preds: Mapping[str, Sequence[str]]) -> list[str]:
    """The nodes with every node after those it depends on; ties by id (the graph has no circle)."""
    waiting = {node: len(preds[node]) for node in ids}
    users: dict[str, list[str]] = {node: [] for node in ids}
    for node in ids:
        for dep in preds[node]:
            users[dep].append(node)
    heap = [node for node in ids if waiting[node] == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        node = heapq.heappop(heap)
        order.append(node)
        for user in users[node]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(heap, user)
    return order


def _ancestors(ids: Sequence[str], preds: Mapping[str, Sequence[str]]) -> dict[str, set[str]]:
    """Per node, every node it depends on directly or through others."""
    found: dict[str, set[str]] = {}
    for root in ids:
        seen: set[str] = set()
        stack = list(preds[root])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(preds[node])
        found[root] = seen
    return found


def order_actions(
    selected: pd.DataFrame,
    priority: Mapping[str, float],
    item_levels: Mapping[str, int],
    phases: Sequence[str] = PHASE_ORDER,
    *,
    quick_win_effort: float = QUICK_WIN_EFFORT,
    quick_win_priority: float = QUICK_WIN_PRIORITY,
) -> pd.DataFrame:
    """The selected actions in roadmap order, with order, effort, priority, quick_win, level and follows."""
    # dependencies first (a circle raises RoadmapCycle); an action's phase is raised to that of any action it
    # depends on; then phase, quick wins, priority (inherited from the actions that wait for it), lowest item
    # level, id. `requires` orders softly (`follows`); requirements going round in a circle are left out.
    frame = selected.reset_index(drop=True).copy()
    ids = [str(a) for a in frame["action"]]
    present = set(ids)
    rank = {phase: index for index, phase in enumerate(phases)}
    unknown = sorted({p for p in frame["phase"] if p not in rank})
    if unknown:
        raise ValueError(f"unknown phases: {', '.join(map(str, unknown))}")
    row = dict(zip(ids, frame.itertuples(index=False), strict=True))
    hard = {a: [d for d in row[a].depends_on if d in present] for a in ids}
    cycle = find_cycle(hard)
    if cycle:
        raise RoadmapCycle(cycle)

    phase_of: dict[str, int] = {}
    for a in _topological(ids, hard):
        phase_of[a] = max([rank[row[a].phase]] + [phase_of[d] for d in hard[a]])

    def closes_up_to(action: str, level: int) -> bool:
        return any(item_levels.get(item, UNKNOWN_LEVEL) <= level for item in row[action].items)

    soft: dict[str, list[str]] = {}
    for a in ids:
        soft[a] = [
            r
            for process, level in row[a].requires
            for r in ids
            if r != a and row[r].process == process and phase_of[r] <= phase_of[a] and closes_up_to(r, level)
        ]
        soft[a] = [r for r in dict.fromkeys(soft[a]) if r not in hard[a]]
    both = {a: hard[a] + soft[a] for a in ids}
    ancestors = _ancestors(ids, both)
    ignored = {a: any(a in ancestors[r] for r in soft[a]) for a in ids}
    follows = {a: [r for r in soft[a] if a not in ancestors[r]] for a in ids}
    preds = {a: hard[a] + follows[a] for a in ids}

    effort = {a: (row[a].effort_min + row[a].effort_max) / 2 for a in ids}
    urgency = {a: _number(priority.get(row[a].process, 0.0)) for a in ids}
    users: dict[str, list[str]] = {a: [] for a in ids}
    for a in ids:
        for p in preds[a]:
            users[p].append(a)
    for a in reversed(_topological(ids, preds)):
        urgency[a] = max([urgency[a]] + [urgency[u] for u in users[a]])
    quick = {a: effort[a] <= quick_win_effort and urgency[a] >= quick_win_priority for a in ids}
    level = {a: _lowest_level(row[a], item_levels) for a in ids}

    def key(a: str) -> tuple:
        return (phase_of[a], 0 if quick[a] else 1, -urgency[a], level[a], a)

    waiting = {a: len(preds[a]) for a in ids}
    heap = [key(a) for a in ids if waiting[a] == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        a = heapq.heappop(heap)[-1]
        order.append(a)
        for u in users[a]:
            waiting[u] -= 1
            if waiting[u] == 0:
                heapq.heappush(heap, key(u))
    position = {a: index for index, a in enumerate(order)}
    frame["order"] = [position[a] + 1 for a in ids]
    frame["phase"] = [phases[phase_of[a]] for a in ids]
    frame["effort"] = [effort[a] for a in ids]
    frame["priority"] = [urgency[a] for a in ids]
    frame["quick_win"] = [quick[a] for a in ids]
    frame["level"] = [level[a] for a in ids]
    frame["depends_on"] = [hard[a] for a in ids]
    frame["follows"] = [follows[a] for a in ids]
    frame["requires_ignored"] = [ignored[a] for a in ids]
    return frame.sort_values("order", kind="stable").reset_index(drop=True)


def _number(value: object) -> float:
    number = float(value)  # type: ignore[arg-type]
    return 0.0 if math.isnan(number) else number


def _lowest_level(row, item_levels: Mapping[str, int]) -> int:
    """The lowest level of the short items the action closes (of all its items for a prerequisite), else 9."""
    why = list(getattr(row, "why", None) or [])
    levels = [item_levels[i] for i in (why or row.items) if i in item_levels]
    return int(min(levels)) if levels else UNKNOWN_LEVEL


def teams(capacity: float, team_size: float | None = 1.0) -> tuple[int, float]:
    """The number of teams the monthly capacity makes, and each team's person-days per working day.

    `team_size` None: one team, the whole capacity working on one action at a time.
    """
    if not (math.isfinite(capacity) and capacity > 0):
        raise ValueError("capacity must be a positive number of person-days per month")
    if team_size is None:
        return 1, capacity / WORKING_DAYS_PER_MONTH
    if not (math.isfinite(team_size) and team_size > 0):
        raise ValueError("team_size must be a positive number of person-days per working day")
    daily = capacity / WORKING_DAYS_PER_MONTH
    count = max(1, math.floor(round(daily / team_size, 9)))
    return count, daily / count


def duration(effort: float, rate: float) -> int:
    """Working days an action of `effort` person-days takes at `rate` person-days a day; at least 1."""
    return max(1, math.ceil(round(effort / rate, 9)))


def schedule(
    ordered: pd.DataFrame,
    start: dt.date,
    capacity: float,
    pins: Mapping[str, tuple[dt.date | None, dt.date | None]] | None = None,
    team_size: float | None = None,
    capacities: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Start and due dates (working days) of the ordered actions; adds start, due, days (working days) and team."""
    # Each workstream (the `workstream` column, else one for all) has its own capacity: `capacities` names it,
    # else `capacity`: one team working on one action at a time at the whole capacity, or (`team_size` given)
    # split into teams of about `team_size` person-days a working day each. Taken in order, an
    # action goes to the team of its workstream that can start it first: once every action it depends on (or
    # follows), in whatever workstream, is due, in the first stretch of the team's time still free. `pins` fixes
    # an action's (start, due), either may be None; a pinned action keeps its dates and belongs to no team (team
    # 0); its dependents wait. Days are those of scoring.working_days (Chinese holidays and 调休).
    capacities = capacities or {}
    frame = ordered.copy()
    streams = [str(w) for w in frame["workstream"]] if "workstream" in frame else [""] * len(frame)
    crews = {w: teams(float(capacities.get(w, capacity)), team_size) for w in dict.fromkeys(streams)}
    calendar = WorkingCalendar(start)
    pins = pins or {}
    efforts = dict(zip(frame["action"], frame["effort"], strict=True))
    stream_of = dict(zip(frame["action"], streams, strict=True))
    window: dict[str, tuple[int, int, int]] = {}  # action -> (first day, last day, team)
    for action, (pin_start, pin_due) in pins.items():
        if action not in efforts or (pin_start is None and pin_due is None):
            continue
        days = duration(efforts[action], crews[stream_of[action]][1])
        begin = calendar.index(pin_start, "forward") if pin_start is not None else None
        end = calendar.index(pin_due, "backward") if pin_due is not None else None
        if begin is None:
            begin = end - days + 1
        if end is None or end < begin:
            end = begin + days - 1
        window[action] = (begin, end, 0)

    busy = {w: [[] for _ in range(count)] for w, (count, _) in crews.items()}  # per team: its (first, last) days
    follows = frame["follows"] if "follows" in frame else [[]] * len(frame)
    for action, depends_on, after in zip(frame["action"], frame["depends_on"], follows, strict=True):
        if action in window:
            continue
        ready = max((window[p][1] + 1 for p in (*depends_on, *after) if p in window), default=0)
        count, rate = crews[stream_of[action]]
        days = duration(efforts[action], rate)
        own = busy[stream_of[action]]
        begin, team = min((_first_free(own[t], ready, days), t) for t in range(count))
        window[action] = (begin, begin + days - 1, team + 1)
        bisect.insort(own[team], (begin, begin + days - 1))

    begins = np.array([window[a][0] for a in frame["action"]], dtype=int)
    ends = np.array([window[a][1] for a in frame["action"]], dtype=int)
    frame["start"] = calendar.dates(begins)
    frame["due"] = calendar.dates(ends)
    frame["days"] = ends - begins + 1
    frame["team"] = [window[a][2] for a in frame["action"]]
    return frame


def _first_free(busy: list[tuple[int, int]], ready: int, days: int) -> int:
    """The first day from `ready` on when a team with these (sorted) busy stretches is free for `days` days."""
    begin = ready
    for first, last in busy:
        if first >= begin + days:
            break
        begin = max(begin, last + 1)
    return begin
