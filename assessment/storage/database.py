"""The database: engine from a URL (SQLite by default, PostgreSQL for teams) and migrations to head."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
URL_VARIABLE = "MATURITYMAP_DATABASE_URL"
CONNECT_TIMEOUT = 10  # seconds before a PostgreSQL server that does not answer counts as unreachable
# SQLite's primary result codes of a file that cannot be used right now (busy, locked, I/O, full, cannot open, …);
# SQLite reports a bad statement as an "operational" error too: that is a bug, not an outage
SQLITE_UNAVAILABLE = frozenset({5, 6, 7, 10, 13, 14, 15})


def default_url() -> str:
    """MATURITYMAP_DATABASE_URL, else a SQLite file in the project's data/ folder."""
    return os.environ.get(URL_VARIABLE) or f"sqlite:///{ROOT / 'data' / 'maturitymap.db'}"


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL and a busy timeout for concurrent writers."""
    url = url or default_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pre-ping: a connection the server dropped (a restart) is replaced when taken from the pool, not handed out
    parsed = make_url(url)
    connect_args = {}
    if parsed.get_driver_name() in ("psycopg", "psycopg2") and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def unreachable(error: BaseException) -> bool:
    """Whether an error means the database cannot be reached or used right now, rather than a bad request.

    The server is down or restarting, the network or the connection broke, a lock or a full disk: making the
    same call again later can succeed.
    """
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in SQLITE_UNAVAILABLE
    return isinstance(error, OperationalError | InterfaceError)


def reason(error: BaseException) -> str:
    """The first line of what the database driver said: it names the server, never the password."""
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that migrates `engine` with the project's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision`: head by default (a no-op when it is there), or down to `base`.

    One process at a time: two app processes opening a new database together (replicas started at once, or
    the app and the command line) would otherwise both create its tables. PostgreSQL: an advisory lock taken
    in the migrations' transaction (migrations/env.py); SQLite, whose driver runs CREATE TABLE outside any
    transaction: an exclusive flock on a file of its own beside the database (`<database>.lock`).
    """
    with _one_migration_at_a_time(engine):
        current = current_revision(engine)
        if revision == "head" and current == head_revision():
            return
        if revision == "base" or (current is not None and revision != "head"):
            command.downgrade(alembic_config(engine), revision)
        else:
            command.upgrade(alembic_config(engine), revision)


@contextlib.contextmanager
def _one_migration_at_a_time(engine: Engine) -> Iterator[None]:
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield  # PostgreSQL: see migrations/env.py; an in-memory SQLite database belongs to one process
        return
    # Never the database file itself: closing any descriptor of a file drops every POSIX lock the process holds on
    # it (SQLite's "How To Corrupt An SQLite Database File", 2.2), so a process whose connection is open would lose
    # its locks, and another process closing its last connection would delete the live -wal and -shm files.
    with open(lock_path(path), "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_path(database: str) -> Path:
    """The file locked while a SQLite database migrates: `<database>.lock`, never the database."""
    return Path(f"{database}.lock")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()  # type: ignore[arg-type]
