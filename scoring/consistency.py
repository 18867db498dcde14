"""Consistency across units: is the same process run the same way at every site (docs/analysis.md)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from scoring.maturity import DEFAULT_RULE, PRECISION, score_maturity

# A unit deviates on a process when its score is more than this far from the median of the units' scores.
DEVIATION = 0.5

UNIT_ITEM_COLUMNS = ["process", "unit", "item", "level", "dimension", "weight", "achievement", "answers"]
UNIT_COLUMNS = ["process", "unit", "level", "score", "coverage", "respondents", "answered", "target", "gap"]
DEVIATION_COLUMNS = [*UNIT_COLUMNS, "median", "deviation", "deviates"]
CONSISTENCY_COLUMNS = [
    "process",
    "units",
    "score_mean",
    "score_min",
    "score_max",
    "score_range",
    "score_std",
    "level_min",
    "level_max",
    "lowest_unit",
    "highest_unit",
    "deviating",
    "items_compared",
    "item_difference",
    "index",
]
DIFFERENCE_COLUMNS = [
    "item",
    "process",
    "level",
    "dimension",
    "units",
    "lowest_unit",
    "lowest",
    "highest_unit",
    "highest",
    "difference",
]


def _units(respondents: pd.DataFrame) -> list[str]:
    """The units named by respondents, in the order first met; a blank unit is none."""
    named = respondents["unit"].dropna().astype(str)
    return list(pd.unique(named[named.str.strip() != ""]))


def _with_units(answers: pd.DataFrame, respondents: pd.DataFrame) -> pd.DataFrame:
    """The answers with each respondent's unit (NaN when the respondent has none)."""
    unit_of = respondents.drop_duplicates("respondent").set_index("respondent")["unit"]
    frame = answers.copy()
    frame["unit"] = frame["respondent"].astype(object).map(unit_of)
    return frame


def unit_item_results(items: pd.DataFrame, answers: pd.DataFrame, respondents: pd.DataFrame) -> pd.DataFrame:
    """Per unit and item answered there: the weighted achievement of its scored answers and their count."""
    frame = _with_units(answers, respondents)
    frame = frame[frame["value"].notna() & frame["unit"].isin(_units(respondents))]
    frame = frame.assign(item=frame["item"].astype(object), wv=frame["weight"] * frame["value"])
    sums = frame.groupby(["item", "unit"], sort=False).agg(
        wv=("wv", "sum"), w=("weight", "sum"), answers=("wv", "size")
    )
    sums = sums.reset_index()
    known = items.loc[:, [c for c in ("item", "process", "level", "dimension", "weight") if c in items]].copy()
    known["item"] = known["item"].astype(object)
    if "dimension" not in known:
        known["dimension"] = None
    if "weight" not in known:
        known["weight"] = 1.0
    result = known.merge(sums, on="item", how="inner")
    result["achievement"] = result["wv"] / result["w"]
    # items in the order of `items`, units in the order of `respondents`
    result["_i"] = result["item"].map(_positions(known["item"]))
    result["_u"] = result["unit"].map(_positions(_units(respondents)))
    result = result.sort_values(["_i", "_u"], kind="stable")
    return result.loc[:, UNIT_ITEM_COLUMNS].reset_index(drop=True)


