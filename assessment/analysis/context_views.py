"""Views of the context records and walkthrough results for the context page: new record keys, pass rates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_record_key(keys: Iterable[str], section_id: str) -> str:
    """A free key for a new list record: the existing keys' numbering continued (pp-06 → pp-07), else <section>-01."""
    keys = list(keys)
    taken = set(keys)
    numbered: dict[str, list[str]] = {}
    for key in keys:
        found = NUMBERED.match(key)
        if found:
            numbered.setdefault(found.group(1), []).append(found.group(2))
    if numbered:  # the prefix most keys share (the first seen on a tie)
        prefix, digits = max(numbered.items(), key=lambda pair: len(pair[1]))
        number, width = max(int(d) for d in digits) + 1, max(len(d) for d in digits)
    else:
        prefix, number, width = f"{section_id}-", len(keys) + 1, 2
    while f"{prefix}{number:0{width}d}" in taken:
        number += 1
    return f"{prefix}{number:0{width}d}"


def walkthrough_pass_rates(results: pd.DataFrame, checks: Sequence[str]) -> pd.DataFrame:
    """Per check, in the order given: samples tested, passed, failed and the pass rate (NaN when none tested)."""
    chosen = results[results["check"].isin(list(checks))]
    passed = chosen["passed"].astype(bool)
    counts = pd.DataFrame({"check": chosen["check"], "passed": passed, "failed": ~passed})
    grouped = counts.groupby("check")[["passed", "failed"]].sum().reindex(list(checks), fill_value=0)
    frame = grouped.astype(int).reset_index()
    frame.insert(1, "samples", frame["passed"] + frame["failed"])
    frame["rate"] = frame["passed"] / frame["samples"].where(frame["samples"] > 0)
    return frame.loc[:, ["check", "samples", "passed", "failed", "rate"]]
