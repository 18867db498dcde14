"""What a process needs to reach its next level, as advice: the practices to raise, named, with today's achievement.

Reads a MaturityResult and the questionnaire; no I/O. The rule of what is listed (docs/analysis.md, "Advice"):

- ISO/IEC 33020: level N (the next level) counts when every level below it is rated F (above 85%) and level N is
  rated L or F (above 50%). The blocking level is the lowest level below N not rated F (threshold 85%), else N
  itself (threshold 50%).
- C2M2: level N counts when every level 1..N is rated and every answered item of them is above 50%. The blocking
  level is the lowest level 1..N that is not rated or has an answered item at or below 50% (threshold 50%).

The practices listed are exactly the answered items of the blocking level at or below its threshold (compared
rounded, as the rules do), in questionnaire order. Raising each above the threshold makes the level pass: the
level's achievement is their weighted mean. Items without a scored answer are not guessed at: the advice says to
get answers to them. Priorities (scoring/priorities.py) are told as a rank and a reason in plain words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from assessment.analysis.explain import Sentence
from assessment.questionnaire.model import Questionnaire
from scoring.maturity import LEVELS, PRECISION, MaturityResult
from scoring.roadmap import short_items

FULLY = 0.85  # a level below the next one must be rated F: above this
LARGELY = 0.50  # the next level must be rated L or F (ISO/IEC 33020), or every answered item above this (C2M2)
NAMED = 8  # practices named in one sentence; the rest are counted (all of them are in Advice.items)
SHORT_EN, SHORT_ZH = 72, 30  # characters of an item's text kept when it has no short label
ASIDE = re.compile(r"\s*[(（][^()（）]*[)）]")  # "(for example, …)", "（包括…）": left out of a short text

# (English, Chinese) templates of the advice's sentences.
ADVICE: dict[str, tuple[str, str]] = {
    "raise": (
        "To reach level {next}: raise {these} above {needs}: {items}.",
        "要达到第 {next} 级：须将以下 {count} 项实践提高到 {needs} 以上：{items}。",
    ),
    "held_back": (
        "To reach level {next}, level {level} must first be fully achieved (above 85%; {achievement} today), and "
        "level {next} at least largely achieved.",
        "要达到第 {next} 级，须先使第 {level} 级完全达到（高于 85%；目前为 {achievement}），"
        "且第 {next} 级至少大部分达到。",
    ),
    "first": (
        "First bring level {level} to fully achieved: raise {these} above 85%: {items}.",
        "首先使第 {level} 级完全达到：将以下 {count} 项实践提高到 85% 以上：{items}。",
    ),
    "then": (
        "Then raise {these} of level {next} above 50%: {items}.",
        "然后将第 {next} 级的以下 {count} 项实践提高到 50% 以上：{items}。",
    ),
    "then_answers": (
        "Then get answers on level {next}: it has {practices} and no scored answer yet.",
        "然后补充第 {next} 级的答案：其 {count} 项实践目前均没有计分的答案。",
    ),
    "not_rated": (
        "To reach level {next}: level {level} is not rated yet, as it has {practices} and no scored answer. Get "
        "answers to them first: {items}.",
        "要达到第 {next} 级：第 {level} 级尚未评定，其 {count} 项实践均没有计分的答案。"
        "请先获取这些实践的答案：{items}。",
    ),
    "no_items": (
        "Level {next} cannot be reached with this questionnaire: it has no practice at level {level}.",
        "使用本问卷无法达到第 {next} 级：问卷在第 {level} 级没有实践。",
    ),
    "unanswered": (
        "Also get answers on level {level}: {practices} without a scored answer yet ({items}).",
        "第 {level} 级另有 {count} 项实践尚无计分的答案，请获取其答案（{items}）。",
    ),
    "to_target": (
        "To reach the target level {target}: {practices} in all to raise on levels 1–{target}.",
        "要达到目标第 {target} 级：第 1–{target} 级共有 {count} 项实践需要提高。",
    ),
    "to_target_unanswered": (
        "To reach the target level {target}: {practices} in all to raise on levels 1–{target}, and {unanswered} "
        "without a scored answer to get answers to.",
        "要达到目标第 {target} 级：第 1–{target} 级共有 {count} 项实践需要提高，"
        "另有 {unanswered} 项尚无计分的答案需要补充。",
    ),
    "top": (
        "Level 5, the highest level, is reached: keep its practices in place.",
        "已达到最高的第 5 级：保持各项实践的执行。",
    ),
    "more": (" and {count} more", "等，另有 {count} 项"),
    "rank": ("Rank {rank} of {of}: {reason}.", "第 {rank} 位（共 {of} 个）：{reason}。"),
    "at_target": ("At its target: no gap to close.", "已达到目标：没有需要弥补的差距。"),
    "gap_1": ("one level below target", "低于目标 1 级"),
    "gap_n": ("{words} levels below target", "低于目标 {gap} 级"),
    "importance_high": ("the business rates it very important", "业务重要性很高"),
    "importance_4": ("the business rates it important", "业务重要性较高"),
    "importance_3": ("of medium importance to the business", "业务重要性中等"),
    "importance_low": ("of low importance to the business", "业务重要性较低"),
    "importance_unknown": ("its business importance is not recorded", "业务重要性未记录"),
    "pain_1": ("1 pain point names it", "1 个痛点涉及该流程"),
    "pain_n": ("{count} pain points name it", "{count} 个痛点涉及该流程"),
    "effort": ("about {days} person-days to close", "弥补差距约需 {days} 人天"),
    "effort_unknown": ("no action of the library closes it yet", "行动库中尚无弥补它的行动"),
}
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}  # a gap in levels, as English writes small numbers
SEPARATORS = {"en": ("; ", ", "), "zh": ("；", "，")}  # between listed practices; between the parts of a reason


def advice_text(key: str, lang: str, **params: Any) -> str:
    """One template of ADVICE in `lang`, filled; a `count` also gives English its words: "this practice", "these 3
    practices" ({these}), "1 practice", "3 practices" ({practices})."""
    en, zh = ADVICE[key]
    if "count" in params and lang != "zh":
        count = params["count"]
        params = {
            **params,
            "these": "this practice" if count == 1 else f"these {count} practices",
            "practices": "1 practice" if count == 1 else f"{count} practices",
        }
    return (zh if lang == "zh" else en).format(**params)


