"""On the Survey campaigns page: the form of a new campaign, and the invitations (every respondent, or a list)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from app_pages.common import lang, remember_problems, show_remembered, text, tr, user, workspace
from assessment.campaigns.service import Invitee, closing_time, create_campaign, invite, opening_time
from assessment.inputs.invitations import read_invitations
from assessment.problems import InputError
from assessment.questionnaire.model import Questionnaire
from assessment.workspace.queries import AssessmentDetails

PROBLEMS = "campaigns_problems"
PICK = "campaigns_pick"


def _create(details: AssessmentDetails) -> None:
    state = st.session_state
    languages = state.get("campaigns_new_languages") or ["zh", "en"]

    def made() -> int:
        campaign = create_campaign(
            workspace(),
            details.id,
            name=state.get("campaigns_new_name", ""),
            languages=languages,
            processes=state.get("campaigns_new_processes") or None,
            anonymous=bool(state.get("campaigns_new_anonymous")),
            welcome={"zh": state.get("campaigns_new_welcome_zh", ""), "en": state.get("campaigns_new_welcome_en", "")},
            opens_at=opening_time(state.get("campaigns_new_opens")),
            closes_at=closing_time(state.get("campaigns_new_closes")),
            actor=user(),
        )
        if not state.get("campaigns_new_anonymous"):
            invite(workspace(), campaign, actor=user())  # every respondent of the assessment gets a link
        return campaign

    created = remember_problems(PROBLEMS, made, tr("Campaign created", "问卷活动已创建"))
    if created is not None:
        state[PICK] = created
        for key in ("campaigns_new_name", "campaigns_new_welcome_zh", "campaigns_new_welcome_en"):
            state[key] = ""
        state["campaigns_new_anonymous"], state["campaigns_new_processes"] = False, []


def new_campaign_form(details: AssessmentDetails, questionnaire: Questionnaire) -> None:
    """Name, languages, processes, named or anonymous, closing day, welcome text."""
    names = {process.id: text(process.name) for process in questionnaire.processes}
    with st.form("campaigns_new_form", border=False):
        st.text_input(tr("Name", "名称"), key="campaigns_new_name", max_chars=200)
        st.multiselect(
            tr("Languages offered (the first is the default)", "提供的语言（第一个为默认）"),
            ["zh", "en"],
            default=["zh", "en"],
            key="campaigns_new_languages",
            format_func={"zh": "中文", "en": "English"}.get,
        )
        left, right = st.columns(2)
        left.date_input(
            tr("First day answers are taken (empty: now)", "开始作答日期（空：立即）"),
            value=None,
            key="campaigns_new_opens",
        )
        right.date_input(tr("Last day answers are taken", "接受作答的最后一天"), value=None, key="campaigns_new_closes")
        st.multiselect(
            tr("Processes asked about (none chosen: the whole scope)", "所问流程（不选：全部评估范围）"),
            list(names),
            key="campaigns_new_processes",
            format_func=names.get,
        )
        st.toggle(
            tr(
                "Anonymous: one open link; respondents choose their role and unit",
                "匿名：只有一个公开链接，答卷人自选角色和单位",
            ),
            key="campaigns_new_anonymous",
        )
        st.text_area(tr("Welcome text (Chinese)", "欢迎语（中文）"), key="campaigns_new_welcome_zh", max_chars=4000)
        st.text_area(tr("Welcome text (English)", "欢迎语（英文）"), key="campaigns_new_welcome_en", max_chars=4000)
        st.caption(
            tr(
                "A named campaign gives every respondent of the assessment a personal link; invite more from a list "
                "afterwards.",
                "实名问卷活动会为本评估的每位答卷人生成个人链接；之后还可按名单邀请更多人员。",
            )
        )
        st.form_submit_button(
            tr("Create the campaign", "创建问卷活动"),
            on_click=_create,
            args=(details,),
            type="primary",
        )
    show_remembered(PROBLEMS)


def invite_section(details: AssessmentDetails, questionnaire: Questionnaire, campaign_id: int) -> None:
    """More personal links: every respondent of the assessment without one, or the people of a list."""
    left, right = st.columns(2)
    if left.button(
        tr("A link for every respondent without one", "为尚无链接的每位答卷人生成链接"),
        key="campaigns_all",
    ):
        count = remember_problems(PROBLEMS, lambda: invite(workspace(), campaign_id, actor=user()))
        if count is not None:
            st.success(tr(f"{count} personal links made", f"已生成 {count} 个个人链接"))
    uploaded = right.file_uploader(
        tr(
            "Invitation list (CSV/XLSX: respondent, role, unit[, email, phone])",
            "邀请名单（CSV/XLSX：答卷人、角色、单位[、电子邮件、电话]）",
        ),
        type=["csv", "xlsx"],
        key="campaigns_list",
    )
    if uploaded is not None and right.button(tr("Invite the list", "邀请名单中的人员"), key="campaigns_invite_list"):
        suffix = Path(uploaded.name).suffix.lower()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"list{suffix}"
            path.write_bytes(uploaded.getvalue())
            try:
                people = read_invitations(path, uploaded.name, questionnaire, details.units)
            except InputError as error:
                st.error("\n\n".join(problem.render(lang()) for problem in error.problems))
                return
        invitees = [Invitee(p.respondent, p.role, p.unit, p.email, p.phone) for p in people]
        count = remember_problems(PROBLEMS, lambda: invite(workspace(), campaign_id, invitees, actor=user()))
        if count is not None:
            st.success(tr(f"{count} personal links made", f"已生成 {count} 个个人链接"))
    show_remembered(PROBLEMS)
