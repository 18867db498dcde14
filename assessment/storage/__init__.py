"""Persistent storage: SQLAlchemy tables, the database engine, Alembic migrations."""
