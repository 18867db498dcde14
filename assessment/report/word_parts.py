"""The Word report's building blocks (python-docx): text runs, tables with a repeated header row and rating
colours, pictures, the consultant's blocks, and the report's own fields (contents, page numbers).

Every text from data goes into a run as text (python-docx escapes it; characters XML cannot carry are dropped):
no field, hyperlink or formula is ever made from data. The only fields of the document are the ones `field`
makes from the constant instructions of this package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from assessment.report.common import RATING_COLOURS, RATING_INK

TEXT_WIDTH_CM = 17.0  # A4 with 2 cm margins
RULE = "C8D0D8"  # table borders
MUTED = RGBColor(0x5B, 0x67, 0x75)
COLOUR_OK = re.compile(r"^#[0-9a-fA-F]{6}$")
NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# a table's properties in the order WordprocessingML wants them (Word refuses a file with them in another)
TABLE_PROPERTIES = (
    *("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize"),
    *("w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar"),
    *("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
)
SETTINGS_AFTER_UPDATE = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr")
OWN_FIELDS = ("TOC ", "PAGE", "NUMPAGES")  # the instructions `field` accepts: the report's own, never data


def clean(value: Any) -> str:
    """A value as text a Word run can hold: characters XML cannot carry (control characters) are dropped."""
    return NOT_XML.sub("", "" if value is None else str(value))


def hex_colour(value: str) -> str:
    """#RRGGBB -> RRGGBB as WordprocessingML writes colours."""
    return value.lstrip("#").upper()


@dataclass
class Cell:
    """One table cell: its text, and how the PDF shows it (a rating colour, bold, right-aligned, accented)."""

    text: str = ""
    rating: str = ""
    bold: bool = False
    right: bool = False
    accent: bool = False
    small: str = ""  # a second, smaller line (a process under an action's title)
    extra: list[str] = field(default_factory=list)


CellLike = Cell | str


@dataclass(frozen=True)
class Style:
    """What the writers need of the document's look: the branding colours and the styles it has."""

    primary: str
    accent: str
    lists: bool = True  # "List Bullet" and "List Number" exist


def add_text(paragraph: Paragraph, value: Any, *, bold: bool = False, size: float | None = None, colour=None):
    """A run of text from anywhere (data included): text only, never markup."""
    run = paragraph.add_run(clean(value))
    if bold:
        run.bold = True
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def paragraph(container: Any, value: Any = "", style: str | None = None, **format: Any) -> Paragraph:
    """A paragraph of one run of text (of the container's: the document, a cell)."""
    made = container.add_paragraph(style=style)
    if value != "":
        add_text(made, value, **format)
    return made


def small(container: Any, value: Any) -> Paragraph:
    """A note in small, muted type."""
    return paragraph(container, value, size=8, colour=MUTED)


def shade(cell: _Cell, colour: str) -> None:
    """Fill a cell with a colour (#RRGGBB)."""
    properties = cell._tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), hex_colour(colour))
    properties.append(fill)


def rating_run(paragraph: Paragraph, letter: str) -> None:
    """A rating letter as the PDF's pill: the letter on its rating colour."""
    run = add_text(paragraph, f" {letter or '–'} ", bold=True)
    if letter in RATING_COLOURS:
        run.font.color.rgb = RGBColor.from_string(hex_colour(RATING_INK[letter]))
        properties = run._r.get_or_add_rPr()
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:color"), "auto")
        fill.set(qn("w:fill"), hex_colour(RATING_COLOURS[letter]))
        properties.append(fill)


def table(
    document: Document,
    style: Style,
    header: Sequence[str],
    rows: Iterable[Sequence[CellLike]],
    widths: Sequence[float],
    caption: str = "",
) -> Table:
    """A data table: the header row repeated on every page, in the branding's primary colour, borders, each
    row kept on one page; a cell with a rating on that rating's colour (as the PDF colours it).

    `widths`: the columns' shares of the text width; `caption` (Table n: …) above it, as in the PDF.
    """
    if caption:
        paragraph(
            document, caption, "Caption" if _has(document, "Caption") else None
        ).paragraph_format.keep_with_next = True
    total = sum(widths)
    sizes = [Cm(TEXT_WIDTH_CM * share / total) for share in widths]
    made = document.add_table(rows=1, cols=len(header))
    made.alignment = WD_TABLE_ALIGNMENT.CENTER
    made.autofit = False
    _borders(made)
    _grid(made, sizes)
    head = made.rows[0]
    _repeat_header(head)
    for cell, title, size in zip(head.cells, header, sizes, strict=True):
        cell.width = size
        shade(cell, style.primary)
        add_text(_first(cell), title, bold=True, size=8.5, colour=RGBColor(0xFF, 0xFF, 0xFF))
    for values in rows:
        row = made.add_row()
        _keep_row(row)
        for cell, value, size in zip(row.cells, values, sizes, strict=True):
            cell.width = size
            _fill(cell, value if isinstance(value, Cell) else Cell(str(value)), style)
    document.add_paragraph()  # room after the table, and a place for what follows
    return made


