"""The roadmap held to tables of expected results: short items, selection, order, phases, dates, edits."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from scoring.roadmap import (
    ROADMAP_COLUMNS,
    RoadmapCycle,
    build_roadmap,
    normalise_actions,
    order_actions,
    schedule,
    select_actions,
    short_items,
)
from scoring.roadmap_schedule import WORKING_DAYS_PER_MONTH, find_cycle, teams

D = dt.date
START = D(2026, 4, 1)  # a Wednesday; Monday 6 April 2026 is the Qingming holiday (清明节, observed)
ONE_TEAM = WORKING_DAYS_PER_MONTH  # person-days a month: one team at 1 person-day a working day
TWO_TEAMS = 2 * WORKING_DAYS_PER_MONTH
W = WORKING_DAYS_PER_MONTH  # 250 / 12: the working days of an average month in China


def library(*rows: tuple) -> pd.DataFrame:
    """Actions from (action, process, phase, effort_min, effort_max, items, depends_on[, requires[, owner]])."""
    records = []
    for row in rows:
        action, process, phase, low, high, items, depends_on, *rest = row
        records.append(
            {
                "action": action,
                "process": process,
                "title_zh": f"{action} 中文",
                "title_en": f"{action} English",
                "phase": phase,
                "owner": rest[1] if len(rest) > 1 else "process_owner",
                "effort_min": low,
                "effort_max": high,
                "items": items,
                "depends_on": depends_on,
                "requires": rest[0] if rest else [],
            }
        )
    return pd.DataFrame(records)


def results(achievements: dict[str, float | None], levels: dict[str, int] | None = None) -> pd.DataFrame:
    """Item results: the process is the id's first letter (C chg, F cfg, I inc), the level its second character."""
    process = {"C": "chg", "F": "cfg", "I": "inc"}
    rows = [
        {
            "item": item,
            "process": process[item[0]],
            "level": (levels or {}).get(item, int(item[1])),
            "achievement": math.nan if value is None else value,
            "na": 0,
            "unknown": 0,
        }
        for item, value in achievements.items()
    ]
    return pd.DataFrame(rows)


# The small library of the tables below. chg needs cfg at level 2 before its tooling (C4).
LIBRARY = library(
    ("C1", "chg", "working_group", 2, 4, ["C1a", "C2a"], [], [], "sponsor"),
    ("C2", "chg", "design", 10, 20, ["C2b"], ["C1"], [], "process_designer"),
    ("C3", "chg", "design", 2, 4, ["C3a"], ["C1"]),
    ("C4", "chg", "tooling", 8, 12, ["C3a"], ["C2"], [("cfg", 2)], "process_designer"),
    ("F1", "cfg", "design", 6, 10, ["F1a", "F2a"], [], [], "process_designer"),
    ("F2", "cfg", "tooling", 4, 6, ["F3a"], ["F1"], [], "process_designer"),
    ("I1", "inc", "design", 1, 3, ["I2a"], []),
    ("I2", "inc", "design", 4, 8, ["I1a"], []),
    ("I3", "inc", "improvement", 2, 2, ["I3a"], []),
)
ITEMS = ["C1a", "C2a", "C2b", "C3a", "F1a", "F2a", "F3a", "I1a", "I2a", "I3a"]
TARGETS = {"chg": 3, "cfg": 3, "inc": 2}
PRIORITY = {"chg": 80, "cfg": 40, "inc": 10}
BASELINE = results(dict.fromkeys(ITEMS, 0.2))
# the re-assessment: change's level-1 and level-2 items are in place now
REASSESSED = results({**dict.fromkeys(ITEMS, 0.2), "C1a": 1.0, "C2a": 1.0, "C2b": 1.0})


def table(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(row) for row in frame.loc[:, list(columns)].itertuples(index=False)]


