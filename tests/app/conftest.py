"""AppTest fixtures: a database holding the demo assessment (copied from one made per test run), and pages."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "workbench.py")  # the Streamlit script that app.py serves
TIMEOUT = 60  # a first run imports pandas, plotly and pydantic; the demo's first analysis takes a few seconds
PAGES = (
    "assessments",
    "setup",
    "interview",
    "survey",
    "context",
    "results",
    "consensus",
    "roadmap",
    "report",
    "compare",
    "settings",
    "quick_score",
)


@dataclass
class Database:
    """A workspace database the app under test uses (through MATURITYMAP_DATABASE_URL)."""

    url: str
    workspace: Workspace
    demo_id: int | None


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """A SQLite file with the demo assessment, made once per test run."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    workspace = Workspace(f"sqlite:///{path}")
    load_demo(workspace)
    workspace.dispose()  # the last connection to close checkpoints the WAL into the file
    return path


def _database(path: Path, monkeypatch, demo: bool) -> Iterator[Database]:
    url = f"sqlite:///{path}"
    monkeypatch.setenv("MATURITYMAP_DATABASE_URL", url)
    workspace = Workspace(url)
    demo_id = 1 if demo else None
    yield Database(url, workspace, demo_id)
    workspace.dispose()


@pytest.fixture
def demo_db(demo_file, tmp_path, monkeypatch) -> Iterator[Database]:
    """A fresh copy of the demo database, used by the app."""
    path = tmp_path / "maturitymap.db"
    shutil.copyfile(demo_file, path)
    yield from _database(path, monkeypatch, demo=True)


@pytest.fixture
def empty_db(tmp_path, monkeypatch) -> Iterator[Database]:
    """An empty database, used by the app."""
    yield from _database(tmp_path / "maturitymap.db", monkeypatch, demo=False)


def start(page: str = "assessments", *, lang: str = "zh", assessment: int | None = None, user: str = "") -> AppTest:
    """A fresh browser session (a new AppTest) on `page`, in `lang`, with `assessment` open."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.session_state["app_lang"] = lang
    if assessment is not None:
        app.session_state["app_assessment"] = assessment
    if user:
        app.session_state["app_user"] = user
    app.run()
    if page != "assessments":
        app.switch_page(f"app_pages/{page}.py").run()
    return app


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    return start


def shown(markdown: str) -> str:
    """A Markdown text as the page shows it: without the backslashes that escape markup (app_pages.common.md)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