def percent(value: float) -> str:
    """An achievement as people write it: 62.5%, 50%."""
    text = f"{value * 100:.1f}".removesuffix(".0")
    return f"{text}%"


def shorten(text: str, lang: str) -> str:
    """An item's text cut to a few words: its asides in brackets left out, then cut at a word (a character in
    Chinese) with an ellipsis."""
    limit = SHORT_ZH if lang == "zh" else SHORT_EN
    cut = " ".join(ASIDE.sub("", text).split()).replace(" ,", ",")
    if len(cut) <= limit:
        return cut
    head = cut[: limit - 1]
    if lang != "zh" and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip("，,;；:、 ") + "…"


def short_texts(questionnaire: Questionnaire) -> dict[str, tuple[str, str]]:
    """Item id -> (English, Chinese) short text: the shared practice's label, else the item's text shortened."""
    practices = {practice.id: practice.label for practice in questionnaire.practices}
    texts = {}
    for _, item in questionnaire.all_items():
        label = practices.get(item.practice) if item.practice else None
        if label is not None:
            texts[item.id] = (label.en, label.zh)
        else:
            texts[item.id] = (shorten(item.text.en, "en"), shorten(item.text.zh, "zh"))
    return texts


@dataclass(frozen=True)
class AdviceItem:
    """A practice to raise: its item, level, today's achievement (NaN: no scored answer) and what it needs."""

    item: str
    level: int
    achievement: float
    needs: float


@dataclass(frozen=True)
class Advice:
    """What a process needs to reach its next level (docs/analysis.md, "Advice")."""

    process: str
    rule: str
    level: int
    target: int
    next: int | None  # None at level 5
    blocking: int | None  # the lowest level whose items hold the next level back
    needs: float | None  # the threshold on the blocking level
    items: tuple[AdviceItem, ...]  # every answered item of the blocking level at or below its threshold
    unanswered: tuple[str, ...]  # the blocking level's items without a scored answer (not only "not applicable")
    then: tuple[AdviceItem, ...]  # held back: the next level's items at or below 50%, to raise afterwards
    sentences: tuple[Sentence, ...]
    texts: dict[str, tuple[str, str]]  # short texts of the items named

    def render(self, lang: str) -> list[str]:
        """Every sentence in `lang`."""
        return [self._sentence(sentence, lang) for sentence in self.sentences]

    def _sentence(self, sentence: Sentence, lang: str) -> str:
        params = dict(sentence.params)
        for key, value in params.items():
            if isinstance(value, tuple):  # a list of items or of AdviceItems: named in `lang`
                params[key] = self.listed(value, lang)
        return advice_text(sentence.code, lang, **params)

    def text(self, item: str, lang: str) -> str:
        """An item's short text in `lang`; its id when the questionnaire does not know it."""
        en, zh = self.texts.get(item, (item, item))
        return zh if lang == "zh" else en

    def listed(self, entries: tuple, lang: str) -> str:
        """The first NAMED entries, each with today's achievement, and how many more."""
        named = []
        for entry in entries[:NAMED]:
            if isinstance(entry, AdviceItem):
                achievement = percent(entry.achievement)
                named.append(
                    f"{self.text(entry.item, lang)}（{achievement}）"
                    if lang == "zh"
                    else f"{self.text(entry.item, lang)} ({achievement})"
                )
            else:
                named.append(self.text(entry, lang))
        shown = SEPARATORS["zh" if lang == "zh" else "en"][0].join(named)
        rest = len(entries) - NAMED
        return shown + (advice_text("more", lang, count=rest) if rest > 0 else "")


