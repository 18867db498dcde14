"""The standardization roadmap: the actions that close the gaps, in order, in phases, with dates (docs/analysis.md)."""

# short_items: the items below what the target level needs; select_actions: the library actions closing them,
# plus the prerequisites they depend on; order_actions and schedule (scoring/roadmap_schedule.py): dependencies,
# phase, quick wins, priority, then dates from effort and capacity; build_roadmap: all of it, with the user's
# edits (plain dicts naming actions by id, so they survive re-scoring). DataFrame in, DataFrame out, no I/O.

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from scoring.maturity import DEFAULT_RULE, DEFAULT_TARGET, PRECISION
from scoring.roadmap_schedule import (
    PHASE_ORDER,
    QUICK_WIN_EFFORT,
    QUICK_WIN_PRIORITY,
    RoadmapCycle,  # noqa: F401 (raised by build_roadmap and order_actions: import it from here)
    find_cycle,
    order_actions,
    schedule,
)

BELOW_TARGET_NEEDS = 0.85  # an item at a level below the target must be Fully achieved (F)
AT_TARGET_NEEDS = 0.50  # an item at the target level must be at least Largely achieved (L)
IN_PLACE = 0.50  # a prerequisite whose items are all achieved above this (and none short) is done
# fmt: off
ACTION_COLUMNS = (
    "action", "process", "title_zh", "title_en", "phase", "owner", "effort_min", "effort_max", "items", "depends_on",
    "requires",
)
ROADMAP_COLUMNS = (
    "order", "action", "process", "title_zh", "title_en", "phase", "owner", "effort", "effort_min", "effort_max",
    "priority", "quick_win", "depends_on", "items", "start", "due", "edited", "why", "reason", "level", "days",
    "team", "follows", "requires", "requires_ignored", "workstream",
)
# fmt: on
PROGRAMME = "programme"  # the workstream of actions of no process (custom actions may name none)
EDIT_KINDS = ("drop", "keep", "add", "phase", "owner", "start", "due")
_INCLUDE = ("drop", "keep", "add")


@dataclass(frozen=True)
class Roadmap:
    """The roadmap's actions in order, and the problems met on the way (edits that no longer apply, ...)."""

    actions: pd.DataFrame
    problems: list[dict[str, Any]] = field(default_factory=list)


def short_items(item_results: pd.DataFrame, targets: Mapping[str, int], rule: str = DEFAULT_RULE) -> pd.DataFrame:
    """The items below what the target level needs: [item, process, level, target, achievement, needs, reason]."""
    frame = item_results
    level = frame["level"].to_numpy(dtype=int)
    target = np.array([int(targets.get(p, DEFAULT_TARGET)) for p in frame["process"]], dtype=int)
    below = AT_TARGET_NEEDS if rule == "c2m2" else BELOW_TARGET_NEEDS
    needs = np.where(level < target, below, AT_TARGET_NEEDS)
    achievement = frame["achievement"].to_numpy(dtype=float)
    unanswered = np.isnan(achievement)
    if "na" in frame and "unknown" in frame:
        not_applicable = unanswered & (frame["na"].to_numpy() > 0) & (frame["unknown"].to_numpy() == 0)
        unanswered &= ~not_applicable
    with np.errstate(invalid="ignore"):
        low = np.round(achievement, PRECISION) <= needs
    short = (level <= target) & (unanswered | low)
    result = pd.DataFrame(
        {
            "item": frame["item"].to_numpy(dtype=object),
            "process": frame["process"].to_numpy(dtype=object),
            "level": level,
            "target": target,
            "achievement": achievement,
            "needs": needs,
            "reason": np.where(unanswered, "unanswered", "below"),
        }
    )
    return result[short].reset_index(drop=True)


def items_in_place(item_results: pd.DataFrame, short: pd.DataFrame) -> list[str]:
    """The items that are not short and achieved above IN_PLACE (0.50): what a prerequisite delivers is there."""
    achieved = np.round(item_results["achievement"].to_numpy(dtype=float), PRECISION) > IN_PLACE
    shortfall = set(short["item"])
    return [item for item, ok in zip(item_results["item"], achieved, strict=True) if ok and item not in shortfall]


