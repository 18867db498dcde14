"""The set-up of the open assessment: client and name, scope, questionnaire, role weights, rule, start date, targets.

Every widget saves through the services as soon as it changes (the text fields on their form's button); the
widgets are filled from what is stored whenever the stored value changes, so they always show the truth.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import (
    listed,
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
from app_pages.labels import assessment_label, rule_choice
from app_pages.members_parts import members_section
from assessment.workspace.assessments import clear_target, set_target, update_assessment
from assessment.workspace.queries import assessment_details
from assessment.workspace.setup_sources import setup_outline

SEEN = "setup_seen"  # the stored values the widgets were last filled from
SMALLEST_WEIGHT = 0.01  # the smallest role weight the input (two decimals) offers; a weight must be above 0


def seed(assessment_id: int, values: dict[str, Any]) -> None:
    """Fill each widget from the stored value when it is new or the stored value changed; leave it alone otherwise."""
    seen = st.session_state.get(SEEN) or {}
    same = seen.get("assessment") == assessment_id
    for key, value in values.items():
        if key not in st.session_state or not same or seen.get(key) != value:
            st.session_state[key] = value
    st.session_state[SEEN] = {"assessment": assessment_id, **values}


def save(problems: str, action, success: str) -> None:
    """Run a service call from a widget callback; keep its problems for the page, confirm a real change."""
    if remember_problems(problems, action):
        st.toast(success, icon=":material/check_circle:")


def save_identity(assessment_id: int, success: str) -> None:
    state = st.session_state
    save(
        "setup_problems_identity",
        lambda: update_assessment(
            workspace(), assessment_id, client=state["setup_client"], name=state["setup_name"], actor=user()
        ),
        success,
    )


def save_scope(assessment_id: int, success: str) -> None:
    processes = st.session_state["setup_processes"]
    save(
        "setup_problems_scope",
        lambda: update_assessment(workspace(), assessment_id, processes=processes, actor=user()),
        success,
    )


def save_units(assessment_id: int, success: str) -> None:
    units = st.session_state["setup_units"].splitlines()
    save(
        "setup_problems_units",
        lambda: update_assessment(workspace(), assessment_id, units=units, actor=user()),
        success,
    )


def save_weight(assessment_id: int, role: str, default: float, success: str) -> None:
    def change() -> bool:
        weight = st.session_state[f"setup_weight_{role}"]
        weights = dict(assessment_details(workspace(), assessment_id).role_weights)
        if weight == default:  # the questionnaire's own weight: no override needed
            weights.pop(role, None)
        else:
            weights[role] = weight
        return update_assessment(workspace(), assessment_id, role_weights=weights, actor=user())

    save("setup_problems_weights", change, success)


def reset_weights(assessment_id: int, success: str) -> None:
    save(
        "setup_problems_weights",
        lambda: update_assessment(workspace(), assessment_id, role_weights={}, actor=user()),
        success,
    )


def save_rule(assessment_id: int, success: str) -> None:
    rule = st.session_state["setup_rule"]
    save("setup_problems_rule", lambda: update_assessment(workspace(), assessment_id, rule=rule, actor=user()), success)


def save_started(assessment_id: int, success: str) -> None:
    day = st.session_state["setup_started"]
    if day is not None:
        save(
            "setup_problems_started",
            lambda: update_assessment(workspace(), assessment_id, started_on=day, actor=user()),
            success,
        )


def save_target(assessment_id: int, process: str, success: str) -> None:
    level = int(st.session_state[f"setup_target_{process}"])

    def change() -> bool:
        set_target(workspace(), assessment_id, process, level, actor=user())
        return True

    save("setup_problems_targets", change, success)


def accept_proposed(assessment_id: int, proposed: dict[str, int], success: str) -> None:
    def change() -> bool:
        for process, level in proposed.items():
            set_target(workspace(), assessment_id, process, level, actor=user())
        return bool(proposed)

    save("setup_problems_targets", change, success)


def target_cell(process: str) -> None:
    """A process's target: its slider, then one line saying who set it (with the way back to the proposal)."""
    name = md(process_names.get(process, process))
    st.select_slider(
        name,
        options=[0, 1, 2, 3, 4, 5],
        key=f"setup_target_{process}",
        on_change=save_target,
        args=(aid, process, tr(f"Target of {name} saved", f"{name}的目标已保存")),
    )
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        if process in details.targets:
            st.caption(tr("Set by the steering group", "由专项工作组设定"))
            st.button(
                tr("Back to the proposal", "恢复为建议目标"),
                key=f"setup_target_clear_{process}",
                on_click=save,
                args=(
                    "setup_problems_targets",
                    lambda: clear_target(workspace(), aid, process, actor=user()),
                    tr("The target follows the proposal again", "目标已恢复为建议值"),
                ),
                type="tertiary",
            )
        else:
            proposed = outline.proposed_targets.get(process, 3)
            st.caption(tr(f"Not set yet: proposed {proposed}", f"尚未设定：建议 {proposed} 级"))


