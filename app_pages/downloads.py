"""Files offered for download: produced once per assessment revision and language, then served from the cache.

The roadmap and report pages share them. The bytes live in Streamlit's caches, never in the session: the exports
in the data cache, the report (PDF, HTML) in a small store of its own, because it is made with a progress bar
that a cached function could not drive.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from app_pages.common import analysis, may, tr, workspace
from assessment.exports.downloads import (
    BUNDLE_MIME,
    ROADMAP_FILES,
    XLSX,
    bundle_file,
    file_name,
    file_stem,
    raw_file,
    roadmap_file,
)
from assessment.exports.workbook_export import results_workbook
from assessment.report.options import ReportOptions
from assessment.workspace.branding import Branding
from assessment.workspace.core import default_url
from assessment.workspace.queries import AssessmentDetails

# what can be produced now -> (English, Chinese) button text
FILES: dict[str, tuple[str, str]] = {
    "workbook": ("Results workbook (Excel)", "评估结果工作簿（Excel）"),
    "raw": ("Raw data: every answer and context record (Excel)", "原始数据：全部回答与现状背景记录（Excel）"),
    "xlsx": ("Roadmap (Excel)", "路线图（Excel）"),
    "csv": ("Roadmap for a task tracker (CSV)", "路线图任务导入文件（CSV）"),
    "md": ("Roadmap (Markdown)", "路线图（Markdown）"),
    "bundle": ("Whole assessment (bundle)", "完整评估数据包（bundle）"),
}
WITH_NAMES = frozenset({"raw", "bundle"})  # the files that name respondents


# The key carries the database, the assessment's revision and the day (the roadmap starts today when no date is set).
@st.cache_data(max_entries=64, show_spinner=False)
def _produce(url: str, assessment_id: int, revision: int, today: dt.date, lang: str, kind: str, client: str, name: str):
    if kind == "bundle":
        return bundle_file(workspace(), assessment_id)
    if kind == "raw":
        return raw_file(workspace(), assessment_id, lang)
    found = analysis(assessment_id)
    if kind == "workbook":
        return results_workbook(found, lang, client, name)
    return roadmap_file(kind, found.roadmap.actions, found.scored.questionnaire, lang)


def refuse_names(kind: str) -> None:
    """A file that names respondents is made only for who may see their names (never a viewer), whichever page
    asks: the pages offer it only then, and this is the check under them."""
    if kind in WITH_NAMES and not may("names"):
        raise PermissionError(f"{kind}: respondents' names are not for this user")


def produce(details: AssessmentDetails, kind: str, lang: str) -> bytes:
    """The bytes of one file of FILES for the open assessment, in `lang` (from the cache when unchanged)."""
    refuse_names(kind)
    return _produce(
        default_url(), details.id, details.revision, dt.date.today(), lang, kind, details.client, details.name
    )


def name_of(details: AssessmentDetails, kind: str) -> tuple[str, str]:
    """The file name and MIME type of one file of FILES, e.g. roadmap-acme-2026.xlsx."""
    stem = file_stem(details.client, details.name)
    if kind == "workbook":
        return file_name("results", stem, "xlsx"), XLSX
    if kind == "raw":
        return file_name("raw-data", stem, "xlsx"), XLSX
    if kind == "bundle":
        return file_name("assessment", stem, "mmbundle"), BUNDLE_MIME
    prefix, suffix, mime = ROADMAP_FILES[kind]
    return file_name(prefix, stem, suffix), mime


def deferred(details: AssessmentDetails, kind: str, lang: str) -> Callable[[], bytes]:
    """The file made only when its button is clicked: a rerun of the page costs nothing for it.

    The callable runs outside the script run: it holds the analysis and the workspace it needs, no session.
    """
    refuse_names(kind)
    if kind in ("bundle", "raw"):
        ws = workspace()
        return lambda: bundle_file(ws, details.id) if kind == "bundle" else raw_file(ws, details.id, lang)
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
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )


# --- the report ---------------------------------------------------------------------------------------------------

# report format (the file suffix) -> (English, Chinese) button text, MIME type
REPORTS: dict[str, tuple[tuple[str, str], str]] = {
    "pdf": (("Report (PDF)", "评估报告（PDF）"), "application/pdf"),
    "html": (("Report (HTML, for a browser)", "评估报告（HTML，供浏览器查看）"), "text/html"),
    "pptx": (
        ("Steering-committee deck (.pptx)", "指导委员会汇报（.pptx）"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "docx": (
        ("Word report (.docx)", "Word 报告（.docx）"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
OFFICE = {"docx", "pptx"}  # the formats made in the firm's own template (under the branding)


class ReportStore:
    """The reports made last, by key, at most `size` of them (the oldest go first); shared by every session."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._files: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            data = self._files.get(key)
            if data is not None:
                self._files.move_to_end(key)
            return data

    def put(self, key: tuple, data: bytes) -> None:
        with self._lock:
            self._files[key] = data
            self._files.move_to_end(key)
            while len(self._files) > self.size:
                self._files.popitem(last=False)


