"""Accounts (administrators only): who may sign in, their system role, resetting a password, disabling an
account. Memberships of assessments are set by each assessment's lead on the Setup page."""

import pandas as pd
import streamlit as st

from app_pages.common import md, me, remember_problems, show_remembered, tr, user, workspace
from assessment.accounts.users import add_user, list_users, set_active, set_password, set_system_role

PROBLEMS = "users_problems"
ONE_TIME = "users_one_time"  # (user name, one-time password) to show once


def _add() -> None:
    state = st.session_state
    made = remember_problems(
        PROBLEMS,
        lambda: add_user(
            workspace(),
            state.get("users_new_name", ""),
            actor=user(),
            display_name=state.get("users_new_display", ""),
            email=state.get("users_new_email") or None,
            system_role="admin" if state.get("users_new_admin") else "member",
        ),
    )
    if made is not None:
        account, one_time = made
        state[ONE_TIME] = (account.username, one_time)
        for key in ("users_new_name", "users_new_display", "users_new_email"):
            state[key] = ""
        state["users_new_admin"] = False


def _reset(username: str) -> None:
    one_time = remember_problems(PROBLEMS, lambda: set_password(workspace(), username, None, actor=user()))
    if one_time:
        st.session_state[ONE_TIME] = (username, one_time)


def _active(username: str, active: bool) -> None:
    remember_problems(
        PROBLEMS,
        lambda: set_active(workspace(), username, active, actor=user()),
        tr(f"{username} enabled", f"已启用 {username}") if active else tr(f"{username} disabled", f"已停用 {username}"),
    )


def _role(username: str, role: str) -> None:
    remember_problems(PROBLEMS, lambda: set_system_role(workspace(), username, role, actor=user()))


st.title(tr("Accounts", "账户"))
if not me().is_admin:  # not in an administrator's navigation only: said again here
    st.error(tr("Only administrators manage accounts.", "只有管理员可以管理账户。"))
    st.stop()
show_remembered(PROBLEMS)
shown_once = st.session_state.pop(ONE_TIME, None)
if shown_once:
    st.success(
        tr(
            f"One-time password for {md(shown_once[0])}: `{shown_once[1]}` — shown only now; give it to them in "
            "person or by another channel. They choose their own at the first sign-in.",
            f"{md(shown_once[0])} 的一次性密码：`{shown_once[1]}`——仅显示这一次，请当面或通过其他渠道告知本人。"
            "对方首次登录时须设置自己的密码。",
        ),
        icon=":material/key:",
    )

accounts = list_users(workspace())
st.dataframe(
    pd.DataFrame(
        {
            tr("User name", "用户名"): [a.username for a in accounts],
            tr("Name", "姓名"): [a.display_name or "—" for a in accounts],
            tr("E-mail", "电子邮件"): [a.email or "—" for a in accounts],
            tr("Administrator", "管理员"): [a.is_admin for a in accounts],
            tr("Active", "有效"): [a.active for a in accounts],
            tr("Must change password", "须修改密码"): [a.must_change_password for a in accounts],
            tr("Last sign-in", "最近登录"): [
                a.last_sign_in_at.strftime("%Y-%m-%d %H:%M") if a.last_sign_in_at else "—" for a in accounts
            ],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(tr("Change an account", "修改账户"))
names = [a.username for a in accounts]
chosen = st.selectbox(tr("Account", "账户"), names, index=None, key="users_pick", placeholder=tr("Choose", "请选择"))
if chosen:
    account = next(a for a in accounts if a.username == chosen)
    cells = st.columns(3)
    cells[0].button(
        tr("Reset the password", "重置密码"), key="users_reset", on_click=_reset, args=(chosen,), width="stretch"
    )
    cells[1].button(
        tr("Enable", "启用") if not account.active else tr("Disable", "停用"),
        key="users_active",
        on_click=_active,
        args=(chosen, not account.active),
        width="stretch",
    )
    cells[2].button(
        tr("Make a member", "设为普通成员") if account.is_admin else tr("Make an administrator", "设为管理员"),
        key="users_role",
        on_click=_role,
        args=(chosen, "member" if account.is_admin else "admin"),
        width="stretch",
    )

st.subheader(tr("Add an account", "添加账户"))
with st.form("users_new_form", clear_on_submit=False, border=False):
    left, right = st.columns(2)
    left.text_input(tr("User name *", "用户名 *"), key="users_new_name", max_chars=100)
    right.text_input(tr("Name shown", "显示名称"), key="users_new_display", max_chars=200)
    left.text_input(tr("E-mail", "电子邮件"), key="users_new_email", max_chars=300)
    right.checkbox(tr("Administrator", "管理员"), key="users_new_admin")
    st.form_submit_button(tr("Add, with a one-time password", "添加并生成一次性密码"), on_click=_add, type="primary")
