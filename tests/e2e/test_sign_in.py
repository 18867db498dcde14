"""Sign-in in a real browser against `streamlit run app.py`: an anonymous browser sees only the sign-in page on
any address and no client's name; a one-time password leads to the password form, then to the page first asked
for; signing out in one tab ends the session in every tab."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from assessment.accounts import memberships, users
from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of, audit_of, respondents_of
from tests.browser import settled

pytestmark = pytest.mark.e2e

CLIENT = "示范集团"  # the demo's client, in the server's database


@pytest.fixture
def anonymous(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context
    context.close()


def one_time_user(server, username: str) -> str:
    workspace = Workspace(server.database_url)
    try:
        _, password = users.add_user(workspace, username, actor="tests", display_name="赵六", system_role="admin")
    finally:
        workspace.dispose()
    return password


@pytest.mark.parametrize("path", ["/", "/results?a=1", "/report?lang=en", "/settings", "/no-such-page"])
def test_an_anonymous_browser_sees_only_the_sign_in_page(server, anonymous, path):
    tab = anonymous.new_page()
    tab.goto(server.url + path)
    expect(tab.get_by_role("heading", name="登录")).to_be_visible(timeout=30_000)
    assert re.search(r"/signin\?next=", tab.url)
    assert CLIENT not in tab.content()
    assert tab.get_by_test_id("stApp").count() == 0  # the workbench never loaded


def test_a_one_time_password_asks_for_a_new_one_then_opens_the_page_asked_for(server, anonymous):
    password = one_time_user(server, "zhao.liu")
    tab = anonymous.new_page()
    tab.goto(f"{server.url}/results?lang=zh&a={server.demo_id}")
    tab.get_by_label("用户名").fill("zhao.liu")
    tab.get_by_label("密码").fill("wrong password here")
    tab.get_by_role("button", name="登录").click()
    expect(tab.get_by_role("alert")).to_have_text("用户名或密码不正确。")
    tab.get_by_label("密码").fill(password)
    tab.get_by_role("button", name="登录").click()

    expect(tab.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(tab.get_by_role("status")).to_contain_text("一次性密码")
    tab.get_by_label("当前密码").fill(password)
    tab.get_by_label("新密码", exact=True).fill("zhao liu's own password")
    tab.get_by_label("再次输入新密码").fill("zhao liu's own password")
    tab.get_by_role("button", name="修改密码").click()

    expect(tab.get_by_role("heading", name="评估结果")).to_be_visible(timeout=60_000)
    settled(tab)
    assert re.search(r"/results\?.*a=", tab.url)
    expect(tab.get_by_test_id("stSidebar").get_by_text("当前用户：赵六（zhao.liu）")).to_be_visible()


def test_signing_out_in_one_tab_ends_the_session_in_every_tab(server, anonymous):
    workspace = Workspace(server.database_url)
    try:
        users.add_user(workspace, "qian.qi", actor="tests", display_name="钱七", password="qian qi password 1")
    finally:
        workspace.dispose()
    first = anonymous.new_page()
    first.goto(f"{server.url}/settings?lang=zh")
    first.get_by_label("用户名").fill("qian.qi")
    first.get_by_label("密码").fill("qian qi password 1")
    first.get_by_role("button", name="登录").click()
    expect(first.get_by_role("heading", name="设置")).to_be_visible(timeout=60_000)
    settled(first)
    second = anonymous.new_page()  # the same browser: the same cookie
    second.goto(f"{server.url}/settings?lang=zh")
    expect(second.get_by_role("heading", name="设置")).to_be_visible(timeout=60_000)
    settled(second)

    first.get_by_test_id("stSidebar").get_by_role("button", name="退出登录").click()
    expect(first.get_by_role("status")).to_have_text("您已退出登录。", timeout=30_000)

    second.get_by_test_id("stSidebar").get_by_role("radiogroup").get_by_text("English").click()  # any next click
    expect(second.get_by_role("heading", name="Sign in")).to_be_visible(timeout=30_000)
    assert CLIENT not in second.content()


def test_a_click_in_a_tab_whose_session_ended_changes_nothing(server, anonymous):
    """A widget's callback runs before the page checks the session: it checks too, and saves nothing."""
    workspace = Workspace(server.database_url)
    try:
        users.add_user(workspace, "sun.jiu", actor="tests", display_name="孙九", password="sun jiu's password 1")
        memberships.grant(workspace, server.demo_id, "sun.jiu", "consultant", actor="tests")
        person = respondents_of(workspace, server.demo_id)["respondent"].iloc[0]
        before = answers_of(workspace, server.demo_id, person)
    finally:
        workspace.dispose()
    first = anonymous.new_page()
    wanted = f"/interview?lang=en&a={server.demo_id}&r={quote(person)}"
    first.goto(f"{server.url}/signin?lang=en&next={quote(wanted, safe='')}")
    first.get_by_label("User name").fill("sun.jiu")
    first.get_by_label("Password").fill("sun jiu's password 1")
    first.get_by_role("button", name="Sign in").click()
    group = first.get_by_test_id("stMain").get_by_role("radiogroup").first
    expect(group).to_be_visible(timeout=60_000)
    settled(first)
    second = anonymous.new_page()
    second.goto(f"{server.url}/settings?lang=en")
    expect(second.get_by_role("heading", name="Settings")).to_be_visible(timeout=60_000)
    settled(second)
    second.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    expect(second.get_by_role("status")).to_have_text("You are signed out.", timeout=30_000)

    label = next(
        name for name in ("Not applicable", "Don't know") if not group.get_by_role("radio", name=name).is_checked()
    )
    group.get_by_text(label).click()  # an answer, in the tab still showing the interview
    expect(first.get_by_role("heading", name="Sign in")).to_be_visible(timeout=30_000)
    workspace = Workspace(server.database_url)
    try:
        assert answers_of(workspace, server.demo_id, person) == before
        assert "孙九" not in audit_of(workspace, server.demo_id)["actor"].tolist()
    finally:
        workspace.dispose()
