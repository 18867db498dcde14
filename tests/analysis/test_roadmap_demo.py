"""The roadmap of the demo assessment reads as a sensible plan: dependencies, gaps, quick wins, phases, effort."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from assessment.analysis.analyse import DEFAULT_CAPACITY, actions_frame
from assessment.analysis.scored import score_assessment
from assessment.questionnaire.plan_model import PHASES
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from scoring.roadmap import PHASE_ORDER, build_roadmap, short_items

START = dt.date(2026, 4, 1)
CAPACITY = DEFAULT_CAPACITY  # person-days a month of each workstream (one per process)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo assessment scored, its action library, and the priority of each process (its gap, 0-100)."""
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('roadmap') / 'd.db'}")
    scored = score_assessment(workspace, load_demo(workspace))
    workspace.dispose()
    processes = scored.result.processes
    priority = {p: min(100.0, 25.0 * gap) for p, gap in zip(processes["process"], processes["gap"], strict=True)}
    return scored, actions_frame(scored.questionnaire), priority


@pytest.fixture(scope="module")
def roadmap(demo):
    scored, actions, priority = demo
    return build_roadmap(actions, scored.result.items, scored.targets, priority, START, CAPACITY)


def test_phase_order_is_the_questionnaires():
    assert tuple(PHASES) == PHASE_ORDER


def test_no_problems_and_no_duplicates(roadmap):
    assert roadmap.problems == []
    assert roadmap.actions["action"].is_unique
    assert list(roadmap.actions["order"]) == list(range(1, len(roadmap.actions) + 1))


def test_no_action_comes_before_one_it_depends_on(roadmap):
    rows = roadmap.actions.set_index("action")
    checked = 0
    for action, row in rows.iterrows():
        for before in (*row["depends_on"], *row["follows"]):
            assert rows.loc[before, "order"] < row["order"], (before, action)
            assert rows.loc[before, "due"] < row["start"], (before, action)
            checked += 1
    assert checked > 50


def test_every_gap_has_an_action(demo, roadmap):
    scored, actions, _ = demo
    processes = scored.result.processes
    planned = set(roadmap.actions["process"])
    assert set(processes.loc[processes["gap"] > 0, "process"]) <= planned
    short = set(short_items(scored.result.items, scored.targets)["item"])
    closable = {item for items in actions["items"] for item in items}
    closed = {item for items in roadmap.actions["why"] for item in items}
    assert short
    assert short & closable == closed


def test_phases_follow_the_implementation_path(roadmap):
    rank = [PHASE_ORDER.index(phase) for phase in roadmap.actions["phase"]]
    assert rank == sorted(rank)
    assert {"working_group", "design", "tooling", "pilot", "rollout", "improvement"} <= set(roadmap.actions["phase"])


def test_quick_wins_come_early_in_their_phase(roadmap):
    frame = roadmap.actions
    rows = frame.set_index("action")
    assert frame["quick_win"].sum() >= 5
    assert (frame.loc[frame["quick_win"], "effort"] <= 5).all()
    for phase, group in frame.groupby("phase"):
        free = [
            row.order
            for row in group.itertuples()
            if row.quick_win and all(rows.loc[p, "phase"] != phase for p in (*row.depends_on, *row.follows))
        ]
        others = group.loc[~group["quick_win"], "order"]
        if free and len(others):
            assert max(free) < others.min(), phase


def test_urgent_processes_come_first_within_a_phase(roadmap):
    design = roadmap.actions[(roadmap.actions["phase"] == "design") & ~roadmap.actions["quick_win"]]
    assert list(design["priority"]) == sorted(design["priority"], reverse=True)


