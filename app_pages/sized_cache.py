"""A cache bounded by the bytes of what it keeps, not by its number of entries, shared by every session."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import pandas as pd


def fingerprint(*parts: Any) -> str:
    """A digest of what a chart is built from: equal for equal inputs, else different (every value by its repr, which
    round-trips floats; a frame by its columns, dtypes, index and cells)."""

    def plain(part: Any) -> Any:
        if isinstance(part, pd.DataFrame):
            return (list(part.columns), [str(t) for t in part.dtypes], list(part.index), part.to_numpy(object).tolist())
        return part

    return hashlib.sha256(repr([plain(part) for part in parts]).encode()).hexdigest()


def size_of(value: Any) -> int:
    """About how many bytes `value` holds: data frames counted deeply, containers by their parts."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(deep=True, index=True).sum())
    if isinstance(value, pd.Series):
        return int(value.memory_usage(deep=True, index=True))
    if isinstance(value, (str, bytes)):
        return len(value) + 50
    if isinstance(value, (list, tuple, set, frozenset)):
        return 56 + sum(size_of(part) for part in value)
    if isinstance(value, dict):
        return 64 + sum(size_of(key) + size_of(part) for key, part in value.items())
    if hasattr(value, "__dict__"):
        return size_of(vars(value))
    return 32


class SizedCache:
    """Values by key, the least recently used dropped first once they hold more than `max_bytes` together.

    A value bigger than the whole bound is returned but not kept; an entry older than `ttl` seconds is made again.
    Thread-safe: the app's sessions are threads of one process.
    """

    def __init__(self, max_bytes: int, ttl: float):
        self.max_bytes, self.ttl = max_bytes, ttl
        self._entries: OrderedDict[Hashable, tuple[Any, int, float]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def peek(self, key: Hashable) -> Any:
        """The value kept for `key`, or None."""
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is None or now - found[2] > self.ttl:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value kept for `key`, else `make()` (outside the lock: a slow read never blocks other sessions)."""
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and now - found[2] <= self.ttl:
                self._entries.move_to_end(key)
                return found[0]
        value = make()
        size = size_of(value)
        with self._lock:
            self._drop(key)
            if size <= self.max_bytes:
                self._entries[key] = (value, size, now)
                self._bytes += size
                while self._bytes > self.max_bytes:
                    self._drop(next(iter(self._entries)))
        return value

    def _drop(self, key: Hashable) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            self._bytes -= found[1]