def normalise_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """The action library with list columns as lists, requires as (process, level) tuples; unique ids required."""
    missing = [column for column in ACTION_COLUMNS if column not in actions]
    if missing:
        raise ValueError(f"actions lack the columns {', '.join(missing)}")
    frame = actions.loc[:, list(ACTION_COLUMNS)].astype(object).reset_index(drop=True)
    duplicated = frame["action"][frame["action"].duplicated()].tolist()
    if duplicated:
        raise ValueError(f"duplicate action ids: {', '.join(map(str, duplicated))}")
    for column in ("items", "depends_on"):
        frame[column] = [list(dict.fromkeys(_as_list(value))) for value in frame[column]]
    frame["requires"] = [[_requirement(r) for r in _as_list(value)] for value in frame["requires"]]
    frame["effort_min"] = frame["effort_min"].astype(float)
    frame["effort_max"] = frame["effort_max"].astype(float)
    return frame


def _as_list(value: Any) -> list:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [value] if isinstance(value, str) else list(value)


def _requirement(value: Any) -> tuple[str, int]:
    if isinstance(value, Mapping):
        return str(value["process"]), int(value["level"])
    process, level = value
    return str(process), int(level)


def select_actions(
    actions: pd.DataFrame,
    short: pd.DataFrame,
    in_place: Iterable[str] = (),
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """The actions closing a short item or in `include`, with their prerequisites, none of `exclude`; once each."""
    # library order; adds `why` (the short items it closes) and `reason` (closes_gap, added, prerequisite);
    # a prerequisite whose items are all `in_place` is done: it is not pulled in
    library = normalise_actions(actions)
    short_ids = set(short["item"])
    done_items = set(in_place)
    excluded = set(exclude)
    by_id = dict(zip(library["action"], library.itertuples(index=False), strict=True))
    reason: dict[str, str] = {}
    for row in by_id.values():
        if row.action not in excluded and any(item in short_ids for item in row.items):
            reason[row.action] = "closes_gap"
    for action in include:
        if action in by_id and action not in excluded:
            reason.setdefault(action, "added")
    queue = list(reason)
    while queue:
        for dependency in by_id[queue.pop(0)].depends_on:
            row = by_id.get(dependency)
            if row is None or dependency in reason or dependency in excluded:
                continue
            if row.items and all(item in done_items for item in row.items):
                continue
            reason[dependency] = "prerequisite"
            queue.append(dependency)
    selected = library[library["action"].isin(list(reason))].reset_index(drop=True)
    selected["why"] = [[item for item in items if item in short_ids] for items in selected["items"]]
    selected["reason"] = [reason[action] for action in selected["action"]]
    return selected


def gap_effort(
    actions: pd.DataFrame, item_results: pd.DataFrame, targets: Mapping[str, int], rule: str = DEFAULT_RULE
) -> dict[str, float]:
    """Per process, the planned person-days of the selected actions (those closing its gap, and prerequisites)."""
    short = short_items(item_results, targets, rule)
    selected = select_actions(actions, short, items_in_place(item_results, short))
    effort = (selected["effort_min"] + selected["effort_max"]) / 2
    return {str(p): float(e) for p, e in effort.groupby(selected["process"], sort=False).sum().items()}


def build_roadmap(
    actions: pd.DataFrame,
    item_results: pd.DataFrame,
    targets: Mapping[str, int],
    priority: Mapping[str, float],
    start: dt.date,
    capacity: float,
    edits: Sequence[Mapping[str, Any]] = (),
    *,
    rule: str = DEFAULT_RULE,
    phases: Sequence[str] = PHASE_ORDER,
    team_size: float | None = None,
    quick_win_effort: float = QUICK_WIN_EFFORT,
    quick_win_priority: float = QUICK_WIN_PRIORITY,
    capacities: Mapping[str, float] | None = None,
) -> Roadmap:
    """The roadmap: select, apply the edits, order, schedule; edits that no longer apply go to `problems`.

    Each process is a workstream (an action of no process: PROGRAMME) with `capacities[workstream]`, else
    `capacity`, person-days a month (scoring/roadmap_schedule.py `schedule`).
    """
    library = normalise_actions(actions)
    problems: list[dict[str, Any]] = []
    plan = _read_edits(edits, phases, problems)
    process_of = dict(zip(item_results["item"], item_results["process"], strict=True))
    library = _with_custom_actions(library, plan, phases, process_of, problems)
    known = set(library["action"])
    for action, kinds in plan.touched.items():
        if action not in known:
            problems.extend(_problem("edit_unknown_action", action=action, kind=kind) for kind in kinds)

    short = short_items(item_results, targets, rule)
    dropped = {a for a, state in plan.include.items() if state == "drop" and a in known}
    included = [a for a, state in plan.include.items() if state != "drop" and a in known]
    in_place = items_in_place(item_results, short)
    selected = select_actions(library, short, in_place, included, dropped)
    chosen = set(selected["action"])
    for action, kinds in plan.touched.items():
        if action in known and action not in chosen and action not in dropped:
            problems.extend(_problem("edit_not_selected", action=action, kind=kind) for kind in kinds)
    undropped = set(select_actions(library, short, in_place, included)["action"]) | set(plan.custom)
    problems.extend(_problem("edit_not_selected", action=a, kind="drop") for a in sorted(dropped - undropped))
    for row in selected.sort_values("action").itertuples(index=False):
        problems.extend(
            _problem("dependency_dropped", action=row.action, depends_on=dependency)
            for dependency in row.depends_on
            if dependency in dropped and dependency in undropped
        )

    kept = {a for a, state in plan.include.items() if state == "keep"}
    selected.loc[selected["action"].isin(list(kept)) & (selected["reason"] == "added"), "reason"] = "kept"
    requested = dict(zip(selected["action"], selected["phase"], strict=True))
    selected["phase"] = [plan.phase.get(a, phase) for a, phase in requested.items()]
    owners = zip(selected["action"], selected["owner"], strict=True)
    selected["owner"] = [plan.owner.get(a, owner) for a, owner in owners]

    item_levels = dict(zip(item_results["item"], item_results["level"].astype(int), strict=True))
    ordered = order_actions(
        selected,
        priority,
        item_levels,
        phases,
        quick_win_effort=quick_win_effort,
        quick_win_priority=quick_win_priority,
    )
    for row in ordered.itertuples(index=False):
        wanted = plan.phase.get(row.action, requested[row.action])
        if row.phase != wanted:
            problems.append(_problem("phase_follows_dependency", action=row.action, phase=row.phase, requested=wanted))
    cycles = sorted(ordered.loc[ordered["requires_ignored"], "action"])
    if cycles:
        problems.append(_problem("requirement_cycle", actions=cycles))

    pins = {a: plan.dates[a] for a in ordered["action"] if a in plan.dates}
    for action, (first, last) in list(pins.items()):
        if first is not None and last is not None and last < first:
            problems.append(_problem("edit_due_before_start", action=action, start=str(first), due=str(last)))
            pins[action] = (first, None)
    ordered["workstream"] = [workstream_of(p) for p in ordered["process"]]
    scheduled = schedule(ordered, start, capacity, pins, team_size, capacities)
    due = dict(zip(scheduled["action"], scheduled["due"], strict=True))
    for row in scheduled.itertuples(index=False):
        if row.action in pins:
            problems.extend(
                _problem("pinned_before_dependency", action=row.action, depends_on=d)
                for d in row.depends_on
                if due[d] >= row.start
            )
    edited = {a for a in plan.touched if a in chosen}
    scheduled["edited"] = scheduled["action"].isin(list(edited))
    return Roadmap(scheduled.loc[:, list(ROADMAP_COLUMNS)].reset_index(drop=True), problems)


def workstream_of(process: Any) -> str:
    """The workstream of an action of this process: the process, else the programme's own (PROGRAMME)."""
    return str(process) if isinstance(process, str) and process else PROGRAMME


def _problem(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


@dataclass
class _Plan:
    """The user's edits, resolved per action."""

    include: dict[str, str] = field(default_factory=dict)  # action -> drop | keep | add (the last one wins)
    custom: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    phase: dict[str, str] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)
    dates: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    touched: dict[str, list[str]] = field(default_factory=dict)  # action -> kinds of its valid edits


def _read_edits(edits: Sequence[Mapping[str, Any]], phases: Sequence[str], problems: list) -> _Plan:
    """Check every edit and resolve them per action, in the order given (a later edit of a kind wins)."""
    plan = _Plan()
    for index, edit in enumerate(edits):
        if not isinstance(edit, Mapping) or not isinstance(edit.get("action"), str) or not edit.get("action"):
            problems.append(_problem("edit_malformed", index=index))
            continue
        action, kind, value = edit["action"], edit.get("kind"), edit.get("value")
        if kind not in EDIT_KINDS:
            problems.append(_problem("edit_unknown_kind", action=action, kind=str(kind)))
            continue
        if kind in _INCLUDE:
            plan.include.pop(action, None)
            plan.include[action] = kind
            if kind == "add" and value is not None:
                plan.custom[action] = value
        elif kind == "phase":
            if value not in phases:
                problems.append(_problem("edit_invalid_value", action=action, kind=kind, value=str(value)))
                continue
            plan.phase[action] = value
        elif kind == "owner":
            if not isinstance(value, str) or not value.strip():
                problems.append(_problem("edit_invalid_value", action=action, kind=kind, value=str(value)))
                continue
            plan.owner[action] = value.strip()
        else:
            day = _as_date(value)
            if day is None:
                problems.append(_problem("edit_invalid_value", action=action, kind=kind, value=str(value)))
                continue
            first, last = plan.dates.get(action, (None, None))
            plan.dates[action] = (day, last) if kind == "start" else (first, day)
        kinds = plan.touched.setdefault(action, [])
        if kind not in kinds:
            kinds.append(kind)
    return plan


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _with_custom_actions(
    library: pd.DataFrame, plan: _Plan, phases: Sequence[str], process_of: Mapping[str, str], problems: list
) -> pd.DataFrame:
    """The library plus the valid custom actions of "add" edits; a custom action may only depend on known ones."""
    # a custom action without a process belongs to the process of the first of its items that is known
    known = set(library["action"])
    rows = []
    for action, value in plan.custom.items():
        if action in known:
            problems.append(_problem("add_id_taken", action=action))
            continue
        row, bad = _custom_row(action, value, phases)
        if not bad and not row["process"]:
            row["process"] = next((process_of[i] for i in row["items"] if i in process_of), "")
        if bad:
            problems.append(_problem("edit_invalid_value", action=action, kind="add", field=bad))
            plan.touched[action] = [k for k in plan.touched.get(action, []) if k != "add"]
            plan.include.pop(action, None)
            continue
        rows.append(row)
    if not rows:
        return library
    custom = normalise_actions(pd.DataFrame(rows, columns=list(ACTION_COLUMNS)))
    ids = known | set(custom["action"])
    for row in custom.itertuples(index=False):
        problems.extend(
            _problem("add_unknown_dependency", action=row.action, depends_on=d) for d in row.depends_on if d not in ids
        )
    custom["depends_on"] = [[d for d in deps if d in ids] for deps in custom["depends_on"]]
    custom = _break_custom_cycles(custom, known, problems)
    return pd.concat([library, custom], ignore_index=True)


def _custom_row(action: str, value: Any, phases: Sequence[str]) -> tuple[dict[str, Any], str | None]:
    """A custom action's row from an "add" edit's value, and the first field that is wrong (None when all is well)."""
    if not isinstance(value, Mapping):
        return {}, "value"
    # flat (the columns of `actions`) or nested (the questionnaire's action: title {zh, en}, effort {min, max})
    title = value.get("title") if isinstance(value.get("title"), Mapping) else {}
    title_zh, title_en = value.get("title_zh") or title.get("zh") or "", value.get("title_en") or title.get("en") or ""
    if not isinstance(title_zh, str) or not isinstance(title_en, str) or not (title_zh or title_en):
        return {}, "title"
    if value.get("phase") not in phases:
        return {}, "phase"
    owner = value.get("owner")
    if not isinstance(owner, str) or not owner:
        return {}, "owner"
    effort = value.get("effort") if isinstance(value.get("effort"), Mapping) else {}
    effort = {"effort_min": effort.get("min"), "effort_max": effort.get("max"), **value} if effort else value
    try:
        low, high = float(effort["effort_min"]), float(effort.get("effort_max") or effort["effort_min"])
    except (KeyError, TypeError, ValueError):
        return {}, "effort"
    if not (np.isfinite(low) and np.isfinite(high) and 0 < low <= high):
        return {}, "effort"
    try:
        requires = [_requirement(r) for r in value.get("requires") or []]
    except (KeyError, TypeError, ValueError):
        return {}, "requires"
    lists = {}
    for name in ("items", "depends_on"):
        given = value.get(name) or []
        if isinstance(given, str) or not all(isinstance(x, str) for x in given):
            return {}, name
        lists[name] = list(given)
    row = {
        "action": action,
        "process": str(value.get("process") or ""),
        "title_zh": title_zh or title_en,
        "title_en": title_en or title_zh,
        "phase": value["phase"],
        "owner": owner,
        "effort_min": low,
        "effort_max": high,
        "items": lists["items"],
        "depends_on": lists["depends_on"],
        "requires": requires,
    }
    return row, None


def _break_custom_cycles(custom: pd.DataFrame, library_ids: set[str], problems: list) -> pd.DataFrame:
    """Drop the dependencies of custom actions that depend on each other in a circle (library actions never do)."""
    deps = dict(zip(custom["action"], custom["depends_on"], strict=True))
    while True:
        cycle = find_cycle(deps)
        if not cycle:
            break
        problems.append(_problem("custom_dependency_cycle", actions=list(cycle)))
        for action in cycle:
            deps[action] = [d for d in deps[action] if d in library_ids]
    custom["depends_on"] = [deps[a] for a in custom["action"]]
    return custom
