"""Load: N browser sessions answering on the Interview page at once, on one app server (or replicas behind nginx).

    .venv/bin/python benchmarks/load.py                          # N = 5, 20, 50 sessions, one replica, direct
    .venv/bin/python benchmarks/load.py --replicas 2             # two replicas behind nginx (deploy/)
    .venv/bin/python benchmarks/load.py --sessions 5 --answers 20 --database postgresql+psycopg://…

Starts a throwaway PostgreSQL cluster, the replicas and nginx as deploy/two_replicas.py does (unless
--database names a PostgreSQL database to use). For each N: a fresh assessment on the bundled questionnaire
with N respondents; N browser contexts in one chromium (Playwright, Debian's /usr/bin/chromium) open the
Interview page, one respondent each (signed in: each browser carries the session cookie of an administrator made
for the run; through nginx, over its HTTPS), and wait for each other; then each gives --answers answers, one after
the other, as a consultant does: click an answer, wait until it is saved and the page has settled, next item.

"Saved" is seen in the database: a poller reads the assessment's answers every --poll ms and notes when each
given answer first appears with its value. Reported per N: answers per second over the answering phase,
p50/p95/max of "answer clicked -> committed" (from just before the click to the start of the first query
that sees it: at most one poll late), errors (a timeout, an exception shown by the app, a failed click), and
afterwards the check that every given answer is stored with the value given. Run by hand; never in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from assessment.accounts import sessions, users  # noqa: E402
from assessment.questionnaire import load_questionnaire  # noqa: E402
from assessment.questionnaire.model import UNSCORED_ANSWERS, Questionnaire  # noqa: E402
from assessment.workspace.assessments import add_respondent, create_assessment  # noqa: E402
from assessment.workspace.core import Workspace  # noqa: E402
from deploy.two_replicas import CHROMIUM, CHROMIUM_FLAGS, deployment  # noqa: E402

STATUS = '[data-testid="stStatusWidget"]'
TRUSTING = {"ignore_https_errors": True}  # nginx's certificate is the self-signed one deploy/two_replicas.py made


def sign_in(database_url: str) -> str:
    """An administrator of its own, signed in: the session cookie every browser of the benchmark carries (the same
    session for all: a consultant's tabs share theirs too)."""
    workspace = Workspace(database_url)
    try:
        name = f"load.{secrets.token_hex(4)}"
        user, _ = users.add_user(
            workspace, name, actor="benchmark", system_role="admin", password=secrets.token_urlsafe(24)
        )
        return sessions.start(workspace, user, "127.0.0.1")
    finally:
        workspace.dispose()


def signed_in(url: str, cookie: str) -> dict:
    return {"name": sessions.COOKIE, "value": cookie, "url": url, "httpOnly": True, "sameSite": "Lax"}


@dataclass
class Run:
    """One N: what was given, when it was seen saved, and what went wrong."""

    assessment: int
    given: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict)  # (person, item) -> value, t
    saved: dict[tuple[str, str], float] = field(default_factory=dict)
    waiting: dict[tuple[str, str], asyncio.Future] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    opened: list[float] = field(default_factory=list)  # seconds to open the interview page, per session


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far (their threads included)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def options_of(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """The answers of each scored item in the order the page lists them ("" first: no answer)."""
    scales = questionnaire.all_scales()
    return {
        item.id: ["", *(option.key for option in scales[item.scale_id]), *UNSCORED_ANSWERS]
        for _, item in questionnaire.all_items()
        if item.is_scored
    }


async def poll_saved(database_url: str, run: Run, every: float, stop: asyncio.Event) -> None:
    """Note the moment each given answer is first seen committed with its value."""
    engine = create_engine(database_url)
    query = text(
        "SELECT r.name, a.item_id, a.answer FROM answers a JOIN respondents r ON r.id = a.respondent_id"
        " WHERE a.assessment_id = :id"
    )

    def read() -> list:
        with engine.connect() as connection:
            return connection.execute(query, {"id": run.assessment}).all()

    try:
        while not stop.is_set():
            started = time.monotonic()
            for name, item, answer in await asyncio.to_thread(read):
                key = (name, item)
                if key in run.given and key not in run.saved and run.given[key][0] == answer:
                    run.saved[key] = started
                    future = run.waiting.get(key)
                    if future is not None and not future.done():
                        future.set_result(started)
            await asyncio.sleep(max(0.0, every - (time.monotonic() - started)))
    finally:
        engine.dispose()


def first_line(error: BaseException) -> str:
    """An error's type and the first line of its message (a timeout has none)."""
    lines = str(error).splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


async def settle(page, timeout: float) -> None:
    """Until Streamlit has finished running the script (its status widget is gone)."""
    await page.wait_for_timeout(200)
    await page.locator(STATUS).first.wait_for(state="detached", timeout=timeout * 1000)


async def session(
    browser, url: str, run: Run, person: str, index: int, options: dict[str, list[str]], expected: int, args, ready
) -> None:
    """One consultant: open the interview of `person`, wait for everyone, then answer `args.answers` items."""
    context = await browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US", **TRUSTING)
    await context.add_cookies([signed_in(url, args.cookie)])
    page = await context.new_page()
    page.set_default_timeout(args.timeout * 1000)
    try:
        started = time.monotonic()
        await page.goto(f"{url}/interview?lang=en&a={run.assessment}&r={quote(person)}")
        main = page.get_by_test_id("stMain")
        await main.get_by_role("heading", name="Interview").wait_for()
        groups = main.get_by_role("radiogroup")
        await groups.nth(expected - 1).wait_for()  # the page arrives piece by piece: wait for the last item
        await settle(page, args.timeout)
        run.opened.append(time.monotonic() - started)
        shown = [t for t in await main.locator("strong").all_inner_texts() if t in options]
        if await groups.count() != len(shown) or len(shown) != expected:
            raise RuntimeError(f"{len(shown)} items and {await groups.count()} answer groups on the page")
    except Exception as error:
        run.errors.append(f"{person}: opening: {first_line(error)}")
        ready.release()
        await context.close()
        return
    ready.release()
    await ready.wait_all()
    loop = asyncio.get_running_loop()
    try:
        for position, item in enumerate(shown[: args.answers]):
            choices = options[item]
            choice = 1 + (index * 7 + position * 3) % (len(choices) - 1)  # never "no answer"; varied
            key = (person, item)
            future = run.waiting[key] = loop.create_future()
            clicked = time.monotonic()
            try:
                await groups.nth(position).locator("label").nth(choice).click()
            except Exception as error:  # the answer was never given: an error, not a lost answer
                run.waiting.pop(key, None)
                raise RuntimeError(f"could not click an answer to {item}: {first_line(error)}") from error
            run.given[key] = (choices[choice], clicked)  # given: it must be stored, however late
            await asyncio.wait_for(future, args.timeout)
            await settle(page, args.timeout)
            if await page.get_by_test_id("stException").count():
                run.errors.append(f"{person}: the app shows an exception after {item}")
            if args.think:
                await asyncio.sleep(args.think / 1000)
    except Exception as error:
        run.errors.append(f"{person}: answering: {first_line(error)}")
    finally:
        await context.close()


class Barrier:
    """Every session waits until all have opened their page (or failed to), so that they answer at once."""

    def __init__(self, count: int):
        self.left = count
        self.event = asyncio.Event()

    def release(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.event.set()

    async def wait_all(self) -> None:
        await self.event.wait()


def check_stored(database_url: str, run: Run) -> tuple[int, int]:
    """(lost, wrong): given answers missing from the database, and stored with another value."""
    engine = create_engine(database_url)
    query = text(
        "SELECT r.name, a.item_id, a.answer FROM answers a JOIN respondents r ON r.id = a.respondent_id"
        " WHERE a.assessment_id = :id"
    )
    with engine.connect() as connection:
        stored = {(name, item): answer for name, item, answer in connection.execute(query, {"id": run.assessment})}
    engine.dispose()
    lost = sum(1 for key in run.given if key not in stored)
    wrong = sum(1 for key, (value, _) in run.given.items() if key in stored and stored[key] != value)
    return lost, wrong


async def measure(
    url: str, database_url: str, questionnaire: Questionnaire, sessions: int, args, servers: list[int]
) -> dict:
    workspace = Workspace(database_url)
    assessment = create_assessment(
        workspace, client=f"Load {time.time():.0f}", name=f"{sessions} sessions", questionnaire=questionnaire
    )
    people = [f"Consultant {index + 1:02d}" for index in range(sessions)]
    for person in people:
        add_respondent(workspace, assessment, person, method="interview")
    workspace.dispose()
    run = Run(assessment)
    options = options_of(questionnaire)
    first = questionnaire.processes[0]  # the page opens on the first process of the scope, every item shown
    expected = sum(1 for item in first.items if item.is_scored)
    if expected < args.answers:
        raise SystemExit(f"--answers: the page shows {expected} items")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        stop = asyncio.Event()
        poller = asyncio.create_task(poll_saved(database_url, run, args.poll / 1000, stop))
        ready = Barrier(sessions)
        opened_at = time.monotonic()
        tasks = [
            asyncio.create_task(session(browser, url, run, person, index, options, expected, args, ready))
            for index, person in enumerate(people)
        ]
        await ready.wait_all()
        answering, cpu = time.monotonic(), cpu_seconds(servers)
        await asyncio.gather(*tasks)
        finished, cpu = time.monotonic(), cpu_seconds(servers) - cpu
        await asyncio.sleep(max(0.5, 3 * args.poll / 1000))  # a last look for answers saved at the very end
        stop.set()
        await poller
        await browser.close()
    lost, wrong = check_stored(database_url, run)
    latencies = sorted((run.saved[key] - given) * 1000 for key, (_, given) in run.given.items() if key in run.saved)
    quantile = statistics.quantiles(latencies, n=20, method="inclusive") if len(latencies) > 1 else latencies * 19
    return {
        "sessions": sessions,
        "opened": statistics.median(run.opened) if run.opened else float("nan"),
        "open_all": answering - opened_at,
        "answers": len(run.saved),
        "given": len(run.given),
        "seconds": finished - answering,
        "rate": len(run.saved) / (finished - answering),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": quantile[18] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "cpu": cpu / max(1, len(run.saved)) * 1000,  # the replicas' CPU per answer saved
        "errors": run.errors,
        "lost": lost,
        "wrong": wrong,
    }


async def warm_up(urls: list[str], assessment_url: str, cookie: str) -> None:
    """One page on each replica first, so that no session pays for the first imports."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for url in urls:
            context = await browser.new_context()
            await context.add_cookies([signed_in(url, cookie)])
            page = await context.new_page()
            await page.goto(f"{url}/{assessment_url}")
            await page.get_by_test_id("stMain").get_by_role("heading", name="Interview").wait_for(timeout=120_000)
            await context.close()
        await browser.close()


def table(results: list[dict], replicas: int, through: str) -> str:
    lines = [
        "| N | via | open (median / all) | answers | answers/s | p50 | p95 | max | app CPU | errors | lost | wrong |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['sessions']} | {through} | {r['opened']:.1f} / {r['open_all']:.1f} s | {r['answers']}/{r['given']} "
            f"| {r['rate']:.1f} | {r['p50']:.0f} ms | {r['p95']:.0f} ms | {r['max']:.0f} ms | {r['cpu']:.0f} ms "
            f"| {len(r['errors'])} "
            f"| {r['lost']} | {r['wrong']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="5,20,50", help="numbers of simultaneous sessions (default 5,20,50)")
    parser.add_argument("--answers", type=int, default=10, help="answers each session gives (default 10)")
    parser.add_argument("--replicas", type=int, default=1, help="app replicas; more than one: through nginx")
    parser.add_argument("--nginx", action="store_true", help="through nginx even with one replica")
    parser.add_argument("--database", help="a PostgreSQL URL (default: a throwaway cluster)")
    parser.add_argument("--poll", type=float, default=20, help="ms between two looks into the database (default 20)")
    parser.add_argument("--think", type=float, default=0, help="ms a consultant waits before the next answer")
    parser.add_argument("--timeout", type=float, default=180, help="seconds before a step counts as an error")
    parser.add_argument("--quick", action="store_true", help="2 sessions, 3 answers each: a check that it runs")
    args = parser.parse_args()
    if args.quick:
        args.sessions, args.answers = "2", 3
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # `kill` stops the servers too, as Ctrl-C does
    counts = [int(part) for part in args.sessions.split(",")]
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    through_nginx = args.nginx or args.replicas > 1
    with deployment(replicas=args.replicas, database_url=args.database, demo=True) as running:
        url = running.url if through_nginx else running.replica_urls[0]
        through = f"nginx, {args.replicas} replicas" if through_nginx else "direct, 1 replica"
        print(f"app: {url} ({through}); database: {running.database_url}", flush=True)
        warm = "interview?lang=en" + (f"&a={running.demo_id}" if running.demo_id else "")
        args.cookie = sign_in(running.database_url)
        asyncio.run(warm_up(running.replica_urls, warm, args.cookie))
        results = []
        for count in counts:
            servers = [process.pid for process in running.processes[: args.replicas]]
            result = asyncio.run(measure(url, running.database_url, questionnaire, count, args, servers))
            results.append(result)
            print(table([result], args.replicas, through), flush=True)
            load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
            print(f"  machine load average after it (1, 5, 15 min): {load}")
            for error in result["errors"][:10]:
                print(f"  error: {error}")
            if len(result["errors"]) > 10:
                print(f"  … and {len(result['errors']) - 10} more")
        print()
        print(table(results, args.replicas, through))
        with contextlib.suppress(OSError):
            for index in range(args.replicas):
                log = running.replica_log(index).read_text(encoding="utf-8", errors="replace")
                problems = [line for line in log.splitlines() if "Error" in line or "Traceback" in line]
                if problems:
                    print(f"replica {index + 1} log: {len(problems)} error lines, e.g. {problems[0][:200]}")
    failed = [r for r in results if r["errors"] or r["lost"] or r["wrong"] or r["answers"] < r["given"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
