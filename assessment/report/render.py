"""Render the report: Jinja2 templates (autoescaped) into one HTML document, WeasyPrint into a PDF.

`render_html` gives the self-contained HTML (the CSS inline, charts as data: URLs); `write_report` writes
the PDF, the HTML or the Excel workbook by the suffix of the path, whole or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import logging
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.html import UA, UA_COUNTER_STYLE

from assessment.analysis.analyse import Analysis
from assessment.files import atomic_output, write_atomic
from assessment.report import rich_text
from assessment.report.charts import ChartJobs
from assessment.report.common import RATING_COLOURS, RATING_INK
from assessment.report.context import report_context
from assessment.report.fetcher import TEMPLATES, ReportFetcher
from assessment.report.options import ReportOptions
from assessment.report.texts import text
from assessment.workspace.branding import Branding

LOGGER = logging.getLogger(__name__)
Progress = Callable[[float, str], None]
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
SUFFIXES = (".pdf", ".html", ".xlsx")


@dataclass(frozen=True)
class ReportMeta:
    """What the cover says: for whom, which assessment, when, by whom, and the firm's branding."""

    client: str
    assessment: str
    date: dt.date
    assessor: str = ""
    branding: Branding = Branding()  # noqa: RUF009 (frozen: one shared default is safe)
    questionnaire: str = ""  # questionnaire id and version, for the method section


@functools.cache
def environment() -> jinja2.Environment:
    """The templates' environment: autoescape on for every template, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["rich"] = rich_text.html  # the consultant's text (parsed blocks) as escaped HTML
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja2's cache of compiled templates in a private folder of the system's temporary directory.

    Compiling the report's templates takes ~0.2 s, each time a process makes its first report; the cache is
    keyed by each template's checksum, so an edited template is compiled again. None (no cache) when no safe
    folder can be made (Jinja2 refuses a folder another user owns).
    """
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        LOGGER.info("no cache for the report's compiled templates", exc_info=True)
        return None


def stylesheet(lang: str, branding: Branding) -> str:
    """report.css with what depends on the report: branding colours, the words of page, figure and table numbers
    in `lang`, and the rating colours of the charts.

    Only values this module checks reach the CSS: colours matching #RRGGBB and the report's own texts.
    """
    primary = branding.primary if COLOUR.match(branding.primary or "") else Branding.primary
    accent = branding.accent if COLOUR.match(branding.accent or "") else Branding.accent
    page = [_css_string(text(key, lang)) for key in ("page_before", "page_between", "page_after")]
    figure = [_css_string(part) for part in text("figure", lang).split("{n}")]
    table = [_css_string(part) for part in text("table", lang).split("{n}")]
    ratings = "".join(
        f".r-{letter} {{ background: {RATING_COLOURS[letter]}; color: {RATING_INK[letter]}; border-color: "
        f"{RATING_COLOURS[letter]}; }}\n"
        for letter in RATING_COLOURS
    )
    head = (
        f":root {{ --primary: {primary}; --accent: {accent}; }}\n"
        f"@page {{ @bottom-right {{ content: {page[0]} counter(page) {page[1]} counter(pages) {page[2]}; }} }}\n"
        "body { counter-reset: figure table; }\n"
        f"figure.chart figcaption::before {{ content: {figure[0]} counter(figure) {figure[1]}; }}\n"
        f"table.numbered caption::before {{ content: {table[0]} counter(table) {table[1]}; }}\n"
    )
    # the rating colours come last: they win over report.css's neutral pills and bars
    return head + (TEMPLATES / "report.css").read_text(encoding="utf-8") + "\n/* === ratings === */\n" + ratings