@st.cache_resource(show_spinner=False)
def _report_store() -> ReportStore:
    return ReportStore(16)


def report_key(
    details: AssessmentDetails, options: ReportOptions, assessor: str, branding: Branding, kind: str
) -> tuple:
    """What a report depends on: the database, the assessment's revision, the day (the date on the cover, and the
    roadmap's start when none is set), the options, the assessor, the branding (a workspace setting: no revision
    of the assessment follows it), the firm's template of an Office format (by its fingerprint) and the format."""
    template = None
    if kind in OFFICE:
        from assessment.workspace.office_templates import template_info

        info = template_info(workspace(), kind)
        template = info.sha256 if info else None
    return (default_url(), details.id, details.revision, dt.date.today(), options, assessor, branding, template, kind)


def report_file(key: tuple) -> bytes | None:
    """The report made for `key`, if it is still in the store."""
    return _report_store().get(key)


def make_report(
    details: AssessmentDetails,
    options: ReportOptions,
    assessor: str,
    branding: Branding,
    kinds: list[str],
    progress: Callable[[float, str], None],
) -> None:
    """Write the report in each format of `kinds` (of REPORTS: PDF, HTML, Word) and keep the bytes in the store.

    `progress(fraction, stage)` is called as the generator advances, over all the formats together.
    """
    from assessment.report import ReportMeta, write_report  # WeasyPrint and the charts load when a report is made
    from assessment.workspace.evidence import evidence_of

    found = analysis(details.id)  # with the stored assessment it was made from: the report reads nothing more
    walkthroughs, records = found.source.walkthroughs, found.source.context
    evidence = evidence_of(workspace(), details.id)  # the chapter and the slide of the ticket data, when there is some
    meta = ReportMeta(
        client=details.client,
        assessment=details.name,
        date=dt.date.today(),
        assessor=assessor,
        branding=branding,
        questionnaire=f"{details.questionnaire_id} {details.questionnaire_version}",
    )
    shares = {"pdf": 0.85, "html": 0.15, "docx": 0.6, "pptx": 0.15}  # of the time: the PDF's layout is most of it
    total = sum(shares[kind] for kind in kinds)
    done = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            share = shares[kind] / total

            def step(fraction: float, stage: str, before: float = done, share: float = share) -> None:
                progress(min(1.0, before + share * max(0.0, min(1.0, fraction))), stage)

            path = Path(folder) / f"report.{kind}"
            extra = {"walkthroughs": walkthroughs, "context_records": records}
            if kind in OFFICE:  # the deck and the Word report, in the firm's template when one is uploaded
                from assessment.report.deck import write_deck
                from assessment.report.word import write_word
                from assessment.workspace.office_templates import get_template

                step(0.0, "deck" if kind == "pptx" else "layout")
                template = get_template(workspace(), kind)
                writer = write_deck if kind == "pptx" else write_word
                writer(found, meta, options, path, template=template, evidence=evidence, **extra)
                step(1.0, "done")
            else:
                write_report(found, meta, options, path, progress=step, evidence=evidence, **extra)
            _report_store().put(report_key(details, options, assessor, branding, kind), path.read_bytes())
            done += share


def report_name(details: AssessmentDetails, kind: str, lang: str) -> str:
    """The report's file name, e.g. report-acme-2026-zh.pdf (the language in it: both may be downloaded)."""
    return file_name("report", f"{file_stem(details.client, details.name)}-{lang}", kind)
