"""The assessments: the stored ones, open one, create one, copy one for a re-assessment, the demo, bundles."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages.archive_parts import archive_section
from app_pages.common import (
    attempt,
    current_assessment_id,
    lang,
    may,
    md,
    me,
    open_assessment,
    show_problems,
    text,
    tr,
    user,
    visible,
    workspace,
)
from app_pages.labels import assessment_label, rule_choice, rule_names
from assessment.accounts.memberships import grant
from assessment.problems import Problem, QuestionnaireError
from assessment.questionnaire import LoadedQuestionnaire, Questionnaire
from assessment.workspace.assessments import copy_assessment, create_assessment, list_assessments
from assessment.workspace.bundles import export_bundle, import_bundle
from assessment.workspace.core import RULES, Workspace, WorkspaceError
from assessment.workspace.demo import load_demo
from assessment.workspace.setup_sources import bundled_questionnaires, load_bundled, questionnaire_from_upload

FLASH = "assessments_flash"  # a confirmation to show after the rerun that opens an assessment
RESET = "assessments_reset"  # widget values to put back on that rerun, before the widgets are drawn
OPEN_PICK = "assessments_open_pick"
RULE = "assessments_new_rule"


def opened(assessment_id: int, message: str, reset: dict[str, object] | None = None, *, new: bool = False) -> None:
    """Open the assessment (`new`: the user has just created, copied, imported or loaded it, and becomes its lead),
    confirm on the next run, and rerun so the sidebar shows it; on that run the picker of the assessment to open
    shows it, and the widgets of `reset` show the values given (a widget drawn in this run cannot be changed any
    more, and a browser shows a widget's old value unless the server sets a new one)."""
    if new:
        grant(workspace(), assessment_id, me().username, "lead", actor=user())
    open_assessment(assessment_id)
    st.session_state[FLASH] = message
    st.session_state[RESET] = {OPEN_PICK: assessment_id, **(reset or {})}
    st.rerun()


@st.cache_resource(show_spinner=False, max_entries=4)
def _library(name: str) -> Questionnaire | QuestionnaireError:
    try:
        return load_bundled(name)
    except QuestionnaireError as error:
        return error


@st.cache_resource(show_spinner=False, max_entries=8)
def _uploaded(name: str, data: bytes) -> LoadedQuestionnaire | QuestionnaireError:
    # keyed by the file's content: the same upload is checked once, on any rerun of any session
    try:
        return questionnaire_from_upload(name, data)
    except QuestionnaireError as error:
        return error


def _optional_help(questionnaire: Questionnaire) -> str | None:
    """What the scope list says of the questionnaire's optional modules: offered, not chosen by default."""
    names = [md(text(p.name)) for p in questionnaire.processes if p.optional]
    if not names:
        return None
    return tr(
        f"Optional modules ({', '.join(names)}) are offered but not chosen by default: add them when the engagement "
        "covers them.",
        f"可选模块（{'、'.join(names)}）可以选择，但默认不在范围内：评估涉及时再加入。",
    )


def _bundle_bytes(ws: Workspace, assessment_id: int) -> bytes:
    with tempfile.TemporaryDirectory(prefix="maturitymap-bundle-") as folder:
        path = Path(folder) / "assessment.mmbundle"
        export_bundle(ws, assessment_id, path)
        return path.read_bytes()


def _file_name(name: str) -> str:
    """The assessment name as a file name: characters no file system accepts replaced."""
    return (re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" .") or "assessment") + ".mmbundle"


flash = st.session_state.pop(FLASH, None)
if flash:
    st.toast(flash, icon=":material/check_circle:")
for widget, value in st.session_state.pop(RESET, {}).items():
    st.session_state[widget] = value

st.title(tr("Assessments", "评估列表"))
summaries = visible(list_assessments(workspace()), lambda summary: summary.id)
open_id = current_assessment_id()
DEMO = tr("(demo data)", "（演示数据）")
labels = {s.id: assessment_label(s.client, s.name, s.is_demo) for s in summaries}

# --- the stored assessments and the open one -------------------------------------------------------------------------

if not summaries:
    st.info(
        tr(
            "No assessment is stored yet: create one below, or open the demo for a first look.",
            "尚无评估：请在下方新建评估，或打开演示评估先看看效果。",
        )
    )
