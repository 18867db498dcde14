"""The workbench checks the sign-in on every run: without a session, or once it has ended (signed out in another
tab, password changed, account disabled), no page is drawn and the tab goes to the sign-in page."""

from __future__ import annotations

import pytest

from app_pages import common
from assessment.accounts import users
from tests.app.conftest import start
from tests.signed_in import username_for


def signed_out(app) -> bool:
    """The run drew the notice and the way to the sign-in page, and no page."""
    notice = [warning.value for warning in app.warning]
    redirect = [element.proto.body for element in app.get("html")]
    return (
        any("尚未登录" in text or "not signed in" in text for text in notice)
        and any("/signin?lang=" in body for body in redirect)
        and [title.value for title in app.title] == ["MaturityMap"]
    )


@pytest.mark.parametrize("cookie", [None, "", "not-a-signed-cookie", "x" * 5_000])
def test_without_a_valid_cookie_no_page_is_drawn(demo_db, monkeypatch, cookie):
    monkeypatch.setattr(common, "session_cookie", lambda: cookie)
    app = start("results", assessment=demo_db.demo_id)
    assert not app.exception
    assert signed_out(app)
    assert not app.dataframe  # nothing of the client's data
    shown = str([element.value for element in [*app.markdown, *app.caption, *app.sidebar.markdown]])
    assert "示范集团" not in shown  # not even the names of the assessments in the sidebar
    assert not app.sidebar.selectbox


def test_a_session_ended_elsewhere_ends_this_tab_at_its_next_run(demo_db):
    app = start("results", assessment=demo_db.demo_id, user="王芳")
    assert not signed_out(app)
    assert any("当前用户：王芳" in caption.value for caption in app.sidebar.caption)
    users.set_password(demo_db.workspace, username_for("王芳"), "another long password", actor="admin")
    app.run()  # the next click in this tab
    assert signed_out(app)


def test_a_disabled_account_is_out_at_its_next_run(demo_db):
    app = start("interview", assessment=demo_db.demo_id, user="李四")
    assert not signed_out(app)
    users.add_user(demo_db.workspace, "second", actor="t", system_role="admin", password="another admin pass")
    users.set_active(demo_db.workspace, username_for("李四"), False, actor="second")
    app.run()
    assert signed_out(app)


def test_the_sidebar_offers_the_password_and_sign_out(demo_db):
    app = start("assessments", lang="en")
    app.button(key="app_sign_out").click().run()
    assert any("/signout?lang=en" in element.proto.body for element in app.get("html"))
