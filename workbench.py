"""The consultant's workbench (the Streamlit script app.py serves): page config, the sidebar (language, open
assessment), navigation, then the page runs."""

import streamlit as st

from app_pages.common import (
    ASSESSMENT_KEY,
    LANG_KEY,
    LANG_NAMES,
    LANGS,
    REFUSED_KEY,
    current_assessment_id,
    database_guard,
    guard_what_the_browser_shows,
    lang,
    may,
    md,
    me,
    settle_role,
    signed_in_user,
    tr,
    visible,
    workspace,
)
from app_pages.errors import go_to, show_signed_out
from assessment.workspace.queries import assessment_names

st.set_page_config(page_title="MaturityMap", page_icon="📊", layout="wide")

lang()  # settle the language before any text is drawn
guard_what_the_browser_shows()


def page(path: str, en: str, zh: str, icon: str, **options) -> st.Page:
    return st.Page(f"app_pages/{path}.py", title=tr(en, zh), icon=icon, url_path=path, **options)


COLLECT_PAGES = (
    "setup",
    "interview",
    "survey",
    "campaigns",
    "context",
)  # they change what was collected: not for viewers


def pages_for(may_collect: bool) -> dict[str, list[st.Page]]:
    """The navigation: every page, but those that change what was collected only for who may collect."""
    pages = {
        tr("Assessment", "评估"): [
            page("assessments", "Assessments", "评估列表", ":material/folder_open:", default=True),
            page("setup", "Setup", "评估设置", ":material/tune:"),
        ],
        tr("Collect", "收集"): [
            page("interview", "Interview", "访谈", ":material/record_voice_over:"),
            page("survey", "Survey", "问卷调查", ":material/assignment:"),
            page("campaigns", "Survey campaigns", "问卷活动", ":material/qr_code_2:"),
            page("context", "Context and walkthroughs", "现状背景与穿行测试", ":material/explore:"),
        ],
        tr("Analyse", "分析"): [
            page("results", "Results", "评估结果", ":material/insights:"),
            page("consensus", "Consensus and units", "共识与单位", ":material/handshake:"),
            page("evidence", "Evidence", "数据佐证", ":material/fact_check:"),
            page("roadmap", "Gaps and roadmap", "差距与路线图", ":material/route:"),
            page("findings", "Findings and recommendations", "结论与建议", ":material/rate_review:"),
        ],
        tr("Share", "输出"): [
            page("report", "Report", "报告", ":material/description:"),
            page("compare", "Compare", "对比", ":material/compare_arrows:"),
        ],
        tr("More", "更多"): [
            page("quick_score", "Quick score of a file", "文件快速评分", ":material/bolt:"),
            page("settings", "Settings", "设置", ":material/settings:"),
        ],
    }
    if me().is_admin:
        pages[tr("More", "更多")].append(page("users", "Accounts", "账户", ":material/group:"))
    if may_collect:
        return pages
    kept = {group: [p for p in listed if p.url_path not in COLLECT_PAGES] for group, listed in pages.items()}
    return {group: listed for group, listed in kept.items() if listed}


def _copy(source: str, target: str) -> None:
    st.session_state[target] = st.session_state[source]


# The sidebar widgets have keys of their own, filled from the shared state before they are drawn, so that
# any page may change the language or the open assessment (then rerun) without touching a drawn widget.
with st.sidebar:
    st.session_state["app_lang_pick"] = lang()
    st.radio(
        tr("Language", "语言"),
        LANGS,
        key="app_lang_pick",
        format_func=LANG_NAMES.get,
        horizontal=True,
        on_change=_copy,
        args=("app_lang_pick", LANG_KEY),
    )
st.query_params["lang"] = lang()
st.query_params.pop("user", None)  # an address from before sign-in named the audit log's user; no longer read
banner = st.container()  # above the page: where it says that the database cannot be reached


def signed_out() -> None:
    """Nobody is signed in in this session any more: say so, go to the sign-in page, and draw no page."""
    show_signed_out()
    st.stop()


def signed_in_as() -> None:
    """The sidebar's foot: who is signed in, the password and sign-out buttons."""
    with st.sidebar:
        st.divider()
        st.caption(
            tr(
                f"Signed in as {md(me().name)} ({md(me().username)})",
                f"当前用户：{md(me().name)}（{md(me().username)}）",
            )
        )
        left, right = st.columns(2)
        if left.button(tr("Password", "修改密码"), key="app_password", width="stretch"):
            go_to(f"/account/password?lang={lang()}")
        if right.button(tr("Sign out", "退出登录"), key="app_sign_out", width="stretch"):
            go_to(f"/signout?lang={lang()}")


# Without the database, the page says so (and keeps the answers it could not save) instead of a traceback.
with database_guard(banner):
    if signed_in_user() is None:
        signed_out()
    current_assessment_id()
    refused = st.session_state.pop(REFUSED_KEY, None)
    if refused is not None:
        st.error(
            tr(
                f"Assessment {refused} is not open to you: it does not exist, or you are not one of its members. "
                "Its lead or an administrator can add you.",
                f"您无法打开评估 {refused}：该评估不存在，或您不是其成员。可请其负责人或管理员添加您。",
            ),
            icon=":material/block:",
        )
    listed = visible(assessment_names(workspace()))  # no counting: the sidebar is drawn on every rerun of every page
    if listed:
        ids = [assessment_id for assessment_id, _, _ in listed]
        names = {assessment_id: f"{client} · {name}" for assessment_id, client, name in listed}
        if st.session_state.get(ASSESSMENT_KEY) not in ids:
            st.session_state[ASSESSMENT_KEY] = ids[-1]
        st.session_state["app_assessment_pick"] = st.session_state[ASSESSMENT_KEY]
        st.sidebar.selectbox(
            tr("Open assessment", "当前评估"),
            ids,
            key="app_assessment_pick",
            format_func=names.get,
            on_change=_copy,
            args=("app_assessment_pick", ASSESSMENT_KEY),
        )
    # The URL carries the language and the open assessment, so a reload of the browser keeps both.
    if st.session_state.get(ASSESSMENT_KEY) is not None:
        st.query_params["a"] = str(st.session_state[ASSESSMENT_KEY])
    signed_in_as()  # at the sidebar's foot, under the open assessment
    settle_role()  # the user's role on the open assessment: what the pages offer
    # expanded: every page listed (a collapsed list says "View N more" in English whatever the language)
    navigation = st.navigation(pages_for(may("collect") or st.session_state.get(ASSESSMENT_KEY) is None), expanded=True)
    navigation.run()
