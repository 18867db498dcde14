"""The steering-committee deck of the demo, read back with python-pptx as PowerPoint would open it, and converted by
LibreOffice headless as a client's machine would show it.

Each language's deck is written once for the module; the tests read those files.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from assessment.analysis.analyse import analyse_assessment
from assessment.analysis.explain import explain_level
from assessment.questionnaire.text import Text
from assessment.report import ReportMeta
from assessment.report import deck as deck_module
from assessment.report.common import RATING_COLOURS, pct
from assessment.report.deck import write_deck
from assessment.report.options import ReportOptions
from assessment.workspace.branding import Branding
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.queries import context_of, walkthrough_results_of
from scoring.maturity import PRECISION
from tests.report.deck_helpers import FIRM_ACCENT, loose_texts, named_template, pdf_pages
from tests.report.test_pdf import PROCESS_NAMES

LANGS = ("zh", "en")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deck")
    workspace = Workspace(f"sqlite:///{folder / 'demo.db'}")
    assessment = load_demo(workspace)
    analysis = analyse_assessment(workspace, assessment)
    return analysis, walkthrough_results_of(workspace, assessment), context_of(workspace, assessment)


def meta(lang: str, **changes) -> ReportMeta:
    base = ReportMeta(
        client="示范集团" if lang == "zh" else "Demo Group",
        assessment="2026 ITSM 现状评估" if lang == "zh" else "ITSM assessment 2026",
        date=dt.date(2026, 3, 20),
        assessor="陈顾问",
        branding=Branding(company="Example Consulting"),
        questionnaire="itsm-core 1.0",
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture(scope="module")
def decks(demo, tmp_path_factory):
    """The path of the demo's deck in each language."""
    analysis, walkthroughs, records = demo
    folder = tmp_path_factory.mktemp("decks")
    paths = {}
    for lang in LANGS:
        paths[lang] = folder / f"deck-{lang}.pptx"
        write_deck(analysis, meta(lang), ReportOptions(lang), paths[lang], walkthroughs=walkthroughs,
                   context_records=records)  # fmt: skip
    return paths


def charts_of(deck, kind) -> list:
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart
            and shape.chart.chart_type == kind]  # fmt: skip


def titles(deck) -> list[str]:
    return [slide.shapes.title.text if slide.shapes.title is not None else "" for slide in deck.slides]


def slide_titled(deck, title: str):
    return next(slide for slide in deck.slides if slide.shapes.title is not None and slide.shapes.title.text == title)


@pytest.mark.parametrize("lang", LANGS)
def test_the_deck_is_16_9_with_a_slide_per_process_named_in_its_language(decks, lang):
    deck = Presentation(str(decks[lang]))
    assert deck.slide_width * 9 == pytest.approx(deck.slide_height * 16, rel=0.001)
    shown = titles(deck)
    for name in PROCESS_NAMES[lang]:
        assert shown.count(name) == 1
    other = PROCESS_NAMES["en" if lang == "zh" else "zh"]
    assert not any(name in title for name in other for title in shown)
    assert deck.slides[0].placeholders[1].text.startswith(meta(lang).client)  # the title slide names the client


@pytest.mark.parametrize("lang", LANGS)
def test_the_radar_is_a_native_chart_of_the_levels_and_targets(decks, demo, lang):
    analysis = demo[0]
    processes = analysis.scored.result.processes
    (radar,) = charts_of(Presentation(str(decks[lang])), XL_CHART_TYPE.RADAR_MARKERS)
    plot = radar.plots[0]
    assert list(plot.categories) == PROCESS_NAMES[lang]
    current, target = plot.series
    assert list(current.values) == [float(level) for level in processes["level"]]
    assert list(target.values) == [float(value) for value in processes["target"]]
    assert radar.part.chart_workbook.xlsx_part is not None  # the data is editable in PowerPoint


def test_the_gap_chart_shows_the_gaps_most_urgent_first_without_priority_points(decks, demo):
    analysis = demo[0]
    ranked = analysis.priorities.sort_values("rank")
    (bars,) = charts_of(Presentation(str(decks["en"])), XL_CHART_TYPE.BAR_CLUSTERED)
    names = dict(zip(PROCESS_NAMES["en"], analysis.scored.result.processes["process"], strict=True))
    labels = list(bars.plots[0].categories)
    assert [names[label] for label in labels] == list(ranked["process"])
    levels, scores = bars.plots[0].series
    assert list(levels.values) == [float(gap) for gap in ranked["gap"]]
    assert list(scores.values) == pytest.approx([max(0.0, gap) for gap in ranked["score_gap"]])
    xml = bars.part.blob.decode("utf-8")
    assert "priority" not in xml.lower()
    assert not any(re.search(r"\d", label) for label in labels)  # no "priority 74" beside a name


