"""Faults: what an interrupted import leaves behind, compared table by table with a full dump."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, inspect, select

from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import Base
from assessment.workspace.assessments import add_respondent, create_assessment
from assessment.workspace.bundles import export_bundle
from assessment.workspace.core import Workspace
from assessment.workspace.recording import import_responses, record_answer
from deploy.two_replicas import Postgres, postgres_binaries, start_postgres
from tests.app.conftest import signed_in  # noqa: F401 - the AppTest sessions here are signed in too (autouse)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "cli"
QUESTIONNAIRE = load_questionnaire(FIXTURES / "questionnaire.yaml").questionnaire
ITEMS = [item for _, item in QUESTIONNAIRE.all_items()]


class InjectedFault(RuntimeError):
    """The failure a test makes happen at one step of a service."""


def dump(workspace: Workspace) -> dict[str, list[tuple]]:
    """Every row of every table of the workspace (and the names of the tables the database holds)."""
    names = sorted(inspect(workspace.engine).get_table_names())
    dumped: dict[str, list[tuple]] = {"(tables)": [(name,) for name in names]}
    with workspace.transaction() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table).order_by(*table.primary_key.columns))
            dumped[table.name] = [tuple(row) for row in rows]
    return dumped


def differences(before: dict, after: dict) -> dict[str, str]:
    """The tables whose rows differ, with how many rows each held before and after (for a readable failure)."""
    return {name: f"{len(before[name])} -> {len(after[name])} rows" for name in before if before[name] != after[name]}


class Steps:
    """Counts the steps of work on an engine (every SQL statement or batch sent, every commit) and fails one.

    Statements cover the flushes, the executemany of the imports and each batch SQLAlchemy splits them into.
    """

    def __init__(self, engine: Engine, fail_at: int | None = None):
        self.engine, self.fail_at, self.count, self.seen = engine, fail_at, 0, []

    def __enter__(self) -> Steps:
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)

    def step(self, what: str) -> None:
        self.count += 1
        self.seen.append(what)
        if self.count == self.fail_at:
            raise InjectedFault(f"step {self.count}: {what}")

    def _statement(self, _connection, _cursor, statement, _parameters, _context, executemany) -> None:
        self.step(("executemany " if executemany else "") + " ".join(statement.split())[:80])

    def _commit(self, _connection) -> None:
        self.step("COMMIT")


def answers_file(folder: Path, people: int = 30) -> Path:
    """A survey file that changes a stored respondent and three of her answers, keeps the others, and adds people."""
    changed = {"CHG-1-01": "1", "CHG-1-02": "2", "CHG-2-01": "3"}
    rows = ["respondent,role,unit,method,item,answer,comment"]
    for line in (FIXTURES / "worked.csv").read_text(encoding="utf-8").splitlines()[1:]:
        name, _role, unit, method, item, answer, comment = line.split(",")
        rows.append(f"{name},process_owner,{unit},{method},{item},{changed.get(item, answer)},{comment}")
    for n in range(people):
        for position, item in enumerate(ITEMS):
            answer = str(position % 5) if item.id.startswith("CHG") else {"INC-1-01": "yes"}.get(item.id, "Jira")
            rows.append(f"受访者{n:03d},practitioner,上海,survey,{item.id},{answer},")
    path = folder / "answers.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def prepared(url: str) -> tuple[Workspace, int]:
    """A workspace holding an assessment with respondents and answers, from a file and an interview."""
    workspace = Workspace(url)
    assessment = create_assessment(
        workspace, client="示例客户", name="2026 基线评估", questionnaire=QUESTIONNAIRE, units=["beijing", "上海"]
    )
    import_responses(workspace, assessment, FIXTURES / "worked.csv", actor="顾问 Wang")
    add_respondent(workspace, assessment, "李娜", role="process_owner", method="interview")
    record_answer(workspace, assessment, "李娜", "CHG-1-01", "3", comment="见会议纪要", evidence=["CAB-42"])
    return workspace, assessment


@pytest.fixture(scope="session")
def rich_bundle(tmp_path_factory) -> Path:
    """A bundle of an assessment with rows in every table (made once, on SQLite)."""
    from tests.workspace.test_bundles import rich_assessment

    folder = tmp_path_factory.mktemp("bundle")
    workspace = Workspace(f"sqlite:///{folder / 'source.db'}")
    path = folder / "rich.mmbundle"
    export_bundle(workspace, rich_assessment(workspace), path)
    workspace.dispose()
    return path


@pytest.fixture
def cluster() -> Iterator[Postgres]:
    """A throwaway PostgreSQL server of this test alone, to stop (`halt`) and start again."""
    if postgres_binaries() is None:  # fail, never skip: `make test` installs them (see tests/conftest.py)
        pytest.fail("PostgreSQL server binaries not found (Debian package 'postgresql'; `make test` installs it)")
    server = start_postgres(max_connections=100, prefix="maturitymap-stoppable-")
    yield server
    server.stop()
