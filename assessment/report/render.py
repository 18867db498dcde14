"""Render the report: Jinja2 templates (autoescaped) into one HTML document, WeasyPrint into a PDF.

`render_html` gives the self-contained HTML (the CSS inline, charts as data: URLs); `write_report` writes
the PDF, the HTML or the Excel workbook by the suffix of the path, whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.document import Document

from assessment.analysis import Analysis
from assessment.branding import Branding
from assessment.files import atomic_output, write_atomic
from assessment.report.charts import ChartJobs
from assessment.report.common import RATING_COLOURS, RATING_INK
from assessment.report.context import report_context
from assessment.report.fetcher import TEMPLATES, ReportFetcher
from assessment.report.texts import text
from assessment.report_options import ReportOptions
from assessment.workbook_export import results_workbook

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
    )
    return env


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
) -> str:
    """The whole report as one self-contained HTML document (the CSS inline, charts as data: URLs).

    `walkthroughs`: assessment.queries.walkthrough_results_of for a stored assessment; `context_records`:
    assessment.queries.context_of (the pain points' texts); None for an analysis of files.
    """
    with ChartJobs(inline=True) as jobs:
        return _html(analysis, meta, options, walkthroughs, context_records, jobs if charts else None)


def _html(
    analysis: Analysis,
    meta: ReportMeta,
    options: ReportOptions,
    walkthroughs: pd.DataFrame | None,
    context_records: dict | None,
    jobs: ChartJobs | None,
) -> str:
    view = report_context(analysis, meta, options, walkthroughs=walkthroughs, records=context_records, jobs=jobs)
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
        report(0.0, "layout")
        write_atomic(path, results_workbook(analysis, options.lang, meta.client, meta.assessment))
        report(1.0, "done")
        return
    report(0.0, "charts")
    if suffix == ".html":
        html = render_html(analysis, meta, options, walkthroughs=walkthroughs, context_records=context_records)
        report(0.9, "layout")
        write_atomic(path, html)
        report(1.0, "done")
        return
    with ChartJobs(inline=False) as jobs:
        html = _html(analysis, meta, options, walkthroughs, context_records, jobs)
        report(0.15, "layout")  # the charts are exported while WeasyPrint lays the pages out
        fetcher = ReportFetcher(charts=jobs)
        document = pdf_document(html, fetcher)
        jobs.wait()  # a chart that failed fails the report: never a PDF with a hole
    report(0.8, "pdf")
    with atomic_output(path) as temporary:
        document.write_pdf(temporary)
    report(1.0, "done")


def pdf_document(html: str, fetcher: ReportFetcher | None = None) -> Document:
    """The laid-out pages of the report's HTML (WeasyPrint), fetching through the report's fetcher only."""
    return HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher or ReportFetcher()).render()
