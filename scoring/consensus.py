"""Where respondents disagree: flagged items, perception gaps between roles, "don't know" rates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.maturity import FLAG_MIN_ANSWERS, FLAG_SPREAD, PRECISION

# A role takes part in a process's perception gap with at least this many scored answers on it.
PERCEPTION_MIN_ANSWERS = 5
# A "don't know" rate at or above this share of the answers given is a finding (column `high`).
DONT_KNOW_HIGH = 0.20
OWNER_ROLE, EXECUTOR_ROLE = "process_owner", "process_executor"

FLAGGED_COLUMNS = ["item", "process", "level", "dimension", "achievement", "spread", "answers", "flagged", "agreed"]
PERCEPTION_COLUMNS = [
    "process",
    "role",
    "achievement",
    "offset",
    "answers",
    "respondents",
    "items",
    "counted",
    "highest",
    "lowest",
    "gap",
]
SUMMARY_COLUMNS = [
    "process",
    "roles",
    "highest_role",
    "highest",
    "lowest_role",
    "lowest",
    "gap",
    "owner_offset",
    "executor_offset",
    "owner_vs_executor",
]


def flagged_items(items: pd.DataFrame) -> pd.DataFrame:
    """Items whose spread exceeds 0.25 with at least 3 scored answers, open or settled, widest spread first."""
    spread = np.round(items["spread"].to_numpy(dtype=float), PRECISION)
    disputed = (np.nan_to_num(spread) > FLAG_SPREAD) & (items["answers"].to_numpy() >= FLAG_MIN_ANSWERS)
    frame = items.loc[disputed].copy()
    if "agreed" not in frame:
        frame["agreed"] = False
    if "dimension" not in frame:
        frame["dimension"] = None
    frame["flagged"] = ~frame["agreed"].astype(bool)  # an agreed item is settled, no longer open
    frame = frame.sort_values("spread", ascending=False, kind="stable")
    return frame.loc[:, FLAGGED_COLUMNS].reset_index(drop=True)


def _scored_answers(answers: pd.DataFrame, respondents: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Scored answers to known items, with the item's process and weight and the respondent's role."""
    scored = answers.loc[answers["value"].notna(), ["respondent", "item", "value", "weight"]]
    scored = scored.astype({"item": object, "respondent": object})
    item_weight = items["weight"] if "weight" in items else pd.Series(1.0, index=items.index)
    known = pd.DataFrame(
        {"item": items["item"].astype(object), "process": items["process"], "item_weight": item_weight}
    )
    people = respondents.drop_duplicates("respondent").loc[:, ["respondent", "role"]].astype({"respondent": object})
    return scored.merge(known, on="item", how="inner").merge(people, on="respondent", how="left")


def perception_gaps(
    answers: pd.DataFrame,
    respondents: pd.DataFrame,
    items: pd.DataFrame,
    min_answers: int = PERCEPTION_MIN_ANSWERS,
) -> pd.DataFrame:
    """Per process and role: the role's achievement, its offset from everybody on the same items, the gap."""
    scored = _scored_answers(answers, respondents, items)
    scored["role"] = scored["role"].fillna("").astype(object)
    scored["wv"] = scored["weight"] * scored["value"]
    # a_i: the item's achievement over all respondents (spec §2)
    overall = scored.groupby("item", sort=False)[["wv", "weight"]].sum()
    scored["everybody"] = scored["item"].map(overall["wv"] / overall["weight"])
    # the role's own achievement of each item, then item-weighted means per process and role
    keys = ["process", "role", "item"]
    by_item = scored.groupby(keys, sort=False).agg(
        wv=("wv", "sum"), w=("weight", "sum"), everybody=("everybody", "first"), W=("item_weight", "first")
    )
    by_item["own"] = by_item["wv"] / by_item["w"]
    by_item["W_own"] = by_item["W"] * by_item["own"]
    by_item["W_offset"] = by_item["W"] * (by_item["own"] - by_item["everybody"])
    sums = by_item.groupby(level=["process", "role"], sort=False)[["W", "W_own", "W_offset"]].sum()
    counts = scored.groupby(["process", "role"], sort=False).agg(
        answers=("value", "size"), respondents=("respondent", "nunique"), items=("item", "nunique")
    )
    frame = sums.join(counts).reset_index()
    frame["achievement"] = frame["W_own"] / frame["W"]
    frame["offset"] = frame["W_offset"] / frame["W"]
    frame["counted"] = frame["answers"] >= min_answers

    counted_offset = frame["offset"].where(frame["counted"])
    grouped = counted_offset.groupby(frame["process"], sort=False)
    top, bottom, roles = grouped.transform("max"), grouped.transform("min"), grouped.transform("count")
    frame["gap"] = (top - bottom).where(roles >= 2)
    rounded = np.round(counted_offset, PRECISION)
    frame["highest"] = (rounded == np.round(top, PRECISION)) & (roles >= 2)
    frame["lowest"] = (rounded == np.round(bottom, PRECISION)) & (roles >= 2)
    return _ordered(frame, items, respondents).loc[:, PERCEPTION_COLUMNS]


