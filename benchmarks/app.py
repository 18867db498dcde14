"""Time the server side of the app's common interactions on the demo and on a 1,000-respondent assessment.

Each interaction is a script run of the real app (Streamlit's AppTest runs `workbench.py` in this process, as the
server does for a browser session), signed in as `benchmarks/load.py` signs in (a real account and session; AppTest
sends no cookie, so the one function that reads the browser's cookie returns that session's, as tests/app does):
the first load (a new session's first run), Results cold (after an answer stored since: the answers read and scored
again) and warm, a page switch (Results → Gaps and roadmap), a change of target, an answer and a comment on the
Interview page (each a run of the item's card and the progress bars alone). The same interactions as
`benchmarks/browser.py` times in a browser: this is where their server time goes.

    .venv/bin/python benchmarks/app.py                # --repeat N (default 21), --respondents N (default 1000)
    .venv/bin/python benchmarks/app.py --quick        # 3 runs each, the demo only (about a minute on a busy machine)
    .venv/bin/python benchmarks/app.py --profile      # cProfile of the analysis behind Results cold, to stderr

Prints a Markdown table (median and p90 per interaction); exits non-zero if a run fails or saves a wrong value.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))

from large_case import large_assessment  # noqa: E402

from assessment.accounts import sessions, users  # noqa: E402
from assessment.analysis.analyse import analyse_assessment  # noqa: E402
from assessment.questionnaire import load_questionnaire  # noqa: E402
from assessment.workspace.core import Workspace  # noqa: E402
from assessment.workspace.demo import load_demo  # noqa: E402
from assessment.workspace.queries import answers_of  # noqa: E402
from assessment.workspace.recording import record_answer  # noqa: E402

INTERACTIONS = (
    "first load",
    "open Results (cold)",
    "open Results (warm)",
    "switch page",
    "change a target",
    "record an answer",
    "type a comment",
)


def demo_database() -> tuple[str, int, str]:
    """A fresh SQLite file with the demo; returns its URL, the assessment id and a respondent to interview."""
    path = OUT / "app-demo.db"
    for stale in OUT.glob("app-demo.db*"):
        stale.unlink()
    workspace = Workspace(f"sqlite:///{path}")
    assessment = load_demo(workspace)
    workspace.dispose()
    return f"sqlite:///{path}", assessment, "张伟"


def large_database(respondents: int) -> tuple[str, int, str]:
    """A fresh SQLite file with one assessment of `respondents` survey respondents answering every scored item."""
    path = OUT / f"app-{respondents}.db"
    for stale in OUT.glob(f"app-{respondents}.db*"):
        stale.unlink()
    url = f"sqlite:///{path}"
    workspace = Workspace(url)
    assessment, respondent = large_assessment(workspace, respondents)
    workspace.dispose()
    return url, assessment, respondent


def sign_in(url: str) -> str:
    """An administrator of its own with a session in the database at `url`: the session's cookie."""
    os.environ.setdefault(sessions.SECRET_VARIABLE, secrets.token_urlsafe(32))
    workspace = Workspace(url)
    try:
        user, _ = users.add_user(
            workspace, f"bench.{secrets.token_hex(4)}", actor="benchmark", system_role="admin",
            password=secrets.token_urlsafe(24),
        )  # fmt: skip
        return sessions.start(workspace, user, "127.0.0.1")
    finally:
        workspace.dispose()


def profiled(run: Callable[[], object]) -> None:
    """cProfile of `run` to stderr: the analysis a cold Results run makes (AppTest runs the page in a thread of its
    own, which a profiler started here would not see)."""
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(60)
    print(text.getvalue(), file=sys.stderr)


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def checked(app):
    """The AppTest, after making sure its run raised nothing and showed no error."""
    if app.exception:
        raise RuntimeError(f"the run failed: {app.exception}")
    if [error.value for error in app.error]:
        raise RuntimeError(f"the page shows an error: {[error.value for error in app.error]}")
    return app


class Session:
    """One browser session of the app, driven through AppTest."""

    def __init__(self, assessment: int):
        from streamlit.testing.v1 import AppTest

        self.app = AppTest.from_file(str(ROOT / "workbench.py"), default_timeout=600)
        self.app.session_state["app_lang"] = "en"
        self.app.session_state["app_assessment"] = assessment

    def run(self):
        return checked(self.app.run())

    def switch(self, page: str):
        return checked(self.app.switch_page(f"app_pages/{page}.py").run())