def _css_string(value: str) -> str:
    """A CSS string literal of one of the report's own texts."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_html(
    analysis: Analysis,
    meta: ReportMeta,
    options: ReportOptions,
    *,
    walkthroughs: pd.DataFrame | None = None,
    charts: bool = True,
    context_records: dict | None = None,
    evidence: Sequence[Any] | None = None,
) -> str:
    """The whole report as one self-contained HTML document (the CSS inline, charts as data: URLs).

    `walkthroughs`: assessment.queries.walkthrough_results_of for a stored assessment; `context_records`:
    assessment.queries.context_of (the pain points' texts); `evidence`: assessment.workspace.evidence.evidence_of;
    None for an analysis of files.
    """
    with ChartJobs(inline=True) as jobs:
        return _html(analysis, meta, options, walkthroughs, context_records, jobs if charts else None, evidence)


def _html(
    analysis: Analysis,
    meta: ReportMeta,
    options: ReportOptions,
    walkthroughs: pd.DataFrame | None,
    context_records: dict | None,
    jobs: ChartJobs | None,
    evidence: Sequence[Any] | None = None,
) -> str:
    view = report_context(
        analysis, meta, options, walkthroughs=walkthroughs, records=context_records, jobs=jobs, evidence=evidence
    )
    template = environment().get_template("report.html")
    css = stylesheet(options.lang, meta.branding)
    return template.render(**view, css=Markup(css))  # our own stylesheet: the one text not escaped


def write_report(
    analysis: Analysis,
    meta: ReportMeta,
    options: ReportOptions,
    path: str | Path,
    *,
    walkthroughs: pd.DataFrame | None = None,
    progress: Progress | None = None,
    context_records: dict | None = None,
    evidence: Sequence[Any] | None = None,
) -> None:
    """Write the report to `path` by its suffix: .pdf, .html or .xlsx (the results workbook), whole or not at all.

    `progress(fraction, stage)` is told of the stages "charts", "layout", "pdf" and "done".
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"unknown report format {path.suffix!r}; choose one of {', '.join(SUFFIXES)}")
    report = progress or (lambda fraction, stage: None)
    if suffix == ".xlsx":
        from assessment.exports.workbook_export import results_workbook

        report(0.0, "layout")
        write_atomic(path, results_workbook(analysis, options.lang, meta.client, meta.assessment))
        report(1.0, "done")
        return
    report(0.0, "charts")
    if suffix == ".html":
        html = render_html(
            analysis, meta, options, walkthroughs=walkthroughs, context_records=context_records, evidence=evidence
        )
        report(0.9, "layout")
        write_atomic(path, html)
        report(1.0, "done")
        return
    with ChartJobs(inline=False) as jobs:
        html = _html(analysis, meta, options, walkthroughs, context_records, jobs, evidence)
        report(0.15, "layout")  # the charts are exported while WeasyPrint lays the pages out
        fetcher = ReportFetcher(charts=jobs)
        document = pdf_document(html, fetcher)
        jobs.wait()  # a chart that failed fails the report: never a PDF with a hole
    report(0.8, "pdf")
    with atomic_output(path) as temporary, paused_gc():
        document.write_pdf(temporary)
    report(1.0, "done")


def pdf_document(html: str, fetcher: ReportFetcher | None = None) -> Document:
    """The laid-out pages of the report's HTML (WeasyPrint), fetching through the report's fetcher only."""
    source = ReportHTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher or ReportFetcher())
    with paused_gc():
        return source.render()


def _report_ua_sheet() -> CSS | None:
    """WeasyPrint's user-agent stylesheet with its pseudo-elements kept to the elements that can have them.

    The stock sheet gives *every* element a ::marker and five footnote/note pseudo-elements, and WeasyPrint
    computes a style for each: ~33,000 styles for the 5,600 elements of a large report, a quarter of its
    layout time. Here ::marker applies to list items only (li, summary: the only `display: list-item` of the
    HTML sheet and of report.css) and the footnote and note rules are gone (the report has no footnotes).
    None when the stock sheet no longer has those rules as expected (another WeasyPrint): then it is used as is.
    """
    lines, marker, notes = [], 0, 0
    for line in UA.splitlines():
        if line.startswith("::marker {"):
            line, marker = ":is(li, summary)" + line, marker + 1
        elif line.startswith(("::footnote-", "::note-")):
            notes += 1
            continue
        lines.append(line)
    if (marker, notes) != (1, 5):
        LOGGER.warning("WeasyPrint's user-agent stylesheet changed; the report uses it unchanged (slower layout)")
        return None
    return CSS(string="\n".join(lines), counter_style=UA_COUNTER_STYLE)


REPORT_UA_SHEET = _report_ua_sheet()


class ReportHTML(HTML):
    """The report's HTML for WeasyPrint: the user-agent stylesheet without the pseudo-elements it never uses."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        stock = super()._ua_stylesheets(forms)
        if REPORT_UA_SHEET is None:
            return stock
        return [REPORT_UA_SHEET, *stock[1:]]  # the form sheet, when asked for, as it is


_gc_lock = threading.Lock()
_gc_pauses = 0  # reports laying out or writing now
_gc_was_enabled = True  # the collector's state when the first of them began


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while WeasyPrint lays out or writes a report.

    WeasyPrint builds hundreds of thousands of objects per report; the collector, run again and again as they
    grow, re-scans all of them and adds a quarter to layout and writing, while nothing of a report can be freed
    before the report is done. Reports made at the same time (the app's sessions) share one pause: the
    collector comes back, as it was, when the last of them ends.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()
