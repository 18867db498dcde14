"""The security audit's reproductions: each refused, within a small memory growth, everywhere it can arrive.

Before the fixes: an 18 KB bundle took 7.5 GB and 44 s, a nested one raised RecursionError on the page, a 41.6 MB
wide CSV 3.5 GB and 22 s, a small workbook of 50 MB of XML 33 s, a 13000 x 13000 PNG logo 1.4 GB on every render.
Memory is the child's peak growth in RSS. How fast each is refused is measured by benchmarks/bad_input.py (a time
is no assertion of the test suite: the machine it runs on is shared); the child's timeout only stops a hang.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.robustness import audit_files
from tests.robustness.hostile import ROOT, run_bounded

LIMIT_GROWTH_MB = 300

# name -> (reader kind, maker, file suffix, the code of the refusal)
CASES: dict[str, tuple[str, Callable[[Path], Path], str, str]] = {
    "bundle of 6 million empty lists": (
        "bundle",
        audit_files.bundle_of_empty_lists,
        ".mmbundle",
        "bundle_too_many_values",
    ),
    "bundle of 1.3 million empty answers": (
        "bundle",
        audit_files.bundle_of_empty_answers,
        ".mmbundle",
        "bundle_not_content",
    ),
    "bundle with a swollen snapshot": (
        "bundle",
        audit_files.bundle_with_a_swollen_snapshot,
        ".mmbundle",
        "bundle_not_content",
    ),
    "bundle nested 100,000 deep": ("bundle", audit_files.bundle_nested_deep, ".mmbundle", "bundle_too_deep"),
    "41.6 MB wide CSV": ("responses", audit_files.wide_csv, ".csv", "too_many_cells"),
    "workbook of 50 MB of repeated XML": ("responses", audit_files.repetitive_xlsx, ".xlsx", "xlsx_inflate_ratio"),
    "13000 x 13000 PNG logo": ("logo", audit_files.png_bomb, ".png", "logo_too_many_pixels"),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("audit")
    return {
        name: maker(folder / f"case-{number}{suffix}")
        for number, (name, (_, maker, suffix, _)) in enumerate(CASES.items())
    }


@pytest.mark.parametrize("name", CASES)
def test_each_reproduction_is_refused_within_a_small_memory_growth(name, made):
    kind, _, _, code = CASES[name]
    report = run_bounded(kind, made[name], memory_mb=2_000, timeout=120)
    assert report["outcome"] == "refused", report
    assert report["codes"][0] == code, report
    assert report["problems"][0].startswith(made[name].name), report
    assert report["problems_zh"][0] != report["problems"][0], report
    assert report["peak_mb"] - report["baseline_mb"] <= LIMIT_GROWTH_MB, report


COMMANDS = {  # the command line of each reproduction that a command reads
    "bundle of 6 million empty lists": ["import-bundle", "{file}"],
    "bundle nested 100,000 deep": ["import-bundle", "{file}"],
    "bundle with a swollen snapshot": ["import-bundle", "{file}"],
    "bundle of 1.3 million empty answers": ["import-bundle", "{file}"],
    "41.6 MB wide CSV": ["score", str(ROOT / "tests" / "fixtures" / "responses" / "questionnaire.yaml"), "{file}"],
    "workbook of 50 MB of repeated XML": [
        "score",
        str(ROOT / "tests" / "fixtures" / "responses" / "questionnaire.yaml"),
        "{file}",
    ],
}


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_line_refuses_each_with_exit_2_and_one_line(name, lang, made, tmp_path):
    arguments = [part.format(file=made[name]) for part in COMMANDS[name]]
    database = f"sqlite:///{tmp_path / 'm.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "--lang", lang, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MATURITYMAP_DATABASE_URL": database},
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert made[name].name in lines[0]
    assert "Traceback" not in done.stderr