def test_the_plan_reads_as_itsm(roadmap):
    rows = roadmap.actions.set_index("action")

    def before(first: str, then: str) -> bool:
        return rows.loc[first, "due"] < rows.loc[then, "start"]

    # change: owner first, then the process design, the tool, the pilot, the rollout, then measurement
    chain = ["A-CHG-01", "A-CHG-03", "A-CHG-10", "A-CHG-12", "A-CHG-13", "A-CHG-14"]
    assert all(before(a, b) for a, b in itertools.pairwise(chain))
    # the CMDB basics come before tickets (change records included) are tied to configuration items
    assert before("A-CFG-03", "A-CFG-09")
    # owners are working-group roles, or the technical owners of the tools and of operations
    working_group = {"sponsor", "process_owner", "process_designer", "quality_supervisor"}
    assert set(rows["owner"]) <= working_group | {"platform_lead", "operations_lead"}


def test_plausible_effort_and_duration(roadmap):
    frame = roadmap.actions
    total = frame["effort"].sum()
    months = (frame["due"].max() - START).days / 30.44
    # the library's estimates are for a mid-size enterprise (integrations, pipelines, CMDB population at their real
    # size since library 2.0): a part-time team per process, the processes in parallel, takes a year to eighteen
    # months (one queue for the whole programme took three to four years)
    assert 300 <= total <= 2000
    assert 12 <= months <= 18
    assert frame["start"].min() == START
    by_process = frame.groupby("process")["effort"].sum()
    assert by_process["change"] > by_process["service_request"]  # the biggest gap needs the most work


def test_more_capacity_finishes_sooner_with_the_same_order(demo, roadmap):
    scored, actions, priority = demo
    faster = build_roadmap(actions, scored.result.items, scored.targets, priority, START, 3 * CAPACITY)
    assert list(faster.actions["action"]) == list(roadmap.actions["action"])
    assert faster.actions["due"].max() < roadmap.actions["due"].max()
    slow_end = roadmap.actions.groupby("workstream")["due"].max()
    assert (faster.actions.groupby("workstream")["due"].max() <= slow_end).all()
    rows = faster.actions.set_index("action")
    for action, row in rows.iterrows():
        assert all(rows.loc[p, "due"] < row["start"] for p in (*row["depends_on"], *row["follows"])), action


def test_edits_survive_a_reassessment(demo):
    scored, actions, priority = demo
    edits = [
        {"action": "A-CHG-01", "kind": "owner", "value": "process_owner"},
        {"action": "A-CHG-09", "kind": "phase", "value": "working_group"},
        {"action": "A-CFG-11", "kind": "drop"},
        {"action": "A-INC-16", "kind": "start", "value": "2026-09-01"},
    ]
    first = build_roadmap(actions, scored.result.items, scored.targets, priority, START, CAPACITY, edits)
    # the re-assessment: the change process owner is appointed and coordinates changes now
    items = scored.result.items.copy()
    items.loc[items["item"].isin(["CHG-2-03", "CHG-1-03"]), "achievement"] = 1.0
    second = build_roadmap(actions, items, scored.targets, priority, START, CAPACITY, edits)
    for roadmap in (first, second):
        rows = roadmap.actions.set_index("action")
        assert "A-CFG-11" not in rows.index
        assert rows.loc["A-INC-16", "start"] == dt.date(2026, 9, 1)
        assert rows.loc["A-INC-16", "edited"]
    assert first.actions.set_index("action").loc["A-CHG-01", "owner"] == "process_owner"
    assert "A-CHG-01" not in set(second.actions["action"])
    moved = {"action": "A-CHG-09", "phase": "design", "requested": "working_group"}  # it needs A-CHG-04 (design)
    early = {"action": "A-INC-16", "depends_on": "A-INC-14"}  # the pinned start is before the pilot ends
    # the configuration audits (A-CFG-15, level 3 since library 2.0) build on the dropped A-CFG-11
    dropped = {"action": "A-CFG-15", "depends_on": "A-CFG-11"}
    assert first.problems == [
        {"code": "dependency_dropped", "params": dropped},
        {"code": "phase_follows_dependency", "params": moved},
        {"code": "pinned_before_dependency", "params": early},
    ]
    assert second.problems == [
        {"code": "edit_not_selected", "params": {"action": "A-CHG-01", "kind": "owner"}},
        {"code": "dependency_dropped", "params": dropped},
        {"code": "phase_follows_dependency", "params": moved},
        {"code": "pinned_before_dependency", "params": early},
    ]
