"""The report's chapter and the deck's slide of evidence from the ticket system, read back as a reader reads them:
pdftotext of the PDF, python-docx of the Word report, python-pptx of the deck. Without evidence, none has them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
import subprocess

import docx
import pytest
from pptx import Presentation

from assessment.analysis.analyse import analyse_assessment
from assessment.report import ReportMeta, render_html, write_report
from assessment.report.deck import write_deck
from assessment.report.options import SECTIONS, ReportOptions
from assessment.report.word import write_word
from assessment.workspace.branding import Branding
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from tests.report import evidence_data

WANTED = ("cover", "summary", "processes", "evidence", "roadmap")  # the chapters beside it, without charts to export
TITLE = {"en": "Evidence from the ticket system", "zh": "工单数据佐证"}
CONTRADICTED, CONFIRMED = "INC-1-01", "INC-2-01"


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('evidence') / 'demo.db'}")
    found = analyse_assessment(workspace, load_demo(workspace))
    workspace.dispose()
    return found


@pytest.fixture(autouse=True)
def checks(monkeypatch):
    """The verdicts of evidence_checks for the test's evidence: INC-1-01 contradicted, INC-2-01 confirmed."""
    views = importlib.import_module("assessment.report.evidence_views")  # after evidence_data's stand-ins
    monkeypatch.setattr(views, "checks_of", lambda scored, kpis: evidence_data.verdicts(CONTRADICTED, CONFIRMED))


def meta(lang: str) -> ReportMeta:
    return ReportMeta(
        client="示范集团" if lang == "zh" else "Demo Group",
        assessment="2026",
        date=dt.date(2026, 3, 20),
        branding=Branding(company="Example Consulting"),
    )


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def squeezed(value: str) -> str:
    return re.sub(r"\s+", "", value)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pdf_has_the_chapter_with_the_kpis_by_unit_the_maps_and_the_verdicts(analysis, tmp_path, lang):
    path = tmp_path / "report.pdf"
    options = ReportOptions(lang, WANTED)
    write_report(analysis, meta(lang), options, path, evidence=[evidence_data.incident_evidence()])
    whole = squeezed(pdf_text(path))
    assert whole.count(squeezed(TITLE[lang])) >= 2  # the contents and the chapter's title
    assert squeezed("3 " + TITLE[lang]) in whole  # numbered after the per-process sections
    for unit in evidence_data.UNITS:
        assert unit in whole
    hours = {"en": "{} h", "zh": "{}小时"}[lang]
    for shown in ("95.0%", "62.0%", "40.0%", "71.0%", hours.format("6.5"), hours.format("52.0"), "100.0%", "55.0%"):
        assert squeezed(shown) in whole, shown
    contradicted = {"en": "Contradicted", "zh": "数据相悖"}[lang]  # a cell's first line
    row = whole[whole.index(CONTRADICTED, whole.index(squeezed(TITLE[lang]), whole.index(squeezed(TITLE[lang])) + 1)) :]
    assert row.index(contradicted) < row.index(CONFIRMED)  # the contradicted item's row says so
    assert "71.0%" in row[: row.index(contradicted)]
    assert "≥90.0%" in row[: row.index(contradicted)]
    html = render_html(analysis, meta(lang), options, evidence=[evidence_data.incident_evidence()], charts=False)
    assert html.count('src="data:image/svg+xml;base64,') == len(evidence_data.UNITS)  # a map per unit, as an image
    assert "<svg" not in html  # never markup in the document


@pytest.mark.parametrize("evidence", [None, []])
def test_without_evidence_the_report_has_no_such_chapter(analysis, evidence):
    for lang in ("en", "zh"):
        html = render_html(analysis, meta(lang), ReportOptions(lang, WANTED), evidence=evidence, charts=False)
        assert TITLE[lang] not in html
        assert 'id="sec-evidence"' not in html
        assert 'id="sec-roadmap"' in html
    assert list(SECTIONS).index("evidence") == list(SECTIONS).index("processes") + 1


def slide_texts(path) -> list[tuple[str, list[str], str]]:
    """Each slide's title, the texts of its tables' cells, and its notes."""
    found = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        cells = [
            cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells
        ]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        found.append((title, cells, notes))
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_deck_has_a_slide_of_the_kpis_by_unit_and_the_verdicts(analysis, tmp_path, lang):
    path = tmp_path / "deck.pptx"
    options = ReportOptions(lang, ("summary", "evidence"))
    write_deck(analysis, dataclasses.replace(meta(lang)), options, path, evidence=[evidence_data.incident_evidence()])
    slides = [found for found in slide_texts(path) if found[0].startswith(TITLE[lang])]
    assert len(slides) == 1
    _, cells, notes = slides[0]
    assert cells[: 1 + 1 + len(evidence_data.UNITS)][1:] == [
        {"en": "Overall", "zh": "总体"}[lang],
        *evidence_data.UNITS,
    ]
    assert "95.0%" in cells
    assert "40.0%" in cells
    contradicted = {"en": "Contradicted by data", "zh": "数据相悖"}[lang]
    assert contradicted in cells
    assert any(cell.startswith(CONTRADICTED) for cell in cells)
    assert CONTRADICTED in notes
    assert "0.64" in notes
    empty = tmp_path / "empty.pptx"
    write_deck(analysis, meta(lang), options, empty)
    assert not [found for found in slide_texts(empty) if found[0].startswith(TITLE[lang])]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_word_report_has_the_chapter_with_the_kpis_by_unit_and_the_verdicts(analysis, tmp_path, lang):
    path = tmp_path / "report.docx"
    options = ReportOptions(lang, WANTED)
    write_word(analysis, meta(lang), options, path, evidence=[evidence_data.incident_evidence()])
    document = docx.Document(str(path))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert f"3  {TITLE[lang]}" in chapters  # numbered after the per-process sections, as in the PDF
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    header = next(row for row in rows if row[1:] == [{"en": "Overall", "zh": "总体"}[lang], *evidence_data.UNITS])
    assert header[0] == "KPI"
    sla = next(row for row in rows if row[0] in ("SLA met", "SLA 达成率"))
    assert sla[1:] == ["71.0%", "95.0%", "62.0%", "40.0%"]
    verdict = next(row for row in rows if row[0] == CONTRADICTED)
    assert squeezed("|".join(verdict[3:5])) == "71.0%|≥90.0%"  # the value, then the threshold
    assert verdict[-1].startswith({"en": "Contradicted by data", "zh": "数据相悖"}[lang])
    text = "\n".join(p.text for p in document.paragraphs)
    assert {"en": "in the PDF report", "zh": "见 PDF 报告"}[lang] in text  # the maps: said where they are
    plain = tmp_path / "plain.docx"
    write_word(analysis, meta(lang), options, plain)
    assert f"3  {TITLE[lang]}" not in [p.text for p in docx.Document(str(plain)).paragraphs]
