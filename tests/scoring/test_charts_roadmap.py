"""The roadmap's Gantt: a summary row per workstream, actions when expanded, milestones, dates in the language."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from scoring import charts_roadmap
from scoring.charts_plan import PHASE_ORDER, phase_name
from tests.scoring.test_charts import NAMES, ROADMAP, assert_grey_readable, lightness

D = dt.date
MILESTONES = pd.DataFrame(
    [
        (
            "gate_working_group",
            "working_group",
            "成立专项工作组与明确职责完成",
            "Working group complete",
            D(2026, 4, 8),
        ),
        ("gate_pilot", "pilot", "试点运行完成", "Pilot complete", D(2026, 7, 1)),
    ],
    columns=["milestone", "phase", "name_zh", "name_en", "date"],
)


def gantt(frame=ROADMAP, lang="en", **options):
    return charts_roadmap.gantt_chart(frame, lang, NAMES[lang], **options)


def traces(fig, kind: str) -> list:
    return [t for t in fig.data if t.meta == kind]


def spans(trace) -> list[tuple]:
    """(customdata..., start, end) of each bar of a trace."""
    found = []
    for data, base, length in zip(trace.customdata, trace.base, trace.x, strict=True):
        start = pd.Timestamp(base)
        found.append((*data, start, start + pd.Timedelta(milliseconds=length)))
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_collapsed_by_default_a_row_per_workstream_with_a_bar_per_phase(lang):
    fig = gantt(lang=lang)
    names = NAMES[lang]
    # by first start: change (1 April) before incident (20 May); no action rows
    assert list(fig.layout.yaxis.categoryarray) == [f"<b>{names['change']}</b>", f"<b>{names['incident']}</b>"]
    assert traces(fig, "action") == []
    bars = {(stream, phase): (start, end) for t in traces(fig, "summary") for stream, phase, start, end in spans(t)}
    # the phase's first start to the end of its last due day, per workstream
    assert bars == {
        ("change", "working_group"): (pd.Timestamp(2026, 4, 1), pd.Timestamp(2026, 4, 9)),
        ("change", "design"): (pd.Timestamp(2026, 4, 15), pd.Timestamp(2026, 5, 21)),
        ("change", "tooling"): (pd.Timestamp(2026, 5, 1), pd.Timestamp(2026, 6, 11)),
        ("incident", "pilot"): (pd.Timestamp(2026, 5, 20), pd.Timestamp(2026, 7, 2)),
    }
    assert [t.name for t in fig.data if t.showlegend] == [
        phase_name(p, lang) for p in ("working_group", "design", "tooling", "pilot")
    ]


def test_an_expanded_workstream_lists_its_actions_in_roadmap_order_quick_wins_starred():
    zh = gantt(lang="zh", expand=["change"])
    assert list(zh.layout.yaxis.categoryarray) == [
        "<b>变更管理</b>",
        "★ A-CHG-01 任命变更流程负责人",
        "A-CHG-02 设计变更流程",
        "A-CHG-03 配置变更工单",
        "<b>事件管理</b>",
    ]
    assert zh.layout.yaxis.autorange == "reversed"
    everything = gantt(expand=True)
    assert everything.layout.yaxis.categoryarray[-1] == "A-INC-01 Pilot the incident process"
    hover = next(t for t in traces(everything, "action") if t.customdata[0][0] == "A-CHG-01").hovertext[0]
    assert "Owner: sponsor" in hover
    assert "Closes: C1a" in hover


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_action_bars_run_from_start_to_the_end_of_the_due_day_coloured_by_phase(lang):
    fig = gantt(lang=lang, expand=True)
    bars = {action: (phase, start, end) for t in traces(fig, "action") for action, phase, start, end in spans(t)}
    for row in ROADMAP.itertuples():
        assert bars[row.action] == (row.phase, pd.Timestamp(row.start), pd.Timestamp(row.due) + pd.Timedelta(days=1))
    colours = {t.customdata[0][1]: t.marker.color for t in traces(fig, "action")}
    summary = {t.customdata[0][1]: t.marker.color for t in traces(fig, "summary")}
    assert colours == summary  # a phase has one colour, summary or action
    assert_grey_readable(list(colours.values()))


def test_a_one_day_action_still_shows_a_bar_and_the_items_it_closes():
    one_day = ROADMAP.head(1).assign(due=ROADMAP["start"].head(1), why=[["C2a", "C2b"]])
    (bar,) = traces(gantt(one_day, expand=True), "action")
    assert bar.x[0] == pd.Timedelta(days=1) / pd.Timedelta(milliseconds=1)
    assert "Start: 2026-04-15 · Due: 2026-04-15" in bar.hovertext[0]
    assert "Closes: C2a, C2b" in bar.hovertext[0]


def test_phase_colours_follow_the_implementation_path_dark_to_light():
    fig = gantt(ROADMAP.assign(phase=list(PHASE_ORDER[:4])))
    colours = [t.marker.color for t in traces(fig, "summary")]
    assert_grey_readable(colours)
    assert [lightness(c) for c in colours] == sorted(lightness(c) for c in colours)


@pytest.mark.parametrize(
    ("lang", "row", "name"), [("zh", "◆ 里程碑", "试点运行完成"), ("en", "◆ Milestones", "Pilot complete")]
)
def test_milestones_are_diamonds_on_a_row_of_their_own_and_lines_across(lang, row, name):
    fig = gantt(lang=lang, milestones=MILESTONES)
    assert fig.layout.yaxis.categoryarray[0] == row
    (diamonds,) = traces(fig, "milestone")
    assert list(diamonds.customdata) == ["gate_working_group", "gate_pilot"]
    assert list(diamonds.x) == ["2026-04-09", "2026-07-02"]  # as the gate's day ends
    assert name in diamonds.hovertext[1]
    assert len([s for s in fig.layout.shapes if s.line.dash == "dot"]) == 2


def test_dates_in_chinese_in_zh():
    stops = {s.value for s in gantt(lang="zh").layout.xaxis.tickformatstops}
    assert {"%Y年%-m月", "%-m月%-d日", "%Y年"} == stops
    assert not gantt(lang="en").layout.xaxis.tickformatstops


def test_a_hundred_and_sixty_actions_collapse_to_a_few_rows():
    many = pd.concat([ROADMAP.assign(action=ROADMAP["action"] + f"-{n}") for n in range(40)], ignore_index=True)
    many["order"] = range(1, len(many) + 1)
    many["workstream"] = [f"w{n % 8}" for n in range(len(many))]
    collapsed, expanded = gantt(many), gantt(many, expand=["w3"])
    assert len(collapsed.layout.yaxis.categoryarray) == 8
    assert len(expanded.layout.yaxis.categoryarray) == 8 + 20
    assert collapsed.layout.height < 500 < expanded.layout.height
