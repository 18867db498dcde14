"""The database on both engines: migrations from empty to head, and back."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import inspect, text

from assessment.questionnaire import load_questionnaire
from assessment.storage.database import current_revision, head_revision, make_engine, migrate
from assessment.storage.tables import Base
from assessment.workspace.assessments import create_assessment
from assessment.workspace.core import Workspace
from assessment.workspace.evidence import evidence_of, pseudonym_key
from assessment.workspace.queries import assessment_details
from assessment.workspace.roadmap_edits import set_roadmap_settings

ROOT = Path(__file__).resolve().parents[2]


def test_migrations_run_from_empty_to_head_and_match_the_tables(database_url):
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
    for table in Base.metadata.sorted_tables:
        columns = {column["name"] for column in inspect(engine).get_columns(table.name)}
        assert columns == set(table.columns.keys()), table.name
    migrate(engine)  # again: nothing to do
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_migrations_go_down_to_empty(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    migrate(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_replicas_starting_together_migrate_the_database_once(database_url):
    """Several app replicas (processes) opening a new database at the same moment: each waits its turn, none fails."""
    code = (
        "import sys, time\n"
        "from assessment.storage.database import make_engine, migrate\n"
        "engine = make_engine(sys.argv[1])\n"
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # all at the same moment, once imported\n"
        "migrate(engine)\n"
    )
    at = str(time.time() + 6)  # time enough for the imports, even on a busy machine
    replicas = [
        subprocess.Popen([sys.executable, "-c", code, database_url, at], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [replica.communicate(timeout=120)[1] for replica in replicas]
    assert [replica.returncode for replica in replicas] == [0] * len(replicas), errors
    engine = make_engine(database_url)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) - {"alembic_version"} == set(Base.metadata.tables)
    engine.dispose()


_LONG_RUNNING = """
import sys
from sqlalchemy import text
from assessment.workspace.core import Workspace
workspace = Workspace(sys.argv[1])  # as the app: migrates once, keeps its pooled connection open
def write(key):
    with workspace.transaction() as session:
        session.execute(text("INSERT INTO settings (key, value, updated_by, updated_at) "
                             "VALUES (:key, '1', 'test', CURRENT_TIMESTAMP)"), {"key": key})
write("app-before")
print("ready", flush=True)
sys.stdin.readline()  # the command-line processes run meanwhile
write("app-after")
print("written", flush=True)
sys.stdin.readline()
"""

_COMMAND_LINE = """
import sys
from sqlalchemy import text
from assessment.workspace.core import Workspace
workspace = Workspace(sys.argv[1])  # as every command: migrates (nothing to do), writes, closes and exits
with workspace.transaction() as session:
    session.execute(text("INSERT INTO settings (key, value, updated_by, updated_at) "
                         "VALUES (:key, '1', 'test', CURRENT_TIMESTAMP)"), {"key": sys.argv[2]})
workspace.dispose()
"""


def _open_files(pid: int) -> list[str]:
    folder = Path(f"/proc/{pid}/fd")
    found = []
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            found.append(os.readlink(entry))
    return found


def test_the_app_and_command_line_processes_share_a_sqlite_database_without_losing_its_journal(tmp_path):
    """Closing any descriptor of the database file drops the process's POSIX locks on it (SQLite's "How To Corrupt",
    2.2): were the migration lock taken on the database itself, a command-line process closing last would delete
    the live -wal and -shm files of the running app, and the app's next write would vanish with them."""
    database = tmp_path / "maturitymap.db"
    url = f"sqlite:///{database}"
    app = subprocess.Popen(
        [sys.executable, "-c", _LONG_RUNNING, url], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert app.stdout.readline().strip() == "ready"
        for number in range(4):
            subprocess.run([sys.executable, "-c", _COMMAND_LINE, url, f"cli-{number}"], cwd=ROOT, check=True)
        app.stdin.write("\n")
        app.stdin.flush()
        assert app.stdout.readline().strip() == "written"
        deleted = [name for name in _open_files(app.pid) if name.startswith(str(database)) and "(deleted)" in name]
        assert deleted == [], "the app writes into journal files that no longer exist"
        app.stdin.write("\n")
        app.stdin.flush()
        assert app.wait(timeout=60) == 0
    finally:
        app.kill()
    with sqlite3.connect(database) as fresh:  # a new process's view: every committed write is there
        keys = {key for (key,) in fresh.execute("SELECT key FROM settings")}
        assert keys == {"app-before", "app-after", "cli-0", "cli-1", "cli-2", "cli-3"}
        assert fresh.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert (tmp_path / "maturitymap.db.lock").exists()


def test_the_workstream_capacities_migration_keeps_the_stored_capacity(database_url):
    """0008 adds the workstreams' own capacities; the capacity stored before it stays (now each workstream's)."""
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    workspace = Workspace(database_url)
    assessment = create_assessment(workspace, client="Acme", name="2026", questionnaire=questionnaire)
    set_roadmap_settings(workspace, assessment, None, 40.0, capacities={"change": 25.0})
    migrate(workspace.engine, "0007")
    assert "roadmap_capacities" not in {c["name"] for c in inspect(workspace.engine).get_columns("assessments")}
    with workspace.engine.begin() as connection:
        assert connection.execute(text("SELECT roadmap_capacity FROM assessments")).scalar_one() == 40.0
    migrate(workspace.engine)
    details = assessment_details(workspace, assessment)
    assert (details.roadmap_capacity, details.roadmap_capacities) == (40.0, {})
    workspace.dispose()


def test_the_ticket_evidence_migration_adds_its_tables_beside_existing_assessments(database_url):
    """0010 adds the evidence and the pseudonym keys; going back removes them and nothing else of an assessment."""
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    workspace = Workspace(database_url)
    assessment = create_assessment(workspace, client="Acme", name="2026", questionnaire=questionnaire)
    key = pseudonym_key(workspace, assessment)
    migrate(workspace.engine, "0009")
    tables = set(inspect(workspace.engine).get_table_names())
    assert not {"ticket_evidence", "pseudonym_keys"} & tables
    migrate(workspace.engine)
    assert {"ticket_evidence", "pseudonym_keys"} <= set(inspect(workspace.engine).get_table_names())
    assert assessment_details(workspace, assessment).name == "2026"
    assert evidence_of(workspace, assessment) == []
    assert pseudonym_key(workspace, assessment) != key  # the key went with its table: a new one is made
    workspace.dispose()