def test_the_heat_map_is_a_table_coloured_by_rating(decks, demo):
    analysis = demo[0]
    deck = Presentation(str(decks["en"]))
    slide = slide_titled(deck, "Achievement by process and dimension")
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    header = [cell.text for cell in table.rows[0].cells]
    dimensions = {d.label.get("en"): d.id for d in analysis.scored.questionnaire.dimensions}
    names = dict(zip(PROCESS_NAMES["en"], analysis.scored.result.processes["process"], strict=True))
    frame = analysis.scored.result.dimensions.set_index(["process", "dimension"])["achievement"]
    checked = 0
    for row in list(table.rows)[1:]:
        process = names[row.cells[0].text]
        for column, cell in list(enumerate(row.cells))[2:]:  # after the process and its level
            value = frame[(process, dimensions[header[column]])]
            assert cell.text == pct(value)
            rounded = round(float(value), PRECISION)
            letter = "N" if rounded <= 0.15 else "P" if rounded <= 0.5 else "L" if rounded <= 0.85 else "F"
            assert "#" + str(cell.fill.fore_color.rgb) == RATING_COLOURS[letter].upper()
            checked += 1
    assert checked == len(frame)


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_is_in_a_placeholder_table_or_chart_and_every_slide_has_notes(decks, lang):
    deck = Presentation(str(decks[lang]))
    assert loose_texts(deck) == []
    for slide in deck.slides:
        assert slide.has_notes_slide
        assert slide.notes_slide.notes_text_frame.text.strip()


def test_the_notes_of_a_process_keep_the_rule_sentences(decks, demo):
    analysis = demo[0]
    deck = Presentation(str(decks["en"]))
    notes = slide_titled(deck, "Change management").notes_slide.notes_text_frame.text
    for sentence in explain_level(analysis.scored.result, "change").render("en"):
        assert sentence in notes


def test_a_chinese_deck_gives_east_asian_text_the_cjk_font(decks):
    deck = Presentation(str(decks["zh"]))
    runs = [run for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs if CJK.search(run.text)]  # fmt: skip
    assert runs
    for run in runs:
        ea = run._r.find("{http://schemas.openxmlformats.org/drawingml/2006/main}rPr/"
                         "{http://schemas.openxmlformats.org/drawingml/2006/main}ea")  # fmt: skip
        assert ea is not None, run.text
        assert ea.get("typeface") == "Noto Sans CJK SC", run.text


@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_converts_the_deck_to_one_page_per_slide(decks, lang, tmp_path):
    slides = len(Presentation(str(decks[lang])).slides)
    assert pdf_pages(decks[lang], tmp_path) == slides


