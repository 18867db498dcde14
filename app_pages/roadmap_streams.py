"""The roadmap page's workstreams: each one's capacity (stored at once), the workstreams and milestones tables, the
Gantt with the workstreams the user expands, and what the calendar estimates."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.common import analysis, columns, lang, md, remember_problems, tr, user, workspace
from app_pages.sized_cache import fingerprint
from assessment.analysis.analyse import Analysis
from assessment.analysis.roadmap_notes import calendar_notes, calendar_rule, workstream_names
from assessment.workspace.queries import assessment_details
from assessment.workspace.roadmap_edits import set_roadmap_settings
from scoring.charts_roadmap import gantt_chart


def save_capacity(assessment_id: int, stream: str, problems: str) -> None:
    """Store one workstream's own capacity (the others and the start stay as stored)."""
    stored = assessment_details(workspace(), assessment_id)
    own = {**stored.roadmap_capacities, stream: float(st.session_state[f"roadmap_capacity_{stream}"])}
    remember_problems(
        problems,
        lambda: set_roadmap_settings(
            workspace(), assessment_id, stored.roadmap_start, stored.roadmap_capacity, actor=user(), capacities=own
        ),
        tr("Capacity of the workstream saved", "工作流产能已保存"),
    )


def capacity_inputs(assessment_id: int, found: Analysis, read_only: bool, problems: str) -> None:
    """A number per workstream: its own capacity, else the capacity of every workstream."""
    names = workstream_names(found.workstreams, lang())
    if not names:
        return
    with st.expander(tr("Capacity of each workstream", "各工作流的产能"), icon=":material/groups:"):
        st.caption(
            tr(
                "Person-days a month of the workstream's team (a workstream per process); a workstream not set here "
                "has the capacity above.",
                "各工作流（每个流程一个）团队每月可投入的人天数；未在此设置的工作流使用上方的产能。",
            )
        )
        grid = st.columns(3)
        for index, row in enumerate(found.workstreams.itertuples(index=False)):
            key = f"roadmap_capacity_{row.workstream}"
            st.session_state[key] = float(row.capacity)
            own = row.workstream in found.capacities
            grid[index % 3].number_input(
                md(names[row.workstream]) + ("" if own else tr(" (default)", "（默认）")),
                min_value=1.0,
                max_value=100_000.0,
                step=5.0,
                key=key,
                on_change=save_capacity,
                args=(assessment_id, row.workstream, problems),
                disabled=read_only,
            )


# Plotly builds a figure slowly: the Gantt is built once per revision, language and choice of workstreams to
# expand, shared by the sessions, and never changed (st.plotly_chart copies a figure before it serializes it).
@st.cache_resource(max_entries=32, show_spinner=False)
def gantt_figure(
    url: str, assessment_id: int, revision: int, today: dt.date, language: str, expand: tuple[str, ...]
) -> go.Figure:
    found = analysis(assessment_id)
    questionnaire = found.scored.questionnaire
    names = {process.id: process.name.get(language) for process in questionnaire.processes}
    roles = {role.id: role.label.get(language) for role in questionnaire.roles}
    streams = workstream_names(found.workstreams, language)
    gates = found.milestones if len(found.milestones) else None
    inputs = (found.roadmap.actions, language, names, roles, streams, gates, expand)
    # the Gantt reads no action's priority, which moves with every answer: without it, an answer seldom changes
    # what the Gantt is built from, and the Gantt of the revision before is drawn again
    drawn = (found.roadmap.actions.drop(columns=["priority"], errors="ignore"), *inputs[1:])
    return built_gantt(fingerprint(*drawn), inputs)


@st.cache_resource(max_entries=32, show_spinner=False)
def built_gantt(key: str, _inputs: tuple) -> go.Figure:
    """The Gantt of `_inputs`, kept by `key`, their fingerprint."""
    actions, language, names, roles, streams, gates, expand = _inputs
    return gantt_chart(actions, language, names, roles, workstreams=streams, milestones=gates, expand=expand)


def expand_choice(found: Analysis) -> tuple[str, ...]:
    """The workstreams whose actions the Gantt lists (none at first: a summary bar per workstream and phase)."""
    names = workstream_names(found.workstreams, lang())
    kept = [s for s in st.session_state.get("roadmap_expand", []) if s in names]
    st.session_state["roadmap_expand"] = kept
    chosen = st.multiselect(
        tr("Show the actions of", "展开以下工作流的行动"),
        list(names),
        format_func=names.get,
        key="roadmap_expand",
        placeholder=tr("Workstreams to expand", "选择要展开的工作流"),
    )
    return tuple(chosen)


def tables(found: Analysis) -> None:
    """The workstreams, the milestones, and how the working days are counted."""
    names = workstream_names(found.workstreams, lang())
    labels = {
        "workstream": tr("Workstream", "工作流"),
        "capacity": tr("Person-days a month", "每月人天"),
        "start": tr("Start", "开始"),
        "end": tr("Due", "完成"),
        "actions": tr("Actions", "行动项数"),
        "effort": tr("Effort (person-days)", "工作量（人天）"),
        "milestone": tr("Milestone", "里程碑"),
        "date": tr("Date", "日期"),
    }
    left, right = st.columns([3, 2])
    streams = found.workstreams.assign(workstream=lambda f: f["workstream"].map(names))
    streams = streams.loc[:, ["workstream", "capacity", "actions", "effort", "start", "end"]]
    left.dataframe(columns(streams, labels), hide_index=True, width="stretch", key="roadmap_workstreams")
    gates = pd.DataFrame(
        {
            "milestone": found.milestones["name_zh" if lang() == "zh" else "name_en"],
            "date": found.milestones["date"],
        }
    )
    right.dataframe(columns(gates, labels), hide_index=True, width="stretch", key="roadmap_milestones")
    for note in [calendar_rule(lang()), *calendar_notes(found.roadmap.actions, lang())]:
        st.caption(note)  # the project's own words: no text from data
