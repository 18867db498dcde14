"""Why a process has its maturity level: the rule applied level by level, and the items and answers behind a level.

Reads a MaturityResult (docs/scoring.md §3-4) and says, in English or Chinese, which level the rule gives and
what stops the next one. It re-reads the rule from the ratings and item achievements; it never re-scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from assessment.analysis.scored import engine_answers
from assessment.inputs.responses import Responses
from assessment.questionnaire.model import Questionnaire
from scoring.maturity import LEVELS, PRECISION, MaturityResult, rate

MAX_LISTED = 10  # items named in one sentence; the rest are counted

# (English, Chinese) templates of the explanation's sentences.
SENTENCES: dict[str, tuple[str, str]] = {
    "iso_level": (
        "Level {level} is the highest level rated L or F with every level below it rated F.",
        "第 {level} 级是评定为 L 或 F、且其下各级均评定为 F 的最高等级。",
    ),
    "iso_zero": (
        "Level 0: no level is rated L or F with every level below it rated F.",
        "等级为 0：没有任何一级评定为 L 或 F 且其下各级均评定为 F。",
    ),
    "c2m2_level": (
        "Level {level} is the highest level up to which every level is rated and every answered item has an "
        "achievement above 50%.",
        "第 {level} 级是最高的这样一级：从第 1 级到该级，每一级都已评定，且每个已作答题目的实现程度都高于 50%。",
    ),
    "c2m2_zero": (
        "Level 0: level 1 is not achieved (it must be rated, with every answered item above 50%).",
        "等级为 0：第 1 级未达成（该级须已评定，且每个已作答题目的实现程度都高于 50%）。",
    ),
    "top": ("Level 5 is the highest level there is.", "第 5 级已是最高等级。"),
    "below_not_fully": (
        "Level {next} cannot count: level {level} is rated L, and every level below a counted level must be rated F.",
        "第 {next} 级不能计入：第 {level} 级评定为 L，而计入的等级之下各级都必须评定为 F。",
    ),
    "rated_too_low": (
        "Level {next} is rated {rating} ({achievement}); it needs L or F (above 50%).",
        "第 {next} 级评定为 {rating}（{achievement}）；需要 L 或 F（高于 50%）。",
    ),
    "not_rated": (
        "Level {next} is not rated: none of its {items} items has a scored answer.",
        "第 {next} 级未评定：其 {items} 个题目均没有计分的答案。",
    ),
    "no_items": (
        "Level {next} is not rated: the questionnaire has no item at that level.",
        "第 {next} 级未评定：问卷在该级没有题目。",
    ),
    "weak_items": (
        "Level {next} is not achieved: {count} of its answered items have an achievement of 50% or less: {items}.",
        "第 {next} 级未达成：其中 {count} 个已作答题目的实现程度不高于 50%：{items}。",
    ),
    "higher_not_counted": (
        "Level {levels} is rated L or F but does not count: a level counts only when every level below it is rated F.",
        "第 {levels} 级虽评定为 L 或 F，但不计入：只有其下各级均评定为 F 的等级才计入。",
    ),
}


@dataclass(frozen=True)
class Sentence:
    """One sentence of an explanation: a code of SENTENCES and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        """The sentence in `lang`."""
        en, zh = SENTENCES[self.code]
        return (zh if lang == "zh" else en).format(**self.params)


@dataclass(frozen=True)
class LevelExplanation:
    """Why a process has its level: the levels as the rule sees them, and the sentences that say it."""

    process: str
    rule: str
    level: int
    levels: pd.DataFrame  # level, achievement, rating, items, answered, weak (answered items <= 50%), achieved
    sentences: tuple[Sentence, ...]

    def render(self, lang: str) -> list[str]:
        """Every sentence in `lang`."""
        return [sentence.render(lang) for sentence in self.sentences]


def _percent(value: float) -> str:
    return f"{value:.1%}"


def _listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:MAX_LISTED])
    return shown + (f" (+{len(ids) - MAX_LISTED})" if len(ids) > MAX_LISTED else "")


def _weak(items: pd.DataFrame) -> pd.Series:
    """Answered items at or below 50% (compared rounded, as the rules do): what C2M2 refuses."""
    achievement = items["achievement"].to_numpy(dtype=float)
    return pd.Series(~np.isnan(achievement) & (np.round(achievement, PRECISION) <= 0.5), index=items.index)


