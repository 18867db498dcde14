"""The deck's masters and layouts: the firm's own template (.pptx, its masters, layouts and theme colours) or a clean
default, always 16:9.

The layouts are picked by their placeholders (a title and one body; a title only; a title and two bodies; a title
slide), so a template in any language works; a template without a layout of a title and a body is not used (the
default deck is, and the log says why).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from assessment.report.deck_parts import CJK_FONT
from assessment.workspace.branding import Branding

LOGGER = logging.getLogger(__name__)
WIDE = (Inches(13.333), Inches(7.5))  # 16:9
TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
BODIES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
FOOTERS = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass
class Layouts:
    """The layouts the deck uses, and the area under the title where tables and charts go."""

    title: Any
    content: Any
    two: Any
    title_only: Any
    body: tuple[int, int, int, int]  # left, top, width, height (EMU)


def open_deck(template: bytes | None, primary: str, accent: str) -> tuple[Any, Layouts, bool]:
    """The presentation to fill (no slides), its layouts, and whether it is the firm's template.

    Only colours matching #RRGGBB reach the theme; another value gives the default branding's colour.
    """
    primary = primary if COLOUR.match(primary or "") else Branding.primary
    accent = accent if COLOUR.match(accent or "") else Branding.accent
    if template:
        try:
            deck = Presentation(io.BytesIO(template))
            _drop_slides(deck)
            _widen(deck)
            layouts = pick_layouts(deck)
            if layouts is not None:
                return deck, layouts, True
            LOGGER.warning("the deck template has no layout with a title and a body; the default deck is used")
        except Exception:  # a broken template never stops the deck: the default one is used
            LOGGER.warning("the deck template could not be read; the default deck is used", exc_info=True)
    deck = Presentation()
    _widen(deck)
    _style_default(deck, primary, accent)
    layouts = pick_layouts(deck)
    assert layouts is not None  # python-pptx's default template has them all
    return deck, layouts, False


def _drop_slides(deck: Any) -> None:
    """Remove the template's own slides (their parts are not saved once nothing refers to them)."""
    ids = deck.slides._sldIdLst
    for slide_id in list(ids):
        deck.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)


def _widen(deck: Any) -> None:
    """Make the deck 16:9, stretching its masters' and layouts' shapes across the new width (a 4:3 template)."""
    width, height = deck.slide_width, deck.slide_height
    wide = int(height * 16 / 9)
    if abs(width - wide) <= Inches(0.05):
        return
    factor = wide / width
    for master in deck.slide_masters:
        for shape in [*master.shapes, *(shape for layout in master.slide_layouts for shape in layout.shapes)]:
            if not _placed(shape):
                continue  # a layout placeholder that takes its place from the master
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:  # moved, not stretched
                shape.left = Emu(int((shape.left + shape.width / 2) * factor - shape.width / 2))
            else:
                shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))
    deck.slide_width, deck.slide_height = Emu(wide), Emu(height)


def _placed(shape: Any) -> bool:
    """Whether a shape has a position of its own (not one inherited from its master)."""
    element = shape._element
    properties = element.find(qn("p:spPr"))
    if properties is not None:
        return properties.find(qn("a:xfrm")) is not None
    return element.find(qn("p:xfrm")) is not None


def _kinds(layout: Any) -> tuple[int, int, bool, bool]:
    """(titles, bodies, has a subtitle, has a centred title) of a layout's placeholders."""
    types = [shape.placeholder_format.type for shape in layout.placeholders]
    bodies = [t for t in types if t in BODIES]
    return (
        sum(t in TITLES for t in types),
        len(bodies),
        PP_PLACEHOLDER.SUBTITLE in types,
        PP_PLACEHOLDER.CENTER_TITLE in types,
    )


