"""The demo's advice is checked against the scoring: for each process, the practices it lists are exactly the items
below the threshold on the blocking level, found here again from the item achievements alone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assessment.analysis.advice import NAMED, advice_of, percent, short_texts
from assessment.analysis.scored import engine_answers, items_frame, score_assessment
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from scoring.maturity import score_maturity


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('advice')}/d.db")
    scored = score_assessment(workspace, load_demo(workspace))
    workspace.dispose()
    return scored


def result_under(scored, rule: str):
    """The demo scored under `rule` (its own rule is ISO/IEC 33020), with its targets."""
    if rule == scored.result.rule:
        return scored.result
    questionnaire = scored.questionnaire
    targets = dict(zip(scored.result.processes["process"], scored.result.processes["target"], strict=True))
    return score_maturity(
        items_frame(questionnaire), engine_answers(questionnaire, scored.responses), rule=rule, targets=targets
    )


def expected_practices(items: pd.DataFrame, rule: str) -> tuple[int, int | None, list[str]]:
    """(level, blocking level, the items to list) of one process, from its items' achievements and weights only."""
    achievement = items["achievement"].round(9)
    answered = achievement.notna()
    rating, weak = {}, {}
    for level in range(1, 6):
        on = (items["level"] == level) & answered
        weights = items.loc[on, "weight"]
        mean = round(float((weights * achievement[on]).sum() / weights.sum()), 9) if on.any() else None
        rating[level] = (
            None if mean is None else "N" if mean <= 0.15 else "P" if mean <= 0.5 else "L" if mean <= 0.85 else "F"
        )
        weak[level] = bool((achievement[on] <= 0.5).any())
    level = 0
    if rule == "iso33020":
        for k in range(1, 6):
            if rating[k] in ("L", "F") and all(rating[j] == "F" for j in range(1, k)):
                level = k
        below_fully = [k for k in range(1, level + 1) if rating[k] != "F"]
        blocking = below_fully[0] if below_fully else level + 1
        threshold = 0.85 if blocking <= level else 0.5
    else:
        while level < 5 and rating[level + 1] is not None and not weak[level + 1]:
            level += 1
        blocking, threshold = level + 1, 0.5
    if level == 5:
        return level, None, []
    chosen = items[(items["level"] == blocking) & answered & (achievement <= threshold)]
    return level, blocking, chosen["item"].tolist()


@pytest.mark.parametrize("rule", ["iso33020", "c2m2"])
def test_each_process_lists_exactly_the_items_below_the_threshold_on_its_blocking_level(demo, rule):
    result = result_under(demo, rule)
    advice = advice_of(result, demo.questionnaire)
    texts = short_texts(demo.questionnaire)
    checked = 0
    for process, found in advice.items():
        level, blocking, expected = expected_practices(result.items[result.items["process"] == process], rule)
        assert (found.level, found.blocking) == (level, blocking), process
        assert [entry.item for entry in found.items] == expected, process
        if not expected:
            continue
        checked += 1
        for lang, index in (("en", 0), ("zh", 1)):
            sentences = " ".join(found.render(lang))
            for entry in found.items[:NAMED]:  # each named by its short text with today's achievement
                assert texts[entry.item][index] in sentences
                assert percent(entry.achievement) in sentences
            if len(expected) > NAMED:
                more = f"and {len(expected) - NAMED} more" if lang == "en" else f"另有 {len(expected) - NAMED} 项"
                assert more in sentences
            count = f"{len(expected)} practices" if lang == "en" else f"以下 {len(expected)} 项实践"
            assert count in sentences or len(expected) == 1
    assert checked >= 5  # the demo's processes below level 5 have something to raise


def test_the_demo_holds_back_a_process_at_a_level_below_the_next_one(demo):
    """The demo's change management: level 1 only largely achieved, so level 2 cannot count; the advice says first."""
    advice = advice_of(demo.result, demo.questionnaire)["change"]
    assert (advice.level, advice.next, advice.blocking) == (1, 2, 1)
    en = advice.render("en")
    assert en[0].startswith("To reach level 2, level 1 must first be fully achieved (above 85%")
    assert en[1].startswith("First bring level 1 to fully achieved: raise these ")
    assert any(sentence.startswith("To reach the target level 4: ") for sentence in en)
    achievement = demo.result.items.set_index("item")["achievement"]
    assert all(np.round(achievement[entry.item], 9) <= 0.85 for entry in advice.items)