# --- short items ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "target", "achievement", "na", "unknown", "rule", "expected"),
    [
        (1, 3, 0.85, 0, 0, "iso33020", "below"),  # below the target an item must be Fully achieved (> 0.85)
        (1, 3, 0.850000001, 0, 0, "iso33020", None),
        (2, 3, 0.1 + 0.75, 0, 0, "iso33020", "below"),  # 0.8500000000000001: compared rounded
        (3, 3, 0.5, 0, 0, "iso33020", "below"),  # at the target Largely is enough (> 0.50)
        (3, 3, 0.51, 0, 0, "iso33020", None),
        (4, 3, 0.0, 0, 0, "iso33020", None),  # above the target nothing is needed
        (2, 3, None, 0, 1, "iso33020", "unanswered"),
        (2, 3, None, 0, 0, "iso33020", "unanswered"),  # asked of nobody: not known to be in place
        (2, 3, None, 3, 0, "iso33020", None),  # not applicable
        (2, 3, None, 2, 1, "iso33020", "unanswered"),
        (1, 3, 0.6, 0, 0, "c2m2", None),  # c2m2: every item up to the target needs > 0.50
        (1, 3, 0.5, 0, 0, "c2m2", "below"),
        (1, 0, 0.0, 0, 0, "iso33020", None),
    ],
)
def test_short_items_rule(level, target, achievement, na, unknown, rule, expected):
    frame = results({"C1a": achievement}, {"C1a": level}).assign(na=na, unknown=unknown)
    short = short_items(frame, {"chg": target}, rule)
    assert (short["reason"].iloc[0] if len(short) else None) == expected


def test_short_items_columns_and_default_target():
    short = short_items(results({"C3a": 0.4, "F3a": 0.9, "I3a": 0.1}), {"chg": 3})
    assert table(short, "item", "process", "level", "target", "achievement", "needs", "reason") == [
        ("C3a", "chg", 3, 3, 0.4, 0.5, "below"),
        ("I3a", "inc", 3, 3, 0.1, 0.5, "below"),  # no target given: the default, 3
    ]


# --- selection --------------------------------------------------------------------------------------------------------


def test_select_actions_closes_short_items_once_with_prerequisites():
    short = short_items(results({"C2b": 0.1, "C3a": 0.1, "C1a": 0.3, "C2a": 1.0}), TARGETS)
    selected = select_actions(LIBRARY, short)
    # C4 closes C3a like C3; C1 closes C1a; every action once, in library order
    assert table(selected, "action", "reason", "why") == [
        ("C1", "closes_gap", ["C1a"]),
        ("C2", "closes_gap", ["C2b"]),
        ("C3", "closes_gap", ["C3a"]),
        ("C4", "closes_gap", ["C3a"]),
    ]


def test_prerequisites_are_pulled_in_unless_in_place():
    short = short_items(results({"C3a": 0.1, "C2b": 1.0, "C1a": 1.0, "C2a": 0.7}), TARGETS)
    # C4 needs C2 (its item C2b is in place: done) ; C3 needs C1, whose item C2a at 0.7 is short (below the target)
    assert table(select_actions(LIBRARY, short, in_place=["C2b", "C1a"]), "action", "reason") == [
        ("C1", "closes_gap"),
        ("C3", "closes_gap"),
        ("C4", "closes_gap"),
    ]
    short = short_items(results({"C3a": 0.1}), TARGETS)
    assert table(select_actions(LIBRARY, short), "action", "reason") == [
        ("C1", "prerequisite"),
        ("C2", "prerequisite"),
        ("C3", "closes_gap"),
        ("C4", "closes_gap"),
    ]
    assert table(select_actions(LIBRARY, short, in_place=["C2b"]), "action") == [("C1",), ("C3",), ("C4",)]


def test_select_include_and_exclude():
    short = short_items(results({"C3a": 0.1}), TARGETS)
    selected = select_actions(LIBRARY, short, include=["I3", "NOPE"], exclude=["C1", "C4"])
    assert table(selected, "action", "reason") == [("C3", "closes_gap"), ("I3", "added")]


def test_duplicate_action_ids_are_refused():
    with pytest.raises(ValueError, match="duplicate action ids: C1"):
        normalise_actions(pd.concat([LIBRARY, LIBRARY.iloc[:1]]))


# --- order ------------------------------------------------------------------------------------------------------------