def explain_level(result: MaturityResult, process: str) -> LevelExplanation:
    """The explanation of `process`'s level in `result`, exact to the result's rule (docs/scoring.md §4)."""
    levels = result.levels[result.levels["process"] == process].set_index("level").reindex(list(LEVELS))
    if levels["process"].isna().all():
        raise KeyError(process)
    items = result.items[result.items["process"] == process]
    weak = items[_weak(items)]
    weak_ids = {k: weak.loc[weak["level"] == k, "item"].tolist() for k in LEVELS}
    level = int(result.processes.loc[result.processes["process"] == process, "level"].iloc[0])
    rating = {k: r if isinstance(r := levels.at[k, "rating"], str) else None for k in LEVELS}  # None: not rated
    frame = pd.DataFrame(
        {
            "level": list(LEVELS),
            "achievement": levels["achievement"].astype(float).to_numpy(),
            "rating": pd.Series([rating[k] for k in LEVELS], dtype=object),
            "items": levels["items"].fillna(0).astype(int).to_numpy(),
            "answered": levels["answered"].fillna(0).astype(int).to_numpy(),
            "weak": [len(weak_ids[k]) for k in LEVELS],
            "achieved": [k <= level for k in LEVELS],
        }
    )
    sentences: list[Sentence] = []
    if result.rule == "iso33020":
        sentences.append(Sentence("iso_level", {"level": level}) if level else Sentence("iso_zero"))
    else:
        sentences.append(Sentence("c2m2_level", {"level": level}) if level else Sentence("c2m2_zero"))
    if level == LEVELS[-1]:
        sentences.append(Sentence("top"))
        return LevelExplanation(process, result.rule, level, frame, tuple(sentences))

    following = level + 1
    row = frame.iloc[following - 1]
    params = {"next": following, "level": level, "items": int(row["items"])}
    if result.rule == "iso33020" and level and rating[level] == "L":
        sentences.append(Sentence("below_not_fully", params))  # raising the next level alone would not help
    if rating[following] is None:
        sentences.append(Sentence("not_rated" if row["items"] else "no_items", params))
    elif result.rule == "iso33020":
        if rating[following] in ("N", "P"):
            achievement = _percent(float(row["achievement"]))
            sentences.append(
                Sentence("rated_too_low", {**params, "rating": rating[following], "achievement": achievement})
            )
    else:
        ids = weak_ids[following]
        sentences.append(Sentence("weak_items", {**params, "count": len(ids), "items": _listed(ids)}))
    if result.rule == "iso33020":
        # levels rated well above the gap: a steering group asks why they do not lift the level
        uncounted = [k for k in LEVELS if k > following and rating[k] in ("L", "F")]
        if uncounted:
            sentences.append(Sentence("higher_not_counted", {"levels": ", ".join(str(k) for k in uncounted)}))
    return LevelExplanation(process, result.rule, level, frame, tuple(sentences))


def level_items(result: MaturityResult, process: str, level: int) -> pd.DataFrame:
    """The items of a process at a level, in questionnaire order, with achievement, rating, spread and answer counts.

    `short` marks an answered item at or below 50% (what the C2M2 rule refuses); `agreed` one the consultant settled.
    """
    items = result.items[(result.items["process"] == process) & (result.items["level"] == level)]
    frame = items.loc[:, ["item", "dimension", "weight", "achievement", "spread", "answers"]].copy()
    frame["rating"] = pd.Series(rate(items["achievement"]), index=frame.index, dtype=object)
    for name in ("na", "unknown", "empty"):
        frame[name] = items[name].to_numpy() if name in items else 0
    frame["agreed"] = items["agreed"].to_numpy(dtype=bool) if "agreed" in items else False
    frame["flagged"] = items["flagged"].to_numpy(dtype=bool)
    frame["short"] = _weak(items).to_numpy()
    return frame.reset_index(drop=True)


def level_answers(responses: Responses, items: list[str]) -> pd.DataFrame:
    """Each respondent's answer keys to `items` (one column each, "" where none), for respondents who answered one."""
    answers = responses.answers
    chosen = answers.loc[answers["item"].isin(items), ["respondent", "item", "answer"]]
    people = responses.respondents.loc[:, ["respondent", "role", "unit", "method"]]
    if chosen.empty:
        return people.iloc[0:0].assign(**{item: pd.Series(dtype=object) for item in items})
    grid = chosen.pivot_table(index="respondent", columns="item", values="answer", aggfunc="first", sort=False)
    grid = grid.reindex(columns=items).fillna("").astype(str)
    # respondents in the order they were added, as everywhere else
    return people.merge(grid, left_on="respondent", right_index=True, how="inner").reset_index(drop=True)


def process_answers(questionnaire: Questionnaire, responses: Responses, items: list[str]) -> pd.DataFrame:
    """The engine's answer rows (respondent, item, value, weight, status) of `items` only: a chart's input."""
    chosen = responses.answers[responses.answers["item"].isin(items)].reset_index(drop=True)
    return engine_answers(questionnaire, Responses(chosen, responses.respondents, [], responses.shape))
