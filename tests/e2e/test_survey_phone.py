"""A respondent on a phone (390 × 844, touch): opens their personal link, answers a whole process — reloading the page
in the middle and going on where they were — submits, and the consultant finds the answers in the results. The
respondent's pages pass axe-core's accessibility rules (labels, contrast, `lang`, …) in both languages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessment.analysis.scored import score_assessment
from assessment.campaigns import service
from assessment.campaigns.service import Invitee
from assessment.questionnaire.model import ACHIEVEMENT_SCALE
from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of, assessment_details
from tests.browser import choose, settled
from tests.e2e.test_why_this_level import RATINGS

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def invited(workspace: Workspace, server, campaign_name: str, person: str, role: str, processes: list[str]):
    """A named campaign of the demo on `processes` with one respondent of `role`: (campaign id, the person's link)."""
    unit = assessment_details(workspace, server.demo_id).units[0]
    campaign = service.create_campaign(workspace, server.demo_id, name=campaign_name, processes=processes, actor="t")
    service.invite(workspace, campaign, [Invitee(person, role, unit)], actor="t")
    (row,) = service.links_of(workspace, campaign, server.url)
    return campaign, row.link


def accessible(page) -> None:
    """axe-core's rules on the page as it is: no violation."""
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_respondent_answers_a_process_on_a_phone_and_the_consultant_sees_it(module_server, browser, page):
    workspace = Workspace(module_server.database_url)
    campaign, link = invited(workspace, module_server, "手机问卷", "手机答卷人", "key_user", ["incident"])
    phone = browser.new_context(locale="zh-CN", **PHONE)
    tab = phone.new_page()
    try:
        tab.goto(link)
        expect(tab.get_by_role("heading", name="手机问卷")).to_be_visible()
        expect(tab.get_by_text("您的身份：关键用户")).to_be_visible()
        accessible(tab)
        tab.get_by_role("link", name="开始作答").tap()
        expect(tab.get_by_text("第 1 / 1 部分：事件管理")).to_be_visible()
        accessible(tab)
        items = tab.locator("fieldset")
        count = items.count()
        assert count >= 2
        half = count // 2
        for index in range(half):  # the first half: each saved as it is chosen
            item = items.nth(index)
            item.get_by_text("2 · ", exact=False).first.tap()
            expect(item.get_by_text("已保存")).to_be_visible()
        expect(tab.get_by_text(f"已回答 {half} / {count} 题")).to_be_visible()  # counted on the page as saved
        tab.reload()  # the phone lost the page: what was chosen is still there
        for index in range(half):
            expect(items.nth(index).get_by_role("radio").nth(2)).to_be_checked()
        expect(tab.get_by_text(f"已回答 {half} / {count} 题")).to_be_visible()
        for index in range(half, count):
            item = items.nth(index)
            item.get_by_text("不知道").tap()
            expect(item.get_by_text("已保存")).to_be_visible()
        first = items.nth(0)
        first.get_by_text("添加备注（选填）").tap()
        first.get_by_label("您的备注").fill("夜间由值班人员登记")
        first.get_by_label("您的备注").blur()
        expect(first.get_by_text("已保存")).to_be_visible()
        tab.get_by_role("button", name="保存并完成").tap()
        expect(tab.get_by_text(f"已回答 {count} / {count} 题")).to_be_visible()
        tab.get_by_role("link", name="English").tap()
        expect(tab.get_by_text(f"{count} of {count} questions answered")).to_be_visible()
        accessible(tab)
        tab.get_by_role("button", name="Submit my answers").tap()
        expect(tab.get_by_text("Thank you: your answers are in.")).to_be_visible()
        accessible(tab)
    finally:
        phone.close()

    stored = answers_of(workspace, module_server.demo_id, "手机答卷人")
    assert len(stored) == count
    assert sorted(answer["answer"] for answer in stored.values()) == sorted(["2"] * half + ["unknown"] * (count - half))
    assert "夜间由值班人员登记" in [answer["comment"] for answer in stored.values()]
    assert service.links_of(workspace, campaign, module_server.url)[0].status == "completed"
    workspace.dispose()

    # the consultant's Results page has the new respondent in the answers per respondent of an incident level
    workspace = Workspace(module_server.database_url)
    rating = score_assessment(workspace, module_server.demo_id).result.levels.set_index(["process", "level"])["rating"]
    workspace.dispose()
    page.goto(f"{module_server.url}/results?lang=en&a={module_server.demo_id}")
    expect(page.get_by_role("heading", name="The next level, and why this level")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stPlotlyChart").last.locator(".main-svg").first).to_be_visible(timeout=60_000)
    settled(page)
    choose(page, "Process", "Incident management")
    expect(page.get_by_text("Answers per item: Incident management")).to_be_visible()
    settled(page)
    choose(page, "Items of level", f"Level 1 · {rating[('incident', 1)]} {RATINGS[rating[('incident', 1)]]}")
    # the grid lists the level's items once the rerun for the chosen level has drawn it; the newest respondent is
    # its last row, seen by scrolling the grid down as a user would (the grid draws only the rows in view)
    grid = (
        page.get_by_test_id("stDataFrame")
        .filter(has=page.locator("table", has_text="INC-1-01"))
        .filter(has=page.locator("table", has_text="Respondent"))
    )
    expect(grid).to_have_count(1, timeout=60_000)
    grid.hover()
    page.mouse.wheel(0, 10_000)
    expect(grid.locator("table").filter(has_text="手机答卷人")).to_be_attached(timeout=30_000)


def test_the_open_link_asks_for_role_and_unit_on_a_phone_and_its_pages_are_accessible(module_server, browser):
    workspace = Workspace(module_server.database_url)
    campaign = service.create_campaign(workspace, module_server.demo_id, name="无障碍", anonymous=True, actor="t")
    (door,) = service.links_of(workspace, campaign, module_server.url)
    workspace.dispose()
    phone = browser.new_context(locale="en-US", **PHONE)
    tab = phone.new_page()
    try:
        tab.goto(door.link + "?lang=en")
        expect(tab.get_by_label("Your role")).to_be_visible()
        accessible(tab)
        tab.get_by_label("Your role").select_option(label="Key user")
        tab.get_by_label("Your unit").select_option(index=1)
        unit = tab.get_by_label("Your unit").input_value()
        tab.get_by_role("button", name="Begin").tap()
        expect(tab.get_by_text(f"You answer as: Key user, {unit}")).to_be_visible()
        assert "/s/" in tab.url
        assert door.link.rsplit("/", 1)[1] not in tab.url  # a link of the visitor's own
        tab.get_by_role("link", name="Start").tap()
        first = tab.locator("fieldset").first
        first.get_by_text("Don't know").tap()
        expect(first.get_by_text("Saved")).to_be_visible()
        tab.goto(f"{module_server.url}/s/{'B' * 32}")
        expect(tab.get_by_text("This link does not lead to a survey")).to_be_visible()
        accessible(tab)
    finally:
        phone.close()


def test_a_process_owner_answers_the_shared_practices_once_for_every_process_on_a_phone(module_server, browser):
    workspace = Workspace(module_server.database_url)
    processes = ["incident", "problem", "change"]
    _, link = invited(workspace, module_server, "共性实践", "共性实践答卷人", "process_owner", processes)
    phone = browser.new_context(locale="zh-CN", **PHONE)
    tab = phone.new_page()
    try:
        tab.goto(link)
        tab.get_by_role("link", name="开始作答").tap()
        expect(tab.get_by_text("各流程的共性实践")).to_be_visible()  # the first part: one row per practice
        accessible(tab)
        tab.get_by_text("各答案的含义").tap()  # the scale's definitions, as beside every radio on a process's page
        definition = next(option for option in ACHIEVEMENT_SCALE if option.key == "3").description.zh
        expect(tab.get_by_text(definition)).to_be_visible()
        owner = tab.locator("fieldset").filter(has_text="已正式任命流程负责人")
        lists = owner.get_by_role("combobox")
        expect(lists).to_have_count(len(processes))  # an answer for each process of the survey
        cell = lists.nth(2)
        item = cell.get_attribute("data-item")
        assert item.startswith("CHG-")
        before = tab.locator("#answered-text").inner_text()
        cell.select_option("3")
        expect(tab.locator(f"#saved-{item}")).to_have_text("已保存")
        expect(tab.locator("#answered-text")).not_to_have_text(before)  # counted as it is saved
    finally:
        phone.close()
    assert answers_of(workspace, module_server.demo_id, "共性实践答卷人") == {
        item: {"answer": "3", "comment": "", "evidence": []}
    }
    workspace.dispose()
