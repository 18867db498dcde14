"""Compact builders for scoring tests: items and answers from small tables."""

from __future__ import annotations

import math

import pandas as pd

# The default `achievement` scale: key -> value (spec/scoring.md §1).
KEY_VALUE = {"0": 0.0, "1": 0.25, "2": 0.5, "3": 0.75, "4": 1.0}


def items(*rows: tuple) -> pd.DataFrame:
    """Items from (item, process, level[, weight[, dimension]]) tuples."""
    records = []
    for row in rows:
        item, process, level, *rest = row
        weight = rest[0] if rest else 1.0
        dimension = rest[1] if len(rest) > 1 else "process"
        records.append({"item": item, "process": process, "level": level, "weight": weight, "dimension": dimension})
    return pd.DataFrame(records)


def answers(table: dict[str, list], weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Answers from {item: [answer of respondent r1, r2, ...]} with scale keys or na/unknown/''.

    A value that is a float is taken as the scale value itself. `weights` maps respondent to weight.
    """
    records = []
    for item, given in table.items():
        for index, answer in enumerate(given):
            respondent = f"r{index + 1}"
            if isinstance(answer, float):
                value, status = answer, "scored"
            elif answer in KEY_VALUE:
                value, status = KEY_VALUE[answer], "scored"
            else:
                value, status = math.nan, {"": "empty"}.get(answer, answer)
            records.append(
                {
                    "respondent": respondent,
                    "item": item,
                    "value": value,
                    "weight": (weights or {}).get(respondent, 1.0),
                    "status": status,
                }
            )
    return pd.DataFrame(records, columns=["respondent", "item", "value", "weight", "status"])
