"""A respondent's form in a real browser: the consultant downloads the workbook from the Survey page, a respondent
fills their sheet by picking from its dropdowns (in Excel, or in LibreOffice, which saves it again), and the
consultant imports what came back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of
from tests.browser import eventually, settled
from tests.e2e.test_walkthrough import goto
from tests.forms_filling import fill, through_libreoffice

pytestmark = pytest.mark.e2e
KEYS = {"不适用": "na", "不知道": "unknown"}


def pick(number: int, item: str, choices: list[str]) -> str | None:
    """What the respondent picks: each answer of the list in turn, every fourth question left blank."""
    return None if number % 4 == 3 or not choices else choices[number % len(choices)]


@pytest.mark.parametrize("saved_by", ["openpyxl", "libreoffice"])
def test_a_filled_form_comes_back_and_is_imported(own_server, page, tmp_path, saved_by):
    server = own_server.start()
    goto(page, server, "survey", server.demo_id, "问卷调查", lang="zh")
    expect(page.get_by_text("每位答卷人一份答卷（每题一行）")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"下载 survey-forms-.*\.xlsx")).click()
    blank = tmp_path / download.value.suggested_filename
    download.value.save_as(blank)

    # the respondent: their name typed, their unit and each answer picked from the sheet's own dropdowns
    filled = tmp_path / "returned" / f"{saved_by}.xlsx"
    filled.parent.mkdir()
    written = fill(blank, "流程负责人", "孙悦", pick, unit=1, comments={"INC-1-01": "见月度报告"}, saved_as=filled)
    if saved_by == "libreoffice":
        filled = through_libreoffice(filled, tmp_path / "libreoffice")

    page.locator("input[type=file]").first.set_input_files(str(filled))
    import_button = page.get_by_role("button", name=re.compile(r"导入 1 个文件"))
    expect(import_button).to_be_enabled(timeout=60_000)
    expect(page.get_by_text(re.compile(r"可以导入（每位答卷人一个工作表）：答卷人 1 名"))).to_be_visible()
    settled(page)
    import_button.click()
    expect(page.get_by_text(re.compile(rf"{filled.name} 已导入"))).to_be_visible(timeout=60_000)

    workspace = Workspace(server.database_url)
    stored = eventually(lambda: answers_of(workspace, server.demo_id, "孙悦"), what="the answers stored")
    workspace.dispose()
    assert {item: answer["answer"] for item, answer in stored.items()} == {
        item: KEYS.get(label, label.split(" · ")[0]) for item, label in written.items()
    }
    assert stored["INC-1-01"]["comment"] == "见月度报告"