LEVELS = {item: int(item[1]) for item in ITEMS}


def ordered(frame: pd.DataFrame = LIBRARY, priority=None, **options) -> pd.DataFrame:
    return order_actions(normalise_actions(frame), priority or PRIORITY, LEVELS, **options)


def test_order_dependencies_phase_quick_wins_priority_level():
    result = ordered(LIBRARY[LIBRARY["action"] != "I3"])
    assert table(result, "order", "action", "phase", "effort", "priority", "quick_win", "level", "follows") == [
        (1, "C1", "working_group", 3.0, 80.0, True, 1, []),
        (2, "C3", "design", 3.0, 80.0, True, 3, []),  # a quick win comes first in its phase
        (3, "F1", "design", 8.0, 80.0, False, 1, []),  # inherits the priority of C4, which follows it
        (4, "C2", "design", 15.0, 80.0, False, 2, []),
        (5, "I2", "design", 6.0, 10.0, False, 1, []),  # lower item level first
        (6, "I1", "design", 2.0, 10.0, False, 2, []),  # small, but not urgent: no quick win
        (7, "C4", "tooling", 10.0, 80.0, False, 3, ["F1"]),  # requires cfg at level 2: after F1
        (8, "F2", "tooling", 5.0, 40.0, False, 3, []),
    ]


def test_quick_win_thresholds_are_options():
    result = ordered(LIBRARY[LIBRARY["process"] == "inc"], quick_win_effort=2.0, quick_win_priority=10.0)
    assert table(result, "action", "quick_win") == [("I1", True), ("I2", False), ("I3", True)]


def test_phase_follows_the_actions_depended_on():
    frame = library(
        ("A", "chg", "pilot", 1, 1, [], []),
        ("B", "chg", "design", 1, 1, [], ["A"]),
        ("C", "chg", "assessment", 1, 1, [], ["B"]),
        ("D", "chg", "working_group", 1, 1, [], []),
    )
    assert table(ordered(frame), "action", "phase", "depends_on") == [
        ("D", "working_group", []),
        ("A", "pilot", []),
        ("B", "pilot", ["A"]),
        ("C", "pilot", ["B"]),
    ]


@pytest.mark.parametrize(
    ("rows", "cycle"),
    [
        ([("A", ["B"]), ("B", ["C"]), ("C", ["A"])], ("A", "B", "C")),
        ([("X-00", ["X-01"]), ("X-01", ["X-02"]), ("X-02", ["X-01"])], ("X-01", "X-02")),
        ([("S", ["S"]), ("T", [])], ("S",)),
        ([("B", ["A"]), ("A", ["C"]), ("C", ["B"]), ("D", ["C"])], ("A", "C", "B")),
    ],
)
def test_a_circle_of_dependencies_is_an_error_naming_its_actions(rows, cycle):
    frame = library(*[(a, "chg", "design", 1, 1, [], deps) for a, deps in rows])
    with pytest.raises(RoadmapCycle) as caught:
        ordered(frame)
    assert caught.value.actions == cycle
    assert " → ".join((*cycle, cycle[0])) in str(caught.value)


def test_find_cycle_on_an_acyclic_graph():
    assert find_cycle({"A": ["B"], "B": [], "C": ["A", "B", "outside"]}) == ()


def test_requirements_going_both_ways_are_ignored_not_fatal():
    frame = library(
        ("C", "chg", "design", 1, 1, ["C2a"], [], [("cfg", 2)]),
        ("F", "cfg", "design", 1, 1, ["F2a"], [], [("chg", 2)]),
        ("G", "cfg", "design", 1, 1, ["F1a"], [], []),
        ("H", "inc", "design", 1, 1, ["I1a"], [], [("cfg", 1)]),
    )
    result = ordered(frame, {"chg": 10, "cfg": 10, "inc": 10})
    assert table(result, "action", "follows", "requires_ignored") == [
        ("G", [], False),
        ("H", ["G"], False),
        ("C", ["G"], True),  # the edge to F would close a circle; the one to G does not
        ("F", [], True),
    ]


