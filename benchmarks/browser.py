"""Speed as the user feels it: from the input to the page settled, in a real browser, against Streamlit's own floor.

    .venv/bin/python benchmarks/browser.py                      # demo and 1,000 respondents, SQLite and PostgreSQL
    .venv/bin/python benchmarks/browser.py --quick              # the demo on SQLite, 2 rounds, no warm-up, no PDF
    .venv/bin/python benchmarks/browser.py --root /work/other   # serve app.py of another checkout

Playwright drives Debian's chromium against `streamlit run app.py` (as `make run` serves it, on a database of its
own) signed in as benchmarks/load.py does (a real account and `sessions.start`; the cookie in the browser). Each
action is timed from the input event (the pointer or key press, seen by a capturing listener; a navigation's start
for a first load) to the page settled: a script run started after the input and is over (Streamlit's
`data-test-script-state` on the app element) and what the user waits for is shown (browser_parts/probe.js).
A run that never starts is an error, never a zero. The floor, in the same run and the same browser: a one-button
Streamlit script (browser_parts/one_button.py), one click on it before each timed action, and a first load of
it before each first load of the app. Prints median and p90 per action and the ratio to the floor's matching
median; the raw samples go to benchmarks/out/browser-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))

from browser_parts.timing import FLOOR_SCRIPT, Floor, Server, Timer, heading, js, new_context  # noqa: E402
from large_case import large_assessment  # noqa: E402

from assessment.accounts import sessions, users  # noqa: E402
from assessment.questionnaire import load_questionnaire  # noqa: E402
from assessment.workspace.core import Workspace  # noqa: E402
from assessment.workspace.demo import load_demo  # noqa: E402
from assessment.workspace.recording import record_answer  # noqa: E402
from deploy.two_replicas import CHROMIUM, CHROMIUM_FLAGS, start_postgres  # noqa: E402

USER, PASSWORD = "bench.browser", "a password of the browser benchmark"
# the goals of issue 21: the ratio to the floor's matching action, at most
GOALS = {"first load": 3, "open Results (warm)": 3, "switch page": 3, "record an answer": 2, "type a comment": 2}
COLD_GOAL = ("open Results (cold)", "large", 5)  # at 1,000 respondents only
NAVIGATIONS = ("first load", "sign-in")  # compared with the floor's first load; everything else with its click
ORDER = ["first load", "sign-in", "open Results (cold)", "switch page", "open Results (warm)", "switch language"]
ORDER += ["generate the PDF", "change a target", "record an answer", "type a comment"]


# --- the data: a database per case, an account, a cookie -------------------------------------------------------------


@dataclass
class Case:
    """One assessment on one database, and what the benchmark needs to act on it."""

    name: str  # demo | large
    database: str  # sqlite | postgresql
    url: str
    assessment: int
    respondent: str  # the one interviewed
    cookie: str = ""
    item: str = ""  # an item of the respondent's, answered through the API to make the findings stale

    @property
    def label(self) -> str:
        return f"{self.name} · {self.database}"


def prepare(case: str, database: str, postgres, respondents: int) -> Case:
    """A new database holding the case's assessment, the benchmark's administrator and a signed-in session."""
    if database == "sqlite":
        url = f"sqlite:///{OUT / f'browser-{case}-{os.getpid()}.db'}"  # runs side by side keep apart
    else:
        url = postgres.create_database(f"browser_{case}_{secrets.token_hex(3)}")
    workspace = Workspace(url)
    try:
        if case == "demo":
            assessment, respondent = load_demo(workspace), "张伟"
        else:
            assessment, respondent = large_assessment(workspace, respondents)
        user, _ = users.add_user(workspace, USER, actor="benchmark", system_role="admin", password=PASSWORD)
        made = Case(case, database, url, assessment, respondent, sessions.start(workspace, user, "127.0.0.1"))
        questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
        made.item = next(item.id for _, item in questionnaire.all_items() if item.is_scored)
        return made
    finally:
        workspace.dispose()


# --- the app's actions ------------------------------------------------------------------------------------------------

MAIN = "document.querySelector('[data-testid=stMain]')"


class App:
    """One consultant's tab on the app, signed in, and the actions timed on it (each after a floor click)."""

    def __init__(self, browser, timer: Timer, floor: Floor, server: Server, case: Case):
        self.browser, self.timer, self.floor, self.server, self.case = browser, timer, floor, server, case
        self.context = new_context(browser, (server.url, case.cookie))
        self.page = self.context.new_page()
        self.page.set_default_timeout(timer.timeout * 1000)
        self.rounds = 0

    def address(self, path: str, extra: str = "") -> str:
        return f"{self.server.url}/{path}?lang=en&a={self.case.assessment}{extra}"

    def open(self, path: str, title: str, extra: str = "") -> None:
        """Go to a page by its address (a new session of the tab), untimed."""
        self.timer.load(None, self.page, self.address(path, extra), heading(title))

    def nav(self, action: str | None, link: str, title: str) -> None:
        """Click the page's link in the sidebar: Streamlit switches pages in the same session."""
        target = self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True)
        if action:
            self.floor.click()
        self.timer.act(action, self.page, target.click, heading(title))

    def first_load(self) -> None:
        self.floor.first_load()
        context = new_context(self.browser, (self.server.url, self.case.cookie))
        try:
            ready = f"{heading('Assessments')} && !!document.querySelector('[data-testid=stSidebarNav]')"
            self.timer.load("first load", context.new_page(), self.address(""), ready)
        finally:
            context.close()

    def sign_in(self) -> None:
        """Through the sign-in form with a user name and a password, to the first page usable."""
        self.floor.first_load()  # the matching floor: a page load too
        context = new_context(self.browser)
        try:
            tab = context.new_page()
            tab.set_default_timeout(self.timer.timeout * 1000)
            wanted = quote(f"/?lang=en&a={self.case.assessment}", safe="")
            tab.goto(f"{self.server.url}/signin?lang=en&next={wanted}")
            tab.get_by_label("User name").fill(USER)
            tab.get_by_label("Password").fill(PASSWORD)
            tab.evaluate("() => window.__bench.arm()")
            tab.get_by_role("button", name="Sign in").click()
            tab.wait_for_url(lambda url: "/signin" not in url)
            self.timer.current = "sign-in"
            self.timer.keep("sign-in", self.timer.settle(tab, heading("Assessments")))
        finally:
            context.close()

    def results(self) -> None:
        """Results cold (an answer stored through the API since), a page switch, Results warm, the language."""
        workspace = Workspace(self.case.url)
        try:
            record_answer(workspace, self.case.assessment, self.case.respondent, self.case.item, str(self.rounds % 5))
        finally:
            workspace.dispose()
        self.nav("open Results (cold)", "Results", "Results")
        self.nav("switch page", "Gaps and roadmap", "Gaps and roadmap")
        self.nav("open Results (warm)", "Results", "Results")
        languages = self.page.get_by_test_id("stSidebar").get_by_role("radiogroup")
        for name, title in (("中文", "评估结果"), ("English", "Results")):
            self.floor.click()
            self.timer.act("switch language", self.page, languages.get_by_text(name, exact=True).click, heading(title))
        self.nav("switch page", "Gaps and roadmap", "Gaps and roadmap")  # where the target is changed

    def report(self) -> None:
        self.open("report", "Report")
        button = self.page.get_by_role("button", name="Generate the report")
        ready = (
            "[...document.querySelectorAll('[data-testid=stDownloadButton]')]"
            ".some((b) => b.textContent.includes('Report (PDF)') && window.__bench.fresh(b))"
        )
        self.floor.click()
        self.timer.act("generate the PDF", self.page, button.click, ready)

    def target(self) -> None:
        """Move the first process's target one step with the keyboard, on the Gaps and roadmap page."""
        slider = "[class*='st-key-roadmap_target_'] input[type=range]"
        thumb = self.page.locator(slider).first
        now, top = int(thumb.input_value()), int(thumb.get_attribute("max"))
        key, wanted = ("ArrowRight", now + 1) if now < top else ("ArrowLeft", now - 1)
        thumb.focus()
        ready = (
            f"(() => {{ const t = document.querySelector({js(slider)});"
            f" return window.__bench.fresh(t.parentElement) && Number(t.value) === {wanted}; }})()"
        )
        self.floor.click()
        self.timer.act("change a target", self.page, lambda: thumb.press(key), ready)

    def interview(self) -> None:
        """Click another answer of an item, then type a comment and leave the box (Tab)."""
        self.open("interview", "Interview", "&r=" + quote(self.case.respondent))
        index = self.rounds % 3
        group = f"{MAIN}.querySelectorAll('[role=radiogroup]')[{index}]"
        checked = self.page.evaluate(
            f"() => [...{group}.querySelectorAll('input[type=radio]')].findIndex((i) => i.checked)"
        )
        choice = 1 + checked % 5 if 1 <= checked <= 5 else 1  # one of the scale's five answers, another than now
        label = self.page.get_by_test_id("stMain").get_by_role("radiogroup").nth(index).locator("label").nth(choice)
        ready = f"{group}.querySelectorAll('input[type=radio]')[{choice}].checked && window.__bench.fresh({group})"
        self.floor.click()
        self.timer.act("record an answer", self.page, label.click, ready)

        box = self.page.get_by_test_id("stMain").get_by_label("Comment", exact=True).nth(index)
        words = f"benchmark comment {self.rounds} {secrets.token_hex(3)}"
        box.fill(words)
        ready = (
            f"[...{MAIN}.querySelectorAll('textarea')].some((t) => t.value === {js(words)} && window.__bench.fresh(t))"
        )
        self.floor.click()
        self.timer.act("type a comment", self.page, lambda: box.press("Tab"), ready)

    def round(self, pdf: bool) -> None:
        """Every action once (each after a floor click); the PDF when `pdf`. Ends on the Interview page."""
        self.first_load()
        self.sign_in()
        if self.rounds == 0:
            self.open("interview", "Interview", "&r=" + quote(self.case.respondent))
        self.results()
        self.target()
        if pdf:
            self.report()
        self.interview()
        self.rounds += 1


