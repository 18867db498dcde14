"""The Word report of the demo, read back as a reader's tools read it: python-docx for its headings, tables, texts
and pictures, LibreOffice (headless) converting it to PDF, pdfinfo and pdftotext reading that PDF.

Each language is written once for the module (some 12 seconds each); the tests read those files.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from assessment.analysis.analyse import analyse_assessment
from assessment.report import charts as report_charts
from assessment.report import write_report
from assessment.report.context import report_context
from assessment.report.options import SECTIONS, ReportOptions
from assessment.report.word import word_document, write_word
from assessment.workspace.branding import Branding
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.queries import context_of, walkthrough_results_of
from tests.report.test_pdf import LANGS, PROCESS_NAMES, meta, page_count

HOSTILE = '=HYPERLINK("http://evil.example","x") <w:fldSimple w:instr="PAGE"/> { PAGE } \x01end'
SHOWN = HOSTILE.replace("\x01", "")  # a control character XML cannot carry is dropped, the rest kept as typed


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo assessment's analysis, its walkthrough results and context records."""
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('word-demo') / 'demo.db'}")
    assessment = load_demo(workspace)
    analysis = analyse_assessment(workspace, assessment)
    return analysis, walkthrough_results_of(workspace, assessment), context_of(workspace, assessment)


def write(demo, path: Path, lang: str, **kwargs) -> Path:
    analysis, walkthroughs, records = demo
    options = kwargs.pop("options", ReportOptions(lang))
    chosen = kwargs.pop("meta", meta(lang))
    write_word(analysis, chosen, options, path, walkthroughs=walkthroughs, context_records=records, **kwargs)
    return path


@pytest.fixture(scope="module")
def reports(demo, tmp_path_factory):
    """The Word report of the demo in each language, and the progress each reported."""
    folder = tmp_path_factory.mktemp("word")
    made = {}
    for lang in LANGS:
        stages: list[tuple[float, str]] = []
        path = write(
            demo, folder / f"report-{lang}.docx", lang, progress=lambda f, s, stages=stages: stages.append((f, s))
        )
        made[lang] = (path, stages)
    return made


@pytest.fixture(scope="module")
def views(demo):
    """The report's view model in each language, as the writer saw it, and how many charts it asked for."""
    analysis, walkthroughs, records = demo
    made = {}
    for lang in LANGS:
        jobs = Counting()
        options = ReportOptions(lang)
        view = report_context(analysis, meta(lang), options, walkthroughs=walkthroughs, records=records, jobs=jobs)
        made[lang] = (view, jobs.count)
    return made


class Counting:
    """Chart jobs that count the charts the report asks for."""

    def __init__(self) -> None:
        self.count = 0

    def submit(self, build, width, height=None):
        self.count += 1
        return object()


def text_of(element) -> str:
    """The text of a part of the document (its w:t elements)."""
    return "".join(node.text or "" for node in element.iter(qn("w:t")))


def opened(path: Path):
    return docx.Document(str(path))