def test_a_requirement_does_not_pull_an_action_before_its_phase():
    frame = library(
        ("C", "chg", "design", 1, 1, ["C2a"], [], [("cfg", 2)]),
        ("F", "cfg", "tooling", 1, 1, ["F2a"], []),
    )
    assert table(ordered(frame), "action", "phase", "follows") == [("C", "design", []), ("F", "tooling", [])]


def test_unknown_phase_is_an_error():
    with pytest.raises(ValueError, match="unknown phases: launch"):
        ordered(library(("A", "chg", "launch", 1, 1, [], [])))


def test_phase_order_is_data():
    frame = library(("A", "chg", "pilot", 1, 1, [], []), ("B", "chg", "design", 1, 1, [], []))
    result = ordered(frame, phases=("pilot", "design"))
    assert table(result, "action") == [("A",), ("B",)]


# --- dates ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capacity", "team_size", "expected"),
    [
        (W, 1.0, (1, 1.0)),
        (2 * W, 1.0, (2, 1.0)),
        (30.0, 1.0, (1, 30 / W)),
        (40.0, 0.5, (3, 40 / W / 3)),
        (10.0, 1.0, (1, 10 / W)),
        (90.0, None, (1, 90 / W)),  # no team size: one team at the whole capacity
    ],
)
def test_teams_from_capacity(capacity, team_size, expected):
    count, rate = teams(capacity, team_size)
    assert (count, rate) == (expected[0], pytest.approx(expected[1]))


@pytest.mark.parametrize("capacity", [0, -5, math.nan, math.inf])
def test_capacity_must_be_positive(capacity):
    with pytest.raises(ValueError, match="capacity"):
        teams(capacity)


def plan(*rows: tuple) -> pd.DataFrame:
    """An ordered frame from (action, effort, depends_on)."""
    return pd.DataFrame([{"action": a, "effort": e, "depends_on": d, "follows": []} for a, e, d in rows])


def test_one_team_works_in_order_on_working_days():
    frame = plan(("A", 3.0, []), ("B", 2.5, ["A"]), ("C", 0.5, []), ("D", 10.0, []))
    assert table(schedule(frame, START, ONE_TEAM), "action", "start", "due", "days", "team") == [
        ("A", D(2026, 4, 1), D(2026, 4, 3), 3, 1),
        # 2.5 person-days take 3 days; the weekend and the Qingming holiday (Monday 6 April) are skipped
        ("B", D(2026, 4, 7), D(2026, 4, 9), 3, 1),
        ("C", D(2026, 4, 10), D(2026, 4, 10), 1, 1),
        ("D", D(2026, 4, 13), D(2026, 4, 24), 10, 1),
    ]


def test_slower_team_takes_longer():
    frame = plan(("A", 3.0, []), ("B", 1.0, []))
    # 10 person-days a month: 0.48 a working day
    assert table(schedule(frame, START, 10.0), "action", "start", "due", "days") == [
        ("A", D(2026, 4, 1), D(2026, 4, 10), 7),  # 1-3, 7-10 April
        ("B", D(2026, 4, 13), D(2026, 4, 15), 3),
    ]


def test_two_teams_take_the_next_action_when_free_and_its_dependencies_are_due():
    frame = plan(("A", 3.0, []), ("B", 2.0, []), ("C", 1.0, ["A"]), ("D", 1.0, []), ("E", 4.0, ["B", "C"]))
    assert table(schedule(frame, START, TWO_TEAMS, team_size=1.0), "action", "start", "due", "team") == [
        ("A", D(2026, 4, 1), D(2026, 4, 3), 1),
        ("B", D(2026, 4, 1), D(2026, 4, 2), 2),
        ("C", D(2026, 4, 7), D(2026, 4, 7), 1),  # team 2 is free earlier, but C waits for A anyway: team 1
        ("D", D(2026, 4, 3), D(2026, 4, 3), 2),
        ("E", D(2026, 4, 8), D(2026, 4, 13), 1),
    ]