def _fill(cell: _Cell, value: Cell, style: Style) -> None:
    first = _first(cell)
    if value.right:
        first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    accent = RGBColor.from_string(hex_colour(style.accent)) if value.accent else None
    if value.rating and not value.text:
        shade(cell, RATING_COLOURS[value.rating])
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(
            first, value.rating, bold=True, size=8.5, colour=RGBColor.from_string(hex_colour(RATING_INK[value.rating]))
        )
        return
    add_text(first, value.text, bold=value.bold, size=8.5, colour=accent)
    if value.rating:
        rating_run(first, value.rating)
    for extra in value.extra:
        add_text(first, " " + extra, size=8.5, colour=accent)
    if value.small:
        add_text(_tight(cell.add_paragraph()), value.small, size=7.5, colour=MUTED)


def _first(cell: _Cell) -> Paragraph:
    return _tight(cell.paragraphs[0])


def _tight(made: Paragraph) -> Paragraph:
    """A paragraph of a table cell: single-spaced, no space around it."""
    made.paragraph_format.space_after = Pt(0)
    made.paragraph_format.space_before = Pt(0)
    made.paragraph_format.line_spacing = 1.0
    return made


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    _keep_row(row)


def _keep_row(row: Any) -> None:
    keep = OxmlElement("w:cantSplit")
    keep.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(keep)


def _grid(made: Table, sizes: Sequence[int]) -> None:
    """The columns' widths where every reader looks: the grid (LibreOffice), the table's width, a fixed layout."""
    for column, size in zip(made._tbl.tblGrid.findall(qn("w:gridCol")), sizes, strict=True):
        column.set(qn("w:w"), str(int(size.twips)))
    properties = made._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.insert_element_before(width, *TABLE_PROPERTIES[TABLE_PROPERTIES.index("w:tblW") + 1 :])
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(sum(size.twips for size in sizes))))
    properties.get_or_add_tblLayout().set(qn("w:type"), "fixed")


def _borders(made: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), RULE)
        borders.append(line)
    made._tbl.tblPr.insert_element_before(borders, *TABLE_PROPERTIES[TABLE_PROPERTIES.index("w:tblBorders") + 1 :])


def _has(document: Document, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def picture(document: Document, png: bytes, caption: str, width_cm: float = TEXT_WIDTH_CM) -> None:
    """A chart as a picture, centred, with its caption (Figure n: …) under it."""
    holder = document.add_paragraph()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    holder.paragraph_format.keep_with_next = True
    holder.add_run().add_picture(BytesIO(png), width=Cm(width_cm))
    paragraph(document, caption, "Caption" if _has(document, "Caption") else None).alignment = WD_ALIGN_PARAGRAPH.CENTER


def bullets(document: Document, style: Style, items: Iterable[Sequence[dict]], numbered: bool = False) -> None:
    """A list of items, each a list of runs {"text", "bold"} (the consultant's blocks; the report's own lists)."""
    name = "List Number" if numbered else "List Bullet"
    for number, runs in enumerate(items, start=1):
        if style.lists and _has(document, name):
            made = document.add_paragraph(style=name)
        else:  # a template without list styles: the mark written out
            made = document.add_paragraph()
            add_text(made, f"{number}. " if numbered else "• ")
        write_runs(made, runs)


def write_runs(made: Paragraph, runs: Iterable[dict]) -> None:
    for run in runs:
        add_text(made, run.get("text", ""), bold=bool(run.get("bold")))


def blocks(document: Document, style: Style, parsed: Iterable[dict]) -> None:
    """The consultant's text as parsed by assessment.report.rich_text: paragraphs and lists with bold runs."""
    for block in parsed:
        kind = block.get("kind")
        if kind == "paragraph":
            write_runs(document.add_paragraph(), block.get("runs") or [])
        elif kind in ("bullets", "numbers"):
            bullets(document, style, block.get("items") or [], numbered=kind == "numbers")


def field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A field of the report's own (contents, page number) with `shown` as its text until Word updates it."""
    if not instruction.strip().startswith(OWN_FIELDS):
        raise ValueError(f"not a field of the report: {instruction!r}")
    _field_begin(paragraph, instruction)
    paragraph.add_run(clean(shown))
    _field_char(paragraph, "end")


def _field_begin(paragraph: Paragraph, instruction: str) -> None:
    _field_char(paragraph, "begin")
    run = paragraph.add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction.strip()} "
    run._r.append(code)
    _field_char(paragraph, "separate")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(mark)


def contents(document: Document, before: Paragraph, entries: Sequence[tuple[int, str]]) -> None:
    """The table of contents, before the paragraph `before`: Word's TOC field over the heading styles 1–2, showing
    the headings' titles (levels indented) until Word updates it with the page numbers (it is told to on opening)."""
    if not entries:
        return
    first = before.insert_paragraph_before()
    _field_begin(first, 'TOC \\o "1-2" \\h \\z \\u')
    last = first
    for index, (level, title) in enumerate(entries):
        made = first if index == 0 else before.insert_paragraph_before()
        made.paragraph_format.left_indent = Cm(0.8 * (level - 1))
        made.paragraph_format.space_before = Pt(5 if level == 1 and index else 0)
        made.paragraph_format.space_after = Pt(0)
        made.paragraph_format.line_spacing = 1.0
        add_text(made, title, bold=level == 1)
        last = made
    _field_char(last, "end")
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:  # in its place in the settings' sequence: Word refuses a file with it elsewhere
        update = OxmlElement("w:updateFields")
        later = [child for child in settings if child.tag.rsplit("}", 1)[-1] in SETTINGS_AFTER_UPDATE]
        if later:
            later[0].addprevious(update)
        else:
            settings.append(update)
    update.set(qn("w:val"), "true")
