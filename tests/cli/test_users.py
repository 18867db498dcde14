"""Accounts from the command line: `users init` prints the first administrator's one-time password once, a
password is read from standard input (never an argument), memberships are granted and revoked, and every change
is audited under the operating-system user (or --actor), marked as made on the command line."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

from sqlalchemy import select

from assessment.accounts import users
from assessment.storage.tables import AuditEntry, User
from assessment.workspace.core import Workspace
from tests.cli import running
from tests.cli.test_cli import QUESTIONNAIRE, rel, stored

ROOT = Path(__file__).resolve().parents[2]


def users_command(tmp_path: Path, *args: str, password: str | None = None, lang: str = "en", real: bool = False):
    """`users …` on the throwaway database, with `password` (and a newline) on standard input; a child when `real`."""
    database = ("--database", f"sqlite:///{tmp_path / 'x.db'}")
    return running.command(
        ["users", *args, *database, "--lang", lang],
        {"MATURITYMAP_LANG": None},
        input="" if password is None else password + "\n",
        real=real,
    )


def workspace_of(tmp_path: Path) -> Workspace:
    return Workspace(f"sqlite:///{tmp_path / 'x.db'}")


def test_init_makes_the_administrator_once_and_its_password_signs_in(tmp_path):
    created = stored(tmp_path, "create", "--client", "Acme", "--name", "2026", rel(QUESTIONNAIRE), "--units", "a")
    assert created.returncode == 0, created.stderr
    first = users_command(tmp_path, "init", real=True)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == "MaturityMap: the administrator account 'admin' was created."
    password = lines[1].removeprefix("One-time password: ")
    again = users_command(tmp_path, "init", lang="zh")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "已有账户，未创建任何账户\n")
    workspace = workspace_of(tmp_path)
    try:
        admin = users.authenticate(workspace, "admin", password).user
        assert admin is not None
        assert admin.must_change_password
    finally:
        workspace.dispose()
    members = json.loads(users_command(tmp_path, "members", "1", "--format", "json").stdout)
    assert members == [{"user": "admin", "name": "Administrator", "role": "lead"}]  # the assessment's lead


def test_a_password_comes_from_standard_input_and_is_checked(tmp_path):
    weak = users_command(tmp_path, "add", "li.ming", "--password-stdin", password="short")
    assert weak.returncode == 2
    assert weak.stderr == "the password needs at least 10 characters\n"
    missing = users_command(tmp_path, "add", "li.ming", "--password-stdin")
    assert (missing.returncode, missing.stderr) == (2, "no password given on standard input; nothing changed\n")
    added = users_command(
        tmp_path,
        "add",
        "li.ming",
        "--display-name",
        "李明",
        "--email",
        "li@example.com",
        "--password-stdin",
        password="a long enough password",
        real=True,  # read from a real process's standard input
    )
    assert (added.returncode, added.stdout, added.stderr) == (0, "", "user li.ming added\n")
    workspace = workspace_of(tmp_path)
    try:
        assert users.authenticate(workspace, "li.ming", "a long enough password").user is not None
        with workspace.transaction() as session:
            assert session.scalar(select(User.password_hash)).startswith("$argon2id$")
    finally:
        workspace.dispose()
    listed = json.loads(users_command(tmp_path, "list", "--format", "json").stdout)
    assert [(u["user"], u["name"], u["email"], u["role"], u["active"]) for u in listed] == [
        ("li.ming", "李明", "li@example.com", "member", True)
    ]
    table = users_command(tmp_path, "list", lang="zh").stdout.splitlines()
    assert table[0].split("\t") == ["用户名", "姓名", "电子邮件", "系统角色", "有效", "最近登录"]


def test_reset_disable_grant_and_revoke_are_audited_under_the_command_line_user(tmp_path):
    created = stored(tmp_path, "create", "--client", "Acme", "--name", "2026", rel(QUESTIONNAIRE), "--units", "a")
    assert created.returncode == 0
    assert (
        users_command(tmp_path, "add", "boss", "--admin", "--password-stdin", password="chief password 1").returncode
        == 0
    )
    added = users_command(tmp_path, "add", "wang", "--actor", "Helpdesk")
    assert added.returncode == 0
    assert added.stdout.startswith("one-time password for wang: ")
    assert users_command(tmp_path, "grant", "wang", "1", "viewer").stderr == "wang is now viewer of assessment 1\n"
    refused = users_command(tmp_path, "grant", "wang", "1", "owner")
    assert refused.returncode == 2
    unknown = users_command(tmp_path, "grant", "nobody", "1", "viewer")
    assert (unknown.returncode, unknown.stderr) == (2, "user 'nobody' does not exist\n")
    reset = users_command(tmp_path, "set-password", "wang", "--one-time")
    assert reset.returncode == 0
    one_time = reset.stdout.splitlines()[0].removeprefix("one-time password for wang: ")
    assert users_command(tmp_path, "disable", "wang").stderr == "user wang disabled and signed out\n"
    workspace = workspace_of(tmp_path)
    try:
        assert users.authenticate(workspace, "wang", one_time).user is None  # disabled
    finally:
        workspace.dispose()
    assert users_command(tmp_path, "enable", "wang").returncode == 0
    assert users_command(tmp_path, "revoke", "wang", "1").stderr == "wang taken off assessment 1\n"
    last = users_command(tmp_path, "disable", "boss")
    assert (last.returncode, last.stderr) == (
        2,
        "'boss' is the last active administrator: make another administrator first\n",
    )
    workspace = workspace_of(tmp_path)
    try:
        with workspace.transaction() as session:
            log = [(e.actor, e.action, e.key) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    finally:
        workspace.dispose()
    me = f"{getpass.getuser()} (command line)"
    assert log[1:] == [
        (me, "add", "boss"),
        ("Helpdesk (command line)", "add", "wang"),
        (me, "grant", "wang"),
        (me, "reset password", "wang"),
        (me, "disable", "wang"),
        (me, "enable", "wang"),
        (me, "revoke", "wang"),
    ]
    assert all(one_time not in str(entry) for entry in log)


def test_create_and_import_bundle_name_a_lead_and_record_the_actor(tmp_path):
    assert users_command(tmp_path, "add", "li.ming", "--password-stdin", password="li ming password").returncode == 0
    unknown = stored(tmp_path, "create", "--client", "Acme", "--name", "2026", rel(QUESTIONNAIRE), "--lead", "nobody")
    assert (unknown.returncode, unknown.stderr) == (2, "user 'nobody' does not exist\n")
    assert stored(tmp_path, "assessments", "--format", "json").stdout.strip() == "[]"  # nothing created
    made = stored(
        tmp_path, "create", "--client", "Acme", "--name", "2026", rel(QUESTIONNAIRE), "--lead", "li.ming",
        "--actor", "Wang Fang",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    members = json.loads(users_command(tmp_path, "members", "1", "--format", "json").stdout)
    assert members == [{"user": "li.ming", "name": "", "role": "lead"}]
    bundle = tmp_path / "b.mmbundle"
    assert stored(tmp_path, "export", "1", "-o", str(bundle)).returncode == 0
    again = stored(tmp_path, "import-bundle", str(bundle), "--name", "copy", "--lead", "li.ming")
    assert again.returncode == 0, again.stderr
    assert json.loads(users_command(tmp_path, "members", "2", "--format", "json").stdout)[0]["role"] == "lead"
    workspace = workspace_of(tmp_path)
    try:
        with workspace.transaction() as session:
            creation = session.scalars(
                select(AuditEntry).where(AuditEntry.assessment_id == 1, AuditEntry.entity == "assessment")
            ).first()
    finally:
        workspace.dispose()
    assert creation.actor == "Wang Fang (command line)"