def _below(items: pd.DataFrame, threshold: float) -> pd.Series:
    achievement = items["achievement"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return pd.Series(~np.isnan(achievement) & (np.round(achievement, PRECISION) <= threshold), index=items.index)


def _unanswered(items: pd.DataFrame) -> pd.Series:
    """Items without a scored answer, but not those every respondent said do not apply."""
    missing = items["achievement"].isna()
    if "na" in items and "unknown" in items:
        missing &= ~((items["na"] > 0) & (items["unknown"] == 0))
    return missing


def _advice_items(items: pd.DataFrame, threshold: float) -> tuple[AdviceItem, ...]:
    chosen = items[_below(items, threshold)]
    return tuple(
        AdviceItem(str(row.item), int(row.level), float(row.achievement), threshold) for row in chosen.itertuples()
    )


def blocking_level(result: MaturityResult, process: str) -> tuple[int, float] | None:
    """The lowest level whose items hold the process's next level back, and the threshold its items must pass."""
    level = _level(result, process)
    if level >= LEVELS[-1]:
        return None
    following = level + 1
    levels = result.levels[result.levels["process"] == process].set_index("level")
    rating = {k: levels.at[k, "rating"] if isinstance(levels.at[k, "rating"], str) else None for k in LEVELS}
    if result.rule == "iso33020":
        for k in range(1, following):
            if rating[k] != "F":
                return k, FULLY
        return following, LARGELY
    items = result.items[result.items["process"] == process]
    for k in range(1, following + 1):
        if rating[k] is None or _below(items[items["level"] == k], LARGELY).any():
            return k, LARGELY
    return following, LARGELY


def _level(result: MaturityResult, process: str) -> int:
    found = result.processes.loc[result.processes["process"] == process, "level"]
    if found.empty:
        raise KeyError(process)
    return int(found.iloc[0])


def advise(
    result: MaturityResult, questionnaire: Questionnaire, process: str, texts: dict[str, tuple[str, str]] | None = None
) -> Advice:
    """The advice for `process`: what to raise to reach its next level, and how much towards its target.

    `texts`: the questionnaire's short texts (short_texts) when the caller has them already."""
    row = result.processes.loc[result.processes["process"] == process]
    if row.empty:
        raise KeyError(process)
    level, target = int(row["level"].iloc[0]), int(row["target"].iloc[0])
    texts = texts if texts is not None else short_texts(questionnaire)
    base = {"process": process, "rule": result.rule, "level": level, "target": target, "texts": texts}
    found = blocking_level(result, process)
    if found is None:
        return Advice(**base, next=None, blocking=None, needs=None, items=(), unanswered=(), then=(),
                      sentences=(Sentence("top"),))  # fmt: skip
    blocking, needs = found
    following = level + 1
    items = result.items[result.items["process"] == process]
    at_blocking = items[items["level"] == blocking]
    listed = _advice_items(at_blocking, needs)
    unanswered = tuple(at_blocking.loc[_unanswered(at_blocking), "item"].astype(str))
    then: tuple[AdviceItem, ...] = ()
    sentences: list[Sentence] = []
    params = {"next": following, "level": blocking}
    if at_blocking.empty:
        sentences.append(Sentence("no_items", params))
    elif at_blocking["achievement"].isna().all():
        sentences.append(Sentence("not_rated", {**params, "count": len(at_blocking), "items": unanswered}))
        unanswered = ()
    elif blocking < following:
        achievement = _level_achievement(result, process, blocking)
        sentences.append(Sentence("held_back", {**params, "achievement": percent(achievement)}))
        sentences.append(Sentence("first", {**params, "count": len(listed), "items": listed}))
    else:
        threshold = percent(needs)
        sentences.append(Sentence("raise", {**params, "count": len(listed), "needs": threshold, "items": listed}))
    if unanswered:
        sentences.append(Sentence("unanswered", {**params, "count": len(unanswered), "items": unanswered}))
    if blocking < following and len(at_blocking):
        at_next = items[items["level"] == following]
        then = _advice_items(at_next, LARGELY)
        if then:
            sentences.append(Sentence("then", {**params, "count": len(then), "items": then}))
        elif len(at_next) and at_next["achievement"].isna().all():
            sentences.append(Sentence("then_answers", {**params, "count": len(at_next)}))
    if target > following:
        sentences.append(_to_target(items, result.rule, process, target))
    return Advice(**base, next=following, blocking=blocking, needs=needs, items=listed, unanswered=unanswered,
                  then=then, sentences=tuple(sentences))  # fmt: skip


def _level_achievement(result: MaturityResult, process: str, level: int) -> float:
    levels = result.levels
    chosen = levels.loc[(levels["process"] == process) & (levels["level"] == level), "achievement"]
    return float(chosen.iloc[0])


def _to_target(items: pd.DataFrame, rule: str, process: str, target: int) -> Sentence:
    """How many practices stand between the process and its target (scoring/roadmap.py short_items)."""
    short = short_items(items, {process: target}, rule)
    below = int((short["reason"] == "below").sum())
    unanswered = int((short["reason"] == "unanswered").sum())
    if unanswered:
        return Sentence("to_target_unanswered", {"target": target, "count": below, "unanswered": unanswered})
    return Sentence("to_target", {"target": target, "count": below})


def advice_of(result: MaturityResult, questionnaire: Questionnaire) -> dict[str, Advice]:
    """The advice for every process of `result`, in its order."""
    texts = short_texts(questionnaire)
    return {process: advise(result, questionnaire, process, texts) for process in result.processes["process"]}


# --- priorities as a rank and a reason --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityReason:
    """A process's rank among the processes with a gap, and why, in plain words (no points)."""

    process: str
    rank: int
    of: int
    parts: tuple[tuple[str, dict[str, Any]], ...]  # ADVICE keys and their parameters, in order

    def reason(self, lang: str) -> str:
        """The reason: "two levels below target, the business rates it very important, …"."""
        separator = SEPARATORS["zh" if lang == "zh" else "en"][1]
        return separator.join(advice_text(key, lang, **params) for key, params in self.parts)

    def sentence(self, lang: str) -> str:
        """The reason as a sentence of its own: "Two levels below target, …."."""
        reason = self.reason(lang)
        return reason[:1].upper() + reason[1:] + ("。" if lang == "zh" else ".")

    def line(self, lang: str) -> str:
        """ "Rank 1 of 6: two levels below target, …"."""
        return advice_text("rank", lang, rank=self.rank, of=self.of, reason=self.reason(lang))


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def priority_reasons(priorities: pd.DataFrame) -> dict[str, PriorityReason | None]:
    """Per process of the priority frame (scoring/priorities.py): its rank and reason; None at its target."""
    open_gaps = priorities[priorities["gap"] > 0].sort_values("rank")
    ranks = {process: rank for rank, process in enumerate(open_gaps["process"], start=1)}
    reasons: dict[str, PriorityReason | None] = {}
    for row in priorities.to_dict("records"):
        process = row["process"]
        if process not in ranks:
            reasons[process] = None
            continue
        gap = int(row["gap"])
        words = NUMBER_WORDS.get(gap, str(gap))
        parts: list[tuple[str, dict[str, Any]]] = [("gap_1" if gap == 1 else "gap_n", {"gap": gap, "words": words})]
        importance = _number(row.get("importance"))
        if importance is None:
            parts.append(("importance_unknown", {}))
        else:
            rounded = math.floor(importance + 0.5)
            key = {5: "importance_high", 4: "importance_4", 3: "importance_3"}.get(min(rounded, 5), "importance_low")
            parts.append((key, {}))
        pain_points = int(_number(row.get("pain_points")) or 0)
        if pain_points:
            parts.append(("pain_1" if pain_points == 1 else "pain_n", {"count": pain_points}))
        effort = _number(row.get("effort"))
        parts.append(("effort", {"days": f"{effort:.0f}"}) if effort is not None else ("effort_unknown", {}))
        reasons[process] = PriorityReason(process, ranks[process], len(ranks), tuple(parts))
    return reasons
