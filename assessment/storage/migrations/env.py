"""Alembic environment: migrates the engine handed over in the configuration's attributes."""

from alembic import context
from sqlalchemy import text

from assessment.storage.tables import Base

target_metadata = Base.metadata
engine = context.config.attributes["engine"]
# PostgreSQL: one migration at a time per database. Two app replicas started together both find the database
# behind; the second waits for the first's transaction, then finds it at head and does nothing.
MIGRATION_LOCK = 0x4D4D4150  # "MMAP", a key of pg_advisory_xact_lock, released at commit or rollback

with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
