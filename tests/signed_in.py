"""Signing tests in without a back door: a real account and a real sign-in session in the database under test,
named by a cookie signed with the tests' own secret (MATURITYMAP_SECRET_KEY, set by the test run).

AppTest cannot send cookies (Streamlit reads them from the browser's request), so the AppTest fixtures replace
`app_pages.common.session_cookie` — the one function that reads the request — with `cookie_of`; browser tests put
the same cookie into the browser. Nothing a deployment can set changes who is signed in.
"""

from __future__ import annotations

import hashlib
import os
import secrets

from assessment.accounts import sessions, users
from assessment.workspace.core import Workspace, WorkspaceError

SECRET = secrets.token_urlsafe(32)  # this test run's own
TESTER = "Tester"  # the display name of the administrator the tests sign in as, unless they name another
PASSWORD = "a test password of the run " + secrets.token_urlsafe(8)
RUN_SESSION = secrets.token_urlsafe(32)  # the session browser tests share: opened on each server's database
_cookies: dict[tuple[str, str], str] = {}


def username_for(name: str) -> str:
    return "tester" if name == TESTER else "u" + hashlib.sha256(name.encode()).hexdigest()[:12]


def sign_in(workspace: Workspace, name: str = TESTER, system_role: str = "admin", session_id: str | None = None) -> str:
    """A session of the user shown as `name` (made an account first if need be): the cookie that names it."""
    os.environ.setdefault(sessions.SECRET_VARIABLE, SECRET)
    username = username_for(name)
    try:
        user, _ = users.add_user(
            workspace, username, actor="tests", display_name=name, system_role=system_role, password=PASSWORD
        )
    except WorkspaceError:  # made before
        user = next(found for found in users.list_users(workspace) if found.username == username)
    return sessions.start(workspace, user, "127.0.0.1", session_id=session_id)


def browser_cookie(url: str) -> dict:
    """The run's session cookie for a browser context on `url` (every test server's database has the session)."""
    os.environ.setdefault(sessions.SECRET_VARIABLE, SECRET)
    value = sessions.cookie_for(None, RUN_SESSION)  # type: ignore[arg-type] - the secret comes from the environment
    return {"name": sessions.COOKIE, "value": value, "url": url, "httpOnly": True, "sameSite": "Lax"}


def cookie_of(url: str, name: str = TESTER) -> str:
    """The cookie of `name` on the database at `url`, made once per database and name."""
    key = (url, name)
    if key not in _cookies:
        workspace = Workspace(url)
        try:
            _cookies[key] = sign_in(workspace, name)
        finally:
            workspace.dispose()
    return _cookies[key]