def headings(document) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.rsplit(" ", 1)[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_chapters_and_processes_are_word_headings_in_order(reports, views, lang):
    document = opened(reports[lang][0])
    found = headings(document)
    chapters = [title for level, title in found if level == 1]
    chosen = (t for k, t in SECTIONS.items() if k not in ("cover", "evidence"))  # no evidence passed: no such chapter
    expected = [f"{n}  {text.get(lang)}" for n, text in enumerate(chosen, 1)]
    assert chapters == expected
    processes = [title for level, title in found if level == 2 and re.match(r"\d+\.\d+  ", title)]
    assert processes == [f"4.{n}  {name}" for n, name in enumerate(PROCESS_NAMES[lang], start=1)]
    # every process section has its sub-headings (Heading 3), the first of them after its title
    levels = [level for level, _ in found]
    assert levels[0] == 1
    assert set(levels) == {1, 2, 3}
    assert reports[lang][1][-1] == (1.0, "done")
    assert reports[lang][1][0] == (0.0, "charts")


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_is_a_field_word_updates_listing_every_heading(reports, lang):
    path = reports[lang][0]
    document = opened(path)
    body = document.element.body
    codes = [code.text.strip() for code in body.iter(qn("w:instrText"))]
    assert codes == ['TOC \\o "1-2" \\h \\z \\u']  # the one field of the body: the contents, of our own
    settings = document.settings.element.find(qn("w:updateFields"))
    assert settings.get(qn("w:val")) == "true"  # Word fills in its pages on opening
    # what it shows until updated: the headings of levels 1 and 2, in order
    shown, inside = [], False
    for paragraph in document.paragraphs:
        kinds = [mark.get(qn("w:fldCharType")) for mark in paragraph._p.iter(qn("w:fldChar"))]
        inside = inside or "begin" in kinds
        if inside:
            shown.append(paragraph.text)
        if "end" in kinds:
            break
    assert shown == [title for level, title in headings(document) if level <= 2]


@pytest.mark.parametrize("lang", LANGS)
def test_every_table_repeats_its_header_row_on_each_page(reports, lang):
    document = opened(reports[lang][0])
    tables = [table for table in document.tables if len(table.rows) > 1]
    assert len(tables) > 40
    for table in tables:
        marked = [
            row._tr.find(qn("w:trPr")) is not None and row._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
            for row in table.rows
        ]
        assert marked == [True] + [False] * (len(table.rows) - 1)
        assert any(cell.text for cell in table.rows[0].cells)


def table_after(document, header: list[str]):
    return next(
        table for table in document.tables if [cell.text for cell in table.rows[0].cells][: len(header)] == header
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_overview_table_gives_each_process_its_level_and_ratings_in_their_colours(reports, demo, lang):
    document = opened(reports[lang][0])
    t = {"zh": ("流程", "等级", "得分"), "en": ("Process", "Level", "Score")}[lang]
    table = table_after(document, list(t))
    processes = demo[0].scored.result.processes
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[0] for row in rows] == PROCESS_NAMES[lang]
    assert [row[1] for row in rows] == [str(level) for level in processes["level"]]
    assert [row[2] for row in rows] == [f"{score:.2f}" for score in processes["score"]]
    ratings = demo[0].scored.result.levels
    first = ratings[ratings["process"] == processes["process"].iloc[0]].sort_values("level")["rating"].tolist()
    cells = table.rows[1].cells[5:10]
    assert [cell.text for cell in cells] == first
    fills = [cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for cell in cells]
    assert fills == [report_charts_colour(letter) for letter in first]


def report_charts_colour(letter: str) -> str:
    from assessment.report.common import RATING_COLOURS

    return RATING_COLOURS[letter].lstrip("#").upper()


def section_paragraphs(document, name: str) -> list[str]:
    """The paragraphs of a process's section, from its title to the next process (tables left out)."""
    texts, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 2" and re.match(r"\d+\.\d+  ", paragraph.text):
            if inside:
                break
            inside = paragraph.text.endswith(name)
            continue
        if inside:
            texts.append(paragraph.text)
    return texts


@pytest.mark.parametrize("lang", LANGS)
def test_each_process_gives_the_advice_before_the_rule_sentences(reports, views, lang):
    document = opened(reports[lang][0])
    for process in views[lang][0]["processes"]:
        texts = section_paragraphs(document, process["name"])
        advice = process.get("advice") or []
        for sentence in [*advice, *process["why"]]:
            assert sentence in texts, (process["name"], sentence)
        if advice:  # the advice a CIO acts on first, the rule as its detail
            assert texts.index(advice[-1]) < texts.index(process["why"][0])
        assert process["figures"] in texts


@pytest.mark.parametrize("lang", LANGS)
def test_the_charts_are_png_pictures_at_the_text_width(reports, views, lang):
    document = opened(reports[lang][0])
    shapes = document.inline_shapes
    asked = views[lang][1]
    assert len(shapes) == asked >= 5  # radar, heat map, gaps, units, and the Gantt in parts
    with zipfile.ZipFile(reports[lang][0]) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert len(media) == asked
        assert all(archive.read(name)[:8] == b"\x89PNG\r\n\x1a\n" for name in media)
    for shape in shapes:
        assert 15.5 <= shape.width.cm <= 17.01


@pytest.mark.parametrize("lang", LANGS)
def test_chinese_has_its_font_and_language_and_the_footer_numbers_pages(reports, lang):
    document = opened(reports[lang][0])
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3"):
        properties = document.styles[name].element.rPr
        assert properties.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Sans CJK SC"
        language = properties.find(qn("w:lang"))
        assert language.get(qn("w:eastAsia")) == "zh-CN"
        assert language.get(qn("w:val")) == ("zh-CN" if lang == "zh" else "en-GB")
    section = document.sections[-1]
    footer = section.footer._element
    codes = [code.text.strip() for code in footer.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    assert "Example Consulting" in text_of(footer)
    assert meta(lang).client in text_of(section.header._element)
    assert section.different_first_page_header_footer  # the cover without them
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_hostile_text_stays_text(demo, tmp_path):
    analysis, walkthroughs, _ = demo
    pain = {"pain_points": {"x": {"description": HOSTILE, "severity": 5, "processes": ["incident"]}}}
    hostile = dataclasses.replace(
        meta("en"), client=HOSTILE, assessment=HOSTILE, assessor=HOSTILE, branding=Branding(company=HOSTILE)
    )
    path = tmp_path / "hostile.docx"
    options = ReportOptions("en", ("cover", "summary", "processes"))
    write_word(analysis, hostile, options, path, walkthroughs=walkthroughs, context_records=pain)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")}
    everything = "".join(parts.values())
    assert "fldSimple" not in everything.replace("&lt;w:fldSimple", "")
    assert "<w:hyperlink" not in everything
    assert "evil.example" not in "".join(re.findall(r"<w:instrText[^>]*>([^<]*)<", everything))
    codes = re.findall(r"<w:instrText[^>]*>([^<]*)<", everything)
    assert sorted(code.strip() for code in codes) == sorted(['TOC \\o "1-2" \\h \\z \\u', "PAGE", "NUMPAGES"])
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert any(SHOWN in text for text in texts)  # cover, pain points: as typed
    assert SHOWN in text_of(document.sections[-1].footer._element)
    assert "\x01" not in everything


def runs(*parts: tuple[str, bool]) -> list[dict]:
    return [{"text": text, "bold": bold} for text, bold in parts]


def test_the_advice_and_the_consultants_text_when_the_view_has_them(demo, tmp_path):
    analysis, walkthroughs, records = demo
    options = ReportOptions("en", ("cover", "summary", "processes", "roadmap"))
    view = report_context(analysis, meta("en"), options, walkthroughs=walkthroughs, records=records)  # no charts
    generated = view["summary"]["paragraphs"][0]
    first = view["processes"][0]
    first["advice"] = ["To reach level 4: raise these 2 practices above 85 %.", "First: level 3's INC-3-01."]
    first["advice_items"] = [
        {"item": "INC-4-01", "text": "Indicators", "level": 4, "achievement": "37%", "needs": "85%"}
    ]
    first["priority"] = {"rank": 2, "of": 7, "reason": "Far from its target and painful."}
    findings = [
        {"kind": "paragraph", "runs": runs(("The desk ", False), (HOSTILE, True))},
        {"kind": "bullets", "items": [runs(("one", False)), runs(("two", True))]},
    ]
    first["consultant"] = {"findings": findings, "recommendations": None}
    view["summary"]["consultant"] = {
        "findings": [{"kind": "numbers", "items": [runs(("Start with change.", True))]}],
        "recommendations": None,
    }
    view["summary"]["priorities"] = [{"process": "Change management", "rank": 1, "reason": "Lowest level, most pain."}]
    view["roadmap"]["workstreams"] = [
        {
            "name": "Change",
            "capacity": "10",
            "start": "2027-01-04",
            "end": "2027-09-30",
            "actions": "12",
            "effort": "96",
        }
    ]
    view["roadmap"]["milestones"] = [{"name": "Gate: pilot ready", "date": "2027-06-30"}]
    path = tmp_path / "contract.docx"
    word_document(view, meta("en"), options, None).save(str(path))
    document = opened(path)
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    assert generated not in texts  # the consultant's findings take the generated summary's place
    start = next(p for p in paragraphs if p.text == "Start with change.")
    assert (start.style.name, [run.bold for run in start.runs]) == ("List Number", [True])
    assert "Change management: Lowest level, most pain." in texts
    section = section_paragraphs(document, PROCESS_NAMES["en"][0])
    assert f"The desk {SHOWN}" in section
    desk = next(p for p in paragraphs if p.text == f"The desk {SHOWN}")
    assert [bool(run.bold) for run in desk.runs] == [False, True]
    assert [p.style.name for p in paragraphs if p.text in ("one", "two")] == ["List Bullet", "List Bullet"]
    assert "Priority: rank 2 of 7. Far from its target and painful." in section
    advice = [section.index(sentence) for sentence in first["advice"]]
    assert advice == sorted(advice)
    assert advice[-1] < section.index(first["why"][0])  # the advice first, the rule as its detail
    assert section.index("What it takes to reach the next level") < advice[0]
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["INC-4-01", "Indicators", "4", "37%", "85%"] in cells
    assert ["Change", "10", "2027-01-04", "2027-09-30", "12", "96"] in cells
    assert ["Gate: pilot ready", "2027-06-30"] in cells
    assert "Workstreams" in [title for _, title in headings(document)]
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "fldSimple" not in body.replace("&lt;w:fldSimple", "")
    assert "<w:hyperlink" not in body


def test_a_template_gives_its_styles_headers_and_page(demo, tmp_path):
    template = docx.Document()
    heading = template.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0x7A, 0x1F, 0xA2)
    heading.font.size = Pt(30)
    template.add_paragraph("The template's own sample text")
    section = template.sections[0]
    section.page_width, section.page_height = docx.shared.Inches(8.5), docx.shared.Inches(11)  # US Letter
    section.footer.paragraphs[0].text = "Firm & Partners · confidential"
    template.styles.add_style("Firm Quote", WD_STYLE_TYPE.PARAGRAPH)
    heading_3 = template.styles["Heading 3"].element
    heading_3.getparent().remove(heading_3)  # a template made in Word holds only the styles it used
    buffer = BytesIO()
    template.save(buffer)
    path = write(
        demo,
        tmp_path / "firm.docx",
        "zh",
        options=ReportOptions("zh", ("cover", "overview")),
        template=buffer.getvalue(),
    )
    document = opened(path)
    style = document.styles["Heading 1"]
    assert (style.font.name, style.font.color.rgb, style.font.size) == ("Georgia", RGBColor(0x7A, 0x1F, 0xA2), Pt(30))
    assert style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Sans CJK SC"
    assert "Firm Quote" in [s.name for s in document.styles]
    texts = [p.text for p in document.paragraphs]
    assert "The template's own sample text" not in texts
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == ["1  成熟度总览"]
    assert round(document.sections[-1].page_width.inches, 2) == 8.5
    assert text_of(document.sections[-1].footer._element) == "Firm & Partners · confidential"
    added = document.styles["Heading 3"]  # made for the report: a heading Word puts in its contents
    assert added.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "2"


def test_a_word_template_file_dotx_serves_as_the_template(demo, tmp_path):
    template = docx.Document()
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    buffer = BytesIO()
    template.save(buffer)
    dotx = BytesIO()
    with zipfile.ZipFile(BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(dotx, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            out.writestr(item, data)
    path = write(demo, tmp_path / "dotx.docx", "en", options=ReportOptions("en", ("method",)), template=dotx.getvalue())
    document = opened(path)  # a .docx again: python-docx refuses to open a template
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x12, 0x34, 0x56)
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == ["1  Method"]


def test_a_failed_chart_leaves_the_earlier_file_alone(demo, tmp_path, monkeypatch):
    path = tmp_path / "report.docx"
    path.write_bytes(b"the previous report")

    def broken(*args, **kwargs):
        raise RuntimeError("the browser went away")

    monkeypatch.setattr(report_charts, "svg_bytes", broken)
    with pytest.raises(RuntimeError, match="browser went away"):
        write(demo, path, "en", options=ReportOptions("en", ("overview",)))
    assert path.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


# --- through LibreOffice --------------------------------------------------------------------------------------------


def convert(path: Path, folder: Path) -> Path:
    """The .docx as LibreOffice Writer prints it, with a profile of this test's own."""
    profile = folder / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / (path.stem + ".pdf")


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_prints_it_with_the_pages_it_says_it_has(reports, demo, tmp_path, lang):
    source = reports[lang][0]
    printed = convert(source, tmp_path)
    pages = pdf_pages(printed)
    total = page_count(printed)
    assert len(pages) == total
    # the footer's own fields count the same pages: "Page n of N" on every page after the cover
    pattern = r"第 (\d+) / (\d+) 页" if lang == "zh" else r"Page (\d+) of (\d+)"
    assert not re.search(pattern, pages[0])
    for number, page in enumerate(pages[1:], start=2):
        assert re.findall(pattern, page) == [(str(number), str(total))]
    # every chapter and every process section starts a page of its own, in order: the pages these forced
    # starts make are the least the report can have
    document = opened(source)
    starts = [title for level, title in headings(document) if level == 1 or re.match(r"\d+\.\d+  ", title)]
    first_lines = [next((line.strip() for line in page.splitlines()[1:] if line.strip()), "") for page in pages]
    where = [
        next(n for n, line in enumerate(first_lines) if squeeze(line).startswith(squeeze(title))) for title in starts
    ]
    assert where == sorted(where)
    assert where[0] == 2  # the cover, the contents on one page, then chapter 1
    assert len(set(where)) == len(starts)
    assert total >= 2 + len(starts)  # the cover, the contents, a page at least for each start
    # the same content as the PDF report, in 10 pt instead of 9.5 pt and each process on a new page: longer, but
    # by no more than half (a table laid out with a wrong column width, an image too tall doubles it)
    pdf = tmp_path / "report.pdf"
    if lang == "en":
        analysis, walkthroughs, records = demo
        write_report(analysis, meta(lang), ReportOptions(lang), pdf, walkthroughs=walkthroughs, context_records=records)
        assert page_count(pdf) <= total <= 1.5 * page_count(pdf)


def squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value)