# --- the report -------------------------------------------------------------------------------------------------------


def quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def rows(label: str, samples: dict[str, list[dict]]) -> list[str]:
    """The table's lines of one case: each action with its floor, the ratio and where the time went."""
    floors = {kind: quantiles([s["ms"] for s in samples.get(f"floor: {kind}", [])]) for kind in ("click", "first load")}
    lines = []
    for action in ORDER:
        taken = samples.get(action)
        if not taken:
            continue
        median, p90 = quantiles([s["ms"] for s in taken])
        kind = "first load" if action in NAVIGATIONS else "click"
        floor = floors[kind][0]
        ratio = median / floor
        goal = GOALS.get(action)
        if action == COLD_GOAL[0] and label.startswith(COLD_GOAL[1]):
            goal = COLD_GOAL[2]
        verdict = "" if goal is None else f"≤ {goal}× {'met' if ratio <= goal else '**not met**'}"
        server = statistics.median(s["finished"] - s["sent"] for s in taken)
        script = statistics.median(s.get("script", 0) for s in taken)
        lines.append(
            f"| {label} | {action} | {len(taken)} | {median:.0f} | {p90:.0f} | {floor:.0f} ({kind}) | {ratio:.1f}× "
            f"| {verdict} | {server:.0f} | {f'{script:.0f}' if script else '–'} "
            f"| {statistics.median(s['ms'] - s['finished'] for s in taken):.0f} "
            f"| {statistics.median(s['bytes'] for s in taken) / 1024:.0f} "
            f"| {statistics.median(s['elements'] for s in taken):.0f} |"
        )
    return lines