def unit_results(
    items: pd.DataFrame,
    answers: pd.DataFrame,
    respondents: pd.DataFrame,
    rule: str = DEFAULT_RULE,
    targets: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Each unit's answers scored on their own: level, score, coverage and respondents per process and unit."""
    frame = _with_units(answers, respondents)
    processes = list(pd.unique(items["process"]))
    process_of = items.assign(item=items["item"].astype(object)).set_index("item")["process"]
    frames = []
    for unit in _units(respondents):  # a handful of units; the scoring inside is vectorized
        mine = frame[frame["unit"] == unit]
        result = score_maturity(items, mine, rule=rule, targets=targets, processes=processes).processes
        scored = mine[mine["value"].notna()]
        people = scored.assign(process=scored["item"].astype(object).map(process_of))
        result["respondents"] = result["process"].map(people.groupby("process")["respondent"].nunique())
        result["unit"] = unit
        frames.append(result)
    if not frames:
        return pd.DataFrame(columns=UNIT_COLUMNS)
    results = pd.concat(frames, ignore_index=True)
    results = results[results["answered"] > 0]  # a unit takes part in a process when it answered some of it
    results = results.assign(respondents=results["respondents"].fillna(0).astype(int))
    order = results["process"].map({process: index for index, process in enumerate(processes)})
    return results.iloc[np.argsort(order.to_numpy(), kind="stable")].loc[:, UNIT_COLUMNS].reset_index(drop=True)


def unit_deviations(units: pd.DataFrame, threshold: float = DEVIATION) -> pd.DataFrame:
    """The unit results with the median score of the process, each unit's deviation from it, and whether it deviates."""
    frame = units.copy()
    frame["median"] = frame.groupby("process", sort=False)["score"].transform("median")
    frame["deviation"] = frame["score"] - frame["median"]
    frame["deviates"] = np.round(frame["deviation"].abs(), PRECISION) > threshold
    return frame.loc[:, DEVIATION_COLUMNS].reset_index(drop=True)


def consistency(units: pd.DataFrame, items_by_unit: pd.DataFrame, threshold: float = DEVIATION) -> pd.DataFrame:
    """Per process: spread of the units' scores, deviating units and the standardization index (0-1)."""
    frame = unit_deviations(units, threshold)
    grouped = frame.groupby("process", sort=False)
    result = grouped.agg(
        units=("unit", "size"),
        score_mean=("score", "mean"),
        score_min=("score", "min"),
        score_max=("score", "max"),
        level_min=("level", "min"),
        level_max=("level", "max"),
    )
    result["score_range"] = result["score_max"] - result["score_min"]
    result["score_std"] = grouped["score"].std(ddof=0)  # population standard deviation
    result["lowest_unit"] = frame.loc[grouped["score"].idxmin(), ["process", "unit"]].set_index("process")["unit"]
    result["highest_unit"] = frame.loc[grouped["score"].idxmax(), ["process", "unit"]].set_index("process")["unit"]
    deviating = frame[frame["deviates"]].groupby("process", sort=False)["unit"].agg(list)
    result["deviating"] = [deviating.get(process, []) for process in result.index]

    differences = unit_item_differences(items_by_unit)
    weight_of = items_by_unit.drop_duplicates("item").set_index("item")["weight"].astype(float)
    weighted = differences.assign(W=differences["item"].map(weight_of))
    weighted["Wd"] = weighted["W"] * weighted["difference"]
    per_process = weighted.groupby("process", sort=False).agg(
        items_compared=("item", "size"), W=("W", "sum"), Wd=("Wd", "sum")
    )
    result["items_compared"] = per_process["items_compared"].reindex(result.index).fillna(0).astype(int)
    result["item_difference"] = (per_process["Wd"] / per_process["W"]).reindex(result.index)
    result["index"] = 1.0 - result["item_difference"]
    return result.reset_index().loc[:, CONSISTENCY_COLUMNS]


def unit_item_differences(items_by_unit: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Items answered in at least two units, with the lowest and highest unit, largest difference first."""
    frame = items_by_unit.reset_index(drop=True)
    units = frame.groupby("item", sort=False)["unit"].transform("size")
    frame = frame[units >= 2]
    grouped = frame.groupby("item", sort=False)
    low = frame.loc[grouped["achievement"].idxmin()].set_index("item")
    high = frame.loc[grouped["achievement"].idxmax()].set_index("item")
    result = low.loc[:, ["process", "level", "dimension"]].copy()
    result["units"] = grouped.size()
    result["lowest_unit"], result["lowest"] = low["unit"], low["achievement"]
    result["highest_unit"], result["highest"] = high["unit"], high["achievement"]
    result["difference"] = result["highest"] - result["lowest"]
    result = result.reset_index()
    result["_d"] = np.round(result["difference"], PRECISION)
    result = result.sort_values("_d", ascending=False, kind="stable").drop(columns="_d")
    if top is not None:
        result = result.groupby("process", sort=False).head(top)
    return result.loc[:, DIFFERENCE_COLUMNS].reset_index(drop=True)


def _positions(ids) -> dict:
    """Position of each id in `ids`."""
    return {ident: index for index, ident in enumerate(ids)}
