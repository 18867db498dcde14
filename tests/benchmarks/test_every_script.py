"""Every benchmark script is run by one of the quick tests, so that a new script cannot rot unseen either."""

from __future__ import annotations

from tests.benchmarks import test_quick_data, test_quick_reports, test_quick_servers
from tests.benchmarks.quick import scripts


def test_every_benchmark_script_has_a_quick_test():
    tested = {*test_quick_data.SCRIPTS, *test_quick_reports.SCRIPTS, *test_quick_servers.SCRIPTS}
    assert set(scripts()) == tested, "benchmarks/ and the quick tests name different scripts"