HEADER = [
    "| case | action | n | median ms | p90 ms | floor median ms | ratio | goal | server ms | script ms "
    "| browser after ms | received KB | elements |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
]


def floor_rows(label: str, samples: dict[str, list[dict]]) -> list[str]:
    lines = []
    for kind in ("first load", "click"):
        taken = samples.get(f"floor: {kind}", [])
        if taken:
            median, p90 = quantiles([s["ms"] for s in taken])
            server = statistics.median(s["finished"] - s["sent"] for s in taken)
            script = statistics.median(s.get("script", 0) for s in taken)
            after = statistics.median(s["ms"] - s["finished"] for s in taken)
            lines.append(
                f"| {label} | floor: {kind} | {len(taken)} | {median:.0f} | {p90:.0f} | | | | {server:.0f} "
                f"| {f'{script:.0f}' if script else '–'} | {after:.0f} | | |"
            )
    return lines


# --- the run ----------------------------------------------------------------------------------------------------------


def measure(browser, floor_url: str, case: Case, args, log: Path) -> dict[str, list[dict]]:
    """Start the app on the case's database, warm it up with one untimed round, then time `args.repeat` rounds."""
    env = {"MATURITYMAP_DATABASE_URL": case.url, sessions.SECRET_VARIABLE: os.environ[sessions.SECRET_VARIABLE]}
    server = Server(args.root, args.root / "app.py", log, env, args.options).start()
    timer = Timer(args.timeout)
    try:
        floor = Floor(browser, timer, floor_url)
        app = App(browser, timer, floor, server, case)
        if not args.quick:  # imports, caches and the chart browser of the server's first use: not what is timed
            started = time.monotonic()
            app.round(pdf=True)
            print(f"  warm-up round: {time.monotonic() - started:.0f} s", flush=True)
            timer.samples.clear()
        for repetition in range(args.repeat):
            started = time.monotonic()
            app.round(pdf=args.pdf_every > 0 and repetition % args.pdf_every == 0)
            print(f"  round {repetition + 1}/{args.repeat}: {time.monotonic() - started:.0f} s", flush=True)
        app.context.close()
        floor.context.close()
    finally:
        server.stop()
        if case.database == "sqlite":
            for used in OUT.glob(f"{case.url.rsplit('/', 1)[1]}*"):
                used.unlink()
    problems = [line for line in log.read_text(errors="replace").splitlines() if "Traceback" in line]
    if problems:
        raise RuntimeError(f"the app logged {len(problems)} tracebacks: see {log}")
    return timer.samples


