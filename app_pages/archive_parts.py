"""On the Assessments page: archive the open assessment, bring an archived one back, or delete one for good."""

from __future__ import annotations

import streamlit as st

from app_pages.common import md, me, open_assessment, remember_problems, show_remembered, tr, user, workspace
from assessment.accounts.memberships import may as may_do
from assessment.exports.downloads import BUNDLE_MIME, bundle_file, file_name, file_stem
from assessment.workspace.assessments import AssessmentSummary, list_assessments
from assessment.workspace.corrections import delete_assessment, set_archived

PROBLEMS = "archive_problems"


def _archive(assessment_id: int, archived: bool) -> None:
    done = remember_problems(
        PROBLEMS,
        lambda: set_archived(workspace(), assessment_id, archived, actor=user()) or True,
        tr("Archived", "已归档") if archived else tr("Restored", "已恢复"),
    )
    if done and archived:
        open_assessment(None)
    elif done:
        open_assessment(assessment_id)


def _delete(assessment_id: int, typed_key: str) -> None:
    done = remember_problems(
        PROBLEMS,
        lambda: delete_assessment(workspace(), assessment_id, st.session_state[typed_key], actor=user()) or True,
        tr("The assessment is deleted", "评估已删除"),
    )
    if done:
        open_assessment(None)
        st.session_state.pop(typed_key, None)


def archive_section(open_one: AssessmentSummary | None) -> None:
    """Archive or delete the open assessment (None: the user may not); the archived ones the user leads, to bring
    back. Nothing is drawn when there is nothing the user may do."""
    archived = [
        summary
        for summary in list_assessments(workspace(), archived=True)
        if may_do(workspace(), me(), summary.id, "delete")  # the lead's and an administrator's
    ]
    if open_one is None and not archived:
        return
    with st.expander(tr("Archive or delete", "归档或删除"), icon=":material/inventory_2:"):
        show_remembered(PROBLEMS)
        if open_one is not None:
            label = f"{open_one.client} · {open_one.name}"
            st.markdown(tr(f"**Open:** {md(label)}", f"**当前评估**：{md(label)}"))
            st.button(
                tr("Archive it (kept whole, hidden from the lists)", "归档（完整保留，不在列表中显示）"),
                key="archive_open",
                on_click=_archive,
                args=(open_one.id, True),
            )
            st.markdown(tr("**Delete it for good**", "**永久删除**"))
            st.caption(
                tr(
                    "Everything of this assessment goes: respondents, answers, context, decisions, its audit log. "
                    "Keep a bundle first; to delete, type the assessment's name.",
                    "该评估的全部内容都将删除：答卷人、回答、现状背景、协调结论及其审计日志。请先保存数据包；"
                    "如需删除，请输入评估名称。",
                )
            )
            ws = workspace()
            st.download_button(
                tr("Keep a bundle first", "先保存数据包"),
                data=lambda: bundle_file(ws, open_one.id),
                file_name=file_name("assessment", file_stem(open_one.client, open_one.name), "mmbundle"),
                mime=BUNDLE_MIME,
                on_click="ignore",
                key="archive_bundle",
                icon=":material/download:",
            )
            typed_key = f"archive_typed_{open_one.id}"
            typed = st.text_input(tr("The assessment's name", "评估名称"), key=typed_key, placeholder=open_one.name)
            st.button(
                tr("Delete for good", "永久删除"),
                key="archive_delete",
                type="primary",
                disabled=typed.strip() != open_one.name,
                on_click=_delete,
                args=(open_one.id, typed_key),
            )
        if archived:
            st.markdown(tr("**Archived**", "**已归档**"))
            choices = {summary.id: f"{summary.client} · {summary.name}" for summary in archived}
            left, right = st.columns([3, 1], vertical_alignment="bottom")
            chosen = left.selectbox(
                tr("Archived assessment", "已归档的评估"), list(choices), key="archive_pick", format_func=choices.get
            )
            right.button(tr("Restore", "恢复"), key="archive_restore", on_click=_archive, args=(chosen, False))
