"""What benchmarks/browser.py times with: the servers, the probe in every page, the timer, and the floor's page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assessment.accounts import sessions
from deploy.two_replicas import free_port, stop, wait_healthy

PROBE = (Path(__file__).parent / "probe.js").read_text(encoding="utf-8")
FLOOR_SCRIPT = Path(__file__).parent / "one_button.py"


# --- the servers ------------------------------------------------------------------------------------------------------


@dataclass
class Server:
    """`streamlit run SCRIPT` as `make run` starts it, on a free loopback port."""

    root: Path
    script: Path
    log: Path
    env: dict = field(default_factory=dict)
    options: list[str] = field(default_factory=list)  # more of `streamlit run`'s options
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        command = [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true"]
        command += ["--server.port", str(self.port), "--server.address", "127.0.0.1"]
        command += ["--server.fileWatcherType", "none", *(self.options or ["--browser.gatherUsageStats", "false"])]
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                command, cwd=self.root, env={**os.environ, **self.env}, stdout=output, stderr=subprocess.STDOUT
            )
        wait_healthy(self.url, self.process, seconds=120)
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


# --- timing one action ------------------------------------------------------------------------------------------------


class Timer:
    """Time actions on pages that carry the probe; collects the samples per action."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.samples: dict[str, list[dict]] = {}
        self.current = ""  # the action being timed, for the error

    def keep(self, action: str, sample: dict) -> dict:
        self.samples.setdefault(action, []).append(sample)
        return sample

    def settle(self, page, ready: str, t0: str = "window.__bench.t0()") -> dict:
        """Wait in the page until it settled after t0 with `ready` (a JavaScript expression) true."""
        script = f"() => window.__bench.wait({t0}, () => ({ready}), {self.timeout * 1000})"
        try:
            return page.evaluate(script)
        except Exception as error:
            raise RuntimeError(f"{self.current}: {str(error).splitlines()[0]}") from None

    def act(self, action: str | None, page, do: Callable[[], None], ready: str) -> dict:
        """Arm the probe, give the input (`do`), wait until settled; kept under `action` unless None."""
        self.current = action or "an untimed step"
        page.evaluate("() => window.__bench.arm()")
        do()
        sample = self.settle(page, ready)
        return self.keep(action, sample) if action else sample

    def load(self, action: str | None, page, url: str, ready: str) -> dict:
        """A first load: from the navigation's start (the document's time origin) to settled."""
        self.current = action or f"opening {url}"
        page.goto(url, wait_until="commit")
        sample = self.settle(page, ready, t0="performance.timeOrigin")
        return self.keep(action, sample) if action else sample


def js(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class Floor:
    """The floor's page, kept open: one click before each timed action of the app."""

    def __init__(self, browser, timer: Timer, url: str):
        self.browser, self.timer, self.url = browser, timer, url
        self.context = new_context(browser)
        self.page = self.context.new_page()
        self.clicks = 0
        timer.load(None, self.page, url, "window.__bench.heading('Floor')")

    def click(self) -> None:
        self.clicks += 1
        button = self.page.get_by_role("button", name="Click")
        self.timer.act("floor: click", self.page, button.click, f"window.__bench.text('Clicked {self.clicks} times')")

    def first_load(self) -> None:
        context = new_context(self.browser)
        try:
            ready = "window.__bench.heading('Floor') && !!document.querySelector('[data-testid=stButton] button')"
            self.timer.load("floor: first load", context.new_page(), self.url, ready)
        finally:
            context.close()


def new_context(browser, cookie: tuple[str, str] | None = None):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US", accept_downloads=True)
    context.add_init_script(PROBE)
    if cookie is not None:
        url, value = cookie
        signed = {"name": sessions.COOKIE, "value": value, "url": url, "httpOnly": True, "sameSite": "Lax"}
        context.add_cookies([signed])
    return context


def heading(text: str) -> str:
    return f"window.__bench.heading({js(text)})"
