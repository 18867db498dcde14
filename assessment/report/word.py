"""The Word report (python-docx): the PDF's chapters and texts as an editable .docx, in Chinese or English.

Real heading styles (Heading 1–3: Word builds the table of contents from them; a TOC field of our own opens the
document), tables whose header row repeats on every page with the PDF's rating colours, the charts as PNG
pictures (kaleido, the same figures as the PDF's), page numbers in the footer, the firm's name in the header.
The firm's own .docx may serve as the template: its body is cleared, its styles, headers, footers and page set-up
are kept and its heading styles used. Written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pandas as pd
from docx.document import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from assessment.analysis.analyse import Analysis
from assessment.files import atomic_output
from assessment.report.charts import ChartJobs
from assessment.report.context import report_context
from assessment.report.options import ReportOptions
from assessment.report.texts import text
from assessment.report.word_evidence import evidence
from assessment.report.word_parts import COLOUR_OK, MUTED, Style, add_text, clean, contents, field, hex_colour
from assessment.report.word_plan import appendix, gaps, roadmap
from assessment.report.word_processes import processes
from assessment.report.word_summary import cover, method, overview, summary
from assessment.report.word_texts import word_text

Progress = Callable[[float, str], None]
CJK_FONT = "Noto Sans CJK SC"  # the PDF's font; Word falls back to its own CJK font where it is not installed
HEADINGS = ("Heading 1", "Heading 2", "Heading 3")
STYLED = ("Normal", "Title", "Caption", "List Bullet", "List Number", *HEADINGS)
SIZES = {"Normal": 10, "Heading 1": 18, "Heading 2": 13.5, "Heading 3": 11, "Title": 26, "Caption": 8.5}
CHAPTERS: dict[str, Callable[..., None]] = {
    "summary": summary,
    "method": method,
    "overview": overview,
    "processes": processes,
    "gaps": gaps,
    "roadmap": roadmap,
    "evidence": evidence,
    "appendix": appendix,
}
LANG_SUCCESSORS = ("eastAsianLayout", "specVanish", "oMath", "rPrChange")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
CHART_SCALE = 2  # pixels per CSS pixel of the PNG: sharp when printed at the text width (~230 dpi)


def write_word(
    analysis: Analysis,
    meta: Any,
    options: ReportOptions,
    path: str | Path,
    *,
    walkthroughs: pd.DataFrame | None = None,
    context_records: dict | None = None,
    template: bytes | None = None,
    progress: Progress | None = None,
    evidence: Sequence[Any] | None = None,
) -> None:
    """Write the Word report to `path`, whole or not at all.

    `template`: the firm's .docx (its styles, headers, footers and page set-up), or None for the report's own
    look. `progress(fraction, stage)` is told of the stages "charts", "layout" and "done". `evidence`: the
    assessment's stored evidence (assessment.workspace.evidence.evidence_of), its chapter when there is some.
    """
    report = progress or (lambda fraction, stage: None)
    report(0.0, "charts")
    with ChartJobs(inline=False, fmt="png", scale=CHART_SCALE) as jobs:
        view = report_context(
            analysis, meta, options, walkthroughs=walkthroughs, records=context_records, jobs=jobs, evidence=evidence
        )
        report(0.2, "layout")
        document = word_document(view, meta, options, template)  # waits for each chart where it goes
    report(0.9, "layout")
    with atomic_output(path) as temporary:
        document.save(str(temporary))
    report(1.0, "done")


def word_document(view: dict[str, Any], meta: Any, options: ReportOptions, template: bytes | None) -> Document:
    """The report as a python-docx Document, from the report's view model (assessment.report.context)."""
    lang = options.lang
    document = open_template(template) if template else docx.Document()
    if template:
        _clear_body(document)
    style = _styles(document, meta.branding, lang, own=not template)
    if not template:
        _page_setup(document)
    _running_parts(document, view, meta, lang, own_footer=not template or _empty_footer(document))
    _properties(document, view, meta, lang)
    t = view["t"]
    if "cover" in view["include"]:
        cover(document, style, view, meta)
    if view["chapters"]:
        title = document.add_paragraph()
        add_text(title, t("contents"), bold=True, size=20, colour=RGBColor.from_string(hex_colour(style.primary)))
        add_text(document.add_paragraph(), word_text("toc_note", lang), size=8, colour=MUTED)
    first = None
    for chapter in view["chapters"]:
        heading = document.add_heading(level=1)
        heading.paragraph_format.page_break_before = True
        add_text(heading, f"{chapter['number']}  {chapter['title']}")
        first = first or heading
        CHAPTERS[chapter["key"]](document, style, view)
    if first is not None:  # the contents as Word will build them (the headings of levels 1 and 2), before chapter 1
        contents(document, first, _entries(document))
    return document


def open_template(template: bytes) -> Document:
    """The firm's template as a document: a .docx, or a .dotx (Word's template file) read as one."""
    with zipfile.ZipFile(BytesIO(template)) as archive:
        types = archive.read("[Content_Types].xml")
        if DOTX.encode() not in types:
            return docx.Document(BytesIO(template))
        copy = BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
            for item in archive.infolist():
                data = archive.read(item.filename)
                out.writestr(
                    item,
                    types.replace(DOTX.encode(), DOCX.encode()) if item.filename == "[Content_Types].xml" else data,
                )
    return docx.Document(copy)


