"""AppTest fixtures: a database holding the demo assessment (copied from one made per test run), and pages."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages import common
from assessment.accounts.sessions import SECRET_VARIABLE
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from tests.signed_in import SECRET, TESTER, cookie_of

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
    "evidence",
    "roadmap",
    "findings",
    "report",
    "compare",
    "settings",
    "quick_score",
    "users",
)


AS_USER = "test_signed_in_as"  # the session state key start(user=…) sets: whom this AppTest session signs in as


def _test_cookie() -> str:
    """Stands in for the browser's cookie: the session of the user this AppTest signs in as, on the app's database."""
    return cookie_of(os.environ["MATURITYMAP_DATABASE_URL"], st.session_state.get(AS_USER) or TESTER)


@pytest.fixture(autouse=True)
def signed_in(monkeypatch) -> None:
    """Every AppTest session is signed in: as the test administrator, or as the user `start(user=…)` names."""
    monkeypatch.setenv(SECRET_VARIABLE, SECRET)
    monkeypatch.setattr(common, "session_cookie", _test_cookie)


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
    # A server serves one database, so the app's caches are keyed by assessment and revision, not by database: a
    # chart cached from another test's database (same id, same revision) would be shown here. A new database
    # starts with empty caches, as a server started on it does (the order of the tests no longer matters).
    st.cache_data.clear()
    st.cache_resource.clear()
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
        app.session_state[AS_USER] = user
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
