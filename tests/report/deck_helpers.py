"""What the deck's tests share: a firm's template made with python-pptx, and how a reader looks at a deck."""

from __future__ import annotations

import functools
import io
import subprocess
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
FIRM_ACCENT = "7A1F5C"  # the template's accent 1: a colour no default has


@functools.cache  # the same bytes each time (a zip's entries carry the time they were written)
def named_template(master: str, *, wide: bool = True, sample_slide: bool = True) -> bytes:
    """A firm's template: its master and layouts renamed, its theme's accent 1 changed, one slide of its own."""
    deck = Presentation()
    if wide:
        deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    first = deck.slide_masters[0]
    first.element.cSld.set("name", master)
    for layout in first.slide_layouts:
        layout.element.cSld.set("name", f"Firm {layout.name}")
    theme = first.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    accent = root.find(f".//{{{A}}}clrScheme/{{{A}}}accent1")
    for child in list(accent):
        accent.remove(child)
    etree.SubElement(accent, f"{{{A}}}srgbClr", val=FIRM_ACCENT)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if sample_slide:
        slide = deck.slides.add_slide(first.slide_layouts[1])
        slide.shapes.title.text = "Sample slide of the template"
    output = io.BytesIO()
    deck.save(output)
    return output.getvalue()


def loose_texts(deck) -> list[str]:
    """Shapes with text that are not a placeholder, a table or a chart: text boxes, shapes with words in them."""
    found = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.is_placeholder or shape.has_table or shape.has_chart:
                continue
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and not shape.has_text_frame:
                continue
            found.append(f"slide {number}: {shape.shape_type} {shape.name}")
    return found


def pdf_pages(pptx: Path, folder: Path) -> int:
    """Convert the deck with LibreOffice headless (a profile of its own) and count the PDF's pages."""
    profile = folder / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(pptx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = folder / (pptx.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