def perception_summary(
    perception: pd.DataFrame, owner_role: str = OWNER_ROLE, executor_role: str = EXECUTOR_ROLE
) -> pd.DataFrame:
    """Per process: the highest and lowest counted role, the gap between them, and owners vs executors."""
    counted = perception[perception["counted"]]
    processes = pd.unique(perception["process"])
    summary = pd.DataFrame({"process": processes})
    summary["roles"] = summary["process"].map(counted.groupby("process").size()).fillna(0).astype(int)
    compared = counted[counted.groupby("process")["role"].transform("size") >= 2]
    high = compared.loc[compared.groupby("process", sort=False)["offset"].idxmax()].set_index("process")
    low = compared.loc[compared.groupby("process", sort=False)["offset"].idxmin()].set_index("process")
    summary["highest_role"] = summary["process"].map(high["role"])
    summary["highest"] = summary["process"].map(high["offset"]).astype(float)
    summary["lowest_role"] = summary["process"].map(low["role"])
    summary["lowest"] = summary["process"].map(low["offset"]).astype(float)
    summary["gap"] = summary["highest"] - summary["lowest"]
    offsets = counted.set_index(["process", "role"])["offset"]
    summary["owner_offset"] = [offsets.get((p, owner_role), np.nan) for p in processes]
    summary["executor_offset"] = [offsets.get((p, executor_role), np.nan) for p in processes]
    summary["owner_vs_executor"] = summary["owner_offset"] - summary["executor_offset"]
    return summary.loc[:, SUMMARY_COLUMNS]


def dont_know_rates(items: pd.DataFrame, by: str = "item") -> pd.DataFrame:
    """Share of "don't know" among the answers given (scored, na, unknown), per item or per process."""
    if by not in ("item", "process"):
        raise ValueError("by must be 'item' or 'process'")
    frame = items.copy()
    if "dimension" not in frame:
        frame["dimension"] = None
    frame["given"] = frame["answers"] + frame["na"] + frame["unknown"]
    if by == "process":
        frame["_high"] = _high(_rate(frame["unknown"], frame["given"]))
        frame = frame.groupby("process", sort=False).agg(
            unknown=("unknown", "sum"), given=("given", "sum"), items_high=("_high", "sum")
        )
        frame = frame.reset_index()
    frame["rate"] = _rate(frame["unknown"], frame["given"])
    frame["high"] = _high(frame["rate"])
    if by == "process":
        return frame.loc[:, ["process", "unknown", "given", "rate", "high", "items_high"]]
    return frame.loc[:, ["item", "process", "level", "dimension", "unknown", "given", "rate", "high"]]


def dont_know_by_role(answers: pd.DataFrame, respondents: pd.DataFrame) -> pd.DataFrame:
    """Share of "don't know" among the answers given (scored, na, unknown) per respondent role."""
    given = answers.loc[answers["status"].isin(["scored", "na", "unknown"]), ["respondent", "status"]]
    given = given.astype({"respondent": object, "status": object})
    roles = respondents.drop_duplicates("respondent").loc[:, ["respondent", "role"]].astype({"respondent": object})
    frame = given.merge(roles, on="respondent", how="left")
    frame["role"] = frame["role"].fillna("").astype(object)
    frame["is_unknown"] = frame["status"] == "unknown"
    frame = frame.groupby("role", sort=False).agg(unknown=("is_unknown", "sum"), given=("status", "size"))
    frame = frame.reset_index()
    frame["unknown"] = frame["unknown"].astype(int)
    frame["rate"] = _rate(frame["unknown"], frame["given"])
    frame["high"] = _high(frame["rate"])
    return frame.loc[:, ["role", "unknown", "given", "rate", "high"]]


def _rate(part: pd.Series, whole: pd.Series) -> pd.Series:
    """part / whole, NaN where whole is 0."""
    return part.astype(float) / whole.where(whole > 0).astype(float)


def _high(rate: pd.Series) -> pd.Series:
    """Whether a rate is at or above DONT_KNOW_HIGH (compared rounded to 9 places); NaN is not high."""
    return pd.Series(np.round(rate.fillna(0.0), PRECISION) >= DONT_KNOW_HIGH, index=rate.index)


def _ordered(frame: pd.DataFrame, items: pd.DataFrame, respondents: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order of the processes in `items`, then of the roles in `respondents`."""
    process_order = {process: index for index, process in enumerate(pd.unique(items["process"]))}
    role_order = {role: index for index, role in enumerate(pd.unique(respondents["role"].fillna("")))}
    frame = frame.assign(_p=frame["process"].map(process_order), _r=frame["role"].map(role_order))
    return frame.sort_values(["_p", "_r"], kind="stable").drop(columns=["_p", "_r"]).reset_index(drop=True)
