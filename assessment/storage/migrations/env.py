"""Alembic environment: migrates the engine handed over in the configuration's attributes."""

from alembic import context

from assessment.storage.tables import Base

target_metadata = Base.metadata
engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