details = require_assessment()
aid = details.id
outline = setup_outline(workspace(), aid)
process_names = {process.id: text(process.name) for process in outline.processes}

seed(
    aid,
    {
        "setup_client": details.client,
        "setup_name": details.name,
        "setup_processes": list(details.processes),
        "setup_units": "\n".join(details.units),
        "setup_rule": details.rule,
        "setup_started": details.started_on,
        **{f"setup_weight_{r.id}": float(details.role_weights.get(r.id, r.weight)) for r in outline.roles},
        **{f"setup_target_{p}": details.targets.get(p, outline.proposed_targets.get(p, 3)) for p in details.processes},
    },
)

st.title(tr("Setup", "评估设置"))
st.caption(md(assessment_label(details.client, details.name, details.is_demo)))

# --- client and name --------------------------------------------------------------------------------------------------

st.subheader(tr("Client and name", "客户与名称"))
with st.form("setup_identity_form", border=False):
    left, right = st.columns(2)
    left.text_input(tr("Client", "客户"), key="setup_client", max_chars=200)
    right.text_input(tr("Assessment name", "评估名称"), key="setup_name", max_chars=200)
    st.form_submit_button(
        tr("Save client and name", "保存客户与名称"),
        on_click=save_identity,
        args=(aid, tr("Client and name saved", "客户与名称已保存")),
    )
show_remembered("setup_problems_identity")

# --- scope ------------------------------------------------------------------------------------------------------------

st.subheader(tr("Scope", "评估范围"))
st.multiselect(
    tr("Processes in scope", "评估范围内的流程"),
    list(process_names),
    format_func=process_names.get,
    key="setup_processes",
    on_change=save_scope,
    args=(aid, tr("Scope saved", "评估范围已保存")),
)
st.caption(
    tr(
        "A process taken out of the scope keeps its answers: put it back and they count again.",
        "移出范围的流程仍保留其回答；重新纳入后，这些回答会再次计入。",
    )
)
show_remembered("setup_problems_scope")
with st.form("setup_units_form", border=False):
    st.text_area(tr("Units in scope (one per line)", "范围内的单位（每行一个）"), key="setup_units", height=120)
    st.form_submit_button(
        tr("Save units", "保存单位"), on_click=save_units, args=(aid, tr("Units saved", "单位已保存"))
    )
show_remembered("setup_problems_units")

# --- questionnaire ----------------------------------------------------------------------------------------------------

st.subheader(tr("Questionnaire", "问卷"))
in_scope = sum(process.items for process in outline.processes if process.id in details.processes)
total = sum(process.items for process in outline.processes)
cells = st.columns(4)
cells[0].metric(tr("Questionnaire", "问卷"), details.questionnaire_id)
cells[1].metric(tr("Version", "版本"), details.questionnaire_version)
cells[2].metric(tr("Items in scope", "范围内题目"), in_scope)
cells[3].metric(tr("Items in the questionnaire", "问卷题目总数"), total)
st.caption(
    tr(
        f"{md(text(outline.questionnaire_title))}: a snapshot taken when the assessment was created; later changes to "
        "the library never change this assessment.",
        f"{md(text(outline.questionnaire_title))}：创建评估时保存的快照；之后问卷库的修改不会影响本评估。",
    )
)

# --- roles and weights ------------------------------------------------------------------------------------------------

