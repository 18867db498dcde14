"""The report: its options (language, sections, branding) and the files that can be produced now.

The PDF arrives with the report generator; it takes `report_options()` (kept in the session as UI state).
"""

import streamlit as st

from app_pages.common import LANG_NAMES, LANGS, lang, require_assessment, tr, workspace
from app_pages.downloads import FILES, download_button, produce
from assessment.branding import get_branding
from assessment.report_options import SECTIONS, ReportOptions

OPTIONS = "report_options"  # {lang, sections, files}: kept while the user visits other pages (widget state is not)
READY = "report_ready"  # (assessment, revision, language, files) of the files produced last, for the download buttons


def options() -> dict:
    """The options chosen on this page, as kept in the session (defaults on a first visit)."""
    chosen = st.session_state.get(OPTIONS)
    if not isinstance(chosen, dict):
        chosen = st.session_state[OPTIONS] = {"lang": lang(), "sections": list(SECTIONS), "files": list(FILES)}
    return chosen


def report_options() -> ReportOptions:
    """The report's language and sections as chosen on this page: what the PDF generator takes."""
    chosen = options()
    return ReportOptions(chosen["lang"], tuple(chosen["sections"]))


def keep(option: str) -> None:
    options()[option] = st.session_state[f"report_{option}_pick"]


details = require_assessment()

st.title(tr("Report", "报告"))
st.caption(f"{details.client} · {details.name}")
st.info(
    tr(
        "The PDF report (cover, executive summary, method, charts, roadmap, appendix) arrives with the report "
        "generator in the next release. The options below are kept for it; the files below can be produced now.",
        "PDF 报告（封面、执行摘要、方法、图表、路线图、附录）将随下一版本的报告生成器提供。下方选项会为其保留；"
        "下方文件现在即可生成。",
    ),
    icon="ℹ️",
)

# --- options ----------------------------------------------------------------------------------------------------------

st.subheader(tr("Options", "选项"))
chosen = options()
for option in ("lang", "sections", "files"):
    st.session_state[f"report_{option}_pick"] = chosen[option]
st.radio(
    tr("Language of the report and the files", "报告及文件的语言"),
    LANGS,
    format_func=LANG_NAMES.get,
    horizontal=True,
    key="report_lang_pick",
    on_change=keep,
    args=("lang",),
)
section_names = {key: tr(value.en, value.zh) for key, value in SECTIONS.items()}
st.multiselect(
    tr("Sections to include", "包含的章节"),
    list(SECTIONS),
    format_func=section_names.get,
    key="report_sections_pick",
    on_change=keep,
    args=("sections",),
)

planned = report_options()
st.caption(
    tr(
        f"The PDF will have {len(planned.sections)} of {len(SECTIONS)} sections, in {LANG_NAMES[planned.lang]}.",
        f"PDF 报告将包含 {len(SECTIONS)} 个章节中的 {len(planned.sections)} 个，语言为{LANG_NAMES[planned.lang]}。",
    )
)

branding = get_branding(workspace())
with st.container(border=True):
    st.markdown(f"**{tr('Branding', '品牌')}**")
    left, right = st.columns([3, 1])
    with left:
        st.markdown(
            f"{tr('Company', '公司')}: {branding.company or tr('(not set)', '（未设置）')}  \n"
            f"{tr('Primary colour', '主色')}: `{branding.primary}` · "
            f"{tr('Accent colour', '强调色')}: `{branding.accent}`"
        )
        st.page_link(
            "app_pages/settings.py", label=tr("Change in the settings", "在设置中修改"), icon=":material/settings:"
        )
    with right:
        if branding.logo:
            st.image(branding.logo_bytes(), caption=tr("Logo", "标志"), width=120)
        else:
            st.caption(tr("No logo", "无标志"))

# --- files that can be produced now ----------------------------------------------------------------------------------

st.subheader(tr("Files", "文件"))
chosen_lang = chosen["lang"]
file_names = {kind: tr(*pair) for kind, pair in FILES.items()}
kinds = st.multiselect(
    tr("Produce", "生成"),
    list(FILES),
    format_func=file_names.get,
    key="report_files_pick",
    on_change=keep,
    args=("files",),
)
st.caption(
    tr(
        "The results workbook has a sheet per view: processes, levels, items, dimensions, priorities, roadmap, "
        "flagged items, units and consistency. The bundle carries the whole assessment to another database.",
        "评估结果工作簿按视图分工作表：流程、各级评定、题目、维度、优先级、路线图、分歧项、各单位与一致性。"
        "数据包可将完整评估迁移到另一个数据库。",
    )
)
wanted = (details.id, details.revision, chosen_lang, tuple(kinds))
if st.button(tr("Produce the files", "生成文件"), key="report_produce", type="primary", disabled=not kinds):
    with st.status(tr("Producing the files…", "正在生成文件……"), expanded=True) as status:
        progress = st.progress(0.0)
        for done, kind in enumerate(kinds, start=1):
            st.write(file_names[kind])
            produce(details, kind, chosen_lang)
            progress.progress(done / len(kinds))
        status.update(label=tr("Files ready", "文件已生成"), state="complete", expanded=False)
    st.session_state[READY] = wanted
if st.session_state.get(READY) == wanted:
    for first in range(0, len(kinds), 3):  # rows of three buttons
        for cell, kind in zip(st.columns(3), kinds[first : first + 3], strict=False):
            with cell:
                download_button(details, kind, chosen_lang, f"report_download_{kind}", produced=True)
elif st.session_state.get(READY):
    st.caption(
        tr("The assessment or the options changed: produce the files again.", "评估或选项已更改：请重新生成文件。")
    )
