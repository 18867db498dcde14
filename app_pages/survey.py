"""Survey: the blank template to send out; returned files checked, previewed, then imported each all or nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages.common import (
    LANG_NAMES,
    LANGS,
    columns,
    lang,
    listed,
    may,
    md,
    remember_problems,
    require_assessment,
    show_problems,
    show_remembered,
    shown_respondents,
    text,
    tr,
    user,
    workspace,
)
from app_pages.common import questionnaire as questionnaire_in_scope
from app_pages.corrections_parts import imports_section, respondents_section
from app_pages.labels import method_labels
from app_pages.sized_cache import SizedCache
from app_pages.survey_forms import forms_section
from assessment.exports.survey_template import write_template
from assessment.inputs.import_preview import ImportPreview, preview_import
from assessment.inputs.responses import Responses, read_responses
from assessment.problems import InputError, Problem
from assessment.questionnaire.model import Questionnaire
from assessment.workspace.assessments import update_assessment
from assessment.workspace.core import default_url, reason, unreachable
from assessment.workspace.queries import respondents_of
from assessment.workspace.recording import import_responses

UNITS_PROBLEMS = "survey_units_problems"
ROUND = "survey_round"  # raised after an import, so that the uploader starts empty again
IMPORTED = "survey_imported"  # what the last import did: the assessment id and one summary per file
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


def respondent_columns() -> dict[str, str]:
    """The column titles of the respondent tables, in the interface language."""
    return {
        "respondent": tr("Respondent", "答卷人"),
        "role": tr("Role", "角色"),
        "unit": tr("Unit", "单位"),
        "method": tr("Method", "方式"),
        "answers": tr("Answers", "答案数"),
    }


def template_bytes(questionnaire: Questionnaire, suffix: str, template_lang: str) -> bytes:
    """The blank survey file, written only when the user asks for it (a deferred download)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"survey.{suffix}"
        write_template(questionnaire, path, template_lang)
        return path.read_bytes()


def upload_path(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder) / (Path(name).name or "upload")
    path.write_bytes(data)
    return path


@st.cache_resource(show_spinner=False)
def checked_uploads() -> SizedCache:
    """Checked uploads of every session: at most 256 MB of them together, each for an hour at most."""
    return SizedCache(max_bytes=256 * 1024 * 1024, ttl=3600)


def checked(
    file_id: str, name: str, assessment_id: int, scope: tuple, data: bytes
) -> tuple[Responses | None, tuple[Problem, ...], tuple[Problem, ...]]:
    """The file read and checked against the questionnaire (no write): responses, errors, warnings.

    Kept per upload and scope, so that a rerun never reads a large file again.
    """
    key = (file_id, name, assessment_id, scope)
    return checked_uploads().get(key, lambda: _check(name, assessment_id, scope[-1], data))


def _check(
    name: str, assessment_id: int, units: tuple[str, ...], data: bytes
) -> tuple[Responses | None, tuple[Problem, ...], tuple[Problem, ...]]:
    with tempfile.TemporaryDirectory() as folder:
        path = upload_path(folder, name, data)
        try:
            questionnaire = questionnaire_in_scope(assessment_id)
            responses = read_responses(path, questionnaire, display_name=name, units=units)
        except InputError as error:
            return None, tuple(error.problems), tuple(error.warnings)
    return responses, (), tuple(responses.warnings)


@st.cache_data(max_entries=8, show_spinner=False)
def stored_respondents(url: str, assessment_id: int, revision: int) -> pd.DataFrame:
    """The respondents with their answer counts, counted once per revision of the assessment."""
    return respondents_of(workspace(), assessment_id)


# --- drawing ---------------------------------------------------------------------------------------------------------


