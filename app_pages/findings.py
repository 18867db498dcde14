"""Findings and recommendations: the consultant's own words for the executive summary and for each process.

Each box shows what the report says while nothing is written (the generated text), a text area for the
consultant's Markdown (paragraphs, lists, bold), Save, Restore generated text, and a preview of the saved text as
the report shows it. A viewer (the steering group) reads; only who may analyse writes.
"""

import datetime as dt

import streamlit as st

from app_pages.common import (
    analysis,
    lang,
    may,
    md,
    remember_problems,
    require_assessment,
    show_remembered,
    tr,
    user,
    workspace,
)
from assessment.report.consultant_defaults import generated_texts
from assessment.report.rich_text import Block, parse
from assessment.workspace.consultant_texts import KINDS, MAX_CHARS, SUMMARY, consultant_texts, save_consultant_text
from assessment.workspace.core import default_url

PROBLEMS = "findings_problems"  # where the callbacks leave a service's problems for this run to show


@st.cache_resource(max_entries=16, show_spinner=False)
def generated(url: str, assessment_id: int, revision: int, today: dt.date, language: str) -> dict:
    """The generated text of every box, once per revision and language (shared by the sessions, never changed)."""
    return generated_texts(analysis(assessment_id), language)


def widget_key(assessment_id: int, scope: str, kind: str) -> str:
    return f"findings_{assessment_id}_{scope}_{kind}"


def save(assessment_id: int, scope: str, kind: str) -> None:
    text = st.session_state.get(widget_key(assessment_id, scope, kind), "")
    done = tr("Saved: the report shows this text", "已保存：报告将显示此文本")
    if not text.strip():
        done = tr("Cleared: the report shows the generated text", "已清除：报告将显示自动生成的文本")
    remember_problems(
        PROBLEMS, lambda: save_consultant_text(workspace(), assessment_id, scope, kind, text, actor=user()), done
    )


def restore(assessment_id: int, scope: str, kind: str) -> None:
    st.session_state[widget_key(assessment_id, scope, kind)] = ""
    remember_problems(
        PROBLEMS,
        lambda: save_consultant_text(workspace(), assessment_id, scope, kind, "", actor=user()),
        tr("The report shows the generated text again", "报告已恢复显示自动生成的文本"),
    )


def runs_markdown(runs: list[dict]) -> str:
    """Runs as Streamlit Markdown: every text escaped (md), bold as bold; nothing else of the text is markup."""
    return "".join(f"**{md(run['text'])}**" if run["bold"] else md(run["text"]) for run in runs)


def preview(blocks: list[Block]) -> str:
    """The parsed text as Streamlit Markdown, as the report lays it out."""
    parts = []
    for block in blocks:
        if block["kind"] == "paragraph":
            parts.append(runs_markdown(block["runs"]))
            continue
        first = int(block.get("start", 1))
        lines = [
            f"{'-' if block['kind'] == 'bullets' else f'{n}.'} {runs_markdown(item)}"
            for n, item in enumerate(block["items"], start=first)
        ]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


KIND_LABELS = {"findings": ("Findings", "结论"), "recommendations": ("Recommendations", "建议")}
NOTHING_GENERATED = {
    (True, "findings"): ("", ""),
    (True, "recommendations"): (
        "Nothing is generated here: the report lists the priorities and the first steps.",
        "此处没有自动生成的文本：报告列出优先级和首批行动。",
    ),
    (False, "findings"): ("Nothing is generated here.", "此处没有自动生成的文本。"),
    (False, "recommendations"): (
        "Nothing is generated here: the report shows the process's other sections.",
        "此处没有自动生成的文本：报告显示该流程的其他部分。",
    ),
}


