"""A re-assessment against its baseline: the rating of each item on both sides, and the levels whose rating moved."""

from __future__ import annotations

import pandas as pd

from scoring.comparison import RATING_STEPS
from scoring.maturity import rate


def item_ratings(items: pd.DataFrame) -> pd.DataFrame:
    """Comparison.items with the rating of each side, the steps between them, and whether it moved (rated on both)."""
    frame = items.copy()
    frame["rating_before"] = rate(items["achievement_before"].astype(float))
    frame["rating_after"] = rate(items["achievement_after"].astype(float))
    steps = {side: frame[f"rating_{side}"].map(RATING_STEPS).astype("Int64") for side in ("before", "after")}
    frame["rating_change"] = steps["after"] - steps["before"]
    # an item answered on one side only has not moved: it was not (or not yet) assessed on the other
    frame["moved"] = (frame["rating_change"].fillna(0) != 0).astype(bool)
    return frame


def rating_moves(levels: pd.DataFrame) -> dict[str, str]:
    """For each process, the levels rated on both sides whose rating moved, e.g. "L2 P→L +1 · L4 L→P -1"."""
    moved = levels[levels["rating_change"].fillna(0) != 0]
    moves: dict[str, list[str]] = {}
    for row in moved.itertuples(index=False):
        moves.setdefault(row.process, []).append(
            f"L{row.level} {row.rating_before}→{row.rating_after} {int(row.rating_change):+d}"
        )
    return {process: " · ".join(found) for process, found in moves.items()}