def test_start_on_a_weekend_rolls_to_the_next_working_day():
    # Saturday 4 April 2026; Monday 6 April is the Qingming holiday
    result = schedule(plan(("A", 1.0, [])), D(2026, 4, 4), ONE_TEAM)
    assert table(result, "start", "due") == [(D(2026, 4, 7), D(2026, 4, 7))]


def test_an_adjusted_working_weekend_day_is_worked():
    # Labour Day 2026: 1-5 May off; Saturday 9 May is worked instead (调休)
    result = schedule(plan(("A", 4.0, [])), D(2026, 5, 1), ONE_TEAM)
    assert table(result, "start", "due", "days") == [(D(2026, 5, 6), D(2026, 5, 9), 4)]


def test_a_year_the_calendar_package_does_not_know_takes_the_statutory_holidays():
    # National Day 2027 by rule (holidays.China): 1-5 October off; no make-up working days are known
    result = schedule(plan(("A", 3.0, [])), D(2027, 9, 30), ONE_TEAM)
    assert table(result, "start", "due", "days") == [(D(2027, 9, 30), D(2027, 10, 7), 3)]


def plan_in(*rows: tuple) -> pd.DataFrame:
    """An ordered frame from (action, workstream, effort, depends_on)."""
    return pd.DataFrame(
        [{"action": a, "workstream": w, "effort": e, "depends_on": d, "follows": []} for a, w, e, d in rows]
    )


def test_workstreams_run_in_parallel_with_their_own_capacity_and_wait_across():
    frame = plan_in(("A", "x", 3.0, []), ("B", "y", 4.0, []), ("C", "y", 2.0, ["A"]), ("D", "x", 2.0, []))
    result = schedule(frame, START, ONE_TEAM, team_size=1.0, capacities={"y": 2 * ONE_TEAM})
    assert table(result, "action", "start", "due", "team") == [
        ("A", D(2026, 4, 1), D(2026, 4, 3), 1),
        ("B", D(2026, 4, 1), D(2026, 4, 7), 1),  # y has two teams: 1-3 and 7 April
        ("C", D(2026, 4, 7), D(2026, 4, 8), 2),  # waits for A (workstream x), then y's free team
        ("D", D(2026, 4, 7), D(2026, 4, 8), 1),  # x's one team after A
    ]


def test_pinned_dates_are_kept_and_dependents_wait():
    frame = plan(("A", 3.0, []), ("B", 1.0, ["A"]), ("C", 2.0, []), ("E", 3.0, []), ("F", 1.0, []))
    pins = {
        "A": (D(2026, 4, 13), None),
        "E": (None, D(2026, 4, 12)),  # a Sunday: due the Friday before
        "F": (D(2026, 4, 1), D(2026, 4, 30)),
    }
    assert table(schedule(frame, START, ONE_TEAM, pins), "action", "start", "due", "days", "team") == [
        ("A", D(2026, 4, 13), D(2026, 4, 15), 3, 0),
        ("B", D(2026, 4, 16), D(2026, 4, 16), 1, 1),
        ("C", D(2026, 4, 1), D(2026, 4, 2), 2, 1),  # pinned actions take no team's time
        ("E", D(2026, 4, 8), D(2026, 4, 10), 3, 0),
        ("F", D(2026, 4, 1), D(2026, 4, 30), 21, 0),  # April 2026 has 21 working days
    ]


# --- the whole roadmap ------------------------------------------------------------------------------------------------


def build(item_results=BASELINE, edits=(), capacity=ONE_TEAM, frame=LIBRARY, team_size=None):
    return build_roadmap(frame, item_results, TARGETS, PRIORITY, START, capacity, edits, team_size=team_size)