else:
    if open_id in labels:
        st.success(
            tr(f"Open: {md(labels[open_id])}", f"当前评估：{md(labels[open_id])}"), icon=":material/folder_open:"
        )
        links = st.columns(3)
        if may("collect"):  # a viewer has no setting-up nor interviewing pages
            links[0].page_link("app_pages/setup.py", label=tr("Set it up", "设置评估"), icon=":material/tune:")
            links[1].page_link(
                "app_pages/interview.py", label=tr("Interview", "访谈"), icon=":material/record_voice_over:"
            )
        links[2].page_link("app_pages/results.py", label=tr("Results", "评估结果"), icon=":material/insights:")
    table = pd.DataFrame(
        {
            "client": [s.client for s in summaries],
            "name": [s.name for s in summaries],
            "questionnaire": [f"{s.questionnaire_id} {s.questionnaire_version}" for s in summaries],
            "rule": [rule_names().get(s.rule, s.rule) for s in summaries],
            "processes": [s.processes for s in summaries],
            "respondents": [s.respondents for s in summaries],
            "answers": [s.answers for s in summaries],
            "demo": [DEMO if s.is_demo else "" for s in summaries],
            "started_on": [s.started_on for s in summaries],
        }
    )
    headers = {
        "client": tr("Client", "客户"),
        "name": tr("Assessment", "评估"),
        "questionnaire": tr("Questionnaire", "问卷"),
        "rule": tr("Rule", "规则"),
        "processes": tr("Processes", "流程数"),
        "respondents": tr("Respondents", "答卷人"),
        "answers": tr("Answers", "答案数"),
        "demo": tr("Demo", "演示"),
        "started_on": tr("Started on", "开始日期"),
    }
    st.dataframe(
        table.rename(columns=headers),
        hide_index=True,
        width="stretch",
        column_config={headers["started_on"]: st.column_config.DateColumn(format="YYYY-MM-DD")},
    )
    ids = list(labels)
    pick_column, button_column = st.columns([4, 1], vertical_alignment="bottom")
    picked = pick_column.selectbox(
        tr("Assessment to open", "要打开的评估"),
        ids,
        index=ids.index(open_id) if open_id in ids else len(ids) - 1,
        format_func=labels.get,
        key=OPEN_PICK,
    )
    if button_column.button(tr("Open", "打开"), key="assessments_open", type="primary", width="stretch"):
        opened(picked, tr(f"Opened {md(labels[picked])}", f"已打开 {md(labels[picked])}"))
open_summary = next((s for s in summaries if s.id == open_id), None)
archive_section(open_summary if may("delete") else None)  # the lead's (and an administrator's)

new_tab, copy_tab, demo_tab, bundle_tab = st.tabs(
    [tr("New assessment", "新建评估"), tr("Re-assessment", "复评"), tr("Demo", "演示评估"), tr("Bundles", "数据包")]
)

# --- create ----------------------------------------------------------------------------------------------------------

