"""The consultant's workbench (the Streamlit script app.py serves): page config, the sidebar (language, open
assessment), navigation, then the page runs."""

import streamlit as st

from app_pages.common import (
    ASSESSMENT_KEY,
    LANG_KEY,
    LANG_NAMES,
    LANGS,
    current_assessment_id,
    database_guard,
    guard_what_the_browser_shows,
    lang,
    tr,
    user,
    workspace,
)
from assessment.workspace.queries import assessment_names

st.set_page_config(page_title="MaturityMap", page_icon="📊", layout="wide")

lang()  # settle the language before any text is drawn
guard_what_the_browser_shows()


def page(path: str, en: str, zh: str, icon: str, **options) -> st.Page:
    return st.Page(f"app_pages/{path}.py", title=tr(en, zh), icon=icon, url_path=path, **options)


pages = {
    tr("Assessment", "评估"): [
        page("assessments", "Assessments", "评估列表", ":material/folder_open:", default=True),
        page("setup", "Setup", "评估设置", ":material/tune:"),
    ],
    tr("Collect", "收集"): [
        page("interview", "Interview", "访谈", ":material/record_voice_over:"),
        page("survey", "Survey", "问卷调查", ":material/assignment:"),
        page("context", "Context and walkthroughs", "现状背景与穿行测试", ":material/explore:"),
    ],
    tr("Analyse", "分析"): [
        page("results", "Results", "评估结果", ":material/insights:"),
        page("consensus", "Consensus and units", "共识与单位", ":material/handshake:"),
        page("roadmap", "Gaps and roadmap", "差距与路线图", ":material/route:"),
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
navigation = st.navigation(pages)


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
if user():  # the audit log's name survives a reload of the page, as the language does
    st.query_params["user"] = user()
else:
    st.query_params.pop("user", None)
banner = st.container()  # above the page: where it says that the database cannot be reached

# Without the database, the page says so (and keeps the answers it could not save) instead of a traceback.
with database_guard(banner):
    current_assessment_id()
    listed = assessment_names(workspace())  # no counting: the sidebar is drawn on every rerun of every page
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
    navigation.run()