def test_roadmap_order_phases_and_dates_one_team_per_workstream():
    roadmap = build()
    assert list(roadmap.actions.columns) == list(ROADMAP_COLUMNS)
    assert roadmap.problems == []
    # a workstream per process, each one team; C4 waits for C2 (its own) and F1 (cfg, which it follows)
    assert table(roadmap.actions, "order", "action", "workstream", "phase", "owner", "start", "due") == [
        (1, "C1", "chg", "working_group", "sponsor", D(2026, 4, 1), D(2026, 4, 3)),
        (2, "C3", "chg", "design", "process_owner", D(2026, 4, 7), D(2026, 4, 9)),
        (3, "F1", "cfg", "design", "process_designer", D(2026, 4, 1), D(2026, 4, 13)),
        (4, "C2", "chg", "design", "process_designer", D(2026, 4, 10), D(2026, 4, 30)),
        (5, "I2", "inc", "design", "process_owner", D(2026, 4, 1), D(2026, 4, 9)),
        (6, "I1", "inc", "design", "process_owner", D(2026, 4, 10), D(2026, 4, 13)),
        # 1-5 May off (Labour Day), Saturday 9 May worked
        (7, "C4", "chg", "tooling", "process_designer", D(2026, 5, 6), D(2026, 5, 18)),
        (8, "F2", "cfg", "tooling", "process_designer", D(2026, 4, 14), D(2026, 4, 20)),
    ]
    assert table(roadmap.actions, "action", "why")[:2] == [("C1", ["C1a", "C2a"]), ("C3", ["C3a"])]
    assert not roadmap.actions["edited"].any()


def test_roadmap_dates_two_teams():
    roadmap = build(capacity=TWO_TEAMS, team_size=1.0)  # each workstream split into two teams
    assert table(roadmap.actions, "action", "start", "due", "team") == [
        ("C1", D(2026, 4, 1), D(2026, 4, 3), 1),
        ("C3", D(2026, 4, 7), D(2026, 4, 9), 1),
        ("F1", D(2026, 4, 1), D(2026, 4, 13), 1),
        ("C2", D(2026, 4, 7), D(2026, 4, 27), 2),  # chg's second team, once C1 is due
        ("I2", D(2026, 4, 1), D(2026, 4, 9), 1),
        ("I1", D(2026, 4, 1), D(2026, 4, 2), 2),
        ("C4", D(2026, 4, 28), D(2026, 5, 13), 1),  # after C2 (and F1, which it follows)
        ("F2", D(2026, 4, 14), D(2026, 4, 20), 1),
    ]


