"""The report benchmarks run in their `--quick` mode (tests/benchmarks/quick.py)."""

from __future__ import annotations

import pytest

from tests.benchmarks.quick import run_quick

SCRIPTS = ("report", "report_stages")


@pytest.mark.slow
@pytest.mark.parametrize("name", SCRIPTS)
def test_benchmark_script_runs(name):
    run_quick(name)
