"""The benchmarks that serve the app to browsers and phones run in their `--quick` mode (tests/benchmarks/quick.py):
a throwaway PostgreSQL, the app's servers, chromium or an HTTP client, as each script starts them."""

from __future__ import annotations

import pytest

from tests.benchmarks.quick import run_quick

SCRIPTS = ("browser", "load", "survey_load")


@pytest.mark.slow
@pytest.mark.parametrize("name", SCRIPTS)
def test_benchmark_script_runs(name):
    run_quick(name)
