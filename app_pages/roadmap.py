"""Gaps and roadmap: targets per process, priorities with every part, the roadmap with its settings, edits, exports.

Everything shown comes from the cached analysis of the open assessment; every change is saved through a service at
once (then the analysis of the new revision is shown).
"""

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.common import (
    analysis,
    columns,
    lab,
    lang,
    may,
    md,
    remember_problems,
    require_assessment,
    show_remembered,
    text,
    tr,
    user,
    workspace,
)
from app_pages.common import listed as join_listed
from app_pages.downloads import download_button
from app_pages.roadmap_changes import action_editor, custom_action_form, edits_in_force
from app_pages.roadmap_streams import capacity_inputs, expand_choice, gantt_figure, tables
from assessment.analysis.advice import advice_text, priority_reasons
from assessment.analysis.roadmap_problems import roadmap_problem_message
from assessment.questionnaire.plan_model import PHASES
from assessment.workspace.assessments import set_target
from assessment.workspace.core import default_url
from assessment.workspace.queries import assessment_details
from assessment.workspace.roadmap_edits import set_roadmap_settings
from scoring.charts_plan import gap_bars

PROBLEMS = "roadmap_problems"  # where the callbacks leave a service's problems for this run to show
LEVELS = [0, 1, 2, 3, 4, 5]
DECIMAL = st.column_config.NumberColumn(format="%.1f")


def save_target(assessment_id: int, process: str) -> None:
    level = int(st.session_state[f"roadmap_target_{process}"])
    remember_problems(
        PROBLEMS,
        lambda: set_target(workspace(), assessment_id, process, level, actor=user()),
        tr("Target saved", "目标已保存"),
    )


def save_settings(assessment_id: int, changed: str) -> None:
    # only the setting changed is taken from its widget: the other stays as stored (an unset start keeps following
    # today, an unset capacity the default)
    stored = assessment_details(workspace(), assessment_id)
    start, capacity = stored.roadmap_start, stored.roadmap_capacity
    if changed == "start":
        start = st.session_state["roadmap_start"]
    else:
        capacity = float(st.session_state["roadmap_capacity"])
    remember_problems(
        PROBLEMS,
        lambda: set_roadmap_settings(workspace(), assessment_id, start, capacity, actor=user()),
        tr("Roadmap settings saved", "路线图设置已保存"),
    )


def reset_settings(assessment_id: int) -> None:
    remember_problems(
        PROBLEMS,
        lambda: set_roadmap_settings(workspace(), assessment_id, None, None, actor=user(), capacities={}),
        tr("The roadmap starts today with the default capacities", "路线图改为从今天开始，并使用默认产能"),
    )


# Plotly builds a figure slowly (it validates every property): the gap bars are built once per revision and
# language, shared by the sessions, and never changed (st.plotly_chart copies a figure before it serializes it).
@st.cache_resource(max_entries=16, show_spinner=False)
def charts(url: str, assessment_id: int, revision: int, today: dt.date, language: str) -> go.Figure:
    found = analysis(assessment_id)
    questionnaire = found.scored.questionnaire
    names = {process.id: process.name.get(language) for process in questionnaire.processes}
    return gap_bars(found.priorities, language, names)


details = require_assessment()
found = analysis(details.id)
scored = found.scored
result = scored.result
questionnaire = scored.questionnaire
names = {process.id: text(process.name) for process in questionnaire.processes}
roles = {role.id: text(role.label) for role in questionnaire.roles}
phases = {key: text(value) for key, value in PHASES.items()}
actions = found.roadmap.actions

st.title(tr("Gaps and roadmap", "差距与路线图"))
st.caption(f"{md(details.client)} · {md(details.name)}")
show_remembered(PROBLEMS)

# --- targets and gaps -------------------------------------------------------------------------------------------------

st.subheader(tr("Targets and gaps", "目标与差距"))
processes = result.processes


