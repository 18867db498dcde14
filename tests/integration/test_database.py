"""The database on both engines: migrations from empty to head, and back."""

from __future__ import annotations

from sqlalchemy import inspect

from assessment.storage.database import current_revision, head_revision, make_engine, migrate
from assessment.storage.tables import Base


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
