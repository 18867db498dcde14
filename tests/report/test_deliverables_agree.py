"""The PDF, the Word report and the deck say the same thing: each process's advice, the priorities' reasons and the
consultant's own words, as the analysis gives them (the app's Results page shows the same advice: tests/app)."""

from __future__ import annotations

import datetime as dt
import html
import re

import docx
import pytest
from pptx import Presentation

from assessment.analysis.advice import advice_of, priority_reasons
from assessment.analysis.analyse import analyse_assessment
from assessment.report import ReportMeta
from assessment.report.deck import write_deck
from assessment.report.options import ReportOptions
from assessment.report.render import render_html
from assessment.report.word import write_word
from assessment.workspace.branding import Branding
from assessment.workspace.consultant_texts import save_consultant_text
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo

SECTIONS = ("cover", "summary", "processes")
WRITTEN = "Start a **weekly CAB** at once.\n\n- publish the change calendar\n- review every failed change"


@pytest.fixture(scope="module")
def deliverables(tmp_path_factory):
    """The demo's deliverables in each language, with the consultant's recommendations written for change."""
    folder = tmp_path_factory.mktemp("agree")
    workspace = Workspace(f"sqlite:///{folder / 'demo.db'}")
    assessment = load_demo(workspace)
    save_consultant_text(workspace, assessment, "change", "recommendations", WRITTEN, "王顾问")
    analysis = analyse_assessment(workspace, assessment)
    workspace.dispose()
    made = {}
    for lang in ("en", "zh"):
        meta = ReportMeta(
            client="Demo Group",
            assessment="ITSM 2026",
            date=dt.date(2026, 3, 20),
            assessor="",
            branding=Branding(),
            questionnaire="itsm-core",
        )
        options = ReportOptions(lang=lang, sections=SECTIONS)
        page = html.unescape(render_html(analysis, meta, options, charts=False))
        write_word(analysis, meta, options, folder / f"report-{lang}.docx")
        write_deck(analysis, meta, options, folder / f"deck-{lang}.pptx")
        word = "\n".join(paragraph.text for paragraph in docx.Document(folder / f"report-{lang}.docx").paragraphs)
        texts = []
        for slide in Presentation(folder / f"deck-{lang}.pptx").slides:
            texts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
            texts.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
        made[lang] = {"pdf": page, "docx": word, "pptx": "\n".join(texts)}
    return analysis, made


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_process_advice_is_in_every_deliverable(deliverables, lang):
    analysis, made = deliverables
    advice = advice_of(analysis.scored.result, analysis.scored.questionnaire)
    assert len(advice) == 7
    for process, given in advice.items():
        sentences = given.render(lang)
        assert sentences, process
        for kind, text in made[lang].items():
            for sentence in sentences:
                assert sentence in text, (kind, process, sentence)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_priority_reason_is_in_every_deliverable(deliverables, lang):
    analysis, made = deliverables
    reasons = [reason.reason(lang) for reason in priority_reasons(analysis.priorities).values() if reason]
    assert len(reasons) >= 5  # the demo's processes below their targets
    for kind, text in made[lang].items():
        for reason in reasons:
            assert reason in text, (kind, reason)
        assert not re.search(r"(?i)priority \d|优先级 \d", text), kind  # no points in the running text


def test_the_consultants_words_are_in_every_deliverable(deliverables):
    _, made = deliverables
    for kind, text in made["en"].items():
        assert "weekly CAB" in text, kind
        assert "**" not in text.split("weekly CAB")[0][-3:], kind  # bold is formatting, not asterisks
        assert "publish the change calendar" in text, kind
        assert "review every failed change" in text, kind