def source(process: str) -> str:
    """Where the process's target comes from: the steering group, or a default from business importance."""
    if process in details.targets:
        return tr("set by the steering group", "工作组设定")
    importance = found.importance.get(process)
    if importance is None or pd.isna(importance):
        return tr("default (business importance unknown)", "默认值（业务重要性未知）")
    return tr(f"default from business importance {importance:g}", f"按业务重要性 {importance:g} 给出的默认值")


targets_table = pd.DataFrame(
    {
        "process": processes["process"].map(names),
        "level": processes["level"],
        "score": processes["score"],
        "target": processes["target"],
        "gap": processes["gap"],
        "source": [source(process) for process in processes["process"]],
    }
)
st.dataframe(
    columns(targets_table, {"source": tr("Target from", "目标来源")}),
    hide_index=True,
    width="stretch",
    key="roadmap_targets_table",
    column_config={lab("score"): st.column_config.NumberColumn(format="%.2f")},
)
st.caption(
    tr(
        "Gap = target − current level (never below 0). Until the steering group sets a target, it defaults from "
        "business importance: 1–2 → 2, 3–4 → 3, 5 → 4; unknown → 3. Moving a slider sets the target.",
        "差距 = 目标 − 当前等级（最小为 0）。工作组设定目标之前，目标按业务重要性默认：1–2 → 2，3–4 → 3，5 → 4；"
        "未知 → 3。拖动滑块即设定目标。",
    )
)
read_only = not may("analyse")  # a viewer sees the targets and the plan, and changes neither
grid = st.columns(3)
for index, row in enumerate(processes.itertuples(index=False)):
    key = f"roadmap_target_{row.process}"
    st.session_state[key] = int(row.target)  # what is stored, so that a change elsewhere shows here too
    with grid[index % 3]:
        st.select_slider(
            tr(f"{md(names[row.process])} (now level {row.level})", f"{md(names[row.process])}（当前 {row.level} 级）"),
            options=LEVELS,
            key=key,
            on_change=save_target,
            args=(details.id, row.process),
            help=source(row.process),
            disabled=read_only,
        )

# --- priorities -------------------------------------------------------------------------------------------------------

st.subheader(tr("Priorities", "优先级"))
gaps_figure = charts(default_url(), details.id, details.revision, dt.date.today(), lang())
st.plotly_chart(gaps_figure, width="stretch", key="roadmap_gap_bars")
reasons = priority_reasons(found.priorities)
ranked = found.priorities.sort_values("rank")
ranks = pd.DataFrame(
    {
        "rank": [reasons[p].rank if reasons.get(p) else None for p in ranked["process"]],
        "process": ranked["process"].map(names),
        "level": ranked["level"],
        "target": ranked["target"],
        "reason": [
            reasons[p].reason(lang()) if reasons.get(p) else advice_text("at_target", lang()) for p in ranked["process"]
        ],
    }
)
st.dataframe(
    columns(ranks, {"rank": tr("Rank", "排名"), "reason": tr("Why", "原因")}),
    hide_index=True,
    width="stretch",
    key="roadmap_ranks",
)
with st.expander(tr("How the rank is computed: the points of each part", "排名的计算：各部分得分")):
    priority_labels = {
        "rank": tr("Rank", "排名"),
        "score_gap": tr("Score gap", "得分差距"),
        "importance": tr("Business importance", "业务重要性"),
        "pain": tr("Pain (sum of severities)", "痛点（严重程度之和）"),
        "pain_points": tr("Pain points", "痛点数"),
        "effort": tr("Effort (person-days)", "工作量（人天）"),
        "gap_part": tr("Gap part", "差距分"),
        "importance_part": tr("Importance part", "重要性分"),
        "pain_part": tr("Pain part", "痛点分"),
        "effort_part": tr("Effort part", "工作量分"),
        "priority": tr("Priority", "优先级"),
    }
    shown = found.priorities.assign(process=lambda frame: frame["process"].map(names))
    shown = shown.loc[
        :,
        ["rank", "process", "level", "target", "gap", "score_gap", "importance", "pain", "pain_points", "effort"]
        + ["gap_part", "importance_part", "pain_part", "effort_part", "priority"],
    ]
    st.dataframe(
        columns(shown, priority_labels),
        hide_index=True,
        width="stretch",
        key="roadmap_priorities",
        column_config={
            priority_labels[key]: DECIMAL
            for key in ("score_gap", "effort", "gap_part", "importance_part", "pain_part", "effort_part", "priority")
        },
    )
    st.caption(
        tr(
            "Priority (0–100) = gap part (up to 40: levels and score still missing, as a share of the target) + "
            "importance part (up to 25) + pain part (up to 25: three pain points of severity 5 fill it) + effort "
            "part (up to 10: less effort, more points). A process at its target has priority 0.",
            "优先级（0–100）= 差距分（最高 40：尚缺的等级与得分占目标的比例）+ 重要性分（最高 25）+ 痛点分（最高 25："
            "三个严重程度为 5 的痛点即满分）+ 工作量分（最高 10：工作量越小得分越高）。已达目标的流程优先级为 0。",
        )
    )

