"""Reading the raw (not yet validated) questionnaire data safely: wrong types are skipped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def entries(data: Any, key: str) -> Iterator[tuple[int, dict]]:
    """The mappings of the list `data[key]`, with their indexes; anything else is skipped."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                yield index, entry
