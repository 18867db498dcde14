"""Running a benchmark script as a user does, in its `--quick` mode, so that the scripts do not rot unseen.

The scripts measure speed and are run by hand (benchmarks/README.md); here only that each still runs to its end on
a fresh clone: exit status 0 (a script exits non-zero when a step fails, an answer is lost, a result is wrong) and
its figures printed as a Markdown table. Nothing here looks at a time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"


def scripts() -> list[str]:
    """Every runnable script in benchmarks/ (a module without a `__main__` block is a part the scripts share)."""
    return sorted(
        path.stem for path in BENCHMARKS.glob("*.py") if 'if __name__ == "__main__":' in path.read_text("utf-8")
    )


def run_quick(name: str, timeout: float = 900) -> str:
    """`python benchmarks/NAME.py --quick`; fails with the script's own output when it does; returns its stdout."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / f"{name}.py"), "--quick"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    said = f"--- stdout\n{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"
    assert done.returncode == 0, f"benchmarks/{name}.py --quick exited with {done.returncode}\n{said}"
    rows = [line for line in done.stdout.splitlines() if line.startswith("|") and not line.startswith("|---")]
    assert len(rows) >= 2, f"benchmarks/{name}.py --quick printed no table of figures\n{said}"
    return done.stdout
