"""The database on both engines: migrations from empty to head, and back."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import inspect

from assessment.storage.database import current_revision, head_revision, make_engine, migrate
from assessment.storage.tables import Base

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