def template_section(details, questionnaire: Questionnaire) -> None:
    st.subheader(tr("1. Send out the blank survey", "1. 发放空白问卷"))
    kinds = {
        "forms": tr("A form per respondent (questions as rows)", "每位答卷人一份答卷（每题一行）"),
        "table": tr("One table for all respondents (one row each)", "所有答卷人一张表（每人一行）"),
    }
    kind = st.radio(
        tr("Kind of file", "文件类型"), list(kinds), key="survey_template_kind", format_func=kinds.get, horizontal=True
    )
    if kind == "forms":
        forms_section(details, questionnaire)
        return
    left, right = st.columns(2)
    formats = {
        "xlsx": tr("Excel (.xlsx) with dropdowns", "Excel（.xlsx，带下拉选项）"),
        "csv": tr("CSV (header only)", "CSV（仅表头）"),
    }
    suffix = left.radio(tr("Format", "格式"), list(formats), key="survey_template_format", format_func=formats.get)
    template_lang = right.radio(
        tr("Language of the survey", "问卷语言"),
        LANGS,
        index=LANGS.index(lang()),
        key="survey_template_lang",
        format_func=LANG_NAMES.get,
        horizontal=True,
        disabled=suffix == "csv",
    )
    file_name = f"survey-a{details.id}-{details.questionnaire_id}-{template_lang}.{suffix}"
    st.download_button(
        tr(f"Download {file_name}", f"下载 {file_name}"),
        data=lambda: template_bytes(questionnaire, suffix, template_lang),
        file_name=file_name,
        mime=MIME[suffix],
        key="survey_template_download",
        icon=":material/download:",
        on_click="ignore",
    )
    items = len(questionnaire.all_items())
    st.caption(
        tr(
            f"One row per respondent, one column per item ({items} items of the processes in scope). The Excel file "
            "offers each answer in a dropdown and explains the scales; the CSV file holds the header row only.",
            f"每位答卷人一行，每个题目一列（范围内流程共 {items} 个题目）。Excel 文件为每个回答提供下拉选项并说明量表；"
            "CSV 文件只含表头。",
        )
    )


def last_import(assessment_id: int) -> None:
    found = st.session_state.get(IMPORTED)
    if not found or found["assessment"] != assessment_id:
        return
    for entry in found["files"]:
        if "problems" in entry:
            st.error(
                tr(
                    f"{md(entry['file'])}: not imported, nothing was written.",
                    f"{md(entry['file'])}：未导入，未写入任何内容。",
                )
                + "\n\n"
                + "\n\n".join(md(problem) for problem in entry["problems"]),
                icon=":material/warning:",
            )
            continue
        counts = entry["counts"]
        if not entry["changed"]:
            st.info(
                tr(
                    f"{md(entry['file'])}: already imported, nothing changed.",
                    f"{md(entry['file'])}：已导入过，没有变化。",
                )
            )
            continue
        st.success(
            tr(
                f"{md(entry['file'])} imported. Respondents added: {counts['respondents_added']}, "
                f"changed: {counts['respondents_changed']}. Answers added: {counts['answers_added']}, "
                f"changed: {counts['answers_changed']}, unchanged: {counts['answers_unchanged']}.",
                f"{md(entry['file'])} 已导入。新增答卷人 {counts['respondents_added']} 名，"
                f"更新 {counts['respondents_changed']} 名；新增回答 {counts['answers_added']} 个，"
                f"更新 {counts['answers_changed']} 个，未变 {counts['answers_unchanged']} 个。",
            ),
            icon=":material/check_circle:",
        )
        for warning in entry["warnings"]:
            st.warning(md(warning))


def add_units(assessment_id: int, units: tuple[str, ...]) -> None:
    remember_problems(
        UNITS_PROBLEMS,
        lambda: update_assessment(workspace(), assessment_id, units=list(units), actor=user()),
        tr("Units added to the assessment", "单位已加入本评估"),
    )


def offer_new_units(details, problems: tuple[Problem, ...], file_id: str) -> None:
    """A unit outside the assessment's is an error; the consultant may add it to the scope instead, deliberately."""
    new = list(dict.fromkeys(p.params["unit"] for p in problems if p.code == "unknown_unit"))
    if not new:
        return
    shown = listed(new)
    st.button(
        tr(f"Add {md(shown)} to the assessment's units", f"将 {md(shown)} 加入本评估的单位"),
        key=f"survey_add_units_{file_id}",
        on_click=add_units,
        args=(details.id, (*details.units, *new)),
        icon=":material/add_location_alt:",
    )
    show_remembered(UNITS_PROBLEMS)


