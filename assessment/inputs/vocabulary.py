"""The words a file may use for a role, a method or an answer: its id, or its name in Chinese or in English.

`流程负责人`, `Process owner` and `process_owner` are the same role; `2`, `2 · 部分实施` and `Partially in place`
the same answer. Words are compared without case and with the spaces around `·` ignored. An answer of `[clear]`
(`[清除]`) takes an earlier answer away; a blank cell is no answer at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from assessment.messages import METHOD_LABELS, UNSCORED_LABELS
from assessment.questionnaire.model import (
    ACHIEVEMENT_SCALE,
    FORMER_ACHIEVEMENT_LABELS,
    UNSCORED_ANSWERS,
    Questionnaire,
    ScaleOption,
)

CLEAR = "[clear]"  # the answer that takes an earlier one away
CLEAR_WORDS = ("[clear]", "[清除]")
_AROUND_DOT = re.compile(r"\s*[·・]\s*")
_SPACES = re.compile(r"\s+")


def normal(text: str) -> str:
    """A word as it is compared: no case, one space between words, none around `·`."""
    return _AROUND_DOT.sub("·", _SPACES.sub(" ", text.strip())).casefold()


def words(names: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """normal(word) -> what it stands for, from (canonical, its words) pairs (the canonical is a word too)."""
    found: dict[str, str] = {}
    for canonical, also in names:
        for word in (canonical, *also):
            if word:
                found.setdefault(normal(word), canonical)
    return found


def role_words(questionnaire: Questionnaire) -> dict[str, str]:
    return words((role.id, (role.label.zh, role.label.en)) for role in questionnaire.roles)


# the methods a form to fill offers: every stated one but the web survey, which is answered online
FILLED_IN = tuple(method for method in METHOD_LABELS if method and method != "web survey")


def method_words() -> dict[str, str]:
    return words((method, labels) for method, labels in METHOD_LABELS.items() if method)


def answer_words(options: Sequence[ScaleOption]) -> dict[str, str]:
    """The words of a scale's answers: the key, each label, `key · label` in either language; na, unknown; clear.

    The built-in scale also takes the names its options had in library 1.0 ("4 · Fully in place, evidenced").
    """
    pairs = []
    for option in options:
        labels = [option.label.zh, option.label.en]
        if option in ACHIEVEMENT_SCALE:
            labels += FORMER_ACHIEVEMENT_LABELS.get(option.key, ())
        pairs.append((option.key, [*labels, *(f"{option.key} · {label}" for label in labels if label)]))
    pairs += _unscored_pairs()
    pairs.append((CLEAR, CLEAR_WORDS))
    return words(pairs)


def unscored_words() -> dict[str, str]:
    """For items not on a scale (text, numbers): na, unknown and clear, by id or name."""
    return words([*_unscored_pairs(), (CLEAR, CLEAR_WORDS)])


def _unscored_pairs() -> list[tuple[str, tuple[str, ...]]]:
    """na and unknown with their names; 不清楚 is read as 不知道 (files written before the one word)."""
    return [(key, (*UNSCORED_LABELS[key], *(("不清楚",) if key == "unknown" else ()))) for key in UNSCORED_ANSWERS]


def resolve(values: pd.Series, known: Mapping[str, str]) -> pd.Series:
    """Each value as what it stands for, or as it is when it is no known word."""
    return values.map(lambda value: known.get(normal(value), value)).astype("str")


def resolves(values: pd.Series, known: Mapping[str, str]) -> pd.Series:
    """Whether each value is a known word (empty values count as known: they mean nothing is stated)."""
    return values.map(lambda value: value == "" or normal(value) in known).astype(bool)