def test_roadmap_is_deterministic_whatever_the_row_order():
    shuffled = LIBRARY.sample(frac=1.0, random_state=7).reset_index(drop=True)
    items = BASELINE.sample(frac=1.0, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(build(items, frame=shuffled).actions, build().actions)


def test_nothing_short_gives_an_empty_roadmap():
    roadmap = build(results(dict.fromkeys(ITEMS, 1.0)))
    assert roadmap.actions.empty
    assert list(roadmap.actions.columns) == list(ROADMAP_COLUMNS)


EDITS = [
    {"action": "I2", "kind": "drop", "value": None},
    {"action": "C3", "kind": "owner", "value": "quality_supervisor"},
    {"action": "C4", "kind": "start", "value": "2026-09-01"},
    {"action": "C2", "kind": "phase", "value": "tooling"},
    {"action": "I3", "kind": "keep", "value": None},
    {"action": "A-GONE", "kind": "owner", "value": "sponsor"},
]


def test_edits_apply_and_survive_rescoring():
    first, second = build(edits=EDITS), build(REASSESSED, edits=EDITS)
    for roadmap in (first, second):
        actions = roadmap.actions.set_index("action")
        assert "I2" not in actions.index
        assert actions.loc["C3", "owner"] == "quality_supervisor"
        assert (actions.loc["C4", "start"], actions.loc["C4", "due"]) == (D(2026, 9, 1), D(2026, 9, 14))
        assert (actions.loc["I3", "reason"], actions.loc["I3", "phase"]) == ("kept", "improvement")
        assert actions.loc[["C3", "C4", "I3"], "edited"].all()
    assert table(first.actions, "action", "phase", "edited") == [
        ("C1", "working_group", False),
        ("C3", "design", True),
        ("F1", "design", False),
        ("I1", "design", False),
        ("C2", "tooling", True),
        ("C4", "tooling", True),
        ("F2", "tooling", False),
        ("I3", "improvement", True),
    ]
    assert first.problems == [{"code": "edit_unknown_action", "params": {"action": "A-GONE", "kind": "owner"}}]
    # re-scored: change's levels 1-2 are in place, so C1 and C2 are no longer selected; C2's move no longer applies
    assert table(second.actions, "action") == [("C3",), ("F1",), ("I1",), ("C4",), ("F2",), ("I3",)]
    assert second.problems == [
        {"code": "edit_unknown_action", "params": {"action": "A-GONE", "kind": "owner"}},
        {"code": "edit_not_selected", "params": {"action": "C2", "kind": "phase"}},
    ]


def test_a_drop_that_no_longer_applies_is_reported():
    edits = [{"action": "C1", "kind": "drop"}, {"action": "C1", "kind": "owner", "value": "sponsor"}]
    assert build(edits=edits).problems == [
        {"code": "dependency_dropped", "params": {"action": "C2", "depends_on": "C1"}},
        {"code": "dependency_dropped", "params": {"action": "C3", "depends_on": "C1"}},
    ]
    assert build(REASSESSED, edits=edits).problems == [
        {"code": "edit_not_selected", "params": {"action": "C1", "kind": "drop"}}
    ]


def test_the_last_of_drop_keep_add_wins():
    assert "I2" in set(build(edits=[{"action": "I2", "kind": "drop"}, {"action": "I2", "kind": "keep"}]).actions.action)
    assert "I2" not in set(
        build(edits=[{"action": "I2", "kind": "add"}, {"action": "I2", "kind": "drop"}]).actions.action
    )


def test_phase_moves_carry_the_actions_that_depend_on_them():
    roadmap = build(
        edits=[
            {"action": "C1", "kind": "phase", "value": "pilot"},
            {"action": "F2", "kind": "phase", "value": "design"},
        ]
    )
    phases = dict(table(roadmap.actions, "action", "phase"))
    assert (phases["C1"], phases["C2"], phases["C3"], phases["C4"], phases["F2"]) == ("pilot",) * 4 + ("design",)
    assert roadmap.problems == [
        {"code": "phase_follows_dependency", "params": {"action": "C3", "phase": "pilot", "requested": "design"}},
        {"code": "phase_follows_dependency", "params": {"action": "C2", "phase": "pilot", "requested": "design"}},
        {"code": "phase_follows_dependency", "params": {"action": "C4", "phase": "pilot", "requested": "tooling"}},
    ]


def test_custom_actions():
    custom = {
        "title_zh": "建立变更看板",
        "phase": "pilot",
        "owner": "process_owner",
        "effort_min": 2,
        "effort_max": 4,
        "process": "chg",
        "depends_on": ["C4", "NOPE"],
    }
    roadmap = build(edits=[{"action": "X-01", "kind": "add", "value": custom}])
    row = roadmap.actions.set_index("action").loc["X-01"]
    assert (row["title_en"], row["phase"], row["reason"], row["depends_on"], row["effort"], row["edited"]) == (
        "建立变更看板",
        "pilot",
        "added",
        ["C4"],
        3.0,
        True,
    )
    assert row["start"] > roadmap.actions.set_index("action").loc["C4", "due"]
    assert roadmap.problems == [{"code": "add_unknown_dependency", "params": {"action": "X-01", "depends_on": "NOPE"}}]
    dropped = build(edits=[{"action": "X-01", "kind": "add", "value": custom}, {"action": "X-01", "kind": "drop"}])
    assert "X-01" not in set(dropped.actions.action)


def test_custom_actions_in_a_circle_lose_their_dependencies():
    base = {"title_en": "x", "phase": "design", "owner": "process_owner", "effort_min": 1}
    edits = [
        {"action": "X-01", "kind": "add", "value": {**base, "depends_on": ["X-02", "C1"]}},
        {"action": "X-02", "kind": "add", "value": {**base, "depends_on": ["X-01"]}},
    ]
    roadmap = build(edits=edits)
    assert roadmap.problems == [{"code": "custom_dependency_cycle", "params": {"actions": ["X-01", "X-02"]}}]
    assert dict(table(roadmap.actions, "action", "depends_on"))["X-01"] == ["C1"]


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ("nonsense", {"code": "edit_malformed", "params": {"index": 0}}),
        ({"kind": "drop"}, {"code": "edit_malformed", "params": {"index": 0}}),
        ({"action": "C1", "kind": "move"}, {"code": "edit_unknown_kind", "params": {"action": "C1", "kind": "move"}}),
        (
            {"action": "C1", "kind": "phase", "value": "launch"},
            {"code": "edit_invalid_value", "params": {"action": "C1", "kind": "phase", "value": "launch"}},
        ),
        (
            {"action": "C1", "kind": "start", "value": "next week"},
            {"code": "edit_invalid_value", "params": {"action": "C1", "kind": "start", "value": "next week"}},
        ),
        (
            {"action": "C1", "kind": "owner", "value": " "},
            {"code": "edit_invalid_value", "params": {"action": "C1", "kind": "owner", "value": " "}},
        ),
        (
            {"action": "X", "kind": "add", "value": {"title_en": "x", "phase": "design", "owner": "o"}},
            {"code": "edit_invalid_value", "params": {"action": "X", "kind": "add", "field": "effort"}},
        ),
        (
            {"action": "C1", "kind": "add", "value": {"title_en": "x"}},
            {"code": "add_id_taken", "params": {"action": "C1"}},
        ),
    ],
)
def test_bad_edits_are_reported_not_fatal(edit, problem):
    roadmap = build(edits=[edit])
    assert roadmap.problems == [problem]
    assert len(roadmap.actions) == 8


