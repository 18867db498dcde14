"""The report: its options (language, sections, assessor), the branding, the PDF report (and its HTML), and the
other files (results workbook, roadmap, bundle).

The options are UI state, kept in the session while the user visits other pages; the report's bytes are kept only
in the report store of app_pages/downloads.py, keyed by the assessment's revision and the options.
"""

import logging
import time

import streamlit as st

from app_pages.common import LANG_NAMES, LANGS, lang, may, md, require_assessment, tr, user, workspace
from app_pages.downloads import (
    FILES,
    REPORTS,
    WITH_NAMES,
    download_button,
    make_report,
    produce,
    report_file,
    report_key,
    report_name,
)
from assessment.report.options import SECTIONS, ReportOptions
from assessment.workspace.branding import get_branding

OPTIONS = "report_options"  # {lang, sections, assessor, html, docx, files}: kept while the user visits other pages
READY = "report_ready"  # (assessment, revision, language, files) of the files produced last, for the download buttons
GENERATED = "report_generated"  # a report was generated in this session (to say when the options changed since)


def options() -> dict:
    """The options chosen on this page, as kept in the session (defaults on a first visit).

    `assessor` stays None until the user types one: the report then names the user of the settings page.
    """
    chosen = st.session_state.get(OPTIONS)
    if not isinstance(chosen, dict):
        files = [kind for kind in FILES if may("names") or kind not in WITH_NAMES]
        chosen = st.session_state[OPTIONS] = {"lang": lang(), "sections": list(SECTIONS), "files": files}
    chosen.setdefault("assessor", None)
    chosen.setdefault("html", False)
    chosen.setdefault("pptx", False)
    chosen.setdefault("docx", False)
    return chosen


def report_options() -> ReportOptions:
    """The report's language and sections as chosen on this page: what the PDF generator takes."""
    chosen = options()
    return ReportOptions(chosen["lang"], tuple(chosen["sections"]))


def assessor() -> str:
    """The assessor the report names: as typed on this page, else the signed-in user's name."""
    typed = options()["assessor"]
    return (user() if typed is None else typed).strip()


def keep(option: str) -> None:
    options()[option] = st.session_state[f"report_{option}_pick"]


details = require_assessment()

st.title(tr("Report", "报告"))
st.caption(f"{md(details.client)} · {md(details.name)}")

# --- options ----------------------------------------------------------------------------------------------------------

st.subheader(tr("Options", "选项"))
chosen = options()
for option in ("lang", "sections", "html", "docx", "pptx", "files"):
    st.session_state[f"report_{option}_pick"] = chosen[option]
st.session_state["report_assessor_pick"] = assessor()
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
st.text_input(
    tr("Assessor named in the report", "报告中署名的评估人"),
    key="report_assessor_pick",
    on_change=keep,
    args=("assessor",),
    max_chars=100,
    placeholder=tr("(none)", "（不署名）"),
    help=tr("By default your name from the settings.", "默认为您在设置中填写的姓名。"),
)
st.checkbox(
    tr("Also an HTML version (for a browser or e-mail)", "同时生成 HTML 版本（供浏览器查看或邮件发送）"),
    key="report_html_pick",
    on_change=keep,
    args=("html",),
)
st.checkbox(
    tr(
        "Also a Word report (.docx, to edit; in the firm's template when one is uploaded)",
        "同时生成 Word 报告（.docx，可编辑；如已上传公司模板则使用该模板）",
    ),
    key="report_docx_pick",
    on_change=keep,
    args=("docx",),
    help=tr(
        "The same chapters, texts and tables in Word's own heading styles, with the charts as pictures.",
        "与 PDF 相同的章节、文字和表格，使用 Word 的标题样式，图表为图片。",
    ),
)
st.checkbox(
    tr(
        "Also the steering-committee deck (.pptx, in the firm's template when one is uploaded)",
        "同时生成指导委员会汇报（.pptx；如已上传公司模板则使用该模板）",
    ),
    key="report_pptx_pick",
    on_change=keep,
    args=("pptx",),
)

planned = report_options()
st.caption(
    tr(
        f"The report will have {len(planned.sections)} of {len(SECTIONS)} sections, in {LANG_NAMES[planned.lang]}.",
        f"报告将包含 {len(SECTIONS)} 个章节中的 {len(planned.sections)} 个，语言为{LANG_NAMES[planned.lang]}。",
    )
)

