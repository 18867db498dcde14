"""Sign-in sessions: the cookie a browser keeps, and the session it names.

The cookie holds a random session id (256 bits) signed with the deployment's secret (itsdangerous, with the time
it was issued); the database keeps only the id's SHA-256, the user, the expiry and whether it ended. A cookie is
good while its signature holds, its session has neither expired nor ended and its user is active: signing out
ends the session for every tab that shares the cookie, and a password change ends every session of the user.

The secret: MATURITYMAP_SECRET_KEY (at least 32 characters; give every replica the same), else one made up once
and kept in the database's settings, which replicas of one database share.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assessment.accounts.users import UserView, aware, now, view
from assessment.storage.tables import Setting, SignInSession, User
from assessment.workspace.core import Workspace, fail

COOKIE = "maturitymap_session"
LIFETIME = dt.timedelta(hours=12)  # a working day; then sign in again
SECRET_VARIABLE = "MATURITYMAP_SECRET_KEY"
_SECRET_SETTING = "session_secret"
_SALT = "maturitymap.session"
_KNOWN: dict[str, str] = {}  # database URL -> its stored secret


def secret(workspace: Workspace) -> str:
    """The key that signs cookies: the environment's, else the database's (made on first use)."""
    given = os.environ.get(SECRET_VARIABLE, "")
    if given:
        if len(given) < 32:
            fail("secret_too_short", variable=SECRET_VARIABLE, minimum=32)
        return given
    known = _KNOWN.get(str(workspace.engine.url))
    if known:
        return known  # a stored secret never changes: read once per process
    with workspace.transaction() as session:
        stored = session.get(Setting, _SECRET_SETTING)
        if stored is not None:
            _KNOWN[str(workspace.engine.url)] = stored.value
            return stored.value
    try:
        with workspace.transaction() as session:
            session.add(Setting(key=_SECRET_SETTING, value=secrets.token_urlsafe(48), updated_by="maturitymap"))
    except IntegrityError:
        pass  # another process made it at the same moment: use theirs
    with workspace.transaction() as session:
        return session.get(Setting, _SECRET_SETTING).value


def _serializer(workspace: Workspace) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret(workspace), salt=_SALT)


def cookie_for(workspace: Workspace, session_id: str) -> str:
    """The cookie that names a session: its id signed with the deployment's secret."""
    return _serializer(workspace).dumps(session_id)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(workspace: Workspace, user: UserView, address: str = "", session_id: str | None = None) -> str:
    """A new session for a user who has just signed in; returns the cookie's value. `session_id`: a random one
    unless given (tests open the same session on several databases of their own)."""
    session_id = session_id or secrets.token_urlsafe(32)
    moment = now()
    with workspace.transaction() as session:
        session.add(
            SignInSession(
                token_hash=_digest(session_id),
                user_id=user.id,
                created_at=moment,
                expires_at=moment + LIFETIME,
                address=address[:100],
            )
        )
    return cookie_for(workspace, session_id)


def _session_id(workspace: Workspace, cookie: str | None) -> str | None:
    if not cookie or len(cookie) > 500:
        return None
    try:
        return _serializer(workspace).loads(cookie, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:  # also an expired signature
        return None


def signed_in(workspace: Workspace, cookie: str | None) -> UserView | None:
    """The user a cookie signs in, or None (no cookie, a bad signature, an ended or expired session, a disabled
    account)."""
    session_id = _session_id(workspace, cookie)
    if session_id is None:
        return None
    with workspace.transaction() as session:
        found = session.execute(
            select(SignInSession, User)
            .join(User, User.id == SignInSession.user_id)
            .where(SignInSession.token_hash == _digest(session_id))
        ).first()
        if found is None:
            return None
        record, user = found
        if record.ended_at is not None or aware(record.expires_at) <= now() or not user.active:
            return None
        return view(user)


def end(workspace: Workspace, cookie: str | None) -> None:
    """Sign out: the cookie's session ends, for every tab that shares it."""
    session_id = _session_id(workspace, cookie)
    if session_id is None:
        return
    with workspace.transaction() as session:
        record = session.scalar(select(SignInSession).where(SignInSession.token_hash == _digest(session_id)))
        if record is not None and record.ended_at is None:
            record.ended_at = now()
