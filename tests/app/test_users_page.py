"""The Accounts page (administrators only): add an account with a one-time password shown once, reset a
password, disable and enable, make an administrator; members have no such page."""

from __future__ import annotations

import pytest

from assessment.accounts import users
from tests.app.conftest import start
from tests.signed_in import PASSWORD, username_for


def test_an_administrator_adds_an_account_and_its_one_time_password_is_shown_once(empty_db):
    app = start("users", lang="en")
    app.text_input(key="users_new_name").input("Wang.Fang")
    app.text_input(key="users_new_display").input("王芳")
    app.text_input(key="users_new_email").input("wang@example.com")
    app.button(key="FormSubmitter:users_new_form-Add, with a one-time password").click().run()
    assert not app.exception
    (shown,) = [message.value for message in app.success]
    one_time = shown.split("`")[1]
    signed = users.authenticate(empty_db.workspace, "wang.fang", one_time).user
    assert signed is not None
    assert signed.must_change_password
    assert (signed.display_name, signed.email) == ("王芳", "wang@example.com")
    app.run()  # the next run: the password is gone from the page
    assert not app.success
    assert app.text_input(key="users_new_name").value == ""

    app.text_input(key="users_new_name").input("x y")
    app.button(key="FormSubmitter:users_new_form-Add, with a one-time password").click().run()
    assert any("user name 'x y'" in error.value for error in app.error)


def test_reset_disable_and_the_last_administrator(empty_db):
    users.add_user(empty_db.workspace, "li.ming", actor="t", password=PASSWORD)
    app = start("users", lang="en")
    app.selectbox(key="users_pick").set_value("li.ming").run()
    app.button(key="users_reset").click().run()
    one_time = app.success[0].value.split("`")[1]
    assert users.authenticate(empty_db.workspace, "li.ming", one_time).user is not None
    app.selectbox(key="users_pick").set_value("li.ming").run()
    app.button(key="users_active").click().run()
    assert users.authenticate(empty_db.workspace, "li.ming", one_time).user is None  # disabled
    app.selectbox(key="users_pick").set_value(username_for("Tester")).run()
    app.button(key="users_role").click().run()  # the test administrator is the only one
    assert any("last active administrator" in error.value for error in app.error)


def test_a_member_has_no_accounts_page(demo_db):
    users.add_user(demo_db.workspace, username_for("普通成员"), actor="t", display_name="普通成员", password=PASSWORD)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        start("users", user="普通成员")