branding = get_branding(workspace())
with st.container(border=True):
    st.markdown(f"**{tr('Branding', '品牌')}**")
    left, right = st.columns([3, 1])
    with left:
        st.markdown(
            f"{tr('Company', '公司')}: {md(branding.company or tr('(not set)', '（未设置）'))}  \n"
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

# --- the report -------------------------------------------------------------------------------------------------------

named = assessor()
report_kinds = ["pdf"] + ["html"] * bool(chosen["html"]) + ["docx"] * bool(chosen["docx"])
report_kinds += ["pptx"] * bool(chosen["pptx"])
keys = {kind: report_key(details, planned, named, branding, kind) for kind in report_kinds}
if st.button(
    tr("Generate the report", "生成报告"),
    key="report_generate",
    type="primary",
    icon=":material/picture_as_pdf:",
    disabled=not planned.sections,
):
    stages = {  # the generator's stages, as the progress bar shows them
        "start": tr("Reading the analysis…", "正在读取分析结果……"),
        "charts": tr("Drawing the charts…", "正在绘制图表……"),
        "layout": tr("Laying out the pages…", "正在排版……"),
        "pdf": tr("Writing the PDF…", "正在写入 PDF……"),
        "deck": tr("Building the slides…", "正在生成幻灯片……"),
        "done": tr("Done", "完成"),
    }
    with st.status(tr("Generating the report…", "正在生成报告……"), expanded=True) as status:
        bar = st.progress(0.0, text=stages["start"])
        began = time.monotonic()
        try:
            make_report(
                details,
                planned,
                named,
                branding,
                report_kinds,
                lambda fraction, stage: bar.progress(fraction, text=stages.get(stage, stage)),
            )
        except Exception as error:  # shown, not raised: the options and the other files stay usable
            logging.getLogger(__name__).exception("the report of assessment %s could not be generated", details.id)
            status.update(label=tr("The report could not be generated", "报告生成失败"), state="error")
            st.error(md(f"{type(error).__name__}: {error}"), icon=":material/error:")
        else:
            seconds = round(time.monotonic() - began)
            label = tr(f"Report ready ({seconds} s)", f"报告已生成（{seconds} 秒）")
            status.update(label=label, state="complete", expanded=False)
    st.session_state[GENERATED] = True
ready = {kind: data for kind, key in keys.items() if (data := report_file(key)) is not None}
if ready:
    for cell, (kind, data) in zip(st.columns(max(3, len(ready))), ready.items(), strict=False):
        with cell:
            label, mime = REPORTS[kind]
            st.download_button(
                tr(*label),
                data=data,
                file_name=report_name(details, kind, planned.lang),
                mime=mime,
                key=f"report_download_{kind}",
                icon=":material/download:",
                on_click="ignore",
                width="stretch",
            )
if len(ready) < len(report_kinds) and (ready or st.session_state.get(GENERATED)):
    st.caption(
        tr(
            "The assessment or the options changed: generate the report again.",
            "评估或选项已更改：请重新生成报告。",
        )
    )

# --- other files ------------------------------------------------------------------------------------------------------

st.subheader(tr("Other files", "其他文件"))
chosen_lang = chosen["lang"]
file_names = {kind: tr(*pair) for kind, pair in FILES.items()}
# respondents' names are in the raw data and the bundle: only for who may see them (never a viewer)
offered = [kind for kind in FILES if may("names") or kind not in WITH_NAMES]
if any(kind not in offered for kind in st.session_state.get("report_files_pick", [])):
    st.session_state["report_files_pick"] = [kind for kind in st.session_state["report_files_pick"] if kind in offered]
kinds = st.multiselect(
    tr("Produce", "生成"),
    offered,
    format_func=file_names.get,
    key="report_files_pick",
    on_change=keep,
    args=("files",),
)
st.caption(
    tr(
        "The results workbook has a sheet per view: processes, levels, items, dimensions, priorities, roadmap, "
        "flagged items, units and consistency. The raw data is the working file: every answer with its respondent, "
        "comment, evidence and time, and the context records. The bundle carries the whole assessment to another "
        "database.",
        "评估结果工作簿按视图分工作表：流程、各级评定、题目、维度、优先级、路线图、分歧项、各单位与一致性。"
        "原始数据是顾问的工作文件：每个回答及其答卷人、备注、证据和时间，以及现状背景记录。"
        "数据包可将完整评估迁移到另一个数据库。",
    )
)
wanted = (details.id, details.revision, chosen_lang, tuple(kinds))
if st.button(tr("Produce the files", "生成文件"), key="report_produce", disabled=not kinds):
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
