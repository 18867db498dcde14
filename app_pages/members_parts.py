"""On the Setup page, for the lead and administrators: the assessment's members and their roles, and whether
respondents' names are hidden from consultants (an anonymous survey)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import remember_problems, show_remembered, tr, user, workspace
from assessment.accounts.memberships import ROLES, grant, members, names_hidden, revoke, set_names_hidden
from assessment.accounts.users import list_users

PROBLEMS = "members_problems"
ROLE_OF = "members_role_of"  # role name shown -> role
ROLE_NAMES = {
    "lead": ("Lead", "负责人"),
    "consultant": ("Consultant", "顾问"),
    "viewer": ("Viewer (steering group, read-only)", "查看者（专项工作组，只读）"),
}


def role_name(role: str) -> str:
    return tr(*ROLE_NAMES[role])


def _grant(assessment_id: int) -> None:
    state = st.session_state
    username, role = state.get("members_user"), state.get(ROLE_OF, {}).get(state.get("members_role"))
    if username:
        remember_problems(
            PROBLEMS,
            lambda: grant(workspace(), assessment_id, username, role, actor=user()),
            tr(f"{username} is now {role_name(role)}", f"{username} 现为{role_name(role)}"),
        )


def _revoke(assessment_id: int) -> None:
    username = st.session_state.get("members_remove")
    if username:
        remember_problems(
            PROBLEMS,
            lambda: revoke(workspace(), assessment_id, username, actor=user()),
            tr(f"{username} taken off the assessment", f"已将 {username} 移出本评估"),
        )


def _names(assessment_id: int) -> None:
    hidden = bool(st.session_state.get("members_names_hidden"))
    remember_problems(PROBLEMS, lambda: set_names_hidden(workspace(), assessment_id, hidden, actor=user()))


def members_section(assessment_id: int) -> None:
    """Who may open the assessment and in which role; granting, changing and taking off members."""
    st.subheader(tr("Members", "成员"))
    show_remembered(PROBLEMS)
    found = members(workspace(), assessment_id)
    st.dataframe(
        pd.DataFrame(
            {
                tr("Name", "姓名"): [member.user.name for member in found],
                tr("User name", "用户名"): [member.user.username for member in found],
                tr("Role", "角色"): [role_name(member.role) for member in found],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    accounts = {account.username: account.name for account in list_users(workspace()) if account.active}
    left, middle, right = st.columns([3, 3, 1], vertical_alignment="bottom")
    left.selectbox(
        tr("Account", "账户"),
        list(accounts),
        index=None,
        key="members_user",
        format_func=lambda name: f"{accounts[name]} ({name})" if accounts[name] != name else name,
        placeholder=tr("Choose an account", "选择账户"),
    )
    # the roles by their names in this run's language (the callback reads the role back from the name)
    st.session_state[ROLE_OF] = {role_name(role): role for role in ROLES}
    if st.session_state.get("members_role") not in st.session_state[ROLE_OF]:
        st.session_state.pop("members_role", None)  # the language changed
    middle.selectbox(tr("Role", "角色"), list(st.session_state[ROLE_OF]), index=1, key="members_role")
    right.button(tr("Grant", "授予"), key="members_grant", on_click=_grant, args=(assessment_id,), width="stretch")
    if found:
        left, right = st.columns([6, 1], vertical_alignment="bottom")
        left.selectbox(
            tr("Take a member off", "移除成员"),
            [member.user.username for member in found],
            index=None,
            key="members_remove",
            placeholder=tr("Choose a member", "选择成员"),
        )
        right.button(
            tr("Remove", "移除"), key="members_revoke", on_click=_revoke, args=(assessment_id,), width="stretch"
        )
    st.session_state["members_names_hidden"] = names_hidden(workspace(), assessment_id)
    st.toggle(
        tr("Anonymous survey: hide respondents' names from consultants", "匿名调查：对顾问隐藏答卷人姓名"),
        key="members_names_hidden",
        on_change=_names,
        args=(assessment_id,),
        help=tr(
            "Viewers never see respondents' names; with this on, consultants see respondents by number too.",
            "查看者始终看不到答卷人姓名；开启后，顾问也只能看到答卷人编号。",
        ),
    )
    st.caption(
        tr(
            "Accounts are added, reset and disabled by an administrator, on the Accounts page.",
            "账户由管理员在“账户”页添加、重置和停用。",
        )
    )
