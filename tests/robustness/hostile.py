"""Shared tools of the hostile input suite: time-bounded fuzzing, a hard time guard, and what a good refusal is."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from assessment.messages import MESSAGES
from assessment.problems import InputError, Problem

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BAD = FIXTURES / "bad"

# Each example must finish within this; a slower one fails the test (hypothesis reports it). Examples take well
# under a second: the bound is wide because the machine is shared and must never make the suite flaky.
EXAMPLE_DEADLINE_MS = 10_000
# Past this an example is stopped: a hang fails the test instead of stalling the run.
HARD_LIMIT_S = 60

# `MATURITYMAP_FUZZ_EXAMPLES=2000 pytest tests/robustness` fuzzes longer by hand; the default keeps the
# whole suite well under two minutes. Examples found are kept in the repository's ignored .hypothesis/.
settings.register_profile(
    "robustness",
    max_examples=int(os.environ.get("MATURITYMAP_FUZZ_EXAMPLES", "60")),
    deadline=EXAMPLE_DEADLINE_MS,
    database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
FUZZ = settings.get_profile("robustness")


def fuzz(examples: int | None = None) -> settings:
    """The suite's settings, with another number of examples for a cheap or a costly reader."""
    if examples is None or "MATURITYMAP_FUZZ_EXAMPLES" in os.environ:
        return FUZZ
    return settings(FUZZ, max_examples=examples)


class Hang(BaseException):
    """An example ran past the hard limit (not an Exception: `except Exception` in a reader must not swallow it)."""


@contextlib.contextmanager
def hard_time_limit(seconds: float = HARD_LIMIT_S) -> Iterator[None]:
    """Stop the block with Hang after `seconds` of wall time (main thread only, as pytest runs tests).

    Nested, it never extends a tighter limit around it: `outcome()` inside a test's own 30 s guard keeps 30 s.
    """
    outer = signal.getitimer(signal.ITIMER_REAL)[0]  # what is left of an enclosing limit; 0 when there is none
    limit = min(seconds, outer) if outer else seconds
    started = time.monotonic()

    def stop(signum, frame):
        raise Hang(f"still running after {limit:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # the enclosing limit goes on with what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


def assert_good_problem(problem: Problem, files: tuple[str, ...]) -> None:
    """A problem a user can act on: names one of `files`, has a message in English and Chinese."""
    assert problem.code in MESSAGES, problem
    assert problem.file is not None, problem
    assert problem.file.startswith(files), problem
    en, zh = problem.render("en"), problem.render("zh")
    assert en.startswith(problem.file), en
    assert zh.startswith(problem.file), zh
    # the catch-all of pydantic error kinds and exception names are not messages a user can act on
    assert problem.code != "schema_other", en
    for leak in ("Traceback", "MemoryError", "RecursionError", "object at 0x"):
        assert leak not in en, en
    if problem.is_error and problem.code not in ("yaml_syntax", "xlsx_unreadable", "csv_unreadable"):
        assert en != zh, f"{problem.code} is not translated: {en}"
    assert len(en) < 2_000, f"{problem.code}: a message of {len(en)} characters"


def outcome(call: Callable[[], object], *files: str, error: type[InputError] = InputError) -> object:
    """Run `call` under the hard time limit: it returns, or raises `error` whose problems are all good ones.

    Returns what `call` returned, or the error raised.
    """
    try:
        with hard_time_limit():
            return call()
    except error as exc:
        caught = exc
    assert caught.problems, "an InputError without a problem"
    for problem in caught.problems + caught.warnings:
        assert_good_problem(problem, files)
    return caught


def refused(call: Callable[[], object], *files: str, error: type[InputError] = InputError) -> InputError:
    """Run `call`, which must refuse its input with good problems; returns the error."""
    result = outcome(call, *files, error=error)
    assert isinstance(result, error), f"accepted: {result!r}"
    return result


def run_bounded(
    kind: str, path: Path, memory_mb: int = 2_000, timeout: float = 60, questionnaire: Path | None = None
) -> dict:
    """Read `path` (kind: questionnaire, responses, bundle, logo) in a child process with RLIMIT_AS and a timeout.

    Returns the child's report: outcome, codes, rendered problems, seconds, processor seconds, peak RSS in MB.
    """
    command = [sys.executable, "-m", "tests.robustness.bounded_child", kind, str(path), str(memory_mb)]
    command += [str(questionnaire)] if questionnaire is not None else []
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
