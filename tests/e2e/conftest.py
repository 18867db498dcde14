"""Browser tests: the app served by `streamlit run` on a free port, driven by Playwright in Debian's chromium.

Never `playwright install`: it downloads a browser from the internet. Debian's chromium is installed by
scripts/bootstrap.sh and launched from /usr/bin/chromium.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assessment.demo import load_demo
from assessment.workspace import Workspace
from deploy.two_replicas import CHROMIUM, CHROMIUM_FLAGS, free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
# Screenshots of the main pages land here (the best are copied by hand into docs/img/).
SCREENSHOTS = Path(os.environ.get("MATURITYMAP_SCREENSHOTS", ROOT / "build" / "screenshots"))


@dataclass
class Server:
    url: str
    database_url: str
    demo_id: int


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """The app on a free loopback port, on its own SQLite database that holds the demo assessment."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'maturitymap.db'}"
    workspace = Workspace(database_url)
    demo_id = load_demo(workspace)
    workspace.dispose()
    port = free_port()
    env = {**os.environ, "MATURITYMAP_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    log = tmp_path_factory.mktemp("e2e-log") / "streamlit.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process, seconds=60)
            yield Server(url, database_url, demo_id)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's chromium, headless, through Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/bootstrap.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context and page, large enough for the wide layout; downloads accepted."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()
