"""The report page: the PDF report with its progress, options kept across pages, the other files (results workbook,
roadmap, bundle)."""

from __future__ import annotations

import io
import subprocess
import zipfile

import openpyxl

from assessment.analysis.analyse import analyse_assessment
from assessment.workspace.branding import set_branding
from tests.app.conftest import start
from tests.app.downloads import Downloads


def test_the_files_are_produced_in_the_language_chosen_for_the_report(demo_db, monkeypatch):
    downloads = Downloads(monkeypatch)
    app = start("report", assessment=demo_db.demo_id)
    assert app.title[0].value == "报告"
    assert not app.info  # no "the PDF comes later" any more
    assert app.get("download_button") == []
    app.radio(key="report_lang_pick").set_value("en").run()
    app.button(key="report_produce").click().run()
    assert not app.exception
    status = app.get("status")[0]
    assert (status.label, status.state) == ("文件已生成", "complete")
    keys = [button.key for button in app.get("download_button")]
    assert keys == [f"report_download_{kind}" for kind in ("workbook", "raw", "xlsx", "csv", "md", "bundle")]

    workbook = downloads.file(app, "report_download_workbook")
    assert workbook.filename.startswith("results-")
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames == [
        "About",
        "Processes",
        "Levels",
        "Items",
        "Dimensions",
        "Priorities",
        "Roadmap",
        "Flagged items",
        "Units",
        "Consistency",
    ]
    found = analyse_assessment(demo_db.workspace, demo_db.demo_id)
    processes = list(book["Processes"].iter_rows(values_only=True))
    assert processes[0][:4] == ("Process id", "Process", "Level", "Score")
    assert [row[0] for row in processes[1:]] == found.scored.result.processes["process"].tolist()
    assert [row[2] for row in processes[1:]] == found.scored.result.processes["level"].tolist()
    roadmap = list(book["Roadmap"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in roadmap] == found.roadmap.actions.sort_values("order")["action"].tolist()

    raw = downloads.file(app, "report_download_raw")
    assert raw.filename.startswith("raw-data-")
    raw_book = openpyxl.load_workbook(io.BytesIO(raw.content))
    assert raw_book.sheetnames == ["About", "Answers", "Respondents", "Context", "Walkthroughs"]
    assert raw_book["Answers"].max_row - 1 == int(found.scored.responses.answers.shape[0])  # every answer

    tracker = downloads.file(app, "report_download_csv").content.decode("utf-8-sig")
    assert found.roadmap.actions["title_en"].iloc[0] in tracker  # in the report's language, not the interface's
    bundle = downloads.file(app, "report_download_bundle")
    assert bundle.filename.endswith(".mmbundle")
    assert sorted(zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()) == ["assessment.json", "manifest.json"]


def test_the_options_are_kept_when_the_user_visits_another_page(demo_db):
    set_branding(demo_db.workspace, company="华信咨询")
    app = start("report", assessment=demo_db.demo_id)
    assert any("华信咨询" in markdown.value for markdown in app.markdown)
    sections = app.multiselect(key="report_sections_pick")
    assert sections.value[0] == "cover"
    assert sections.value[-1] == "appendix"
    sections.unselect("appendix").run()
    app.radio(key="report_lang_pick").set_value("en").run()
    app.text_input(key="report_assessor_pick").set_value("张三").run()
    app.checkbox(key="report_html_pick").check().run()
    app.switch_page("app_pages/roadmap.py").run()
    app.switch_page("app_pages/report.py").run()
    assert not app.exception
    assert app.radio(key="report_lang_pick").value == "en"
    assert "appendix" not in app.multiselect(key="report_sections_pick").value
    assert app.text_input(key="report_assessor_pick").value == "张三"
    assert app.checkbox(key="report_html_pick").value is True
    assert app.session_state["report_options"]["sections"][-1] == "roadmap"


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_generating_the_report_offers_the_pdf_of_the_demo(demo_db, monkeypatch, tmp_path):
    downloads = Downloads(monkeypatch)
    app = start("report", assessment=demo_db.demo_id, user="王工")
    assert app.text_input(key="report_assessor_pick").value == "王工"  # the user's name from the settings
    assert app.checkbox(key="report_html_pick").value is False
    assert not [button for button in app.get("download_button") if button.key == "report_download_pdf"]
    app.text_input(key="report_assessor_pick").set_value("李评估").run()
    app.checkbox(key="report_html_pick").check().run()
    app.button(key="report_generate").click().run()
    assert not app.exception
    status = next(status for status in app.get("status") if status.label.startswith("报告已生成（"))
    assert status.state == "complete"
    assert app.get("progress")[0].value == 100  # fed by the generator's progress, up to the end

    pdf = downloads.file(app, "report_download_pdf")
    assert pdf.filename.startswith("report-")
    assert pdf.filename.endswith("-zh.pdf")
    assert pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content, tmp_path)
    assert "示范集团" in text
    found = analyse_assessment(demo_db.workspace, demo_db.demo_id)
    for process in found.scored.questionnaire.processes:
        assert process.name.zh in text
    html = downloads.file(app, "report_download_html")
    assert html.filename.endswith("-zh.html")
    assert "示范集团" in html.content.decode("utf-8")

    # the report is kept in the store, not in the session: a new session with the same options gets it at once
    assert not [value for value in app.session_state.to_dict().values() if isinstance(value, bytes)]
    other = start("report", assessment=demo_db.demo_id, user="李评估")
    assert [button.key for button in other.get("download_button")] == ["report_download_pdf"]
    # other options: a report to generate again
    other.radio(key="report_lang_pick").set_value("en").run()
    assert other.get("download_button") == []