def pick_layouts(deck: Any) -> Layouts | None:
    """The layouts by their placeholders (a layout's name decides between equals), None without a title and body."""
    found: dict[str, Any] = {}
    for master in deck.slide_masters:
        for layout in master.slide_layouts:
            titles, bodies, subtitle, centred = _kinds(layout)
            vertical = "vert" in layout.name.lower() or any(
                shape.placeholder_format.element.get("orient") == "vert" for shape in layout.placeholders
            )
            if titles != 1 or vertical:
                continue
            if (subtitle or centred) and bodies == 0:
                found.setdefault("title", layout)
            elif bodies == 1 and not subtitle and "caption" not in layout.name.lower():
                found.setdefault("content", layout)
            elif bodies == 2 and not subtitle:
                found.setdefault("two", layout)
            elif bodies == 0 and not subtitle:
                found.setdefault("title_only", layout)
    content = found.get("content")
    if content is None:
        return None
    body = next(shape for shape in content.placeholders if shape.placeholder_format.type in BODIES)
    return Layouts(
        title=found.get("title", content),
        content=content,
        two=found.get("two", content),
        title_only=found.get("title_only", content),
        body=(int(body.left), int(body.top), int(body.width), int(body.height)),
    )


def _style_default(deck: Any, primary: str, accent: str) -> None:
    """The default deck made clean: the branding's colours in the theme (charts and tables take them), titles in the
    primary colour, text sizes for a slide read from across a room, the CJK font for East-Asian text."""
    master = deck.slide_masters[0]
    theme = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    scheme = root.find(f".//{{{A}}}clrScheme")
    for name, colour in (("dk2", primary), ("accent1", primary), ("accent2", accent)):
        element = scheme.find(f"{{{A}}}{name}")
        if element is not None:
            for child in list(element):
                element.remove(child)
            etree.SubElement(element, f"{{{A}}}srgbClr", val=colour.lstrip("#").upper())
    for font in root.iter(f"{{{A}}}ea"):
        font.set("typeface", CJK_FONT)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    styles = master.element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}txStyles")
    sizes = {"titleStyle": [3000], "bodyStyle": [2000, 1800, 1600, 1400, 1400]}
    for style, points in sizes.items():
        node = styles.find(f"{{http://schemas.openxmlformats.org/presentationml/2006/main}}{style}")
        for level, size in enumerate(points, start=1):
            properties = node.find(f"{{{A}}}lvl{level}pPr/{{{A}}}defRPr")
            if properties is None:
                continue
            properties.set("sz", str(size))
            if style == "titleStyle":
                properties.set("b", "1")
                fill = properties.find(f"{{{A}}}solidFill")
                if fill is not None:
                    for child in list(fill):
                        fill.remove(child)
                    etree.SubElement(fill, f"{{{A}}}schemeClr", val="tx2")
    title = next(shape for shape in master.placeholders if shape.placeholder_format.type in TITLES)
    top = Inches(0.35)
    title.top, title.height = Emu(top), Emu(Inches(1.0))
    for shape in master.placeholders:
        if shape.placeholder_format.type in BODIES:
            shape.top, shape.height = Emu(Inches(1.55)), Emu(Inches(5.3))
    for layout in master.slide_layouts:
        for shape in layout.placeholders:
            kind, left, width, top = shape.placeholder_format.type, shape.left, shape.width, shape.top
            if kind == PP_PLACEHOLDER.TITLE and top is not None and top < Inches(1):
                _place(shape, left, Inches(0.35), width, Inches(1.0))
            elif kind in BODIES and top is not None and top < Inches(2) and layout.name != "Comparison":
                _place(shape, left, Inches(1.55), width, Inches(5.3))
    _band(master, primary, deck.slide_width)


def _place(shape: Any, left: int, top: int, width: int, height: int) -> None:
    """Give a shape all four of its dimensions (setting one alone on a layout's placeholder zeroes the others)."""
    shape.left, shape.top, shape.width, shape.height = Emu(left), Emu(top), Emu(width), Emu(height)


def _band(master: Any, colour: str, width: int) -> None:
    """A thin band of the primary colour across the top of every slide of the default deck (no text)."""
    P = "http://schemas.openxmlformats.org/presentationml/2006/main"
    xml = (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="100" name="Band"/><p:cNvSpPr/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{Inches(0.12)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/>'
        "</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )
    tree = master.shapes._spTree
    tree.insert(2, etree.fromstring(xml))  # behind the placeholders (after nvGrpSpPr and grpSpPr)