def measure(url: str, assessment: int, respondent: str, repeat: int, profile: bool = False) -> dict[str, list[float]]:
    """Milliseconds per script run of each interaction."""
    from app_pages import common

    os.environ["MATURITYMAP_DATABASE_URL"] = url
    cookie = sign_in(url)
    common.session_cookie = lambda: cookie  # AppTest sends no cookie: this session's, as a browser would
    figures: dict[str, list[float]] = {name: [] for name in INTERACTIONS}
    workspace = Workspace(url)
    try:
        warm = Session(assessment)  # imports, the questionnaire parsed, the first analysis: not what a user waits for
        warm.run()
        warm.switch("results")

        for _ in range(repeat):
            figures["first load"].append(timed(Session(assessment).run))

        browsing = Session(assessment)
        browsing.run()
        interview = Session(assessment)
        interview.app.query_params["r"] = respondent
        interview.run()
        interview.switch("interview")
        radios = [r.key for r in interview.app.radio if r.key and r.key.startswith("interview_answer::")][:3]
        for n in range(repeat):
            item = radios[n % len(radios)].rsplit("::", 1)[1]
            stored = answers_of(workspace, assessment, respondent).get(item, {}).get("answer")
            other = next(answer for answer in "01234" if answer != stored)
            record_answer(workspace, assessment, respondent, item, other, actor="benchmark")  # since: Results cold
            if profile:
                profiled(lambda: analyse_assessment(workspace, assessment))
                return figures
            figures["open Results (cold)"].append(timed(lambda: browsing.switch("results")))
            figures["switch page"].append(timed(lambda: browsing.switch("roadmap")))
            figures["open Results (warm)"].append(timed(lambda: browsing.switch("results")))

        browsing.switch("roadmap")
        for n in range(repeat):
            slider = browsing.app.select_slider(key="roadmap_target_problem")
            target = 3 + n % 2
            figures["change a target"].append(timed(lambda slider=slider, t=target: checked(slider.set_value(t).run())))

        for n in range(repeat):
            interview.run()  # the whole page again (AppTest keeps the elements of the last run only)
            key = radios[n % len(radios)]
            item = key.rsplit("::", 1)[1]
            radio = interview.app.radio(key=key)
            shown = {answers_of(workspace, assessment, respondent).get(item, {}).get("answer"), radio.value}
            choice = next(answer for answer in "01234" if answer not in shown)  # another answer than now
            figures["record an answer"].append(timed(lambda radio=radio, c=choice: checked(radio.set_value(c).run())))
            if answers_of(workspace, assessment, respondent)[item]["answer"] != choice:
                raise RuntimeError(f"the answer to {item} was not saved")
            words = f"benchmark comment {n} {secrets.token_hex(3)}"
            box = interview.app.text_area(key=key.replace("interview_answer::", "interview_comment::"))
            figures["type a comment"].append(timed(lambda box=box, words=words: checked(box.input(words).run())))
            if answers_of(workspace, assessment, respondent)[item]["comment"] != words:
                raise RuntimeError(f"the comment on {item} was not saved")
    finally:
        workspace.dispose()
    return figures


def quantiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def table(results: dict[str, dict[str, list[float]]]) -> str:
    lines = ["| case | interaction | median ms | p90 ms | runs |", "|---|---|---|---|---|"]
    for case, figures in results.items():
        for interaction, times in figures.items():
            median, p90 = quantiles(times)
            lines.append(f"| {case} | {interaction} | {median:.0f} | {p90:.0f} | {len(times)} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21, help="runs per interaction (default 21)")
    parser.add_argument("--respondents", type=int, default=1000, help="size of the large assessment (default 1000)")
    parser.add_argument("--quick", action="store_true", help="3 runs each, the demo only")
    parser.add_argument("--profile", action="store_true", help="cProfile of the analysis behind Results cold (large)")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 3
    OUT.mkdir(parents=True, exist_ok=True)
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    items = sum(1 for process, item in questionnaire.all_items() if item.is_scored and not process.optional)
    results = {}
    try:
        if not args.profile:
            results["demo (20 respondents)"] = measure(*demo_database(), args.repeat)
        if not args.quick:
            large = large_database(args.respondents)
            results[f"{args.respondents} respondents × {items} items"] = measure(*large, args.repeat, args.profile)
    except Exception as error:  # a failed run or a wrong save: said, and the exit status says so
        print(f"FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if args.profile:
        return 0
    print(table(results))
    print(f"\nload average after: {' / '.join(f'{load:.1f}' for load in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
