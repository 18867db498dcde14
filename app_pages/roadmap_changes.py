"""The roadmap page's changes by hand: one action (drop, keep, phase, owner, dates), the changes in force, own actions.

Every change is stored through assessment.roadmap_edits at once, by action id, so it survives re-scoring.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.common import lang, md, remember_problems, text, tr, user, workspace
from assessment.analysis.roadmap_problems import EDIT_KINDS
from assessment.questionnaire.model import Questionnaire
from assessment.workspace.roadmap_edits import clear_roadmap_edit, edit_roadmap, roadmap_edits

FIELDS = ("phase", "owner", "start", "due")


def _day(value: Any) -> dt.date:
    return pd.Timestamp(value).date()


def include(assessment_id: int, action: str, kind: str, problems: str) -> None:
    done = {"drop": tr(f"{action} dropped", f"已移除 {action}"), "keep": tr(f"{action} kept", f"已保留 {action}")}
    remember_problems(
        problems, lambda: edit_roadmap(workspace(), assessment_id, action, kind, author=user()), done[kind]
    )


def save_action(assessment_id: int, action: str, current: dict[str, Any], problems: str) -> None:
    wanted = {field: st.session_state[f"roadmap_edit_{field}"] for field in FIELDS}
    changed = {field: value for field, value in wanted.items() if value != current[field]}
    if not changed:
        st.toast(tr("Nothing changed", "没有修改"), icon=":material/info:")
        return

    def save() -> None:
        for field, value in changed.items():
            value = value.isoformat() if isinstance(value, dt.date) else value
            edit_roadmap(workspace(), assessment_id, action, field, value, author=user())

    remember_problems(problems, save, tr(f"{action} changed", f"已修改 {action}"))


def action_editor(
    assessment_id: int,
    revision: int,
    actions: pd.DataFrame,
    roles: dict[str, str],
    phases: dict[str, str],
    problems: str,
) -> None:
    """Pick one action of the roadmap: drop or keep it, change its phase, owner, start or due date."""
    if actions.empty:
        return
    st.markdown(f"**{tr('One action', '单个行动项')}**")
    title = actions[f"title_{lang()}"]
    titles = {a: f"{o}. {a} {t}" for a, o, t in zip(actions["action"], actions["order"], title, strict=True)}
    if st.session_state.get("roadmap_action") not in titles:
        st.session_state.pop("roadmap_action", None)
    action = st.selectbox(tr("Action", "行动项"), list(titles), format_func=titles.get, key="roadmap_action")
    row = actions.set_index("action").loc[action]
    current = {"phase": row["phase"], "owner": row["owner"], "start": _day(row["start"]), "due": _day(row["due"])}
    left, right = st.columns(2)
    left.button(
        tr("Drop from the roadmap", "从路线图移除"),
        key="roadmap_drop",
        on_click=include,
        args=(assessment_id, action, "drop", problems),
        width="stretch",
    )
    right.button(
        tr("Keep on the roadmap", "保留在路线图中"),
        key="roadmap_keep",
        on_click=include,
        args=(assessment_id, action, "keep", problems),
        help=tr(
            "Keeps the action even when nothing it closes falls short any more.",
            "即使其对应题目不再有差距，也保留该行动项。",
        ),
        width="stretch",
    )
    # The form shows the action as it is now; filled again only when another action or a new roadmap is shown,
    # so that a rerun for another reason keeps what the user has typed but not yet saved.
    if st.session_state.get("roadmap_edit_shown") != (action, revision):
        st.session_state["roadmap_edit_shown"] = (action, revision)
        for field in FIELDS:
            st.session_state[f"roadmap_edit_{field}"] = current[field]
    owners = dict(roles)
    owners.setdefault(current["owner"], current["owner"])
    with st.form("roadmap_edit_form", border=True):
        left, right = st.columns(2)
        left.selectbox(tr("Phase", "阶段"), list(phases), format_func=phases.get, key="roadmap_edit_phase")
        right.selectbox(tr("Owner", "负责人"), list(owners), format_func=owners.get, key="roadmap_edit_owner")
        left.date_input(tr("Start", "开始日期"), key="roadmap_edit_start")
        right.date_input(tr("Due", "完成日期"), key="roadmap_edit_due")
        st.form_submit_button(
            tr("Save changes", "保存修改"),
            on_click=save_action,
            args=(assessment_id, action, current, problems),
        )
    st.caption(
        tr(
            "A start or due date set here is kept when the roadmap is planned again; the other dates follow.",
            "此处设定的开始或完成日期在重新排期时保持不变，其余日期随之调整。",
        )
    )


def clear(assessment_id: int, problems: str) -> None:
    action, kind = st.session_state["roadmap_clear_pick"].split("|", 1)
    remember_problems(
        problems,
        lambda: clear_roadmap_edit(workspace(), assessment_id, action, kind, author=user()),
        tr("Change cleared: the generated roadmap decides again", "已撤销调整：恢复由系统生成的路线图"),
    )


def edits_in_force(
    assessment_id: int, questionnaire: Questionnaire, roles: dict[str, str], phases: dict[str, str], problems: str
) -> list[dict[str, Any]]:
    """The changes made by hand, and a way to clear one. Returns them."""
    edits = roadmap_edits(workspace(), assessment_id)
    st.markdown(f"**{tr('Changes made by hand', '人工调整')}**")
    if not edits:
        st.caption(tr("None yet.", "暂无。"))
        return edits
    titles = {action.id: text(action.title) for _, action in questionnaire.all_actions()}
    kinds = {kind: tr(*pair) for kind, pair in EDIT_KINDS.items()}

    def shown(edit: dict[str, Any]) -> str:
        value = edit["value"]
        if edit["kind"] == "add" and isinstance(value, dict):
            return str(value.get("title", {}).get(lang(), ""))
        return "" if value is None else str(phases.get(value) or roles.get(value) or value)

    rows = [
        {
            "action": edit["action"],
            "title": titles.get(edit["action"]) or (shown(edit) if edit["kind"] == "add" else ""),
            "kind": kinds.get(edit["kind"], edit["kind"]),
            "value": "" if edit["kind"] == "add" else shown(edit),
        }
        for edit in edits
    ]
    labels = {
        "action": tr("Action id", "行动编号"),
        "title": tr("Action", "行动项"),
        "kind": tr("Change", "调整"),
        "value": tr("Value", "取值"),
    }
    st.dataframe(pd.DataFrame(rows).rename(columns=labels), hide_index=True, width="stretch", key="roadmap_edits")
    picks = {f"{edit['action']}|{edit['kind']}": f"{edit['action']} · {kinds.get(edit['kind'])}" for edit in edits}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(tr("Change to clear", "要撤销的调整"), list(picks), format_func=picks.get, key="roadmap_clear_pick")
    right.button(
        tr("Clear", "撤销"), key="roadmap_clear", on_click=clear, args=(assessment_id, problems), width="stretch"
    )
    return edits


def add_action(assessment_id: int, action: str, problems: str) -> None:
    state = st.session_state
    title_zh, title_en = state["roadmap_add_title_zh"].strip(), state["roadmap_add_title_en"].strip()
    if not (title_zh or title_en):
        state[problems] = [tr("Give the action a title.", "请填写行动项标题。")]
        return
    title = {"zh": title_zh or title_en, "en": title_en or title_zh}
    description = state["roadmap_add_description"].strip() or title["zh" if lang() == "zh" else "en"]
    deliverable = state["roadmap_add_deliverable"].strip() or description
    low, high = float(state["roadmap_add_effort_min"]), float(state["roadmap_add_effort_max"])
    value = {
        "title": title,
        "description": {"zh": description, "en": description},
        "deliverable": {"zh": deliverable, "en": deliverable},
        "effort": {"min": min(low, high), "max": max(low, high)},
        "owner": state["roadmap_add_owner"],
        "phase": state["roadmap_add_phase"],
        "process": state["roadmap_add_process"],
        "items": list(state["roadmap_add_items"]),
        "depends_on": list(state["roadmap_add_depends"]),
    }
    added = remember_problems(
        problems,
        lambda: edit_roadmap(workspace(), assessment_id, action, "add", value, author=user()) or True,
        tr(f"{action} added to the roadmap", f"已将 {action} 加入路线图"),
    )
    if added:
        for key in ("title_zh", "title_en", "description", "deliverable"):
            state[f"roadmap_add_{key}"] = ""
        state["roadmap_add_items"], state["roadmap_add_depends"] = [], []


def custom_action_form(
    assessment_id: int,
    questionnaire: Questionnaire,
    actions: pd.DataFrame,
    items: pd.DataFrame,
    edits: list[dict[str, Any]],
    names: dict[str, str],
    roles: dict[str, str],
    phases: dict[str, str],
    problems: str,
) -> None:
    """A form that adds an action of the user's own to the roadmap."""
    taken = {action.id for _, action in questionnaire.all_actions()} | {edit["action"] for edit in edits}
    number = 1
    while f"X-{number}" in taken:
        number += 1
    action = f"X-{number}"
    with st.expander(tr(f"Add an action of your own ({md(action)})", f"添加自定义行动项（{md(action)}）")):
        process = st.selectbox(
            tr("Process whose items it closes", "所弥补题目的流程"),
            list(names),
            format_func=names.get,
            key="roadmap_add_process",
        )
        process_items = items.loc[items["process"] == process, "item"].tolist()
        titles = dict(zip(actions["action"], actions["action"] + " " + actions[f"title_{lang()}"], strict=True))
        with st.form("roadmap_add_form"):
            left, right = st.columns(2)
            left.text_input(tr("Title (Chinese)", "标题（中文）"), key="roadmap_add_title_zh")
            right.text_input(tr("Title (English)", "标题（英文）"), key="roadmap_add_title_en")
            st.text_area(tr("What is done, and how", "做什么、怎么做"), key="roadmap_add_description")
            st.text_input(tr("Deliverable", "交付物"), key="roadmap_add_deliverable")
            left, right = st.columns(2)
            left.selectbox(tr("Phase", "阶段"), list(phases), format_func=phases.get, key="roadmap_add_phase")
            right.selectbox(tr("Owner", "负责人"), list(roles), format_func=roles.get, key="roadmap_add_owner")
            left.number_input(
                tr("Effort from (person-days)", "工作量下限（人天）"),
                min_value=0.5,
                value=1.0,
                step=0.5,
                key="roadmap_add_effort_min",
            )
            right.number_input(
                tr("Effort up to (person-days)", "工作量上限（人天）"),
                min_value=0.5,
                value=2.0,
                step=0.5,
                key="roadmap_add_effort_max",
            )
            st.multiselect(tr("Items it closes", "对应题目"), process_items, key="roadmap_add_items")
            st.multiselect(
                tr("Depends on", "前置行动"), list(titles), format_func=titles.get, key="roadmap_add_depends"
            )
            st.form_submit_button(
                tr("Add to the roadmap", "加入路线图"), on_click=add_action, args=(assessment_id, action, problems)
            )
        st.caption(
            tr(
                "An action of your own belongs to the process chosen above; it is planned like the library's "
                "actions. Without a text in one language, the other one is used.",
                "自定义行动项归属于上方所选的流程，并与行动库中的行动项一样排期。某种语言未填写时使用另一种语言的文本。",
            )
        )
