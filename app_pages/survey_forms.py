"""The Survey page's per-respondent workbook: the respondents to make it for, and the downloads."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages.common import LANG_NAMES, LANGS, lang, text, tr
from app_pages.labels import method_labels
from assessment.exports.downloads import file_stem
from assessment.exports.respondent_forms import (
    MAX_SHEETS,
    FormPerson,
    form_items,
    respondent_forms_zip,
    write_respondent_forms,
)
from assessment.questionnaire.model import Questionnaire

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PEOPLE = "survey_forms_people"
NO_UNIT = "—"  # a unit left to the respondent (an empty cell of the editor would read "None")


def workbook_bytes(questionnaire: Questionnaire, people: list[FormPerson], form_lang: str, units) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "forms.xlsx"
        write_respondent_forms(questionnaire, path, people, form_lang, units)
        return path.read_bytes()


def people_of(table: pd.DataFrame, roles: dict[str, str], methods: dict[str, str]) -> list[FormPerson]:
    """The rows of the editor as respondents (roles and methods shown by name, kept by id); empty rows dropped."""
    role_ids = {name: role for role, name in roles.items()}
    method_ids = {name: method for method, name in methods.items()}
    people = []
    for row in table.fillna("").itertuples(index=False):
        name, role, unit, method = (str(value).strip() for value in row)
        if name or role:
            unit = "" if unit == NO_UNIT else unit
            people.append(FormPerson(name, role_ids.get(role, ""), unit, method_ids.get(method, "survey")))
    return people


def forms_section(details, questionnaire: Questionnaire) -> None:
    """Who the workbook is for (one row each: a blank name is filled by the respondent), its language, downloads."""
    roles = {role.id: text(role.label) for role in questionnaire.roles}
    methods = method_labels()
    st.caption(
        tr(
            "One sheet per respondent, the questions of their role as rows, answers chosen from a list in the "
            "chosen language. Works in Excel, WPS and LibreOffice. List the respondents (a blank name is filled in "
            "by the respondent): send the whole workbook, or one file each from the .zip.",
            "每位答卷人一个工作表，按其角色列出问题（每题一行），回答从所选语言的下拉列表中选择；适用于 Excel、WPS 和 "
            "LibreOffice。请列出答卷人（姓名留空则由答卷人自行填写）：可发送整个工作簿，或从 .zip 中每人发送一个文件。",
        )
    )
    start = pd.DataFrame(
        {
            "name": [""] * len(roles),
            "role": list(roles.values()),
            "unit": NO_UNIT if details.units else "",
            "method": methods["survey"],
        }
    )
    table = st.data_editor(
        start,
        num_rows="dynamic",
        hide_index=True,
        key=PEOPLE,
        column_config={
            "name": st.column_config.TextColumn(tr("Respondent", "答卷人"), max_chars=200),
            "role": st.column_config.SelectboxColumn(tr("Role", "角色"), options=list(roles.values())),
            "unit": st.column_config.SelectboxColumn(tr("Unit", "单位"), options=[NO_UNIT, *details.units])
            if details.units
            else st.column_config.TextColumn(tr("Unit", "单位"), max_chars=200),
            "method": st.column_config.SelectboxColumn(tr("Method", "方式"), options=list(methods.values())),
        },
    )
    people = people_of(table, roles, methods)
    form_lang = st.radio(
        tr("Language of the workbook", "工作簿语言"),
        LANGS,
        index=LANGS.index(lang()),
        key="survey_forms_lang",
        format_func=LANG_NAMES.get,
        horizontal=True,
    )
    if not people:
        st.info(tr("List at least one respondent.", "请至少列出一名答卷人。"))
        return
    if len(people) > MAX_SHEETS:
        st.error(tr(f"At most {MAX_SHEETS} respondents per workbook.", f"每个工作簿最多 {MAX_SHEETS} 名答卷人。"))
        return
    counts = sorted({len(form_items(questionnaire, person.role)) for person in people})
    shown = f"{counts[0]}–{counts[-1]}" if len(counts) > 1 else str(counts[0])
    st.caption(
        tr(
            f"{len(people)} respondents, {shown} questions each.",
            f"答卷人 {len(people)} 名，每人 {shown} 个问题。",
        )
    )
    stem = f"survey-forms-a{details.id}-{file_stem(details.questionnaire_id)}-{form_lang}"
    units = tuple(details.units)
    left, right = st.columns(2)
    left.download_button(
        tr(f"Download {stem}.xlsx", f"下载 {stem}.xlsx"),
        data=lambda: workbook_bytes(questionnaire, people, form_lang, units),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key="survey_forms_download",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        tr(f"Download {stem}.zip (one file each)", f"下载 {stem}.zip（每人一个文件）"),
        data=lambda: respondent_forms_zip(questionnaire, people, form_lang, units),
        file_name=f"{stem}.zip",
        mime="application/zip",
        key="survey_forms_zip",
        icon=":material/folder_zip:",
        on_click="ignore",
    )