# --- the roadmap ------------------------------------------------------------------------------------------------------

st.subheader(tr("Roadmap", "路线图"))
st.session_state["roadmap_start"] = found.start
st.session_state["roadmap_capacity"] = float(found.capacity)
left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
left.date_input(
    tr("Start date", "开始日期"),
    key="roadmap_start",
    on_change=save_settings,
    args=(details.id, "start"),
    disabled=read_only,
    help=tr("Until a date is set, the roadmap starts today.", "未设定日期时，路线图从今天开始。"),
)
middle.number_input(
    tr("Capacity of each workstream (person-days per month)", "每个工作流的产能（每月人天）"),
    min_value=1.0,
    max_value=100_000.0,
    step=5.0,
    key="roadmap_capacity",
    on_change=save_settings,
    args=(details.id, "capacity"),
    disabled=read_only,
    help=tr(
        "Each process is a workstream with its own team, in parallel with the others; this is the person-days a "
        "month of each (30 is a part-time team: the process owner half time, a designer and a tool specialist "
        "part time). A workstream can have its own below.",
        "每个流程是一个工作流，由各自的团队与其他工作流并行推进；此处为每个工作流每月可投入的人天数（30 相当于一个"
        "兼职团队：流程负责人半职，流程设计人员和工具专员兼职）。各工作流可在下方单独设置。",
    ),
)
right.button(
    tr("Defaults", "恢复默认"),
    key="roadmap_settings_reset",
    on_click=reset_settings,
    args=(details.id,),
    help=tr("Start today, 30 person-days a month for every workstream.", "从今天开始，每个工作流每月 30 人天。"),
    width="stretch",
    disabled=read_only,
)

capacity_inputs(details.id, found, read_only, PROBLEMS)

for problem in found.roadmap.problems:
    st.warning(md(roadmap_problem_message(problem, lang())), icon=":material/warning:")

if actions.empty:
    st.info(
        tr(
            "No action is needed: every process has reached its target, or the questionnaire has no action library.",
            "无需行动：所有流程均已达到目标，或问卷没有行动库。",
        )
    )
