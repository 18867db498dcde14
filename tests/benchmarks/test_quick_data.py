"""The benchmark scripts that read, score and store data run in their `--quick` mode (tests/benchmarks/quick.py)."""

from __future__ import annotations

import pytest

from tests.benchmarks.quick import run_quick

SCRIPTS = ("app", "bad_input", "evidence", "evidence_mining", "recording", "scoring")


@pytest.mark.slow
@pytest.mark.parametrize("name", SCRIPTS)
def test_benchmark_script_runs(name):
    run_quick(name)