with new_tab:
    source = st.radio(
        tr("Questionnaire", "问卷"),
        ["library", "upload"],
        format_func={
            "library": tr("From the bundled library", "内置问卷库"),
            "upload": tr("Upload a questionnaire YAML file", "上传问卷 YAML 文件"),
        }.get,
        horizontal=True,
        key="assessments_new_source",
    )
    chosen: Questionnaire | None = None
    if source == "library":
        library = bundled_questionnaires()
        if not library:
            st.warning(tr("The bundled library is empty.", "内置问卷库为空。"))
        else:
            name = st.selectbox(
                tr("Questionnaire of the library", "问卷库中的问卷"),
                library,
                index=library.index("itsm-core") if "itsm-core" in library else 0,
                key="assessments_new_library",
            )
            found = _library(name)
            if isinstance(found, QuestionnaireError):
                show_problems(found)
            else:
                chosen = found
    else:
        upload = st.file_uploader(
            tr("Questionnaire (one YAML file)", "问卷（单个 YAML 文件）"),
            type=["yaml", "yml"],
            key="assessments_new_upload",
            help=tr(
                "A questionnaire in one file, written as docs/questionnaire-authoring.md describes.",
                "单个文件的问卷，写法见 docs/questionnaire-authoring.md。",
            ),
        )
        if upload is not None:
            loaded = _uploaded(upload.name, upload.getvalue())
            if isinstance(loaded, QuestionnaireError):
                st.write(tr(f"{md(upload.name)} cannot be used:", f"{md(upload.name)} 无法使用："))
                show_problems(loaded)
            else:
                for warning in loaded.warnings:
                    st.warning(md(warning.render(lang())))
                chosen = loaded.questionnaire
    if chosen is not None:
        items = len(chosen.all_items())
        st.caption(
            tr(
                f"{md(text(chosen.title))} · {md(chosen.id)} {md(chosen.version)} · {len(chosen.processes)} processes, "
                f"{items} items",
                f"{md(text(chosen.title))} · {md(chosen.id)} {md(chosen.version)} · {len(chosen.processes)} 个流程，"
                f"{items} 道题目",
            )
        )
        process_names = {process.id: text(process.name) for process in chosen.processes}
        default_scope = chosen.default_scope()  # optional modules are offered, not chosen
        processes_key = f"assessments_new_processes_{chosen.id}_{chosen.version}"
        cleared = {  # the form as it first shows, put back once an assessment is created (not when refused)
            "assessments_new_client_pick": None,
            "assessments_new_client": "",
            "assessments_new_name": "",
            processes_key: default_scope,
            "assessments_new_units": "",
            RULE: RULES[0],
            "assessments_new_started": dt.date.today(),
        }
        clients = sorted({s.client for s in summaries})
        with st.form("assessments_new_form"):
            left, right = st.columns(2)
            picked_client = left.selectbox(
                tr("Client", "客户"),
                clients,
                index=None,
                placeholder=tr("Choose an existing client", "选择已有客户"),
                key="assessments_new_client_pick",
            )
            typed_client = right.text_input(
                tr("… or a new client", "……或输入新客户"),
                key="assessments_new_client",
                help=tr("A name typed here is used instead of the one chosen.", "在此输入的名称优先于所选客户。"),
            )
            name = st.text_input(
                tr("Assessment name", "评估名称"),
                key="assessments_new_name",
                placeholder=tr("e.g. 2026 baseline", "例如：2026 年基线评估"),
            )
            processes = st.multiselect(
                tr("Processes in scope", "评估范围内的流程"),
                list(process_names),
                default=default_scope,
                format_func=process_names.get,
                key=processes_key,
                help=_optional_help(chosen),
            )
            units = st.text_area(
                tr("Units in scope (one per line)", "范围内的单位（每行一个）"),
                key="assessments_new_units",
                placeholder=tr("e.g. Head office\nData centre", "例如：\n北京总部\n上海数据中心"),
            )
            rule = rule_choice(RULE)
            started_on = st.date_input(
                tr("Start date", "开始日期"), value=dt.date.today(), key="assessments_new_started"
            )
            create = st.form_submit_button(tr("Create and open", "创建并打开"), type="primary")
        if create:
            client = typed_client.strip() or (picked_client or "")
            if not processes:
                show_problems(WorkspaceError([Problem("scope_empty")]))
            else:
                created = attempt(
                    lambda: create_assessment(
                        workspace(),
                        client=client,
                        name=name,
                        questionnaire=chosen,
                        processes=processes,
                        units=units.splitlines(),
                        rule=rule,
                        started_on=started_on,
                        actor=user(),
                    )
                )
                if created is not None:
                    opened(
                        created,
                        tr(
                            f"Created and opened {md(client)} · {md(name.strip())}",
                            f"已创建并打开 {md(client)} · {md(name.strip())}",
                        ),
                        reset=cleared,
                        new=True,
                    )

# --- copy for a re-assessment ----------------------------------------------------------------------------------------

