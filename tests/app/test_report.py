"""The report page: options kept across pages, the files produced now (results workbook, roadmap, bundle)."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from assessment.analysis import analyse_assessment
from assessment.branding import set_branding
from tests.app.conftest import start
from tests.app.downloads import Downloads


def test_the_files_are_produced_in_the_language_chosen_for_the_report(demo_db, monkeypatch):
    downloads = Downloads(monkeypatch)
    app = start("report", assessment=demo_db.demo_id)
    assert app.title[0].value == "报告"
    assert "PDF" in app.info[0].value
    assert app.get("download_button") == []
    app.radio(key="report_lang_pick").set_value("en").run()
    app.button(key="report_produce").click().run()
    assert not app.exception
    status = app.get("status")[0]
    assert (status.label, status.state) == ("文件已生成", "complete")
    keys = [button.key for button in app.get("download_button")]
    assert keys == [f"report_download_{kind}" for kind in ("workbook", "xlsx", "csv", "md", "bundle")]

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
    app.switch_page("app_pages/roadmap.py").run()
    app.switch_page("app_pages/report.py").run()
    assert not app.exception
    assert app.radio(key="report_lang_pick").value == "en"
    assert "appendix" not in app.multiselect(key="report_sections_pick").value
    assert app.session_state["report_options"]["sections"][-1] == "roadmap"
