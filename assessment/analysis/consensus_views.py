"""Views of disputed items for the consensus page: the answers given to them, by answer and by role."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from assessment.analysis.scored import ScoredAssessment, engine_answers
from assessment.questionnaire.model import UNSCORED_ANSWERS


def item_answers(scored: ScoredAssessment, items: Sequence[str]) -> pd.DataFrame:
    """The engine answers (respondent, item, value, weight, status) to `items` only, with each respondent's role."""
    answers = scored.responses.answers
    chosen = dataclasses.replace(scored.responses, answers=answers[answers["item"].isin(list(items))])
    frame = engine_answers(scored.questionnaire, chosen).reset_index(drop=True)
    roles = scored.responses.respondents.drop_duplicates("respondent").set_index("respondent")["role"]
    frame["role"] = frame["respondent"].map(roles).fillna("").astype(object).to_numpy()
    return frame


def answer_counts(scored: ScoredAssessment, items: Sequence[str]) -> pd.DataFrame:
    """How many respondents gave each answer to each of `items`: one row per item (in the order given), one column
    per answer key (the scales' order, then "na" and "unknown"); empty answers are not counted."""
    answers = scored.responses.answers
    chosen = answers.loc[answers["item"].isin(list(items)) & (answers["answer"] != ""), ["item", "answer"]]
    index = scored.questionnaire.item_index()
    scales = scored.questionnaire.all_scales()
    keys: list[str] = []
    for item in items:
        found = index.get(item)
        if found is not None and found[1].is_scored:
            keys += [option.key for option in scales[found[1].scale_id] if option.key not in keys]
    keys += [key for key in UNSCORED_ANSWERS if key not in keys]
    counts = pd.crosstab(chosen["item"].astype(object), chosen["answer"].astype(object))
    counts = counts.reindex(index=list(items), columns=keys, fill_value=0).fillna(0).astype(int)
    counts.index.name, counts.columns.name = "item", None
    return counts


def role_extremes(answers: pd.DataFrame) -> pd.DataFrame:
    """Per item of `item_answers`: the roles whose scored answers are on average the lowest and the highest.

    Columns `item, roles, lowest_role, lowest, highest_role, highest` (unweighted means of the role's answers);
    an item scored by one role only has that role on both sides.
    """
    scored = answers.loc[answers["value"].notna(), ["item", "role", "value"]].astype({"item": object})
    means = scored.groupby(["item", "role"], sort=False)["value"].mean().reset_index()
    columns = ["item", "roles", "lowest_role", "lowest", "highest_role", "highest"]
    if means.empty:
        return pd.DataFrame(columns=columns)
    means = means.sort_values(["item", "value", "role"], kind="stable")
    low = means.groupby("item", sort=False).first()
    high = means.groupby("item", sort=False).last()
    frame = pd.DataFrame(
        {
            "roles": means.groupby("item", sort=False).size(),
            "lowest_role": low["role"],
            "lowest": low["value"].astype(float),
            "highest_role": high["role"],
            "highest": high["value"].astype(float),
        }
    )
    frame.index.name = "item"
    order = list(dict.fromkeys(answers["item"].astype(object)))
    frame = frame.reindex([item for item in order if item in frame.index])
    frame["roles"] = frame["roles"].astype(np.int64)
    return frame.reset_index().loc[:, columns]
