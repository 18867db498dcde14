"""Accounts: add, list, disable, passwords (own change, administrator's reset), sign-in with its throttle, and
the first administrator of an empty database.

Every change runs in one transaction and is written to the audit log (never a password or its hash). A sign-in
that fails says the same thing whether the user name is unknown, the account disabled or the password wrong, and
takes the same time; failures are counted per user name and per address, and past a few each further try waits
longer (`THROTTLE`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from assessment.accounts import passwords
from assessment.problems import Problem
from assessment.storage.tables import Assessment, Membership, SignInFailure, SignInSession, User
from assessment.workspace.core import Workspace, WorkspaceError, audit, fail

SYSTEM_ROLES = ("admin", "member")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{1,99}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
FIRST_ADMIN = "admin"


@dataclass(frozen=True)
class Throttle:
    """Failures allowed before waiting, and how waits grow: 2 s after the last free one, doubling, at most `cap`."""

    free: int
    window: dt.timedelta = dt.timedelta(minutes=15)
    cap: dt.timedelta = dt.timedelta(minutes=15)

    def wait(self, failures: int) -> dt.timedelta:
        """How long after the last failure the next try is accepted, given the failures in the window."""
        if failures < self.free:
            return dt.timedelta(0)
        return min(self.cap, dt.timedelta(seconds=2 ** (failures - self.free + 1)))


# per user name: a person mistyping a few times is not slowed; per address: an office behind one address is larger
THROTTLE = {"user": Throttle(free=5), "address": Throttle(free=20)}


@dataclass(frozen=True)
class UserView:
    """An account as the pages and the command line see it (never its password hash)."""

    id: int
    username: str
    display_name: str
    email: str | None
    system_role: str
    active: bool
    must_change_password: bool
    created_at: dt.datetime
    last_sign_in_at: dt.datetime | None

    @property
    def is_admin(self) -> bool:
        return self.system_role == "admin"

    @property
    def name(self) -> str:
        """The name shown and written to the audit log: the display name, else the user name."""
        return self.display_name or self.username


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the user, or the refusal (one message for every cause) and how long to wait."""

    user: UserView | None
    retry_after: int = 0  # seconds; > 0 when the throttle refused the try without checking the password


def view(user: User) -> UserView:
    return UserView(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        email=user.email,
        system_role=user.system_role,
        active=user.active,
        must_change_password=user.must_change_password,
        created_at=aware(user.created_at),
        last_sign_in_at=aware(user.last_sign_in_at) if user.last_sign_in_at else None,
    )


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back times without their zone; every time stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def normal_name(username: str) -> str:
    return username.strip().lower()


def find(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == normal_name(username)))


def get(session: Session, username: str) -> User:
    """The account, or a WorkspaceError naming it."""
    user = find(session, username)
    if user is None:
        fail("user_not_found", user=username)
    return user


def _check_new(session: Session, username: str, email: str | None, system_role: str) -> list[Problem]:
    problems = []
    if not USERNAME.fullmatch(username):
        problems.append(Problem("username_invalid", {"user": username}))
    elif find(session, username) is not None:
        problems.append(Problem("username_taken", {"user": username}))
    if email is not None:
        if not EMAIL.fullmatch(email) or len(email) > 300:
            problems.append(Problem("email_invalid", {"email": email}))
        elif session.scalar(select(User.id).where(User.email == email)) is not None:
            problems.append(Problem("email_taken", {"email": email}))
    if system_role not in SYSTEM_ROLES:
        problems.append(Problem("must_be_one_of", {"value": system_role, "allowed": list(SYSTEM_ROLES)}))
    return problems


def add_user(
    workspace: Workspace,
    username: str,
    *,
    actor: str,
    display_name: str = "",
    email: str | None = None,
    system_role: str = "member",
    password: str | None = None,
) -> tuple[UserView, str | None]:
    """Add an account. Without a password, one is made up and returned: it works once, then must be changed."""
    username = normal_name(username)
    email = email.strip().lower() if email and email.strip() else None
    one_time = None
    with workspace.transaction() as session:
        problems = _check_new(session, username, email, system_role)
        if password is None:
            one_time = password = passwords.one_time_password()
        else:
            problems += passwords.check(password, username)
        if problems:
            raise WorkspaceError(problems)
        user = User(
            username=username,
            display_name=display_name.strip()[:200],
            email=email,
            password_hash=passwords.hash_password(password),
            system_role=system_role,
            active=True,
            must_change_password=one_time is not None,
        )
        session.add(user)
        session.flush()
        after = {"display_name": user.display_name, "email": email, "system_role": system_role}
        audit(session, None, actor, "add", "user", username, after=after)
        return view(user), one_time


def list_users(workspace: Workspace) -> list[UserView]:
    with workspace.transaction() as session:
        return [view(user) for user in session.scalars(select(User).order_by(User.username))]


def user_by_id(workspace: Workspace, user_id: int) -> UserView | None:
    with workspace.transaction() as session:
        user = session.get(User, user_id)
        return view(user) if user is not None else None


def _end_sessions(session: Session, user_id: int) -> None:
    """Sign the user out everywhere: every browser's session ends."""
    session.execute(
        update(SignInSession)
        .where(SignInSession.user_id == user_id, SignInSession.ended_at.is_(None))
        .values(ended_at=now())
    )


