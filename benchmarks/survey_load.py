"""Survey load: N respondents answering on their phones at once, through the respondent's pages over real HTTP.

    .venv/bin/python benchmarks/survey_load.py                      # N = 200, 500; direct, then nginx + 2 replicas
    .venv/bin/python benchmarks/survey_load.py --sessions 50 --answers 5 --modes direct

Starts a throwaway PostgreSQL cluster, the app (`streamlit run app.py`) and, for `nginx`, two replicas behind nginx
over HTTPS, as deploy/two_replicas.py does. For each N: a campaign on the demo assessment with N invitees (the
questionnaire's roles and the demo's units in turn), each with a personal link. N simulated respondents (httpx's
async client, one connection each) start within 3 seconds of each other, open their link's first page, then answer
--answers items, one every 2-4 seconds (a `POST /s/TOKEN/answer`, as the page's script sends it), once all have
their page (as in a workshop where everyone opens the link, then the facilitator says "begin"). A request that
finds its kept-alive connection closed by the server (idle for 5 s) is sent once more on a new one, as a browser
does (counted as "resent").

The floor, in the same run: `GET /s/_/ping` on the same server (a bare Starlette endpoint behind the same
middleware: the cost of HTTP, uvicorn and the server's event loop alone), sent by each respondent on the same
connection just before each of its answers, so that it meets the same load at the same moment. Also reported: the
ratio to that endpoint on the idle server (50 requests one at a time), which no write to a database can approach.

Reported: answers per second, p50/p95/max latency of an answer (request to response), the floor's p95, their ratio,
errors (a status other than 200, a timeout), and lost answers: every answer acknowledged (`saved: true`) must be in
the database with the value sent. Goal: N = 200 with p95 ≤ 300 ms and ≤ 3× the floor, 0 lost; N = 500 without
errors or loss. Run by hand; never in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from assessment.campaigns import service  # noqa: E402
from assessment.campaigns.service import Invitee  # noqa: E402
from assessment.workspace.core import Workspace  # noqa: E402
from assessment.workspace.queries import answers_of, assessment_details, questionnaire_in_scope  # noqa: E402
from deploy.two_replicas import deployment  # noqa: E402

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
OFFERED = re.compile(r'<input type="radio" name="answer-([^"]+)" value="([^"]+)"')
# The first page of a role that shares practices across processes is a grid: a list to pick from per cell
PICKED = re.compile(r'<select id="answer-[^"]+" name="answer-([^"]+)"[^>]*>(.*?)</select>', re.DOTALL)
PICK = re.compile(r'<option value="([^"]+)"')


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)  # ms
    errors: list[str] = field(default_factory=list)
    acknowledged: dict[tuple[str, str], str] = field(default_factory=dict)  # (respondent, item) -> answer
    opened: list[float] = field(default_factory=list)  # seconds to get one's first page
    floor: list[float] = field(default_factory=list)  # ms of a bare request just before each answer
    resent: int = 0
    started: float = 0.0
    finished: float = 0.0


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1] if len(values) > 1 else values[0]


async def send(client: httpx.AsyncClient, run: Run, method: str, url: str, **options) -> httpx.Response:
    """A request as a browser sends it: once more, at once, when a kept-alive connection turns out closed (the
    server closes an idle one after 5 s; a browser then resends on a new connection). Counted in `run.resent`."""
    try:
        return await client.request(method, url, **options)
    except (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError):
        run.resent += 1
        return await client.request(method, url, **options)


async def respondent(url: str, link: str, person: str, args, run: Run, verify, opened: asyncio.Barrier) -> None:
    await asyncio.sleep(random.uniform(0, 3))
    limits = {"verify": verify, "timeout": args.timeout}
    async with httpx.AsyncClient(**limits) as client, httpx.AsyncClient(**limits) as prober:
        page = None
        try:
            begun = time.perf_counter()
            page = await send(client, run, "GET", f"{link}/1")
            run.opened.append(time.perf_counter() - begun)
            if page.status_code != 200:
                run.errors.append(f"page {page.status_code}")
        except httpx.HTTPError as error:
            run.errors.append(f"page: {type(error).__name__}: {error}"[:120])
        await opened.wait()  # everyone has their page (or failed to): the answering starts ("please begin")
        if page is None or page.status_code != 200:
            return
        try:
            token = CSRF.search(page.text).group(1)
            offered: dict[str, list[str]] = {}
            for item, answer in OFFERED.findall(page.text):
                offered.setdefault(item, []).append(answer)
            for item, options in PICKED.findall(page.text):
                offered.setdefault(item, []).extend(PICK.findall(options))
            for item in list(offered)[: args.answers]:
                await asyncio.sleep(random.uniform(2, 4))
                # the floor, at the same moment, on the same server, on a connection of its own (as a browser's
                # second connection: one request right after another on one connection meets TCP's delayed ACK)
                begun = time.perf_counter()
                ping = await send(prober, run, "GET", f"{url}/s/_/ping")
                run.floor.append((time.perf_counter() - begun) * 1000)
                if ping.status_code != 200:
                    run.errors.append(f"ping {ping.status_code}")
                answer = random.choice(offered[item])
                begun = time.perf_counter()
                data = {"csrf": token, "item": item, "answer": answer, "comment": ""}
                response = await send(client, run, "POST", f"{link}/answer", data=data)
                run.latencies.append((time.perf_counter() - begun) * 1000)
                if response.status_code == 200 and response.json().get("saved"):
                    run.acknowledged[(person, item)] = answer
                else:
                    run.errors.append(f"answer {response.status_code}")
        except (httpx.HTTPError, AttributeError) as error:
            run.errors.append(f"{type(error).__name__}: {error}"[:120])


async def measure(url: str, links: dict[str, str], args, verify) -> Run:
    """Everyone opens their first page (within 3 s of each other), waits for the others, then answers."""
    run = Run()
    opened = asyncio.Barrier(len(links) + 1)
    tasks = [
        asyncio.create_task(respondent(url, link, person, args, run, verify, opened)) for person, link in links.items()
    ]
    await opened.wait()
    run.started = time.perf_counter()
    await asyncio.gather(*tasks)
    run.finished = time.perf_counter()
    return run


async def idle_floor(url: str, args, verify) -> Run:
    """The bare endpoint on the idle server: 50 requests, one at a time, 0.2 s apart."""
    run = Run()
    async with httpx.AsyncClient(verify=verify, timeout=args.timeout) as client:
        for _ in range(50):
            await asyncio.sleep(0.2)
            begun = time.perf_counter()
            await send(client, run, "GET", f"{url}/s/_/ping")
            run.floor.append((time.perf_counter() - begun) * 1000)
    return run


def campaign_links(database_url: str, assessment: int, count: int, label: str, base: str) -> dict[str, str]:
    workspace = Workspace(database_url)
    try:
        questionnaire = questionnaire_in_scope(workspace, assessment)
        roles = [role.id for role in questionnaire.roles] or [""]
        units = list(assessment_details(workspace, assessment).units) or [""]
        name = f"{label} {count} {time.time():.0f}"
        campaign = service.create_campaign(workspace, assessment, name=name, actor="benchmark")
        people = [
            Invitee(f"{label}-{count}-{index:04d}", roles[index % len(roles)], units[index % len(units)])
            for index in range(count)
        ]
        service.invite(workspace, campaign, people, actor="benchmark")
        return {row.respondent: row.link for row in service.links_of(workspace, campaign, base)}
    finally:
        workspace.dispose()


def lost(database_url: str, assessment: int, run: Run) -> int:
    workspace = Workspace(database_url)
    try:
        stored: dict[str, dict] = {}
        missing = 0
        for (person, item), answer in run.acknowledged.items():
            if person not in stored:
                stored[person] = answers_of(workspace, assessment, person)
            missing += stored[person].get(item, {}).get("answer") != answer
        return missing
    finally:
        workspace.dispose()


def row(mode: str, count: int, answers: Run, idle: Run, missing: int) -> str:
    rate = len(answers.latencies) / (answers.finished - answers.started)
    p50, p95 = quantile(answers.latencies, 0.5), quantile(answers.latencies, 0.95)
    floor95, idle95 = quantile(answers.floor, 0.95), quantile(idle.floor, 0.95)
    opened = f"{statistics.median(answers.opened):.1f} / {max(answers.opened):.1f} s"
    return (
        f"| {mode} | {count} | {opened} | {len(answers.acknowledged)} | {rate:.1f} | {p50:.0f} ms | {p95:.0f} ms | "
        f"{max(answers.latencies):.0f} ms | {floor95:.0f} ms | **{p95 / floor95:.2f}** | {p95 / idle95:.1f} | "
        f"{len(answers.errors)} | {answers.resent} | {missing} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="200,500", help="numbers of respondents at once (default 200,500)")
    parser.add_argument("--answers", type=int, default=8, help="answers each respondent gives (default 8)")
    parser.add_argument("--modes", default="direct,nginx", help="direct (1 replica) and/or nginx (2 replicas)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a request counts as an error")
    parser.add_argument("--quick", action="store_true", help="10 respondents, 3 answers, one replica: a check")
    args = parser.parse_args()
    if args.quick:
        args.sessions, args.answers, args.modes = "10", 3, "direct"
    failed = 0
    counts = [int(part) for part in args.sessions.split(",")]
    header = (
        "| via | N | first page (median / all) | answers saved | answers/s | p50 | p95 | max | floor p95 | p95 ratio "
        "| ratio to the idle floor | errors | resent | lost |\n" + "|---" * 14 + "|"
    )
    lines = []
    for mode in args.modes.split(","):
        replicas = 2 if mode == "nginx" else 1
        with deployment(replicas=replicas, demo=True) as running:
            url = running.url if mode == "nginx" else running.replica_urls[0]
            verify = running.tls() if mode == "nginx" else True
            print(f"{mode}: {url}; database {running.database_url}", flush=True)
            for count in counts:
                idle = asyncio.run(idle_floor(url, args, verify))
                links = campaign_links(running.database_url, running.demo_id, count, mode, url)
                answers = asyncio.run(measure(url, links, args, verify))
                missing = lost(running.database_url, running.demo_id, answers)
                lines.append(row(f"{mode}, {replicas} replica{'s' * (replicas > 1)}", count, answers, idle, missing))
                failed += bool(missing or answers.errors or not answers.acknowledged)
                print(header + "\n" + lines[-1], flush=True)
                for error in sorted(set(answers.errors))[:5]:
                    print(f"  error: {error}")
                load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
                print(f"  machine load average (1, 5, 15 min): {load}", flush=True)
    print()
    print(header)
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