st.subheader(tr("Respondent roles and weights", "答卷人角色与权重"))
st.caption(
    tr(
        "A role's weight is how much its respondents' answers count in every item: changing it changes the "
        "achievements, levels and scores of the assessment at once (see Results).",
        "角色权重决定该角色答卷人的回答在每道题中所占的分量：修改权重会立即改变本评估的实现程度、等级和得分（见评估结果）。",
    )
)
if not outline.roles:
    st.info(tr("The questionnaire declares no roles: every answer weighs 1.", "问卷未声明角色：每个回答的权重均为 1。"))
grid = st.columns(3)
for index, role in enumerate(outline.roles):
    count = outline.respondents_by_role.get(role.id, 0)
    with grid[index % 3]:
        st.number_input(
            md(text(role.label)),
            min_value=min(SMALLEST_WEIGHT, st.session_state[f"setup_weight_{role.id}"]),  # a weight is above 0
            max_value=100.0,
            step=0.5,
            format="%.2f",
            key=f"setup_weight_{role.id}",
            on_change=save_weight,
            args=(
                aid,
                role.id,
                role.weight,
                tr(f"Weight of {md(text(role.label))} saved", f"{md(text(role.label))}的权重已保存"),
            ),
        )
        changed = role.id in details.role_weights
        st.caption(
            tr(
                f"Questionnaire default {role.weight:g}"
                + (" · changed" if changed else "")
                + f" · respondents: {count}",
                f"问卷默认 {role.weight:g}" + ("（已修改）" if changed else "") + f" · 答卷人 {count} 名",
            )
        )
declared = {role.id for role in outline.roles}
undeclared = {role: n for role, n in outline.respondents_by_role.items() if role and role not in declared}
if undeclared:
    roles_listed = listed(f"{md(role)} ({n})" for role, n in sorted(undeclared.items()))
    st.caption(
        tr(
            f"Respondents with a role the questionnaire does not declare weigh 1: {roles_listed}",
            f"角色未在问卷中声明的答卷人权重为 1：{roles_listed}",
        )
    )
st.button(
    tr("Back to the questionnaire's weights", "恢复问卷默认权重"),
    key="setup_weights_reset",
    disabled=not details.role_weights,
    on_click=reset_weights,
    args=(aid, tr("Weights reset to the questionnaire's", "权重已恢复为问卷默认值")),
)
show_remembered("setup_problems_weights")

# --- rule and start date ----------------------------------------------------------------------------------------------

st.subheader(tr("Scoring rule and dates", "评分规则与日期"))
rule_choice("setup_rule", on_change=save_rule, args=(aid, tr("Scoring rule saved", "评分规则已保存")))
show_remembered("setup_problems_rule")
st.date_input(
    tr("Start date", "开始日期"),
    key="setup_started",
    format="YYYY-MM-DD",
    on_change=save_started,
    args=(aid, tr("Start date saved", "开始日期已保存")),
)
show_remembered("setup_problems_started")

# --- targets ----------------------------------------------------------------------------------------------------------

st.subheader(tr("Target levels", "目标等级"))
st.caption(
    tr(
        "The steering group sets a target level per process. Until it does, the target is proposed from the "
        "business importance recorded in the context (importance 1-2: level 2, 3-4: level 3, 5: level 4; "
        "unknown: level 3).",
        "由专项工作组为每个流程设定目标等级。在设定之前，目标按现状背景中记录的业务重要性给出建议"
        "（重要性 1-2：2 级；3-4：3 级；5：4 级；未知：3 级）。",
    )
)
# a row of columns per three processes, every cell laid out alike (the slider, then one status line): a "back to the
# proposal" button under some sliders never pushes the sliders below it out of line with their neighbours
rows = [details.processes[start : start + 3] for start in range(0, len(details.processes), 3)]
for row in rows:
    for cell, process in zip(st.columns(3), row, strict=False):
        with cell:
            target_cell(process)
unset = {p: outline.proposed_targets.get(p, 3) for p in details.processes if p not in details.targets}
st.button(
    tr("Set the proposed targets", "采用建议目标"),
    key="setup_targets_accept",
    disabled=not unset,
    on_click=accept_proposed,
    args=(aid, unset, tr("Proposed targets set", "建议目标已设定")),
)
show_remembered("setup_problems_targets")

# --- members (the lead's and an administrator's) ----------------------------------------------------------------------

if may("members"):
    members_section(aid)