def test_the_contract_keys_advice_priority_and_the_consultants_text_are_shown(demo, tmp_path, monkeypatch):
    """Advice sentences replace the rule sentences on the slide; the consultant's findings stand beside them."""
    analysis = demo[0]
    original = deck_module.report_context
    paragraph = {"kind": "paragraph", "runs": [{"text": "Tickets are ", "bold": False}, {"text": "lost", "bold": True}]}

    def with_contract(*args, **kwargs):
        view = original(*args, **kwargs)
        first = view["processes"][0]
        first["advice"] = ["To reach level 4: raise these 2 practices above 50%: A, B."]
        first["advice_items"] = [{"item": "INC-4-01", "text": "A", "level": 4, "achievement": "30%", "needs": "50%"}]
        first["priority"] = {"rank": 2, "of": 7, "reason": "a large gap in an important process"}
        view["roadmap"]["workstreams"] = [
            {"name": f"Stream {n}", "capacity": "20", "start": "2027-01-04", "end": "2027-12-17", "actions": "9",
             "effort": "120.0"} for n in range(1, 13)
        ]  # fmt: skip
        view["roadmap"]["milestones"] = [{"name": "Pilot approved", "date": "2027-06-30"}]
        first["consultant"] = {"findings": [paragraph, {"kind": "bullets", "items": [[{"text": "No owner"}]]}],
                               "recommendations": None}  # fmt: skip
        return view

    monkeypatch.setattr(deck_module, "report_context", with_contract)
    path = tmp_path / "deck.pptx"
    write_deck(analysis, meta("en"), ReportOptions("en", ("processes", "roadmap")), path)
    deck = Presentation(str(path))
    slide = slide_titled(deck, "Incident management")
    bodies = [shape.text_frame.text for shape in slide.placeholders if shape.placeholder_format.idx != 0]
    assert len(bodies) == 2  # the advice on the left, the consultant's findings on the right
    assert "To reach level 4: raise these 2 practices above 50%: A, B." in bodies[0]
    assert "Priority rank 2 of 7: a large gap in an important process" in bodies[0]
    assert "Level 3 is the highest level" not in bodies[0]  # the rule sentence is in the notes
    assert "Tickets are lost" in bodies[1]
    assert "No owner" in bodies[1]
    bold = [run.text for shape in slide.placeholders for p in shape.text_frame.paragraphs for run in p.runs
            if run.font.bold]  # fmt: skip
    assert "lost" in bold
    notes = slide.notes_slide.notes_text_frame.text
    assert "INC-4-01 A (level 4): 30% today, needs 50%" in notes
    # the roadmap by workstream over two slides (ten rows each), then the milestones
    streams = [shape.table for title in ("Roadmap by workstream (1/2)", "Roadmap by workstream (2/2)")
               for shape in slide_titled(deck, title).shapes if shape.has_table]  # fmt: skip
    assert [row.cells[0].text for table in streams for row in list(table.rows)[1:]] == [f"Stream {n}" for n in
                                                                                        range(1, 13)]  # fmt: skip
    (milestones,) = [shape.table for shape in slide_titled(deck, "Milestones").shapes if shape.has_table]
    assert [cell.text for cell in milestones.rows[1].cells] == ["Pilot approved", "2027-06-30"]
    assert "Roadmap by phase" not in titles(deck)
    assert "Level 3 is the highest level" in notes


HOSTILE = {
    "formula": '=HYPERLINK("http://evil.example/x","click")',
    "url": "https://evil.example/steal?c=1",
    "field": "{ DATE \\@ yyyy } <a:fld/> &amp;",
}


def test_hostile_names_stay_plain_text_in_slides_tables_and_chart_workbooks(demo, tmp_path):
    analysis = demo[0]
    questionnaire = analysis.scored.questionnaire
    first, second, third = questionnaire.processes[:3]
    renamed = [
        first.model_copy(update={"name": Text(zh=HOSTILE["formula"], en=HOSTILE["formula"])}),
        second.model_copy(update={"name": Text(zh=HOSTILE["url"], en=HOSTILE["url"])}),
        third.model_copy(update={"name": Text(zh=HOSTILE["field"], en=HOSTILE["field"])}),
        *questionnaire.processes[3:],
    ]
    scored = dataclasses.replace(analysis.scored, questionnaire=questionnaire.model_copy(update={"processes": renamed}))
    poisoned = dataclasses.replace(analysis, scored=scored)
    path = tmp_path / "hostile.pptx"
    write_deck(poisoned, meta("en", client=HOSTILE["url"], assessment=HOSTILE["formula"]), ReportOptions("en"), path)

    deck = Presentation(str(path))
    assert set(titles(deck)) >= set(HOSTILE.values())  # each process's slide, named as written
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith(("ppt/slides/", "ppt/notesSlides/", "ppt/charts/")):  # the deck's own, not the master's
                xml = package.read(name).decode("utf-8")
                assert "hlinkClick" not in xml, name
                assert "<a:fld" not in xml, name
                assert "evil.example" not in xml or 'TargetMode="External"' not in xml, name
        workbooks = [package.read(name) for name in package.namelist() if name.endswith(".xlsx")]
    assert len(workbooks) == 2  # the radar's and the gap chart's data
    for data in workbooks:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert {cell.value for cell in values} >= set(HOSTILE.values())
        assert all(cell.data_type != "f" for cell in values)  # never a formula
        assert not sheet._hyperlinks
    (radar,) = charts_of(deck, XL_CHART_TYPE.RADAR_MARKERS)
    assert list(radar.plots[0].categories)[:3] == list(HOSTILE.values())


