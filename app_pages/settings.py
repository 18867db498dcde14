"""Settings: the interface language, who is signed in, the branding of reports, the installation."""

import streamlit as st

from app_pages.common import (
    LANG_KEY,
    LANG_NAMES,
    LANGS,
    browser_on_this_machine,
    lang,
    md,
    me,
    remember_problems,
    show_remembered,
    tr,
    user,
    workspace,
)
from app_pages.template_parts import template_settings
from assessment.workspace.about import database_info, versions
from assessment.workspace.branding import LOGO_LIMIT, get_branding, set_branding
from assessment.workspace.core import default_url

PROBLEMS = "settings_problems"
BRANDING_FIELDS = ("company", "primary", "accent")


def copy(source: str, target: str) -> None:
    st.session_state[target] = st.session_state[source]


def show_branding(branding) -> None:
    """Fill the branding form from what is stored (after a save, or on a first visit)."""
    for field in BRANDING_FIELDS:
        st.session_state[f"settings_{field}"] = getattr(branding, field)
    st.session_state["settings_logo_round"] = st.session_state.get("settings_logo_round", 0) + 1  # empties the upload


def save_branding() -> None:
    state = st.session_state
    upload = state.get(f"settings_logo_{state.get('settings_logo_round', 0)}")
    saved = remember_problems(
        PROBLEMS,
        lambda: set_branding(
            workspace(),
            company=state["settings_company"],
            primary=state["settings_primary"],
            accent=state["settings_accent"],
            logo=None if upload is None else upload.getvalue(),
            logo_name=None if upload is None else upload.name,
            actor=user(),
        ),
        tr("Branding saved", "品牌设置已保存"),
    )
    if saved is not None:
        show_branding(saved)


def remove_logo() -> None:
    saved = remember_problems(
        PROBLEMS, lambda: set_branding(workspace(), remove_logo=True, actor=user()), tr("Logo removed", "标志已移除")
    )
    if saved is not None:
        show_branding(saved)


st.title(tr("Settings", "设置"))
show_remembered(PROBLEMS)

# --- for this browser session -----------------------------------------------------------------------------------------

st.subheader(tr("You", "个人"))
# The widgets have keys of their own, filled from the shared state before they are drawn (as in the sidebar).
st.session_state["settings_lang"] = lang()
st.radio(
    tr("Interface language", "界面语言"),
    LANGS,
    format_func=LANG_NAMES.get,
    horizontal=True,
    key="settings_lang",
    on_change=copy,
    args=("settings_lang", LANG_KEY),
)
st.markdown(
    tr(
        f"Signed in as **{md(me().name)}** (user name `{me().username}`"
        + (f", e-mail {md(me().email)}" if me().email else "")
        + "). Every change you make is recorded under this account.",
        f"当前登录：**{md(me().name)}**（用户名 `{me().username}`"
        + (f"，电子邮件 {md(me().email)}" if me().email else "")
        + "）。您所做的每项修改都以此账户记录。",
    )
)

# --- branding of reports ----------------------------------------------------------------------------------------------

st.subheader(tr("Branding of reports", "报告品牌"))
branding = get_branding(workspace())
if "settings_company" not in st.session_state:
    show_branding(branding)
logo_key = f"settings_logo_{st.session_state.get('settings_logo_round', 0)}"
with st.form("settings_branding"):
    st.text_input(tr("Company name", "公司名称"), key="settings_company", max_chars=200)
    left, right = st.columns(2)
    left.color_picker(tr("Primary colour (headings, cover)", "主色（标题、封面）"), key="settings_primary")
    right.color_picker(tr("Accent colour (highlights, targets)", "强调色（重点、目标线）"), key="settings_accent")
    st.file_uploader(
        tr(
            f"Logo (PNG or JPEG, up to {LOGO_LIMIT // 1000} KB)", f"标志（PNG 或 JPEG，不超过 {LOGO_LIMIT // 1000} KB）"
        ),
        type=["png", "jpg", "jpeg"],
        key=logo_key,
        max_upload_size=1,  # megabytes; the service checks the exact limit
    )
    st.form_submit_button(tr("Save branding", "保存品牌设置"), on_click=save_branding, type="primary")
if branding.logo:
    left, right = st.columns([1, 3], vertical_alignment="center")
    left.image(branding.logo_bytes(), caption=tr("Logo in use", "当前标志"), width=160)
    right.button(tr("Remove the logo", "移除标志"), key="settings_remove_logo", on_click=remove_logo)
else:
    st.caption(tr("No logo yet.", "尚未设置标志。"))
template_settings(PROBLEMS)
st.caption(
    tr(
        "The branding is shared by everyone using this database; every change is in the audit log.",
        "品牌设置由使用本数据库的所有人共享；每次修改均记入审计日志。",
    )
)

# --- the installation -------------------------------------------------------------------------------------------------

st.subheader(tr("Installation", "安装信息"))
if browser_on_this_machine():  # where the data lie: for whoever runs the server, not for every visitor
    database = database_info(default_url())
    if database.kind == "sqlite":
        st.markdown(f"{tr('Database', '数据库')}: SQLite · `{database.location}`")
    else:
        shown = f"{database.kind} · `{database.location}`" + (f" · {database.user}" if database.user else "")
        st.markdown(f"{tr('Database', '数据库')}: {shown}")
else:
    st.caption(
        tr(
            "Where the database lies is shown only in a browser on the server itself.",
            "数据库的位置仅在服务器本机的浏览器中显示。",
        )
    )
names = {"schema": tr("Database schema", "数据库结构版本")}
st.markdown(f"**{tr('Versions', '版本')}**")
st.markdown("  \n".join(f"{names.get(key, key)}: `{value}`" for key, value in versions(workspace()).items()))
