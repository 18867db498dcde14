"""Files offered for download: produced once per assessment revision and language, then served from the cache.

The roadmap and report pages share them. The bytes live in Streamlit's data cache, never in the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from app_pages.common import analysis, tr, workspace
from assessment.exports import BUNDLE_MIME, ROADMAP_FILES, XLSX, bundle_file, file_name, file_stem, roadmap_file
from assessment.queries import AssessmentDetails
from assessment.storage.database import default_url
from assessment.workbook_export import results_workbook

# what can be produced now -> (English, Chinese) button text
FILES: dict[str, tuple[str, str]] = {
    "workbook": ("Results workbook (Excel)", "评估结果工作簿（Excel）"),
    "xlsx": ("Roadmap (Excel)", "路线图（Excel）"),
    "csv": ("Roadmap for a task tracker (CSV)", "路线图任务导入文件（CSV）"),
    "md": ("Roadmap (Markdown)", "路线图（Markdown）"),
    "bundle": ("Whole assessment (bundle)", "完整评估数据包（bundle）"),
}


# The key carries the database, the assessment's revision and the day (the roadmap starts today when no date is set).
@st.cache_data(max_entries=64, show_spinner=False)
def _produce(url: str, assessment_id: int, revision: int, today: dt.date, lang: str, kind: str, client: str, name: str):
    if kind == "bundle":
        return bundle_file(workspace(), assessment_id)
    found = analysis(assessment_id)
    if kind == "workbook":
        return results_workbook(found, lang, client, name)
    return roadmap_file(kind, found.roadmap.actions, found.scored.questionnaire, lang)


def produce(details: AssessmentDetails, kind: str, lang: str) -> bytes:
    """The bytes of one file of FILES for the open assessment, in `lang` (from the cache when unchanged)."""
    return _produce(
        default_url(), details.id, details.revision, dt.date.today(), lang, kind, details.client, details.name
    )


def name_of(details: AssessmentDetails, kind: str) -> tuple[str, str]:
    """The file name and MIME type of one file of FILES, e.g. roadmap-acme-2026.xlsx."""
    stem = file_stem(details.client, details.name)
    if kind == "workbook":
        return file_name("results", stem, "xlsx"), XLSX
    if kind == "bundle":
        return file_name("assessment", stem, "mmbundle"), BUNDLE_MIME
    prefix, suffix, mime = ROADMAP_FILES[kind]
    return file_name(prefix, stem, suffix), mime


def deferred(details: AssessmentDetails, kind: str, lang: str) -> Callable[[], bytes]:
    """The file made only when its button is clicked: a rerun of the page costs nothing for it.

    The callable runs outside the script run: it holds the analysis and the workspace it needs, no session.
    """
    if kind == "bundle":
        ws = workspace()
        return lambda: bundle_file(ws, details.id)
    found = analysis(details.id)
    if kind == "workbook":
        return lambda: results_workbook(found, lang, details.client, details.name)
    return lambda: roadmap_file(kind, found.roadmap.actions, found.scored.questionnaire, lang)


def download_button(details: AssessmentDetails, kind: str, lang: str, key: str, *, produced: bool = False) -> None:
    """A download button for one file of FILES; a download does not rerun the page.

    `produced`: the file is in the cache already (the report page makes them first, with progress), so the button
    carries it; otherwise it is made when the button is clicked.
    """
    file, mime = name_of(details, kind)
    st.download_button(
        tr(*FILES[kind]),
        data=produce(details, kind, lang) if produced else deferred(details, kind, lang),
        file_name=file,
        mime=mime,
        key=key,
        icon="⬇️",
        on_click="ignore",
        width="stretch",
    )
