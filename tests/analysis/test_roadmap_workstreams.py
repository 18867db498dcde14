"""The demo's roadmap at the default capacities is a plan that can happen: workstreams in parallel, a year to
eighteen months, no work on a Chinese public holiday, the adjusted working weekends worked, dependencies kept.

The calendar is checked with chinese_calendar and holidays directly, not through scoring/working_days.py.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import holidays
import pandas as pd
import pytest

from assessment.analysis.analyse import DEFAULT_CAPACITY, analyse_assessment
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.roadmap_edits import set_roadmap_settings
from scoring.roadmap_gates import estimated_years
from scoring.roadmap_schedule import PHASE_ORDER

START = dt.date(2026, 4, 1)


def is_working_day(day: dt.date) -> bool:
    """Chinese working days as the packages say: chinese_calendar where it knows the year, else the statutory
    holidays of holidays.China (no make-up working days)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5 and day not in holidays.China(years=day.year)


def months_after(day: dt.date, months: int) -> dt.date:
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('streams') / 'd.db'}")
    assessment = load_demo(workspace)
    analysis = analyse_assessment(workspace, assessment, start=START)
    yield workspace, assessment, analysis
    workspace.dispose()


@pytest.fixture(scope="module")
def actions(demo) -> pd.DataFrame:
    return demo[2].roadmap.actions


def test_the_default_capacities_end_the_demo_within_twelve_to_eighteen_months(demo, actions):
    analysis = demo[2]
    assert analysis.capacity == DEFAULT_CAPACITY
    assert actions["start"].min() == START
    assert months_after(START, 12) <= actions["due"].max() <= months_after(START, 18)


def test_no_action_starts_or_ends_on_a_chinese_public_holiday(actions):
    for row in actions.itertuples():
        assert is_working_day(row.start), (row.action, row.start)
        assert is_working_day(row.due), (row.action, row.due)
    # the plan runs through National Day 2026 (published) and Spring Festival 2027 (by rule)
    assert actions["start"].min() < dt.date(2026, 10, 1)
    assert actions["due"].max() > dt.date(2027, 2, 10)


def test_every_action_takes_working_days_only_and_an_adjusted_working_weekend_counts(actions):
    spans_make_up_day = 0
    for row in actions.itertuples():
        days = pd.date_range(row.start, row.due).date
        assert row.days == sum(map(is_working_day, days)), row.action
        spans_make_up_day += any(d.weekday() >= 5 and is_working_day(d) for d in days)
    assert spans_make_up_day > 0  # e.g. Sunday 20 September or Saturday 10 October 2026 (调休)


def test_at_least_three_workstreams_work_in_the_same_month(demo, actions):
    months = pd.period_range(START, actions["due"].max(), freq="M")
    active = {
        month: {
            row.workstream
            for row in actions.itertuples()
            if row.start <= month.end_time.date() and row.due >= month.start_time.date()
        }
        for month in months
    }
    assert max(len(streams) for streams in active.values()) >= 3
    assert sum(len(streams) >= 3 for streams in active.values()) >= 6  # not for a moment: for half a year at least
    assert len(demo[2].workstreams) >= 6


def test_every_dependency_is_due_before_the_action_starts(actions):
    rows = actions.set_index("action")
    checked = across = 0
    for action, row in rows.iterrows():
        for before in (*row["depends_on"], *row["follows"]):
            assert rows.loc[before, "due"] < row["start"], (before, action)
            checked += 1
            across += rows.loc[before, "workstream"] != row["workstream"]
    assert checked > 50
    assert across > 10


def test_the_workstreams_and_milestones_of_the_analysis(demo, actions):
    analysis = demo[2]
    streams = analysis.workstreams.set_index("workstream")
    assert list(analysis.workstreams.columns) == [
        "workstream", "name_zh", "name_en", "capacity", "start", "end", "actions", "effort",
    ]  # fmt: skip
    assert streams.loc["change", ["name_zh", "name_en"]].tolist() == ["变更管理", "Change management"]
    assert streams["actions"].sum() == len(actions)
    assert (streams["capacity"] == DEFAULT_CAPACITY).all()
    for stream, group in actions.groupby("workstream"):
        assert (streams.loc[stream, "start"], streams.loc[stream, "end"]) == (group["start"].min(), group["due"].max())
    gates = analysis.milestones
    assert list(gates.columns) == ["milestone", "phase", "name_zh", "name_en", "date"]
    assert list(gates["phase"]) == [p for p in PHASE_ORDER if (actions["phase"] == p).any()]
    for phase, date in zip(gates["phase"], gates["date"], strict=True):
        assert date == actions.loc[actions["phase"] == phase, "due"].max()
    assert gates["date"].max() == actions["due"].max()
    assert estimated_years(actions) == [2027]  # chinese_calendar 1.11 knows 2026, not 2027


def test_a_workstreams_own_capacity_changes_its_dates_and_those_waiting_for_it(demo, actions):
    workspace, assessment, _ = demo
    set_roadmap_settings(workspace, assessment, None, None, actor="t", capacities={"incident": 10.0})
    try:
        slower = analyse_assessment(workspace, assessment, start=START)
    finally:
        set_roadmap_settings(workspace, assessment, None, None, actor="t", capacities={})
    assert slower.capacities == {"incident": 10.0}
    assert slower.workstreams.set_index("workstream").loc["incident", "capacity"] == 10.0
    before = actions.groupby("workstream")["due"].max()
    after = slower.roadmap.actions.groupby("workstream")["due"].max()
    assert after["incident"] > before["incident"]
    untouched = [s for s in before.index if s != "incident"]
    assert (after[untouched] >= before[untouched]).all()  # the others start no sooner, some wait for incident


def test_the_report_pages_the_workstreams_gantt_whole_workstreams_at_most_forty_rows(demo, actions):
    from assessment.report.plan_views import GANTT_ROWS, _gantt_pages

    order = list(demo[2].workstreams["workstream"])
    pages = _gantt_pages(actions.sort_values("order"), order)
    shown = [action for page in pages for action in page["action"]]
    assert sorted(shown) == sorted(actions["action"])  # every action once
    for page in pages:
        assert len(page) + page["workstream"].nunique() <= GANTT_ROWS
    split = [stream for stream in order if sum(stream in set(page["workstream"]) for page in pages) > 1]
    assert split == []  # the demo's workstreams have at most 25 actions: none is cut
    assert len(pages) < len(order)  # small workstreams share a chart
    # a workstream of 100 actions is cut into charts of its own
    long = actions.assign(workstream="change")
    assert [len(page) for page in _gantt_pages(long, ["change"])] == [39, 39, 32]
