"""Accounts on both engines: argon2id hashes, the password rules, one message for every failed sign-in, the
throttle, sign-out everywhere on a password change, the first administrator, and the audit of each change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from assessment.accounts import memberships, passwords, sessions, users
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import AuditEntry, SignInFailure, SignInSession, User
from assessment.workspace.assessments import create_assessment
from assessment.workspace.core import WorkspaceError
from assessment.workspace.queries import audit_of

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire(ROOT / "tests" / "fixtures" / "cli" / "questionnaire.yaml").questionnaire
GOOD = "correct horse battery"


def codes(error: pytest.ExceptionInfo) -> list[str]:
    return [problem.code for problem in error.value.problems]


def earlier(workspace, table, column: str, by: dt.timedelta) -> None:
    """Move every row's time back, as if that much time had passed (in Python: SQLite has no datetime arithmetic)."""
    with workspace.transaction() as session:
        for row in session.scalars(select(table)):
            setattr(row, column, users.aware(getattr(row, column)) - by)


def test_a_password_is_stored_as_an_argon2id_hash_and_never_in_the_audit(workspace):
    user, one_time = users.add_user(workspace, "Li.Ming", actor="admin", display_name="李明", password=GOOD)
    assert (user.username, user.name, one_time, user.must_change_password) == ("li.ming", "李明", None, False)
    with workspace.transaction() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "li.ming"))
    assert stored.startswith("$argon2id$")
    assert GOOD not in stored
    with workspace.transaction() as session:  # accounts belong to no assessment: their log is read directly
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "user")).all()
    assert [(e.actor, e.action, e.key) for e in entries] == [("admin", "add", "li.ming")]
    assert GOOD not in str(entries[0].after)
    assert "argon2" not in str(entries[0].after)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short1", "password_too_short"),
        ("abc" * 67, "password_too_long"),
        ("my-li.ming-password", "password_has_username"),
        ("Password123", "password_common"),
        ("woaini1314", "password_common"),
        ("aaaaaaaaaaaa", "password_common"),
    ],
)
def test_a_weak_password_is_refused_with_the_rule_it_breaks(workspace, password, code):
    with pytest.raises(WorkspaceError) as error:
        users.add_user(workspace, "li.ming", actor="admin", password=password)
    assert codes(error) == [code]
    assert users.list_users(workspace) == []


def test_bad_user_names_e_mails_and_roles_are_refused_together(workspace):
    users.add_user(workspace, "li.ming", actor="admin", email="Li@Example.com", password=GOOD)
    with pytest.raises(WorkspaceError) as error:
        users.add_user(workspace, "LI.MING", actor="admin", email="li@example.com", system_role="boss", password=GOOD)
    assert codes(error) == ["username_taken", "email_taken", "must_be_one_of"]
    with pytest.raises(WorkspaceError) as error:
        users.add_user(workspace, "x y", actor="admin", email="not-an-address", password=GOOD)
    assert codes(error) == ["username_invalid", "email_invalid"]
    assert [u.username for u in users.list_users(workspace)] == ["li.ming"]


def test_an_unknown_user_a_disabled_one_and_a_wrong_password_are_refused_alike(workspace):
    users.add_user(workspace, "li.ming", actor="admin", password=GOOD)
    users.add_user(workspace, "wang", actor="admin", password=GOOD)
    users.set_active(workspace, "wang", False, actor="admin")
    refused = [
        users.authenticate(workspace, "nobody", GOOD, "10.0.0.1"),
        users.authenticate(workspace, "li.ming", "wrong password!", "10.0.0.1"),
        users.authenticate(workspace, "wang", GOOD, "10.0.0.1"),
    ]
    assert refused == [users.SignIn(None)] * 3  # nothing tells them apart
    signed = users.authenticate(workspace, "LI.MING ", GOOD, "10.0.0.1")
    assert signed.user is not None
    assert signed.user.username == "li.ming"
    assert signed.user.last_sign_in_at is not None


def test_ten_wrong_passwords_in_a_row_are_slowed_down_and_the_right_one_waits_too(workspace):
    users.add_user(workspace, "li.ming", actor="admin", password=GOOD)
    outcomes = [users.authenticate(workspace, "li.ming", f"wrong {n} password", "10.0.0.9") for n in range(10)]
    waited = [outcome.retry_after for outcome in outcomes]
    assert waited[:5] == [0] * 5  # a few mistakes are not punished
    assert waited[5] > 0  # then every try waits, and is refused without the password being looked at
    blocked = users.authenticate(workspace, "li.ming", GOOD, "10.0.0.9")
    assert blocked.user is None
    assert blocked.retry_after > 0
    # an unknown user name is throttled the same way: the throttle tells nothing about who exists
    unknown = [users.authenticate(workspace, "nobody", f"wrong {n} password", "10.0.0.8") for n in range(7)]
    assert [o.retry_after > 0 for o in unknown] == [False] * 5 + [True] * 2

    # the waits grow: after the wait, one more failure makes the next wait longer
    earlier(workspace, SignInFailure, "at", dt.timedelta(seconds=3))
    assert users.authenticate(workspace, "li.ming", "wrong again pw", "10.0.0.9").retry_after == 0
    assert users.authenticate(workspace, "li.ming", GOOD, "10.0.0.9").retry_after >= 4
    # once the window has passed, the right password works and the user's failures are forgotten
    earlier(workspace, SignInFailure, "at", dt.timedelta(minutes=16))
    assert users.authenticate(workspace, "li.ming", GOOD, "10.0.0.9").user is not None


