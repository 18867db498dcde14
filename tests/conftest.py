"""Shared fixtures: a real PostgreSQL server for the test run, and a database of each kind."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_counter = itertools.count()


@pytest.fixture(autouse=True, scope="session")
def _default_database_is_a_throwaway(tmp_path_factory) -> Iterator[None]:
    """No test touches the project's data/ folder, nor a database the environment names: the default is a temp file.

    Commands run by the tests as subprocesses inherit it.
    """
    before = os.environ.get("MATURITYMAP_DATABASE_URL")
    os.environ["MATURITYMAP_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('default') / 'maturitymap.db'}"
    yield
    if before is None:
        os.environ.pop("MATURITYMAP_DATABASE_URL", None)
    else:
        os.environ["MATURITYMAP_DATABASE_URL"] = before


def _postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL server binaries, if installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[dict]:
    """A throwaway PostgreSQL server on a Unix socket, for the whole test run."""
    binaries = _postgres_bin()
    if binaries is None:
        message = "PostgreSQL server binaries not found (Debian package 'postgresql'; `make test` installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # not under pytest's temporary folder: that is private to the user running the tests
    base = Path(tempfile.mkdtemp(prefix="maturitymap-postgres-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    base.chmod(0o755)
    port = 54000 + os.getpid() % 1000
    subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    options = f"-k {sockets} -p {port} -c listen_addresses='' -c fsync=off -c max_connections=100"
    start = [str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"]
    subprocess.run(_as_postgres(start), check=True, capture_output=True)
    try:
        yield {"host": str(sockets), "port": port}
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(base, ignore_errors=True)


def postgres_database(server: dict) -> str:
    """A new, empty database on the server; returns its SQLAlchemy URL."""
    import psycopg

    name = f"mm_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(host=server["host"], port=server["port"], user="postgres", dbname="postgres") as admin:
        admin.autocommit = True
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@/{name}?host={server['host']}&port={server['port']}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database of each kind: a SQLite file, and a database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'maturitymap.db'}"
    return postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def workspace(database_url):
    """A workspace (migrated to head) on an empty database of each kind."""
    from assessment.workspace import Workspace

    ws = Workspace(database_url)
    yield ws
    ws.dispose()
