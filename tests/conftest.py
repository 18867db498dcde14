"""Shared fixtures: a real PostgreSQL server for the test run, and a database of each kind."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment.accounts.sessions import SECRET_VARIABLE
from deploy.two_replicas import CHROMIUM, CHROMIUM_FLAGS, Postgres, postgres_binaries, start_postgres
from tests.signed_in import SECRET

_counter = itertools.count()


@pytest.fixture(autouse=True, scope="session")
def _default_database_is_a_throwaway(tmp_path_factory) -> Iterator[None]:
    """No test touches the project's data/ folder, nor a database the environment names: the default is a temp file.

    Commands run by the tests as subprocesses inherit it.
    """
    before = os.environ.get("MATURITYMAP_DATABASE_URL")
    os.environ["MATURITYMAP_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('default') / 'maturitymap.db'}"
    os.environ[SECRET_VARIABLE] = SECRET  # the run's own secret signs the test sessions' cookies (tests/signed_in.py)
    # the report's chart cache (assessment/report/chart_cache.py) in the run's own folder, not the user's
    os.environ["MATURITYMAP_CHART_CACHE"] = str(tmp_path_factory.mktemp("chart-cache"))
    yield
    os.environ.pop("MATURITYMAP_CHART_CACHE", None)
    os.environ.pop(SECRET_VARIABLE, None)
    if before is None:
        os.environ.pop("MATURITYMAP_DATABASE_URL", None)
    else:
        os.environ["MATURITYMAP_DATABASE_URL"] = before


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Postgres]:
    """A throwaway PostgreSQL server on a Unix socket, for the whole test run (deploy/two_replicas.py's cluster).

    Without the server's binaries the tests fail, never skip: `make test` installs them, and a skipped test would
    leave PostgreSQL untested without anybody noticing.
    """
    if postgres_binaries() is None:
        pytest.fail("PostgreSQL server binaries not found (Debian package 'postgresql'; `make test` installs it)")
    server = start_postgres(max_connections=100, prefix="maturitymap-postgres-")
    try:
        yield server
    finally:
        server.stop()


def postgres_database(server: Postgres) -> str:
    """A new, empty database on the server; returns its SQLAlchemy URL."""
    return server.create_database(f"mm_test_{os.getpid()}_{next(_counter)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database of each kind: a SQLite file, and a database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'maturitymap.db'}"
    return postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def workspace(database_url):
    """A workspace (migrated to head) on an empty database of each kind."""
    from assessment.workspace.core import Workspace

    ws = Workspace(database_url)
    yield ws
    ws.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's chromium, headless, through Playwright: one for the whole run, shared by every browser test.

    Never `playwright install`: it downloads a browser from the internet. One Playwright per process: a second
    one started while the first is open fails ("Sync API inside the asyncio loop").
    """
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/bootstrap.sh (make test does)")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's 5 s for an assertion is short on a busy machine (`make test` runs a worker per core, each with
    # its servers): an outcome is still waited for, never a fixed time, and only a failure takes longer to report.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