def commit_of(root: Path) -> str:
    found = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True)
    return found.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds, no warm-up, no PDF, the demo on SQLite")
    parser.add_argument("--repeat", type=int, default=15, help="timed rounds per case (default 15)")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--cases", default="demo,large", help="demo, large or both (default demo,large)")
    parser.add_argument("--pdf-every", type=int, default=1, help="the PDF every Nth round (default 1; 0: never)")
    parser.add_argument("--respondents", type=int, default=1000, help="size of the large case (default 1000)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app.py is served (default this)")
    parser.add_argument(
        "--script-times", action="store_true", help="serve with browser.gatherUsageStats to read each run's exec_time"
    )
    parser.add_argument("--timeout", type=float, default=180, help="seconds before an action counts as failed")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # `kill` stops the servers and PostgreSQL too
    if args.quick:
        # no PDF: a first one takes 40-90 s on a busy machine (report.py times it); the rest as always
        args.repeat, args.pdf_every, args.database, args.cases = 2, 0, "sqlite", "demo"
    args.root = args.root.resolve()
    cases = [name.strip() for name in args.cases.split(",") if name.strip()]
    if not set(cases) <= {"demo", "large"}:
        parser.error("--cases: demo and/or large")
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ[sessions.SECRET_VARIABLE] = secrets.token_urlsafe(32)  # the cookies' key, this run's own
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{args.database}"
    postgres = start_postgres(prefix="maturitymap-browser-") if "postgresql" in databases else None
    # --script-times: Streamlit then sends each run's page profile (its exec_time) to the browser
    args.options = ["--browser.gatherUsageStats", "true"] if args.script_times else []
    floor = Server(ROOT, FLOOR_SCRIPT, OUT / f"browser-{stamp}-floor.log", options=args.options).start()
    results: dict[str, dict[str, list[dict]]] = {}
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for name in cases:
                for database in databases:
                    started = time.monotonic()
                    case = prepare(name, database, postgres, args.respondents)
                    print(f"{case.label}: data ready in {time.monotonic() - started:.0f} s", flush=True)
                    log = OUT / f"browser-{stamp}-{name}-{database}.log"
                    results[case.label] = measure(browser, floor.url, case, args, log)
                    print("\n".join(HEADER + rows(case.label, results[case.label])), flush=True)
                    (OUT / f"browser-{stamp}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
            browser.close()
    finally:
        floor.stop()
        if postgres is not None:
            postgres.stop()
    (OUT / f"browser-{stamp}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; app.py of {args.root} at {commit_of(args.root)};")
    print(f"{os.cpu_count()} cores, load average {load} (1, 5, 15 min); {args.repeat} rounds per case\n")
    print("\n".join(HEADER))
    for label, samples in results.items():
        print("\n".join(rows(label, samples)))
    for label, samples in results.items():
        print("\n".join(floor_rows(label, samples)))


if __name__ == "__main__":
    main()
