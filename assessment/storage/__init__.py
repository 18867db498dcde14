"""Persistent storage: SQLAlchemy tables, the database engine (SQLite by default, PostgreSQL by URL), Alembic
migrations and the lock that lets one process at a time migrate.

May import: nothing of `assessment` but the foundation. Imported only by `workspace` (and the tests): pages,
analysis and exports reach the database through the workspace's services.
"""
