"""A consultant's walk in a real browser: create an assessment, answer in an interview, import a survey, export.

Runs against `streamlit run app.py` on its own database (tests/e2e/conftest.py) in Debian's chromium, and saves
screenshots of the main pages to build/screenshots/ (MATURITYMAP_SCREENSHOTS).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from assessment.analysis.analyse import analyse_assessment
from assessment.storage.tables import Assessment
from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of, respondents_of
from tests.browser import eventually, settled
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e


def shot(page: Page, name: str, heading: str) -> None:
    """A screenshot once the page is drawn: its heading shown, the script run over, its charts painted."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    settled(page)
    for chart in page.locator("[data-testid=stPlotlyChart]:visible").all()[:3]:
        expect(chart.locator(".main-svg").first).to_be_visible(timeout=30_000)
    # widgets whose JavaScript is still loading show as skeletons for a moment after the run (benchmarks/browser.py)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def goto(page: Page, server, path: str, assessment: int, heading: str, lang: str = "en", extra: str = "") -> None:
    """Open a page of the app and wait until its heading is shown and the script run is over."""
    page.goto(f"{server.url}/{path}?lang={lang}&a={assessment}{extra}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    settled(page)


def test_create_interview_survey_and_export(server, page, tmp_path):
    workspace = Workspace(server.database_url)

    # 1. Create an assessment on the Assessments page.
    page.goto(f"{server.url}/?lang=en")
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()
    settled(page)
    page.get_by_role("textbox", name="… or a new client").fill("Browser Test Co.")
    page.get_by_role("textbox", name="Assessment name").fill("2026 baseline (browser)")
    page.get_by_role("button", name="Create and open").click()

    def created_id():
        with workspace.transaction() as session:
            return session.scalar(select(Assessment.id).where(Assessment.name == "2026 baseline (browser)"))

    created = eventually(created_id, what="the new assessment stored")
    opened = page.get_by_test_id("stAlertContentSuccess")  # the archive section names the open one too
    expect(opened).to_contain_text("Open: Browser Test Co. · 2026 baseline (browser)")

    # 2. Interview: add a respondent and answer the first item; the answer is stored at once.
    goto(page, server, "interview", created, "Interview")
    page.get_by_role("textbox", name="Name", exact=True).fill("Wang Fang")
    page.get_by_role("button", name="Add respondent").click()
    first_item = page.get_by_test_id("stMain").get_by_role("radiogroup").first
    expect(first_item).to_be_visible()  # the respondent is picked: the items are shown
    settled(page)
    first_item.get_by_text("Not applicable").click()
    stored = eventually(lambda: answers_of(workspace, created, "Wang Fang"), what="the answer stored")
    assert list(stored.values()) == [{"answer": "na", "comment": "", "evidence": []}]

    # 3. Survey: upload a returned file, see the preview, import it.
    item = next(iter(stored))
    survey = tmp_path / "returned.csv"
    survey.write_text(f"respondent,role,unit,method,item,answer\nLi Lei,,,survey,{item},unknown\n", encoding="utf-8")
    goto(page, server, "survey", created, "Survey")
    page.locator("input[type=file]").first.set_input_files(str(survey))
    import_button = page.get_by_role("button", name=re.compile(r"Import 1 file"))
    expect(import_button).to_be_enabled(timeout=60_000)  # the file passed its checks; the preview is shown
    settled(page)
    assert "Li Lei" not in respondents_of(workspace, created)["respondent"].tolist()  # nothing before Import
    import_button.click()
    expect(page.get_by_text(re.compile(r"returned\.csv imported\."))).to_be_visible(timeout=60_000)
    assert answers_of(workspace, created, "Li Lei") == {item: {"answer": "unknown", "comment": "", "evidence": []}}

    # 4. Download an export: the roadmap workbook of the demo assessment.
    goto(page, server, "roadmap", server.demo_id, "Gaps and roadmap")
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"Excel|XLSX", re.IGNORECASE)).first.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["Roadmap", "By phase"]
    rows = list(workbook["Roadmap"].iter_rows(values_only=True))
    planned = analyse_assessment(workspace, server.demo_id).roadmap.actions
    assert [row[1] for row in rows[1:]] == planned["action"].tolist()  # the demo's roadmap, action by action
    workspace.dispose()


HEADINGS = {
    "assessments": ("Assessments", "评估列表"),
    "interview": ("Interview", "访谈"),
    "results": ("Results", "评估结果"),
    "consensus": ("Consensus and units", "共识与单位"),
    "roadmap": ("Gaps and roadmap", "差距与路线图"),
    "findings": ("Findings and recommendations", "结论与建议"),
    "evidence": ("Evidence", "数据佐证"),
    "setup": ("Setup", "评估设置"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screenshots_of_the_main_pages(server, page, lang):
    """The main pages on the demo assessment, as a newcomer sees them (kept for docs/ and the README)."""
    for path, (english, chinese) in HEADINGS.items():
        heading = english if lang == "en" else chinese
        extra = "&r=" + quote("张伟") if path == "interview" else ""  # a respondent of the demo, picked
        goto(page, server, path, server.demo_id, heading, lang, extra)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        shot(page, f"{path}-{lang}", heading)
        charts = page.locator("[data-testid=stPlotlyChart]:visible")
        for index in range(min(charts.count(), 2)):  # the radar, the gap bars and the Gantt, as they are drawn
            charts.nth(index).scroll_into_view_if_needed()
            expect(charts.nth(index).locator(".main-svg").first).to_be_visible()
            charts.nth(index).screenshot(path=str(SCREENSHOTS / f"{path}-chart{index + 1}-{lang}.png"))
