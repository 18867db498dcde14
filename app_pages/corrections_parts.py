"""Putting right what was collected, on the Survey page: edit, merge or delete a respondent; undo an import."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import may, md, remember_problems, show_remembered, shown_respondents, tr, user, workspace
from app_pages.labels import method_labels
from assessment.workspace.core import METHODS
from assessment.workspace.corrections import (
    delete_respondent,
    edit_respondent,
    import_batches,
    merge_respondents,
    undo_import,
)
from assessment.workspace.queries import AssessmentDetails

PROBLEMS = "corrections_problems"
PICK = "corrections_respondent"
SEEDED = "corrections_seeded"  # the respondent (and revision) the form was last filled from


def _saved(action, success: str) -> None:
    remember_problems(PROBLEMS, action, success)


def _edit(assessment_id: int, name: str) -> None:
    state = st.session_state
    _saved(
        lambda: edit_respondent(
            workspace(),
            assessment_id,
            name,
            new_name=state["corrections_name"],
            role=state["corrections_role"] or "",
            unit=state["corrections_unit"] or "",
            method=state["corrections_method"],
            interviewed_on=state["corrections_date"],
            actor=user(),
        ),
        tr("Respondent saved", "答卷人已保存"),
    )
    if not st.session_state.get(PROBLEMS):
        state[PICK] = state["corrections_name"].strip()


def _merge(assessment_id: int, name: str) -> None:
    state = st.session_state
    keep = state["corrections_merge_into"]
    _saved(
        lambda: merge_respondents(
            workspace(), assessment_id, keep, name, prefer=state["corrections_prefer"], actor=user()
        ),
        tr(f"{name} merged into {keep}", f"已将 {name} 并入 {keep}")
        if may("names")
        else tr("Respondents merged", "答卷人已合并"),
    )
    if not st.session_state.get(PROBLEMS):
        state[PICK] = keep


def _delete(assessment_id: int, name: str) -> None:
    _saved(
        lambda: delete_respondent(workspace(), assessment_id, name, actor=user()),
        tr(f"{name} deleted with their answers", f"已删除 {name} 及其回答")
        if may("names")
        else tr("Respondent deleted with their answers", "已删除答卷人及其回答"),
    )
    st.session_state.pop(PICK, None)


def _undo(assessment_id: int, batch: int) -> None:
    _saved(
        lambda: undo_import(workspace(), assessment_id, batch, actor=user()),
        tr("Import undone", "导入已撤销"),
    )


def respondents_section(details: AssessmentDetails, stored: pd.DataFrame, roles: dict[str, str]) -> None:
    """Edit, merge or delete one respondent."""
    st.subheader(tr("Correct a respondent", "更正答卷人"))
    show_remembered(PROBLEMS)
    names = stored["respondent"].tolist()
    if not names:
        st.caption(tr("No respondent yet.", "尚无答卷人。"))
        return
    if st.session_state.get(PICK) not in names:
        st.session_state[PICK] = names[0]
    shown = shown_respondents(names)  # "Anonymous N" to a consultant of an anonymous survey
    name = st.selectbox(tr("Respondent", "答卷人"), names, key=PICK, format_func=shown.get)
    person = stored.set_index("respondent").loc[name]
    methods = method_labels()
    role_options = ["", *roles]
    units = ["", *details.units]
    if person["unit"] and person["unit"] not in units:
        units.append(person["unit"])  # recorded before the unit list was narrowed: shown, to be corrected
    state = st.session_state
    if state.get(SEEDED) != (details.id, name, details.revision):  # another respondent, or stored anew: fill the form
        day = person["interviewed_on"]
        state["corrections_name"] = name
        state["corrections_role"] = person["role"] if person["role"] in role_options else ""
        state["corrections_unit"] = person["unit"]
        state["corrections_method"] = person["method"] if person["method"] in METHODS else ""
        state["corrections_date"] = day if isinstance(day, dt.date) else None
        state[SEEDED] = (details.id, name, details.revision)
    with st.form("corrections_form"):
        if may("names"):  # a hidden name is neither shown nor changed
            st.text_input(tr("Name", "姓名"), key="corrections_name", max_chars=200)
        left, middle, right = st.columns(3)
        left.selectbox(
            tr("Role", "角色"),
            role_options,
            key="corrections_role",
            format_func=({"": tr("No role", "未指定角色")} | roles).get,
        )
        none = tr("No unit", "未指定单位")
        middle.selectbox(
            tr("Unit", "单位"), units, key="corrections_unit", format_func={unit: unit or none for unit in units}.get
        )
        right.selectbox(tr("Method", "方式"), METHODS, key="corrections_method", format_func=methods.get)
        st.date_input(tr("Interview date", "访谈日期"), key="corrections_date")
        st.form_submit_button(
            tr("Save the respondent", "保存答卷人"), on_click=_edit, args=(details.id, name), type="primary"
        )
    others = [other for other in names if other != name]
    merge, remove = st.columns(2)
    with merge.container(border=True):
        st.markdown(tr("**The same person twice?** Merge into:", "**同一人被记录了两次**？并入："))
        if others:
            st.selectbox(
                tr("Respondent who stays", "保留的答卷人"),
                others,
                key="corrections_merge_into",
                label_visibility="collapsed",
                format_func=shown.get,
            )
            preferences = {
                "newer": tr("the newer answer stays", "保留较新的回答"),
                "kept": tr("the answer of the one who stays", "保留被保留者的回答"),
            }
            st.radio(
                tr("Where both answered an item", "两人都回答的题目"),
                list(preferences),
                key="corrections_prefer",
                format_func=preferences.get,
            )
            st.button(
                tr(f"Merge {md(shown[name])} into the one chosen", f"将 {md(shown[name])} 并入所选答卷人"),
                key="corrections_merge",
                on_click=_merge,
                args=(details.id, name),
            )
        else:
            st.caption(tr("There is nobody to merge with.", "没有可合并的答卷人。"))
    with remove.container(border=True):
        answers = int(person["answers"]) if "answers" in person else 0
        sure = st.checkbox(
            tr(
                f"Delete {md(shown[name])} and their {answers} answers",
                f"删除 {md(shown[name])} 及其 {answers} 个回答",
            ),
            key="corrections_delete_sure",
        )
        st.button(
            tr("Delete the respondent", "删除答卷人"),
            key="corrections_delete",
            disabled=not sure,
            on_click=_delete,
            args=(details.id, name),
        )


def imports_section(details: AssessmentDetails) -> None:
    """The imports of the assessment, each one undone exactly if need be."""
    st.subheader(tr("Imports", "导入记录"))
    batches = import_batches(workspace(), details.id)
    if not batches:
        st.caption(tr("No import yet.", "尚无导入。"))
        return
    table = pd.DataFrame(
        {
            tr("No.", "编号"): [b.id for b in batches],
            tr("File", "文件"): [b.file for b in batches],
            tr("When", "时间"): [b.at.strftime("%Y-%m-%d %H:%M") for b in batches],
            tr("By", "操作人"): [b.actor or "—" for b in batches],
            tr("Respondents added", "新增答卷人"): [b.counts.get("respondents_added", 0) for b in batches],
            tr("Answers added", "新增回答"): [b.counts.get("answers_added", 0) for b in batches],
            tr("Answers changed", "更新回答"): [b.counts.get("answers_changed", 0) for b in batches],
            tr("Undone", "已撤销"): [b.undone_at.strftime("%Y-%m-%d %H:%M") if b.undone_at else "—" for b in batches],
        }
    )
    st.dataframe(table, hide_index=True)
    open_batches = {b.id: f"{b.id} · {b.file} · {b.at:%Y-%m-%d %H:%M}" for b in batches if b.undone_at is None}
    if not open_batches:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    batch = left.selectbox(
        tr("Import to undo", "要撤销的导入"), list(open_batches), key="corrections_batch", format_func=open_batches.get
    )
    right.button(
        tr("Undo this import", "撤销此次导入"), key="corrections_undo", on_click=_undo, args=(details.id, batch)
    )
    st.caption(
        tr(
            "Undoing removes the respondents and answers the import added and puts back those it changed. It is "
            "refused, naming them, when one of them has changed since.",
            "撤销将删除该次导入新增的答卷人和回答，并恢复其修改过的内容；若其中有内容在导入后又被修改，将拒绝撤销并列出这些内容。",
        )
    )