else:
    cells = st.columns(4)
    cells[0].metric(tr("Actions", "行动项"), len(actions))
    cells[1].metric(tr("Effort (person-days)", "工作量（人天）"), f"{actions['effort'].sum():.0f}")
    cells[2].metric(tr("Quick wins", "速赢项"), int(actions["quick_win"].sum()))
    cells[3].metric(tr("Done by", "预计完成"), f"{pd.Timestamp(actions['due'].max()):%Y-%m-%d}")
    expand = expand_choice(found)
    gantt = gantt_figure(default_url(), details.id, details.revision, dt.date.today(), lang(), expand)
    st.plotly_chart(gantt, width="stretch", key="roadmap_gantt")
    tables(found)

    present = [phase for phase in PHASES if (actions["phase"] == phase).any()]
    summary = (
        actions.groupby("phase", sort=False)
        .agg(actions=("action", "size"), effort=("effort", "sum"), start=("start", "min"), due=("due", "max"))
        .reindex(present)
        .reset_index()
        .assign(phase=lambda frame: frame["phase"].map(phases))
    )
    table_labels = {
        "order": "#",
        "action": tr("Action id", "行动编号"),
        "title": tr("Action", "行动项"),
        "phase": tr("Phase", "阶段"),
        "owner": tr("Owner", "负责人"),
        "actions": tr("Actions", "行动项数"),
        "effort": tr("Effort (person-days)", "工作量（人天）"),
        "start": tr("Start", "开始"),
        "due": tr("Due", "完成"),
        "depends_on": tr("Depends on", "前置行动"),
        "why": tr("Why included", "纳入原因"),
        "quick_win": tr("Quick win", "速赢"),
        "edited": tr("Edited", "已调整"),
    }
    st.dataframe(columns(summary, table_labels), hide_index=True, width="stretch", key="roadmap_phases")

    reasons = {
        "closes_gap": tr("closes", "弥补"),
        "prerequisite": tr("needed first by another action", "其他行动项的前置条件"),
        "added": tr("added by hand", "人工添加"),
        "kept": tr("kept by hand", "人工保留"),
    }

    def why(row: pd.Series) -> str:
        if row["reason"] == "closes_gap":
            return f"{reasons['closes_gap']} {', '.join(row['why'])}"
        return reasons.get(row["reason"], str(row["reason"]))

    phase_options = {"": tr("All phases", "全部阶段"), **{phase: phases[phase] for phase in present}}
    if st.session_state.get("roadmap_phase") not in phase_options:
        st.session_state["roadmap_phase"] = ""
    chosen = st.selectbox(tr("Phase", "阶段"), list(phase_options), format_func=phase_options.get, key="roadmap_phase")
    listed = actions if not chosen else actions[actions["phase"] == chosen]
    table = pd.DataFrame(
        {
            "order": listed["order"],
            "action": listed["action"],
            "title": listed[f"title_{lang()}"],
            "process": listed["process"].map(lambda p: names.get(p, p)),
            "phase": listed["phase"].map(lambda p: phases.get(p, p)),
            "owner": listed["owner"].map(lambda r: roles.get(r, r)),
            "effort": listed["effort"],
            "start": listed["start"],
            "due": listed["due"],
            "depends_on": listed["depends_on"].map(join_listed),
            "why": listed.apply(why, axis=1) if len(listed) else pd.Series(dtype=object),
            "quick_win": listed["quick_win"],
            "edited": listed["edited"],
        }
    )
    st.dataframe(
        columns(table, table_labels),
        hide_index=True,
        width="stretch",
        key="roadmap_table",
        column_config={table_labels["effort"]: DECIMAL},
    )
    st.caption(
        tr(
            "Actions are ordered by dependency, phase, quick wins (small effort, high priority) and priority; dates "
            "follow from effort and the capacity of the action's workstream, on working days. Edited: changed by hand "
            "below.",
            "行动项按依赖关系、阶段、速赢项（工作量小且优先级高）和优先级排序；日期由工作量和所属工作流的产能按工作日推算。"
            "已调整：已在下方人工修改。",
        )
    )

# --- changes to the roadmap -------------------------------------------------------------------------------------------

if may("analyse"):  # a viewer (the steering group) reads the roadmap; the consultants change it
    st.subheader(tr("Change the roadmap", "调整路线图"))
    action_editor(details.id, details.revision, actions, roles, phases, PROBLEMS)
    edits = edits_in_force(details.id, questionnaire, roles, phases, PROBLEMS)
    custom_action_form(details.id, questionnaire, actions, result.items, edits, names, roles, phases, PROBLEMS)

# --- exports ----------------------------------------------------------------------------------------------------------

st.subheader(tr("Export", "导出"))
st.caption(
    tr(
        "In the interface language. The CSV imports into task trackers (Jira, Azure DevOps, Redmine...).",
        "使用界面语言。CSV 文件可导入任务跟踪工具（Jira、Azure DevOps、Redmine 等）。",
    )
)
cells = st.columns(3)
for cell, kind in zip(cells, ("xlsx", "csv", "md"), strict=True):
    with cell:
        download_button(details, kind, lang(), f"roadmap_download_{kind}")
