"""One budget of memory for every untrusted file being read in this process at the same moment.

The app serves every browser session from threads of one process: ten consultants uploading the largest
survey at once would each be within the limits of one file, and together exhaust the server. A reader
reserves what its file will cost (estimated from the counts it takes before parsing) and gives it back when
done; a reader that does not fit waits for others to finish, and is refused if they take too long.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

from assessment.problems import InputError, Problem

BUDGET_VARIABLE = "MATURITYMAP_READING_MEMORY_MB"
DEFAULT_MB = 1536
WAIT_SECONDS = 60.0
# measured: a responses table costs about 180 bytes a cell while it is read and checked; a bundle about 360 bytes
# a JSON value while it is parsed and validated (benchmarks/README.md, "Limits")
BYTES_PER_CELL = 200
BYTES_PER_JSON_VALUE = 400


class ReadingBudget:
    """Bytes that files being read may take together; thread-safe."""

    def __init__(self, total: int, wait_seconds: float = WAIT_SECONDS):
        self.total, self.wait_seconds = total, wait_seconds
        self._used = 0
        self._condition = threading.Condition()

    @property
    def used(self) -> int:
        return self._used

    @contextlib.contextmanager
    def reserve(self, size: int, file: str, error: type[InputError] = InputError) -> Iterator[None]:
        """Hold `size` bytes (at most the whole budget) while the block reads `file`, waiting for room.

        Raises `error` naming the file when no room comes within the wait.
        """
        size = max(0, min(size, self.total))
        with self._condition:
            if not self._condition.wait_for(lambda: self._used + size <= self.total, timeout=self.wait_seconds):
                raise error([Problem("server_busy_reading", {"seconds": round(self.wait_seconds)}, file=file)])
            self._used += size
        try:
            yield
        finally:
            with self._condition:
                self._used -= size
                self._condition.notify_all()


def _configured_total() -> int:
    raw = os.environ.get(BUDGET_VARIABLE, "")
    megabytes = int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MB
    return megabytes * 1024 * 1024


# the process's one budget (the app's sessions and the command line each live in one process)
BUDGET = ReadingBudget(_configured_total())