def _entries(document: Document) -> list[tuple[int, str]]:
    levels = {name: level for level, name in enumerate(HEADINGS[:2], start=1)}
    return [
        (levels[p.style.name], p.text) for p in document.paragraphs if p.style is not None and p.style.name in levels
    ]


def _clear_body(document: Document) -> None:
    """Take the template's content away, keeping its last section's settings (page size, margins, headers)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _styles(document: Document, branding: Any, lang: str, own: bool) -> Style:
    """The styles the report uses, made to carry Chinese (East-Asian font, language); with the report's own look
    (fonts, sizes, heading colour) unless a template gives its own."""
    primary = branding.primary if COLOUR_OK.match(branding.primary or "") else type(branding).primary
    accent = branding.accent if COLOUR_OK.match(branding.accent or "") else type(branding).accent
    styles = document.styles
    for name in HEADINGS:
        if name not in [s.name for s in styles]:
            made = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            made.base_style = styles["Normal"]
            made.font.bold = True
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(int(name[-1]) - 1))
            made.element.get_or_add_pPr().append(level)
    for name in STYLED:
        try:
            chosen = styles[name]
        except KeyError:
            continue
        _east_asian(chosen.element, lang, every_script=own)
        if own:
            chosen.font.size = Pt(SIZES.get(name, 10))
            if name in HEADINGS or name == "Title":
                chosen.font.color.rgb = RGBColor.from_string(hex_colour(primary))
    if own:
        normal = styles["Normal"].paragraph_format
        normal.space_after = Pt(4)
        normal.line_spacing = 1.15
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        _east_asian(defaults.find(qn("w:rPrDefault")), lang, every_script=own, properties_in="w:rPr")
    lists = all(name in [s.name for s in styles] for name in ("List Bullet", "List Number"))
    return Style(primary=primary, accent=accent, lists=lists)


def _east_asian(element: Any, lang: str, every_script: bool, properties_in: str = "") -> None:
    """The East-Asian font and the language (zh-CN for East-Asian text) on a style's run properties."""
    if element is None:
        return
    if properties_in:
        holder = element.find(qn(properties_in))
        if holder is None:
            holder = OxmlElement(properties_in)
            element.append(holder)
    else:
        holder = element.get_or_add_rPr()
    fonts = holder.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        holder.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    if every_script:
        for script in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{script}"), CJK_FONT)
            fonts.attrib.pop(qn(f"w:{script}Theme"), None)
    language = holder.find(qn("w:lang"))
    if language is None:  # in its place among the run properties: only these may follow it
        language = OxmlElement("w:lang")
        later = [child for child in holder if child.tag in {qn(f"w:{name}") for name in LANG_SUCCESSORS}]
        if later:
            later[0].addprevious(language)
        else:
            holder.append(language)
    language.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    language.set(qn("w:eastAsia"), "zh-CN")


def _page_setup(document: Document) -> None:
    """A4, 2 cm margins (the PDF's text width), the cover without header or footer."""
    for section in document.sections:
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
        section.header_distance = section.footer_distance = Cm(1.0)


def _empty_footer(document: Document) -> bool:
    """Whether the template's footer says nothing (then the report's page numbers go into it)."""
    footer = document.sections[-1].footer
    element = footer._element if not footer.is_linked_to_previous else None
    words = "".join(node.text or "" for node in element.iter(qn("w:t"))) if element is not None else ""
    fields = (
        element.findall(".//" + qn("w:fldChar")) + element.findall(".//" + qn("w:fldSimple"))
        if element is not None
        else []
    )
    return element is None or not (words.strip() or fields)


def _running_parts(document: Document, view: dict[str, Any], meta: Any, lang: str, own_footer: bool) -> None:
    """Header: client · assessment; footer: the firm's name and "Page n of N" (the report's own fields)."""
    section = document.sections[-1]
    if "cover" in view["include"]:
        section.different_first_page_header_footer = True  # the cover stands alone, as in the PDF
    if not own_footer:
        return
    width = section.page_width - section.left_margin - section.right_margin
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_text(header, " · ".join(part for part in (meta.client, meta.assessment) if part), size=8, colour=MUTED)
    footer = section.footer.paragraphs[0]
    stops = footer.paragraph_format.tab_stops
    if footer.style is not None:  # the Footer style's own stops (centre, right) would catch the tab first
        for stop in footer.style.paragraph_format.tab_stops:
            stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    add_text(footer, view["company"] or "", size=8, colour=MUTED)
    add_text(footer, "\t" + text("page_before", lang), size=8, colour=MUTED)
    field(footer, "PAGE", "1")
    add_text(footer, text("page_between", lang), size=8, colour=MUTED)
    field(footer, "NUMPAGES", "1")
    if text("page_after", lang):
        add_text(footer, text("page_after", lang), size=8, colour=MUTED)
    for run in footer.runs:  # the fields' numbers too
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED


def _properties(document: Document, view: dict[str, Any], meta: Any, lang: str) -> None:
    """The file's properties: title, subject, author (the firm), language."""
    properties = document.core_properties
    properties.title = clean(f"{view['t']('report_title')} · {meta.client}")[:250]
    properties.subject = clean(meta.assessment)[:250]
    properties.author = clean(view["company"] or meta.assessor or "MaturityMap")[:250]
    properties.last_modified_by = "MaturityMap"
    properties.language = "zh-CN" if lang == "zh" else "en-GB"
    properties.keywords = ""
    properties.comments = ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    properties.created = properties.modified = now.replace(tzinfo=None)
    properties.revision = 1
