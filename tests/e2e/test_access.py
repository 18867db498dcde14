"""Access in a real browser: a consultant typing another assessment's address sees a refusal and nothing of it; a
viewer finds no respondent's name on the Results page, where an administrator sees them, nor on any other page a
viewer reads."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.accounts import memberships, users
from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import create_assessment
from assessment.workspace.core import Workspace
from assessment.workspace.queries import respondents_of
from tests.browser import settled
from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e

QUESTIONNAIRE = ROOT / "tests" / "fixtures" / "cli" / "questionnaire.yaml"


def signed_in(browser, server, username: str, password: str):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    tab = context.new_page()
    tab.goto(f"{server.url}/signin?lang=zh")
    tab.get_by_label("用户名").fill(username)
    tab.get_by_label("密码").fill(password)
    tab.get_by_role("button", name="登录").click()
    expect(tab.get_by_role("heading", name="评估列表")).to_be_visible(timeout=60_000)
    settled(tab)
    return context, tab


def test_a_consultant_typing_another_assessments_address_is_refused(server, browser):
    workspace = Workspace(server.database_url)
    try:
        own = create_assessment(
            workspace,
            client="顾问自己的客户",
            name="2026",
            questionnaire=load_questionnaire(QUESTIONNAIRE).questionnaire,
        )
        users.add_user(workspace, "sun.consultant", actor="t", display_name="孙顾问", password="sun consultant pw")
        memberships.grant(workspace, own, "sun.consultant", "consultant", actor="t")
    finally:
        workspace.dispose()
    context, tab = signed_in(browser, server, "sun.consultant", "sun consultant pw")
    try:
        tab.goto(f"{server.url}/results?lang=zh&a={server.demo_id}")
        expect(tab.get_by_text(f"您无法打开评估 {server.demo_id}")).to_be_visible(timeout=60_000)
        settled(tab)
        assert "示范集团" not in tab.content()
    finally:
        context.close()


VIEWER_PAGES = {  # every page in a viewer's navigation but Results (checked with its marker), by its heading
    "consensus": "共识与单位",
    "roadmap": "差距与路线图",
    "report": "报告",
    "compare": "对比",
    "assessments": "评估列表",
    "settings": "设置",
}


def document_of(tab, server, page: str, heading: str) -> str:
    """A page's whole document once drawn, its expanders unfolded."""
    tab.goto(f"{server.url}/{page}?lang=zh&a={server.demo_id}")
    expect(tab.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    settled(tab)
    for expander in tab.get_by_test_id("stExpander").all():
        expander.locator("summary").click()
    settled(tab)
    return tab.content()


def names_on(tab, server, marker: str) -> str:
    """The Results page's whole document, its expanders unfolded, once the table of answers per respondent is drawn
    (its accessible copy, the cells as text, is in the document): `marker` is a text of that table."""
    document_of(tab, server, "results", "评估结果")
    tab.wait_for_function("m => m.some(t => document.body.innerHTML.includes(t))", arg=marker, timeout=60_000)
    return tab.content()


def test_a_viewer_finds_no_respondent_name_where_an_administrator_sees_them(server, browser, page):
    workspace = Workspace(server.database_url)
    try:
        names = respondents_of(workspace, server.demo_id)["respondent"].tolist()
        users.add_user(workspace, "zhou.viewer", actor="t", display_name="周董事", password="zhou viewer password")
        memberships.grant(workspace, server.demo_id, "zhou.viewer", "viewer", actor="t")
    finally:
        workspace.dispose()
    administrator = names_on(page, server, names)  # the check can see the names where an administrator sees them
    assert [name for name in names if name in administrator]
    context, tab = signed_in(browser, server, "zhou.viewer", "zhou viewer password")
    try:
        shown = names_on(tab, server, ["匿名答卷人 1"])  # the same table, respondents by number
        assert [name for name in names if name in shown] == []
        for page, heading in VIEWER_PAGES.items():
            shown = document_of(tab, server, page, heading)
            assert [name for name in names if name in shown] == [], page
    finally:
        context.close()