def preview_section(preview: ImportPreview, responses: Responses, questionnaire: Questionnaire, roles: dict) -> None:
    shape = (
        tr("one row per respondent", "每位答卷人一行")
        if responses.shape == "wide"
        else tr("one sheet per respondent", "每位答卷人一个工作表")
        if responses.shape == "form"
        else tr("one row per answer", "每个回答一行")
    )
    given = int(preview.respondents["answers"].sum())
    cleared = (
        tr(
            f" {preview.clears} earlier answers are taken away ([clear]).",
            f"另有 {preview.clears} 个原有回答将被清除（[clear]）。",
        )
        if preview.clears
        else ""
    )
    st.markdown(
        tr(
            f"**Ready to import** ({shape}): {len(preview.respondents)} respondents, {given} answers. "
            f"{preview.new} new, {preview.replacing} already stored (their answers to these items are replaced; "
            f"blank cells change nothing).{cleared}",
            f"**可以导入**（{shape}）：答卷人 {len(preview.respondents)} 名，回答 {given} 个。"
            f"其中新答卷人 {preview.new} 名，已有答卷人 {preview.replacing} 名"
            "（其对这些题目的回答将被替换；空白单元格不改变任何内容）。"
            f"{cleared}",
        )
    )
    methods = method_labels()
    people = preview.respondents.assign(
        role=lambda frame: frame["role"].map(lambda role: roles.get(role, role)),
        method=lambda frame: frame["method"].map(lambda method: methods.get(method, method)),
        new=lambda frame: frame["new"].map(
            {True: tr("new", "新增"), False: tr("replaces earlier answers", "替换原有回答")}
        ),
    )
    names = respondent_columns() | {"new": tr("On import", "导入后")}
    if not may("names"):  # an anonymous survey: the file's names stay out of the consultant's page too
        people = people.drop(columns="respondent")
    left, right = st.columns([3, 2])
    left.dataframe(columns(people, names), hide_index=True, height=min(400, 38 + 35 * len(people)))
    process_names = {process.id: text(process.name) for process in questionnaire.processes}
    by_process = preview.processes.assign(process=lambda frame: frame["process"].map(process_names))
    right.dataframe(
        columns(by_process, {"answers": names["answers"], "respondents": tr("Respondents", "答卷人数")}),
        hide_index=True,
    )


def import_files(assessment_id: int, files: list) -> None:
    """Import the files one after the other, each all or nothing, then start the page again with an empty uploader."""
    bar = st.progress(0.0)
    summaries = []
    for position, upload in enumerate(files):
        bar.progress(
            position / len(files),
            text=tr(
                f"Importing {upload.name} ({position + 1} of {len(files)})…",
                f"正在导入 {upload.name}（第 {position + 1} 个，共 {len(files)} 个）……",
            ),
        )
        with tempfile.TemporaryDirectory() as folder:
            path = upload_path(folder, upload.name, upload.getvalue())
            stages = {
                "reading": tr(f"Checking {upload.name}…", f"正在检查 {upload.name}……"),
                "storing": tr(f"Saving {upload.name}…", f"正在保存 {upload.name}……"),
                "done": tr(f"{upload.name} done", f"{upload.name} 已完成"),
            }

            def moved(fraction: float, stage: str, position: int = position, stages: dict = stages) -> None:
                bar.progress(min((position + fraction) / len(files), 1.0), text=stages.get(stage, stage))

            try:
                report = import_responses(
                    workspace(), assessment_id, path, display_name=upload.name, actor=user(), progress=moved
                )
            except InputError as error:
                summaries.append(
                    {"file": upload.name, "problems": [problem.render(lang()) for problem in error.problems]}
                )
                continue
            except Exception as error:
                if not unreachable(error):
                    raise
                # the files before are imported, this one and the ones after are not: the page says which when
                # the database is back; meanwhile the app's message says that it cannot be reached
                cannot = tr(
                    f"The database cannot be reached ({reason(error)}).", f"无法连接数据库（{reason(error)}）。"
                )
                summaries += [{"file": later.name, "problems": [cannot]} for later in files[position:]]
                st.session_state[IMPORTED] = {"assessment": assessment_id, "files": summaries}
                raise
        counts = {
            key: getattr(report, key)
            for key in (
                "respondents_added",
                "respondents_changed",
                "answers_added",
                "answers_changed",
                "answers_unchanged",
            )
        }
        warnings = [warning.render(lang()) for warning in report.warnings]
        summaries.append({"file": upload.name, "counts": counts, "changed": report.changed, "warnings": warnings})
    bar.progress(1.0, text=tr("Import finished.", "导入完成。"))
    st.session_state[IMPORTED] = {"assessment": assessment_id, "files": summaries}
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    st.rerun()