def box(assessment_id: int, scope: str, kind: str, written, default: list[str], read_only: bool) -> None:
    """One text: who wrote it (or the generated text it stands in for), the editor, the preview."""
    st.markdown(f"**{tr(*KIND_LABELS[kind])}**")
    key = widget_key(assessment_id, scope, kind)
    if written is not None:
        when = f"{written.updated_at:%Y-%m-%d %H:%M}"
        by = md(written.updated_by)
        st.caption(tr(f"Written by {by}, {when} UTC", f"由 {by} 撰写，{when} UTC"))
    else:
        st.caption(tr("Not written: the report shows the generated text", "尚未撰写：报告显示自动生成的文本"))
        shown = "\n\n".join(md(paragraph) for paragraph in default)
        st.info(shown or tr(*NOTHING_GENERATED[scope == SUMMARY, kind]), icon=":material/auto_awesome:")
    if key not in st.session_state:  # the stored text, until this session types another
        st.session_state[key] = written.text if written is not None else ""
    with st.form(f"{key}_form", border=False):
        st.text_area(
            tr(*KIND_LABELS[kind]),
            key=key,
            height=160,
            max_chars=MAX_CHARS,
            disabled=read_only,
            label_visibility="collapsed",
            placeholder=tr(
                "Paragraphs (a blank line between them), lists (- or 1.), **bold**",
                "段落（段落之间空一行）、列表（- 或 1.）、**粗体**",
            ),
        )
        left, right = st.columns(2)
        left.form_submit_button(
            tr("Save", "保存"),
            key=f"{key}_save",
            disabled=read_only,
            on_click=save,
            args=(assessment_id, scope, kind),
            icon=":material/save:",
        )
        right.form_submit_button(
            tr("Restore generated text", "恢复自动生成的文本"),
            key=f"{key}_restore",
            disabled=read_only or written is None,
            on_click=restore,
            args=(assessment_id, scope, kind),
            icon=":material/restart_alt:",
        )
    if written is not None:
        with st.expander(tr("Preview as in the report", "报告中的效果预览"), icon=":material/visibility:"):
            st.markdown(preview(parse(written.text)))


details = require_assessment()
st.title(tr("Findings and recommendations", "结论与建议"))
st.caption(
    tr(
        "What you write here stands in the report and the other deliverables instead of the generated text: for the "
        "executive summary and for each process. Paragraphs are separated by a blank line; a line starting with "
        "`-` or `*` is a bullet, with `1.` a numbered item; `**text**` is bold. Anything else (headings, links, HTML) "
        f"shows as typed. At most {MAX_CHARS:,} characters per text; an empty text brings the generated one back.",
        "此处撰写的内容将替代报告及其他交付文件中自动生成的文本：适用于执行摘要和各流程。段落之间空一行；"
        "以 `-` 或 `*` 开头的行为项目符号，以 `1.` 开头的行为编号项；`**文本**` 为粗体。其他内容（标题、链接、HTML）"
        f"按原样显示。每段文本最多 {MAX_CHARS:,} 个字符；清空文本即恢复自动生成的文本。",
    )
)
read_only = not may("analyse")  # a viewer (the steering group) reads what the consultants wrote
if read_only:
    st.info(
        tr(
            "You can read these texts; the assessment's consultants write them.",
            "您可以阅读这些文本；由本评估的顾问撰写。",
        ),
        icon=":material/visibility:",
    )
show_remembered(PROBLEMS)
found = analysis(details.id)
written_texts = consultant_texts(workspace(), details.id)
defaults = generated(default_url(), details.id, details.revision, dt.date.today(), lang())
names = {process.id: process.name.get(lang()) for process in found.scored.questionnaire.processes}
scopes = [(SUMMARY, tr("Executive summary", "执行摘要"))]
scopes += [(process, names.get(process, process)) for process in found.scored.result.processes["process"]]
for scope, title in scopes:
    with st.container(border=True):
        st.subheader(md(title))
        for column, kind in zip(st.columns(2), KINDS, strict=True):
            with column:
                written = written_texts.get((scope, kind))
                box(details.id, scope, kind, written, defaults.get((scope, kind), []), read_only)
