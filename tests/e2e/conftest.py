"""Browser tests: the app served by `streamlit run app.py` on a free port, driven by Playwright in Debian's chromium.

The browser is the run's one Playwright (tests/conftest.py); waits are for what a user would see (tests/browser.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assessment.accounts.sessions import SECRET_VARIABLE
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from deploy.two_replicas import free_port, wait_healthy
from tests.signed_in import RUN_SESSION, SECRET, browser_cookie, sign_in

ROOT = Path(__file__).resolve().parents[2]
# Screenshots of the main pages land here (the best are copied by hand into docs/img/).
SCREENSHOTS = Path(os.environ.get("MATURITYMAP_SCREENSHOTS", ROOT / "build" / "screenshots"))


@dataclass
class Server:
    """`streamlit run app.py` on one loopback port and one database; can be frozen, killed and started again."""

    database_url: str
    log: Path
    port: int = field(default_factory=free_port)
    demo_id: int | None = None
    process: subprocess.Popen | None = None
    arguments: list[str] = field(default_factory=list)  # more of `streamlit run`'s options

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        first = self.process is None  # started again after a kill, it keeps its port: the browser comes back to it
        for attempt in range(3):
            said = self.log.stat().st_size if self.log.exists() else 0
            self._spawn()
            try:
                wait_healthy(self.url, self.process, seconds=60)
                return self
            except RuntimeError:
                # The port was free when chosen, but the tests run in parallel: another worker's server (or one of
                # its connections) may have taken it since. A first start then tries another free port.
                taken = "is not available" in self.log.read_bytes()[said:].decode(errors="replace")
                if not (first and taken and self.process.poll() is not None and attempt < 2):
                    raise
                self.port = free_port()
        raise AssertionError("unreachable")

    def _spawn(self) -> None:
        env = {**os.environ, "MATURITYMAP_DATABASE_URL": self.database_url, SECRET_VARIABLE: SECRET}
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true"]
        command += ["--server.port", str(self.port), "--server.address", "127.0.0.1"]
        command += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *self.arguments]
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)

    def freeze(self) -> None:
        """The process stops running but keeps its connections open: what a browser sends now is never read."""
        self.process.send_signal(signal.SIGSTOP)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGCONT)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


def demo_server(folder: Path) -> Server:
    """A server on a new SQLite database in `folder` that holds the demo assessment (not started)."""
    database_url = f"sqlite:///{folder / 'maturitymap.db'}"
    workspace = Workspace(database_url)
    demo_id = load_demo(workspace)
    sign_in(workspace, session_id=RUN_SESSION)  # the browsers' cookie names this session (tests/signed_in.py)
    workspace.dispose()
    return Server(database_url, folder / "streamlit.log", demo_id=demo_id)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """The app on a free loopback port, on its own SQLite database that holds the demo assessment."""
    running = demo_server(tmp_path_factory.mktemp("e2e")).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def module_server(tmp_path_factory) -> Iterator[Server]:
    """A server of this test module alone, on its own copy of the demo: for tests that add respondents to the demo
    (the survey campaigns), which the shared server's other tests count."""
    running = demo_server(tmp_path_factory.mktemp("module")).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def own_server(tmp_path) -> Iterator[Server]:
    """A server of this test alone (to freeze, kill and start again), on its own copy of the demo; not started."""
    made = demo_server(tmp_path)
    try:
        yield made
    finally:
        made.stop()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context and page, large enough for the wide layout; downloads accepted; signed in as the
    test administrator (the run's session cookie, valid on every test server)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True, locale="zh-CN")
    context.add_cookies([browser_cookie("http://127.0.0.1")])
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()