def test_many_failures_from_one_address_slow_every_user_name_from_it(workspace):
    users.add_user(workspace, "li.ming", actor="admin", password=GOOD)
    for n in range(20):
        users.authenticate(workspace, f"guess{n}", "wrong password", "203.0.113.7")
    assert users.authenticate(workspace, "li.ming", GOOD, "203.0.113.7").retry_after > 0
    assert users.authenticate(workspace, "li.ming", GOOD, "198.51.100.1").user is not None  # another address


def test_changing_the_password_signs_the_user_out_everywhere(workspace):
    user, _ = users.add_user(workspace, "li.ming", actor="admin", password=GOOD)
    laptop, phone = sessions.start(workspace, user), sessions.start(workspace, user)
    assert sessions.signed_in(workspace, laptop) == sessions.signed_in(workspace, phone) == user
    with pytest.raises(WorkspaceError) as error:
        users.change_password(workspace, "li.ming", "not the password", "a new long password")
    assert codes(error) == ["wrong_current_password"]
    assert sessions.signed_in(workspace, laptop) is not None  # a refused change ends nothing
    users.change_password(workspace, "li.ming", GOOD, "a new long password")
    assert sessions.signed_in(workspace, laptop) is None
    assert sessions.signed_in(workspace, phone) is None
    assert users.authenticate(workspace, "li.ming", GOOD).user is None
    assert users.authenticate(workspace, "li.ming", "a new long password").user is not None


def test_an_administrator_resets_a_password_to_a_one_time_one(workspace):
    users.add_user(workspace, "li.ming", actor="admin", password=GOOD)
    one_time = users.set_password(workspace, "li.ming", None, actor="admin")
    assert one_time
    assert len(one_time) >= 16
    signed = users.authenticate(workspace, "li.ming", one_time).user
    assert signed is not None
    assert signed.must_change_password
    users.change_password(workspace, "li.ming", one_time, "my own new password")
    assert not users.authenticate(workspace, "li.ming", "my own new password").user.must_change_password
    with pytest.raises(WorkspaceError) as error:
        users.set_password(workspace, "li.ming", "short", actor="admin")
    assert codes(error) == ["password_too_short"]


def test_the_last_active_administrator_stays_one(workspace):
    users.add_user(workspace, "root", actor="cli", system_role="admin", password=GOOD)
    with pytest.raises(WorkspaceError) as error:
        users.set_active(workspace, "root", False, actor="cli")
    assert codes(error) == ["last_admin"]
    with pytest.raises(WorkspaceError):
        users.set_system_role(workspace, "root", "member", actor="cli")
    users.add_user(workspace, "second", actor="cli", system_role="admin", password=GOOD)
    users.set_active(workspace, "root", False, actor="cli")
    assert [u.active for u in users.list_users(workspace)] == [False, True]


def test_the_first_administrator_is_made_once_and_leads_the_assessments_without_a_lead(workspace):
    made = create_assessment(workspace, client="示例客户", name="2026", questionnaire=QUESTIONNAIRE, units=["a"])
    one_time = users.first_administrator(workspace)
    assert one_time is not None
    assert users.first_administrator(workspace) is None  # once: accounts exist now
    admin = users.authenticate(workspace, "admin", one_time).user
    assert admin is not None
    assert admin.is_admin
    assert admin.must_change_password
    assert [(m.user.username, m.role) for m in memberships.members(workspace, made)] == [("admin", "lead")]
    log = audit_of(workspace, made)
    assert ["maturitymap", "grant", "member", "admin"] in log[["actor", "action", "entity", "key"]].values.tolist()


def test_a_cookie_signed_with_another_secret_or_tampered_signs_nobody_in(workspace, monkeypatch):
    monkeypatch.delenv(sessions.SECRET_VARIABLE)  # the secret made once and kept in the database
    user, _ = users.add_user(workspace, "li.ming", actor="admin", password=GOOD)
    cookie = sessions.start(workspace, user)
    assert sessions.signed_in(workspace, cookie) == user
    assert sessions.signed_in(workspace, cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1]) is None
    assert sessions.signed_in(workspace, None) is None
    assert sessions.signed_in(workspace, "x" * 10_000) is None
    monkeypatch.setenv(sessions.SECRET_VARIABLE, "another deployment's secret, long enough")
    assert sessions.signed_in(workspace, cookie) is None
    monkeypatch.setenv(sessions.SECRET_VARIABLE, "short")
    with pytest.raises(WorkspaceError):
        sessions.signed_in(workspace, cookie)


def test_signing_out_ends_the_session_and_a_disabled_user_is_out_at_once(workspace):
    user, _ = users.add_user(workspace, "li.ming", actor="admin", password=GOOD)
    users.add_user(workspace, "root", actor="cli", system_role="admin", password=GOOD)
    first, second = sessions.start(workspace, user), sessions.start(workspace, user)
    sessions.end(workspace, first)
    assert sessions.signed_in(workspace, first) is None
    assert sessions.signed_in(workspace, second) == user  # another browser stays signed in
    users.set_active(workspace, "li.ming", False, actor="root")
    assert sessions.signed_in(workspace, second) is None
    users.set_active(workspace, "li.ming", True, actor="root")
    assert sessions.signed_in(workspace, second) is None  # enabling again does not revive ended sessions


def test_an_expired_session_signs_nobody_in(workspace):
    user, _ = users.add_user(workspace, "li.ming", actor="admin", password=GOOD)
    cookie = sessions.start(workspace, user)
    with workspace.transaction() as session:
        session.execute(update(SignInSession).values(expires_at=users.now() - dt.timedelta(seconds=1)))
    assert sessions.signed_in(workspace, cookie) is None


def test_the_password_rules_accept_what_people_choose():
    assert passwords.check("correct horse battery", "li.ming") == []
    assert passwords.check("我的密码是很长的一句话", "li.ming") == []
