"""Access in a real browser: a consultant typing another assessment's address sees a refusal and nothing of it; a
viewer finds no respondent's name on any page they can open."""

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
PAGES = {"": "评估列表", "results": "评估结果", "consensus": "共识与单位", "roadmap": "差距与路线图", "report": "报告"}


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


def names_on(tab, server, path: str, title: str) -> str:
    """The page's whole document, its expanders unfolded (tables included: their accessible copy is in the DOM)."""
    tab.goto(f"{server.url}/{path}?lang=zh&a={server.demo_id}")
    expect(tab.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=60_000)
    settled(tab)
    for expander in tab.get_by_test_id("stExpander").all():  # what a reader can unfold
        expander.locator("summary").click()
    settled(tab)
    return tab.content()


def test_a_viewer_finds_no_respondent_name_on_any_page(server, browser, page):
    workspace = Workspace(server.database_url)
    try:
        names = respondents_of(workspace, server.demo_id)["respondent"].tolist()
        users.add_user(workspace, "zhou.viewer", actor="t", display_name="周董事", password="zhou viewer password")
        memberships.grant(workspace, server.demo_id, "zhou.viewer", "viewer", actor="t")
    finally:
        workspace.dispose()
    administrator = names_on(page, server, "results", "评估结果")  # the check can see names where they are
    assert [name for name in names if name in administrator]
    context, tab = signed_in(browser, server, "zhou.viewer", "zhou viewer password")
    try:
        for path, title in PAGES.items():
            shown = names_on(tab, server, path, title)
            assert [name for name in names if name in shown] == [], path
    finally:
        context.close()
