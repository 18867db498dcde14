"""Saves the database could not take: kept in the session, made again in order, the newest value winning."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from app_pages.common import PENDING_KEY, UNREACHABLE_KEY, PendingSave, retry_pending_saves, save_now_or_later
from assessment.problems import Problem
from assessment.storage.database import reason, unreachable
from assessment.workspace.core import WorkspaceError

DOWN = OperationalError("SELECT 1", {}, ConnectionError('connection to server on socket "/run/pg" failed\nmore'))


class Database:
    """Stands for the workspace: stores values by key, or fails as a stopped server does."""

    def __init__(self) -> None:
        self.stored: dict[str, str] = {}
        self.calls: list[str] = []
        self.down = False

    def workspace(self) -> Database:
        return self

    @staticmethod
    def save(database: Database, key: str, value: str) -> str:
        database.calls.append(f"{key}={value}")
        if database.down:
            raise DOWN
        if value == "refused":
            raise WorkspaceError([Problem("respondent_not_found", {"respondent": key})])
        database.stored[key] = value
        return value


def save(state: dict, database: Database, key: str, value: str) -> str | None:
    return save_now_or_later(
        state, key, PendingSave(Database.save, (key, value), problem_key=f"p:{key}"), database.workspace
    )


def test_a_save_the_database_takes_is_made_at_once_and_nothing_is_kept():
    state, database = {}, Database()
    assert save(state, database, "a", "3") == "3"
    assert database.stored == {"a": "3"}
    assert state[PENDING_KEY] == {}
    assert UNREACHABLE_KEY not in state


def test_without_the_database_the_save_is_kept_with_the_reason_and_the_newest_value_wins():
    state, database = {}, Database()
    database.down = True
    assert save(state, database, "a", "1") is None
    assert save(state, database, "b", "2") is None
    assert save(state, database, "a", "3") is None  # answered again before the database came back
    assert list(state[PENDING_KEY]) == ["b", "a"]
    assert state[UNREACHABLE_KEY] == 'connection to server on socket "/run/pg" failed'
    with pytest.raises(OperationalError):  # still down: raised, everything still kept
        retry_pending_saves(state, database.workspace)
    assert list(state[PENDING_KEY]) == ["b", "a"]

    database.down = False
    database.calls.clear()
    assert retry_pending_saves(state, database.workspace) == (2, {})
    assert database.calls == ["b=2", "a=3"]  # oldest first; the replaced value 1 is never written
    assert database.stored == {"a": "3", "b": "2"}
    assert state[PENDING_KEY] == {}
    assert retry_pending_saves(state, database.workspace) == (0, {})  # made once only


def test_a_save_made_now_drops_an_older_kept_one_of_the_same_key():
    state, database = {}, Database()
    database.down = True
    save(state, database, "a", "1")
    database.down = False
    save(state, database, "a", "2")
    assert state[PENDING_KEY] == {}
    retry_pending_saves(state, database.workspace)
    assert database.stored == {"a": "2"}  # not brought back to 1


def test_a_retry_stopped_by_the_database_going_down_again_keeps_the_rest():
    state, database = {}, Database()
    database.down = True
    for key in "abc":
        save(state, database, key, key.upper())
    database.down = False
    saves = iter([True, False])  # the first retried save goes through, then the server is gone again

    def flaky() -> Database:
        database.down = not next(saves, False)
        return database

    with pytest.raises(OperationalError):
        retry_pending_saves(state, flaky)
    assert database.stored == {"a": "A"}
    assert list(state[PENDING_KEY]) == ["b", "c"]


def test_a_kept_save_refused_on_retry_is_dropped_and_its_problem_returned():
    state, database = {}, Database()
    database.down = True
    save(state, database, "a", "refused")
    save(state, database, "b", "2")
    database.down = False
    saved, refused = retry_pending_saves(state, database.workspace)
    assert saved == 1
    assert {key: [p.render("en") for p in problems] for key, problems in refused.items()} == {
        "p:a": ["respondent 'a' does not exist"]
    }
    assert state[PENDING_KEY] == {}


def test_other_errors_are_raised_and_nothing_is_kept():
    state = {}

    def broken(_workspace, *_):
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    with pytest.raises(IntegrityError):
        save_now_or_later(state, "a", PendingSave(broken), lambda: None)
    assert state[PENDING_KEY] == {}
    assert UNREACHABLE_KEY not in state


def test_what_counts_as_an_unreachable_database(tmp_path):
    dead = create_engine(f"postgresql+psycopg://postgres@/x?host={tmp_path}&port=1")
    with pytest.raises(OperationalError) as raised:
        dead.connect()
    assert unreachable(raised.value)
    assert reason(raised.value).startswith(f'connection is bad: connection to server on socket "{tmp_path}')
    assert unreachable(DOWN)
    assert not unreachable(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not unreachable(ValueError("bad"))
    memory = create_engine("sqlite://")
    with pytest.raises(OperationalError, match="no such table") as raised, memory.connect() as connection:
        connection.execute(text("SELECT * FROM nowhere"))  # a bad statement is a bug, not an outage
    assert not unreachable(raised.value)
    (tmp_path / "folder.db").mkdir()
    with pytest.raises(OperationalError, match="unable to open database file") as raised:
        create_engine(f"sqlite:///{tmp_path / 'folder.db'}").connect()
    assert unreachable(raised.value)
    locked = tmp_path / "locked.db"
    holder = sqlite3.connect(locked, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    engine = create_engine(f"sqlite:///{locked}", connect_args={"timeout": 0})
    with pytest.raises(OperationalError, match="database is locked") as raised, engine.connect() as connection:
        connection.execute(text("SELECT * FROM t"))
    holder.close()
    assert unreachable(raised.value)  # the same call made later can succeed