with copy_tab:
    if not summaries:
        st.caption(tr("There is no assessment to copy yet.", "尚无可复制的评估。"))
    else:
        st.caption(
            tr(
                "A re-assessment keeps the client, the questionnaire snapshot, the scope, units, rule and targets, "
                "and starts without answers; compare it with its baseline later.",
                "复评沿用客户、问卷快照、评估范围、单位、规则和目标，不带任何回答；之后可与基线评估对比。",
            )
        )
        ids = list(labels)
        source_id = st.selectbox(
            tr("Assessment to copy", "要复制的评估"),
            ids,
            index=ids.index(open_id) if open_id in ids else len(ids) - 1,
            format_func=labels.get,
            key="assessments_copy_source",
        )
        copy_name = st.text_input(
            tr("Name of the re-assessment", "复评名称"),
            key="assessments_copy_name",
            placeholder=tr("e.g. 2027 re-assessment", "例如：2027 年复评"),
        )
        if st.button(tr("Copy and open", "复制并打开"), key="assessments_copy", type="primary"):
            if not copy_name.strip():
                show_problems(WorkspaceError([Problem("empty_name", {"kind": "assessment"})]))
            else:
                copied = attempt(lambda: copy_assessment(workspace(), source_id, copy_name, actor=user()))
                if copied is not None:
                    opened(
                        copied,
                        tr(f"Copied and opened {md(copy_name.strip())}", f"已复制并打开 {md(copy_name.strip())}"),
                        reset={"assessments_copy_name": ""},
                        new=True,
                    )

# --- the demo --------------------------------------------------------------------------------------------------------

with demo_tab:
    st.caption(
        tr(
            "A clearly labelled demo assessment on the bundled questionnaire: respondents in three units, answers, "
            "context, walkthroughs and targets, the same on every load.",
            "基于内置问卷、明确标注的演示评估：三个单位的答卷人、回答、现状背景、穿行测试和目标，每次加载都相同。",
        )
    )
    demo = next((s for s in summaries if s.is_demo), None)
    if demo is None:
        if st.button(tr("Load and open the demo", "加载并打开演示评估"), key="assessments_demo", type="primary"):
            with st.spinner(tr("Loading the demo…", "正在加载演示评估……")):
                demo_id = attempt(lambda: load_demo(workspace()))
            if demo_id is not None:
                opened(demo_id, tr("The demo is loaded and open.", "演示评估已加载并打开。"), new=True)
    elif st.button(tr("Open the demo", "打开演示评估"), key="assessments_demo", type="primary"):
        opened(demo.id, tr(f"Opened {md(labels[demo.id])}", f"已打开 {md(labels[demo.id])}"))

# --- bundles ---------------------------------------------------------------------------------------------------------

with bundle_tab:
    st.caption(
        tr(
            "A bundle holds everything of one assessment (answers, context, decisions, roadmap edits, audit log), "
            "to move it to another MaturityMap or keep it in an archive.",
            "数据包包含一个评估的全部内容（回答、现状背景、裁定、路线图调整、审计日志），"
            "可迁移到另一套 MaturityMap 或归档保存。",
        )
    )
    if open_id in labels and may("names"):  # a bundle names the respondents: never for a viewer
        name_of_open = next(s.name for s in summaries if s.id == open_id)
        ws = workspace()
        st.download_button(
            tr(
                f"Export the open assessment: {md(_file_name(name_of_open))}",
                f"导出当前评估：{md(_file_name(name_of_open))}",
            ),
            data=lambda: _bundle_bytes(ws, open_id),  # built when clicked, not on every run
            file_name=_file_name(name_of_open),
            mime="application/zip",
            on_click="ignore",
            key="assessments_bundle_export",
            icon=":material/inventory_2:",
        )
    bundle = st.file_uploader(
        tr("Import a bundle (.mmbundle)", "导入数据包（.mmbundle）"), type=["mmbundle", "zip"], key="assessments_bundle"
    )
    new_name = st.text_input(
        tr("Name of the imported assessment (empty: as exported)", "导入后的评估名称（留空则沿用原名）"),
        key="assessments_bundle_name",
    )
    if st.button(tr("Import and open", "导入并打开"), key="assessments_bundle_import", disabled=bundle is None):
        with tempfile.TemporaryDirectory(prefix="maturitymap-bundle-") as folder:
            path = Path(folder) / (Path(bundle.name).name or "upload.mmbundle")
            path.write_bytes(bundle.getvalue())
            imported = attempt(lambda: import_bundle(workspace(), path, name=new_name.strip() or None, actor=user()))
        if imported is not None:
            opened(imported, tr("The bundle is imported and open.", "数据包已导入并打开。"), new=True)