def test_the_firms_template_gives_the_masters_layouts_and_colours(demo, tmp_path):
    analysis = demo[0]
    path = tmp_path / "firm.pptx"
    write_deck(analysis, meta("en"), ReportOptions("en"), path, template=named_template("Firm master"))
    deck = Presentation(str(path))
    assert {slide.slide_layout.slide_master.name for slide in deck.slides} == {"Firm master"}
    assert {slide.slide_layout.name for slide in deck.slides} <= {
        "Firm Title Slide", "Firm Title and Content", "Firm Two Content", "Firm Title Only"}  # fmt: skip
    assert "Sample slide of the template" not in titles(deck)  # the template's own slides are gone
    with zipfile.ZipFile(path) as package:
        theme = package.read("ppt/theme/theme1.xml").decode("utf-8")
    assert FIRM_ACCENT in theme  # its colours, which the charts and tables take
    assert loose_texts(deck) == []


def test_a_4_3_template_is_widened_and_an_unreadable_one_gives_the_default_deck(demo, tmp_path):
    analysis = demo[0]
    narrow = tmp_path / "narrow.pptx"
    write_deck(analysis, meta("en"), ReportOptions("en", ("cover", "overview")), narrow,
               template=named_template("Narrow", wide=False))  # fmt: skip
    deck = Presentation(str(narrow))
    assert deck.slide_width * 9 == pytest.approx(deck.slide_height * 16, rel=0.001)
    for slide in deck.slides:
        for shape in slide.placeholders:
            assert shape.left + shape.width <= deck.slide_width + Emu(12700)  # nothing past the right edge
    broken = tmp_path / "broken.pptx"
    write_deck(analysis, meta("en"), ReportOptions("en", ("cover",)), broken, template=b"PK\x03\x04 not a deck")
    assert Presentation(str(broken)).slide_masters[0].name != "Narrow"


def test_the_deck_is_written_whole_or_not_at_all(demo, tmp_path, monkeypatch):
    analysis = demo[0]
    path = tmp_path / "deck.pptx"
    path.write_bytes(b"the earlier deck")

    def broken(*args, **kwargs):
        raise RuntimeError("a slide failed")

    monkeypatch.setattr(deck_module, "gap_slide", broken)
    with pytest.raises(RuntimeError, match="a slide failed"):
        write_deck(analysis, meta("en"), ReportOptions("en"), path)
    assert path.read_bytes() == b"the earlier deck"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]  # no temporary file left


def test_the_sections_choose_the_slides_and_the_title_slide_has_the_logo(demo, tmp_path):
    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGB", (120, 40), "#C8102E").save(logo, format="PNG")
    branding = Branding(company="Example Consulting", logo=base64.b64encode(logo.getvalue()).decode(),
                        logo_type="image/png")  # fmt: skip
    analysis = demo[0]
    path = tmp_path / "short.pptx"
    write_deck(analysis, meta("en", branding=branding), ReportOptions("en", ("cover", "processes")), path)
    deck = Presentation(str(path))
    shown = titles(deck)
    assert shown[1:] == PROCESS_NAMES["en"]
    assert shown[0] == "ITSM process maturity assessment"
    (picture,) = [shape for shape in deck.slides[0].shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert picture.image.blob == logo.getvalue()
    assert picture.left + picture.width <= deck.slide_width  # on the slide, at its top right
    assert loose_texts(deck) == []


def test_the_default_deck_takes_the_branding_colours(demo, tmp_path):
    path = tmp_path / "branded.pptx"
    branding = Branding(company="Acme", primary="#123456", accent="#ABCDEF")
    write_deck(demo[0], meta("en", branding=branding), ReportOptions("en", ("cover", "overview")), path)
    with zipfile.ZipFile(path) as package:
        theme = package.read("ppt/theme/theme1.xml").decode("utf-8")
    assert '<a:accent1><a:srgbClr val="123456"/>' in theme  # the radar's first series and the tables' headers
    assert '<a:accent2><a:srgbClr val="ABCDEF"/>' in theme


def test_a_colour_that_is_not_rrggbb_never_reaches_the_theme(demo, tmp_path):
    path = tmp_path / "odd.pptx"
    branding = Branding(primary='#123456"/><a:evil/>', accent="red")
    write_deck(demo[0], meta("en", branding=branding), ReportOptions("en", ("cover",)), path)
    with zipfile.ZipFile(path) as package:
        theme = package.read("ppt/theme/theme1.xml").decode("utf-8")
    assert "evil" not in theme
    assert '<a:accent1><a:srgbClr val="1F3A5F"/>' in theme  # the default branding's colours
    assert '<a:accent2><a:srgbClr val="C8102E"/>' in theme