def test_dates_edits():
    edits = [
        {"action": "C2", "kind": "start", "value": D(2026, 4, 1)},
        {"action": "F2", "kind": "start", "value": "2026-05-01"},
        {"action": "F2", "kind": "due", "value": "2026-04-01"},
    ]
    roadmap = build(edits=edits)
    assert roadmap.problems == [
        {"code": "edit_due_before_start", "params": {"action": "F2", "start": "2026-05-01", "due": "2026-04-01"}},
        {"code": "pinned_before_dependency", "params": {"action": "C2", "depends_on": "C1"}},
    ]
    rows = roadmap.actions.set_index("action")
    assert (rows.loc["C2", "start"], rows.loc["C2", "due"]) == (D(2026, 4, 1), D(2026, 4, 22))
    # 1 May is Labour Day: the pinned start rolls to 6 May; five days with the working Saturday 9 May
    assert (rows.loc["F2", "start"], rows.loc["F2", "due"]) == (D(2026, 5, 6), D(2026, 5, 11))
    # C4 depends on the pinned C2: it waits for it
    assert rows.loc["C4", "start"] > rows.loc["C2", "due"]


def test_requirements_may_be_given_as_dicts_or_pairs():
    frame = LIBRARY.copy()
    frame["requires"] = [[{"process": p, "level": str(level)} for p, level in r] for r in LIBRARY["requires"]]
    frame.loc[frame["action"] == "C1", "requires"] = None
    pd.testing.assert_frame_equal(build(frame=frame).actions, build().actions)


def test_custom_action_in_the_questionnaires_shape():
    """As the questionnaire's Action dumps it: nested title and effort, no process (taken from its items)."""
    value = {
        "id": "X-02",
        "title": {"zh": "变更看板", "en": "Change dashboard"},
        "description": {"zh": "-", "en": "-"},
        "deliverable": {"zh": "-", "en": "-"},
        "effort": {"min": 2.0, "max": 6.0},
        "owner": "process_owner",
        "phase": "improvement",
        "items": ["C3a"],
        "depends_on": [],
        "requires": [{"process": "cfg", "level": 2}],
    }
    roadmap = build(edits=[{"action": "X-02", "kind": "add", "value": value}])
    row = roadmap.actions.set_index("action").loc["X-02"]
    assert (row["process"], row["title_zh"], row["title_en"], row["effort"], row["priority"]) == (
        "chg",
        "变更看板",
        "Change dashboard",
        4.0,
        80.0,
    )
    assert (row["why"], row["follows"], row["requires"]) == (["C3a"], ["F1"], [("cfg", 2)])
    assert roadmap.problems == []