def test_a_report_that_cannot_be_generated_says_why_and_the_page_stays_usable(demo_db, monkeypatch):
    import assessment.report

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(assessment.report, "write_report", broken)
    app = start("report", assessment=demo_db.demo_id, lang="en")
    app.button(key="report_generate").click().run()
    assert not app.exception
    status = app.get("status")[0]
    assert (status.label, status.state) == ("The report could not be generated", "error")
    assert app.error[0].value == "RuntimeError: no fonts"
    assert app.get("download_button") == []
    app.multiselect(key="report_sections_pick").set_value([]).run()
    assert app.button(key="report_generate").disabled  # a report without sections: nothing to generate


def test_the_steering_committee_deck_is_offered_in_the_firms_template(demo_db, monkeypatch):
    from pptx import Presentation

    from assessment.workspace.office_templates import set_template
    from tests.report.deck_helpers import named_template

    set_template(demo_db.workspace, "pptx", named_template("Firm master"), "firm.pptx")
    downloads = Downloads(monkeypatch)
    app = start("report", assessment=demo_db.demo_id)
    assert app.checkbox(key="report_pptx_pick").value is False
    app.checkbox(key="report_pptx_pick").check().run()
    app.button(key="report_generate").click().run()
    assert not app.exception
    deck = downloads.file(app, "report_download_pptx")
    assert deck.filename.endswith("-zh.pptx")
    slides = Presentation(io.BytesIO(deck.content)).slides
    assert {slide.slide_layout.slide_master.name for slide in slides} == {"Firm master"}
    titles = [slide.shapes.title.text for slide in slides if slide.shapes.title is not None]
    found = analyse_assessment(demo_db.workspace, demo_db.demo_id)
    for process in found.scored.questionnaire.processes:
        assert process.name.zh in titles
    assert downloads.file(app, "report_download_pdf").content.startswith(b"%PDF")  # the PDF as well

    # another template: the deck is generated again, not taken from the store
    set_template(demo_db.workspace, "pptx", named_template("Other master"), "other.pptx")
    other = start("report", assessment=demo_db.demo_id)
    other.checkbox(key="report_pptx_pick").check().run()
    assert [button.key for button in other.get("download_button")] == ["report_download_pdf"]
    same = start("report", assessment=demo_db.demo_id)  # while the template is the one the deck was made in
    set_template(demo_db.workspace, "pptx", named_template("Firm master"), "firm.pptx")
    same.checkbox(key="report_pptx_pick").check().run()
    assert [button.key for button in same.get("download_button")] == ["report_download_pdf", "report_download_pptx"]


def test_the_word_report_is_offered_beside_the_pdf(demo_db, monkeypatch):
    import docx

    downloads = Downloads(monkeypatch)
    app = start("report", assessment=demo_db.demo_id, lang="en")
    assert app.checkbox(key="report_docx_pick").value is False
    app.radio(key="report_lang_pick").set_value("en").run()
    app.multiselect(key="report_sections_pick").set_value(["cover", "summary", "processes"]).run()
    app.checkbox(key="report_docx_pick").check().run()
    app.button(key="report_generate").click().run()
    assert not app.exception
    keys = [button.key for button in app.get("download_button")]
    assert keys == ["report_download_pdf", "report_download_docx"]
    assert [button.label for button in app.get("download_button")] == ["Report (PDF)", "Word report (.docx)"]
    word = downloads.file(app, "report_download_docx")
    assert word.filename.startswith("report-")
    assert word.filename.endswith("-en.docx")
    document = docx.Document(io.BytesIO(word.content))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters == ["1  Executive summary", "2  Per-process sections"]
    found = analyse_assessment(demo_db.workspace, demo_db.demo_id)
    sections = [p.text for p in document.paragraphs if p.style.name == "Heading 2" and p.text.startswith("2.")]
    assert sections == [f"2.{n}  {p.name.en}" for n, p in enumerate(found.scored.questionnaire.processes, start=1)]
