"""The pieces of the steering-committee deck: text in placeholders, tables and native charts.

Every text from data goes into a run as plain text (python-pptx escapes it): never a field, a hyperlink or, in a
chart's embedded workbook, a formula or a link (XlsxWriter would otherwise make "=…" a formula and "http://…" a link).
East-Asian runs of a Chinese deck get the CJK font (a:ea) so that PowerPoint and LibreOffice never fall back to a
font without the characters.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Pt
from xlsxwriter import Workbook

CJK_FONT = "Noto Sans CJK SC"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # not allowed in XML text (tab kept, line breaks become spaces)
RUN_PROPERTIES_AFTER_EA = ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


def plain(value: Any) -> str:
    """Text from data as one line of plain text: line breaks become spaces, control characters go."""
    return CONTROL.sub("", re.sub(r"[\r\n]+", " ", str(value)))


@dataclass
class Para:
    """One paragraph: runs of (text, bold), its list level and kind ("bullet", "number" or "plain")."""

    runs: list[tuple[str, bool]]
    kind: str = "bullet"
    level: int = 0
    size: float | None = None  # points; None: the placeholder's own size
    colour: str | None = None  # #RRGGBB


def para(text: str, kind: str = "bullet", level: int = 0, *, bold: bool = False, size: float | None = None) -> Para:
    return Para([(text, bold)], kind, level, size)


@dataclass
class Fonts:
    """What every run of the deck is given: the CJK font for a Chinese deck."""

    lang: str
    cjk: bool = field(init=False)

    def __post_init__(self) -> None:
        self.cjk = self.lang == "zh"

    def apply(self, run_properties: Any) -> None:
        """Set a:ea (the font of East-Asian characters) on a run's or a paragraph's default run properties."""
        if not self.cjk:
            return
        for old in run_properties.findall(qn("a:ea")):
            run_properties.remove(old)
        ea = OxmlElement("a:ea")
        ea.set("typeface", CJK_FONT)
        run_properties.insert_element_before(ea, *RUN_PROPERTIES_AFTER_EA)


def fill_text(frame: Any, paragraphs: Sequence[Para], fonts: Fonts) -> None:
    """Replace the text of a text frame (a placeholder's, a table cell's, the notes') with `paragraphs`."""
    frame.clear()  # one empty paragraph left
    first = True
    for item in paragraphs:
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        paragraph.level = max(0, min(item.level, 8))
        _bullet(paragraph, item.kind)
        for text, bold in item.runs:
            run = paragraph.add_run()
            run.text = plain(text)
            if bold:
                run.font.bold = True
            if item.size:
                run.font.size = Pt(item.size)
            if item.colour:
                run.font.color.rgb = RGBColor.from_string(item.colour.lstrip("#"))
            fonts.apply(run._r.get_or_add_rPr())


def _bullet(paragraph: Any, kind: str) -> None:
    """A paragraph's list mark: the placeholder's own bullet, a number, or none."""
    if kind == "bullet":
        return
    properties = paragraph._p.get_or_add_pPr()
    for tag in ("a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    if kind == "number":
        mark = OxmlElement("a:buAutoNum")
        mark.set("type", "arabicPeriod")
    else:
        mark = OxmlElement("a:buNone")
        properties.set("indent", "0")
        properties.set("marL", "0")
    properties.insert_element_before(mark, "a:tabLst", "a:defRPr", "a:extLst")


def blocks_paragraphs(blocks: Iterable[dict] | None, level: int = 0) -> list[Para]:
    """The consultant's text (assessment.report.rich_text blocks) as paragraphs: paragraphs, bullets, numbers, bold."""
    found = []
    for block in blocks or []:
        kind = block.get("kind") if isinstance(block, dict) else None
        if kind == "paragraph":
            found.append(Para(_runs(block.get("runs")), "plain", level))
        elif kind in ("bullets", "numbers"):
            for runs in block.get("items") or []:
                found.append(Para(_runs(runs), "bullet" if kind == "bullets" else "number", level + 1))
    return found


def _runs(runs: Any) -> list[tuple[str, bool]]:
    return [(str(run.get("text", "")), bool(run.get("bold"))) for run in runs or [] if isinstance(run, dict)]


def blocks_text(blocks: Iterable[dict] | None) -> list[str]:
    """The consultant's text as lines of plain text (for the speaker notes)."""
    lines = []
    for item in blocks_paragraphs(blocks):
        text = "".join(text for text, _ in item.runs)
        lines.append(("• " if item.kind == "bullet" else "") + text)
    return lines


def fitting_size(paragraphs: Sequence[Para], width: int, height: int, largest: float = 20) -> float:
    """The largest font size (points, from `largest` down to 10) at which `paragraphs` fit a box of `width` ×
    `height` EMU, estimated from their characters (a CJK character one em wide, others about half an em)."""
    width_pt, height_pt = width / 12700 - 14, height / 12700 - 10
    size = largest
    while size > 10:
        needed = 0.0
        for item in paragraphs:
            text = "".join(text for text, _ in item.runs)
            ems = sum(1.0 if ord(character) > 0x2E80 else 0.55 for character in text) + 2 * (item.level + 1)
            lines = max(1, -(-ems * size // max(width_pt, 1)))
            needed += lines * size * 1.2 + size * 0.35
        if needed <= height_pt:
            break
        size -= 1
    return size


# --- tables -----------------------------------------------------------------------------------------------------------


@dataclass
class Cell:
    text: str
    fill: str | None = None  # #RRGGBB
    ink: str | None = None
    bold: bool = False
    centre: bool = False


def add_table(
    slide: Any,
    box: tuple[int, int, int, int],
    header: Sequence[str | Cell],
    rows: Sequence[Sequence[str | Cell]],
    fonts: Fonts,
    *,
    widths: Sequence[float] | None = None,
    size: float = 12,
) -> Any:
    """A table in `box` (left, top, width, height): a header row, then `rows`; `widths` are shares of the width."""
    left, top, width, height = box
    row_height = Pt(size * 2.1)
    total_height = min(height, int(row_height * (len(rows) + 1)))
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Emu(left), Emu(top), Emu(width), Emu(total_height))
    table = shape.table
    shares = widths or [1.0] * len(header)
    for index, share in enumerate(shares):
        table.columns[index].width = Emu(int(width * share / sum(shares)))
    for row in table.rows:
        row.height = Emu(int(total_height / (len(rows) + 1)))
    for column, title in enumerate(header):
        _cell(table.cell(0, column), title if isinstance(title, Cell) else Cell(title, bold=True), fonts, size)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _cell(table.cell(index, column), value if isinstance(value, Cell) else Cell(value), fonts, size)
    return shape


def _cell(cell: Any, value: Cell, fonts: Fonts, size: float) -> None:
    fill_text(cell.text_frame, [Para([(value.text, value.bold)], "plain", size=size, colour=value.ink)], fonts)
    cell.margin_top = cell.margin_bottom = Pt(2)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    if value.centre:
        for paragraph in cell.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.CENTER
    if value.fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(value.fill.lstrip("#"))


# --- charts -----------------------------------------------------------------------------------------------------------


class _TextOnlyWriter(CategoryWorkbookWriter):
    """The chart's embedded workbook with every string a string: no formula, no link, no number from a name."""

    @contextlib.contextmanager
    def _open_worksheet(self, xlsx_file):
        options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        workbook = Workbook(xlsx_file, {**options, "strings_to_numbers": False})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class TextOnlyChartData(CategoryChartData):
    """Category chart data whose workbook keeps names from data as text."""

    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        writer = self.__dict__.get("_text_only_writer")
        if writer is None:
            writer = self.__dict__["_text_only_writer"] = _TextOnlyWriter(self)
        return writer


def add_chart(
    slide: Any,
    box: tuple[int, int, int, int],
    kind: XL_CHART_TYPE,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    fonts: Fonts,
    *,
    size: float = 12,
) -> Any:
    """A native chart (editable data) in `box`: `series` of (name, values) over `categories`."""
    data = TextOnlyChartData(number_format="0.0")
    data.categories = [plain(name) for name in categories]
    for name, values in series:
        data.add_series(plain(name), [float(value) for value in values])
    left, top, width, height = box
    frame = slide.shapes.add_chart(kind, Emu(left), Emu(top), Emu(width), Emu(height), data)
    chart = frame.chart
    chart.font.size = Pt(size)
    fonts.apply(chart.font._rPr)
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    return frame