def upload_section(details, questionnaire: Questionnaire, stored: pd.DataFrame, roles: dict) -> None:
    st.subheader(tr("2. Import the returned files", "2. 导入回收的问卷"))
    last_import(details.id)
    files = st.file_uploader(
        tr("Returned survey files (.csv or .xlsx; tables or forms)", "回收的问卷文件（.csv 或 .xlsx；表格或答卷）"),
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key=f"survey_upload_{st.session_state.get(ROUND, 0)}",
    )
    st.caption(
        tr(
            "Each file is checked first and nothing is written until you press Import. A respondent already stored "
            "(same name) has their answers to the file's items replaced.",
            "每个文件都会先检查，点击“导入”之前不会写入任何内容。已存在的同名答卷人，其对文件中题目的回答将被替换。",
        )
    )
    if not files:
        return
    scope = (details.processes, tuple(sorted(details.role_weights.items())), details.units)
    ready = []
    for upload in files:
        st.markdown(f"##### :material/description: {md(upload.name)}")
        responses, problems, warnings = checked(upload.file_id, upload.name, details.id, scope, upload.getvalue())
        if problems:
            show_problems(InputError(list(problems)))
            offer_new_units(details, problems, upload.file_id)
            st.caption(tr("This file will not be imported.", "该文件不会被导入。"))
        for warning in warnings:
            st.warning(md(warning.render(lang())))
        if responses is not None:
            preview_section(
                preview_import(responses, questionnaire, stored["respondent"]), responses, questionnaire, roles
            )
            ready.append(upload)
    if len(ready) < len(files):
        skipped = len(files) - len(ready)
        st.caption(tr(f"{skipped} file(s) with problems are left out.", f"有问题的 {skipped} 个文件将被跳过。"))
    clicked = st.button(
        tr(f"Import {len(ready)} file(s)", f"导入 {len(ready)} 个文件"),
        key="survey_import",
        type="primary",
        disabled=not ready,
    )
    if clicked:
        import_files(details.id, ready)


def stored_section(stored: pd.DataFrame, roles: dict) -> None:
    st.subheader(tr("Survey respondents already imported", "已导入的问卷答卷人"))
    every = st.checkbox(tr("Show respondents of every method", "显示所有方式的答卷人"), key="survey_all_methods")
    shown = stored if every else stored[stored["method"] == "survey"]
    if shown.empty:
        st.caption(tr("None yet.", "暂无。"))
        return
    methods = method_labels()
    labels = shown_respondents(stored["respondent"].tolist())  # "Anonymous N" to a consultant of an anonymous survey
    shown = shown.assign(
        respondent=lambda frame: frame["respondent"].map(labels),
        role=lambda frame: frame["role"].map(lambda role: roles.get(role, role)),
        method=lambda frame: frame["method"].map(lambda method: methods.get(method, method)),
    )[["respondent", "role", "unit", "method", "answers"]]
    names = respondent_columns()
    st.caption(tr(f"{len(shown)} respondents", f"共 {len(shown)} 名答卷人"))
    st.dataframe(columns(shown, names), hide_index=True)


def main() -> None:
    details = require_assessment()
    questionnaire = questionnaire_in_scope(details.id)
    roles = {role.id: text(role.label) for role in questionnaire.roles}
    st.title(tr("Survey", "问卷调查"))
    st.caption(
        tr(
            "Send the blank survey to respondents, then import what comes back: checked first, all or nothing.",
            "向答卷人发放空白问卷，再导入回收的文件：先检查，全部导入或全部不导入。",
        )
    )
    stored = stored_respondents(default_url(), details.id, details.revision)
    template_section(details, questionnaire)
    upload_section(details, questionnaire, stored, roles)
    stored_section(stored, roles)
    respondents_section(details, stored, roles)
    imports_section(details)


main()