def change_password(workspace: Workspace, username: str, current: str, new: str) -> None:
    """The user's own change: the current password first; every session of the user ends (sign in again)."""
    with workspace.transaction() as session:
        user = get(session, username)
        if not passwords.verify(user.password_hash, current):
            fail("wrong_current_password")
        problems = passwords.check(new, user.username)
        if passwords.verify(user.password_hash, new):
            problems.append(Problem("password_unchanged"))
        if problems:
            raise WorkspaceError(problems)
        user.password_hash = passwords.hash_password(new)
        user.must_change_password = False
        _end_sessions(session, user.id)
        audit(session, None, user.username, "change password", "user", user.username)


def set_password(workspace: Workspace, username: str, new: str | None, *, actor: str) -> str | None:
    """An administrator sets a password (checked by the rules), or with None resets it to a one-time password,
    returned. Either way every session of the user ends."""
    with workspace.transaction() as session:
        user = get(session, username)
        one_time = None
        if new is None:
            one_time = new = passwords.one_time_password()
        else:
            problems = passwords.check(new, user.username)
            if problems:
                raise WorkspaceError(problems)
        user.password_hash = passwords.hash_password(new)
        user.must_change_password = one_time is not None
        _end_sessions(session, user.id)
        audit(session, None, actor, "reset password" if one_time else "set password", "user", user.username)
        return one_time


def set_active(workspace: Workspace, username: str, active: bool, *, actor: str) -> None:
    """Disable an account (its sessions end at once; its memberships stay) or enable it again."""
    with workspace.transaction() as session:
        user = get(session, username)
        if not active and user.system_role == "admin" and _active_admins(session) <= 1 and user.active:
            fail("last_admin", user=user.username)
        before = user.active
        user.active = active
        if not active:
            _end_sessions(session, user.id)
        audit(session, None, actor, "enable" if active else "disable", "user", user.username, before, active)


def set_system_role(workspace: Workspace, username: str, system_role: str, *, actor: str) -> None:
    """Make an account an administrator or a member; the last active administrator stays one."""
    if system_role not in SYSTEM_ROLES:
        fail("must_be_one_of", value=system_role, allowed=list(SYSTEM_ROLES))
    with workspace.transaction() as session:
        user = get(session, username)
        if user.system_role == "admin" and system_role != "admin" and user.active and _active_admins(session) <= 1:
            fail("last_admin", user=user.username)
        before = user.system_role
        user.system_role = system_role
        audit(
            session, None, actor, "change", "user", user.username, {"system_role": before}, {"system_role": system_role}
        )


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).where(User.system_role == "admin", User.active.is_(True))) or 0


def _wait(session: Session, kind: str, key: str, moment: dt.datetime) -> dt.timedelta:
    rule = THROTTLE[kind]
    since = moment - rule.window
    count, last = session.execute(
        select(func.count(), func.max(SignInFailure.at)).where(
            SignInFailure.kind == kind, SignInFailure.key == key, SignInFailure.at > since
        )
    ).one()
    if not count:
        return dt.timedelta(0)
    return max(dt.timedelta(0), aware(last) + rule.wait(count) - moment)


def authenticate(workspace: Workspace, username: str, password: str, address: str = "") -> SignIn:
    """Check a sign-in. Refused (one outcome for every cause) when the throttle asks to wait — without looking at
    the password — or when the user is unknown, disabled or the password wrong; each refusal but the throttle's
    counts as a failure of the user name and of the address."""
    key = normal_name(username)[:300]
    address = address[:100]
    moment = now()
    with workspace.transaction() as session:
        wait = max(_wait(session, "user", key, moment), _wait(session, "address", address, moment))
        if wait > dt.timedelta(0):
            return SignIn(None, retry_after=math.ceil(wait.total_seconds()))
        user = find(session, key) if USERNAME.fullmatch(key) else None
        matches = passwords.verify(user.password_hash if user else "", password)
        if user is None or not user.active or not matches:
            session.add(SignInFailure(kind="user", key=key, at=moment))
            session.add(SignInFailure(kind="address", key=address, at=moment))
            forgotten = moment - max(rule.window for rule in THROTTLE.values())
            session.execute(delete(SignInFailure).where(SignInFailure.at < forgotten))
            return SignIn(None)
        session.execute(delete(SignInFailure).where(SignInFailure.kind == "user", SignInFailure.key == key))
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
        user.last_sign_in_at = moment
        return SignIn(view(user))


def first_administrator(workspace: Workspace) -> str | None:
    """On a database without accounts: the administrator `admin` with a one-time password, returned (None when
    accounts exist). Assessments that have no lead yet (the demo, those from before accounts) get it as lead."""
    with workspace.transaction() as session:
        if session.scalar(select(func.count()).select_from(User)):
            return None
    try:
        _, one_time = add_user(
            workspace, FIRST_ADMIN, actor="maturitymap", display_name="Administrator", system_role="admin"
        )
    except WorkspaceError:  # another process made it first (replicas starting together)
        return None
    lead_of_orphans(workspace, FIRST_ADMIN, actor="maturitymap")
    return one_time


def lead_of_orphans(workspace: Workspace, username: str, *, actor: str) -> list[int]:
    """Make the user lead of every assessment that has no lead; returns their ids."""
    with workspace.transaction() as session:
        user = get(session, username)
        led = select(Membership.assessment_id).where(Membership.role == "lead")
        orphans = session.scalars(select(Assessment.id).where(Assessment.id.not_in(led)).order_by(Assessment.id))
        ids = list(orphans)
        for assessment_id in ids:
            session.add(Membership(assessment_id=assessment_id, user_id=user.id, role="lead", granted_by=actor))
            audit(session, assessment_id, actor, "grant", "member", user.username, after={"role": "lead"})
        return ids
