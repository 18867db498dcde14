"""`make run` on a new database, as a newcomer runs it: the demo is loaded, the administrator is created and its
one-time password printed once in the terminal, and the app then asks for it (and for a new password)."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy.two_replicas import free_port, wait_healthy

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_prints_the_one_time_password_once_and_the_app_asks_for_it(browser, tmp_path):
    port = free_port()
    env = {**os.environ, "MATURITYMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'maturitymap.db'}", "PORT": str(port)}
    env.pop("MATURITYMAP_SECRET_KEY", None)  # as deployed by make run: the secret is made and kept in the database
    log = tmp_path / "make-run.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    context = browser.new_context(locale="zh-CN")
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, seconds=180, what="make run")
        printed = log.read_text(encoding="utf-8")
        lines = [line for line in printed.splitlines() if line.startswith("One-time password: ")]
        assert len(lines) == 1, printed
        password = lines[0].removeprefix("One-time password: ")
        assert "MaturityMap: the administrator account 'admin' was created." in printed

        tab = context.new_page()
        tab.goto(f"http://127.0.0.1:{port}/")
        expect(tab.get_by_role("heading", name="登录")).to_be_visible(timeout=60_000)
        tab.get_by_label("用户名").fill("admin")
        tab.get_by_label("密码").fill(password)
        tab.get_by_role("button", name="登录").click()
        expect(tab.get_by_role("heading", name="修改密码")).to_be_visible(timeout=30_000)
        expect(tab.get_by_role("status")).to_contain_text("一次性密码")
    finally:
        context.close()
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    # the next `make run` on the same database: its set-up step says the accounts exist and prints no password
    again = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "assessment", "users", "init"], cwd=ROOT, env=env,
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert (again.returncode, again.stdout) == (0, "")
    assert again.stderr == "accounts exist already; nothing created\n"
