"""Time the server side of the app's common interactions on the demo and on a 1,000-respondent assessment.

Each interaction is a script run of the real app (Streamlit's AppTest runs `workbench.py` in this process, as the
server does for a browser session): open the results page (cached analysis), change a target on the roadmap
page (saves, re-plans on cached findings, redraws), record an answer on the interview page (saves, redraws).
Prints median and p90 per interaction; the first run of each is reported apart (cold caches).
Run by hand; figures go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))

from assessment.questionnaire import load_questionnaire  # noqa: E402
from assessment.workspace.assessments import create_assessment  # noqa: E402
from assessment.workspace.core import Workspace  # noqa: E402
from assessment.workspace.demo import load_demo  # noqa: E402
from assessment.workspace.recording import import_responses  # noqa: E402


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
    """A SQLite file with one assessment of `respondents` survey respondents answering every scored item."""
    path = OUT / f"app-{respondents}.db"
    url = f"sqlite:///{path}"
    if path.exists():  # made by an earlier run: the data are the same for the same size
        return url, 1, "r0"
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    workspace = Workspace(url)
    assessment = create_assessment(
        workspace, client="Benchmark", name=f"{respondents} respondents", questionnaire=questionnaire, units=list("ABC")
    )
    rng = random.Random(2026)
    roles = [role.id for role in questionnaire.roles]
    items = [item.id for process, item in questionnaire.all_items() if item.is_scored and not process.optional]
    lines = ["respondent,role,unit,method,item,answer"]
    for person in range(respondents):
        role, unit = roles[person % len(roles)], "ABC"[person % 3]
        lines += [f"r{person},{role},{unit},survey,{item},{rng.choice('01234')}" for item in items]
    csv = OUT / f"app-{respondents}.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_responses(workspace, assessment, csv)
    csv.unlink()
    workspace.dispose()
    return url, assessment, "r0"


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def measure(url: str, assessment: int, respondent: str, repeat: int) -> dict[str, list[float]]:
    """Milliseconds per script run of each interaction (the first of each is the cold one)."""
    from streamlit.testing.v1 import AppTest

    os.environ["MATURITYMAP_DATABASE_URL"] = url

    def session(page: str) -> AppTest:
        app = AppTest.from_file(str(ROOT / "workbench.py"), default_timeout=300)
        app.session_state["app_lang"] = "zh"
        app.session_state["app_assessment"] = assessment
        app.run()
        if page != "assessments":
            app.switch_page(f"app_pages/{page}.py").run()
        assert not app.exception, app.exception
        return app

    figures: dict[str, list[float]] = {"open results": [], "change a target": [], "record an answer": []}

    app = session("assessments")
    for _ in range(repeat):
        figures["open results"].append(timed(lambda: app.switch_page("app_pages/results.py").run()))
        assert not app.exception, app.exception
        app.switch_page("app_pages/assessments.py").run()

    app = session("roadmap")
    for n in range(repeat):
        slider = app.select_slider(key="roadmap_target_problem")
        figures["change a target"].append(timed(lambda slider=slider, n=n: slider.set_value(3 + n % 2).run()))
        assert not app.exception, app.exception

    app = session("interview")
    app.selectbox(key="interview_respondent").set_value(respondent).run()
    radios = [radio for radio in app.radio if radio.key and radio.key.startswith("interview_answer::")]
    for n in range(repeat):
        radio = app.radio(key=radios[n % len(radios)].key)
        choice = str(n % 5)  # the bundled scale's keys are 0..4; each run changes the stored answer
        figures["record an answer"].append(timed(lambda radio=radio, choice=choice: radio.set_value(choice).run()))
        assert not app.exception, app.exception
    return figures


def report(name: str, figures: dict[str, list[float]]) -> None:
    print(f"\n{name}")
    print(f"{'interaction':<18} {'cold ms':>8} {'median ms':>10} {'p90 ms':>8} {'runs':>5}")
    for interaction, times in figures.items():
        warm = sorted(times[1:])
        p90 = warm[min(len(warm) - 1, int(len(warm) * 0.9))]
        print(f"{interaction:<18} {times[0]:>8.0f} {statistics.median(warm):>10.0f} {p90:>8.0f} {len(warm):>5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21, help="runs per interaction (default 21; the first is cold)")
    parser.add_argument("--respondents", type=int, default=1000, help="size of the large assessment (default 1000)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    items = sum(1 for process, item in questionnaire.all_items() if item.is_scored and not process.optional)
    report(f"demo (20 respondents, {items} items)", measure(*demo_database(), args.repeat))
    report(f"{args.respondents} respondents × {items} items", measure(*large_database(args.respondents), args.repeat))


if __name__ == "__main__":
    main()
