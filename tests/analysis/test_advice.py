"""The advice names exactly the practices that hold the next level back, by their short text, in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from assessment.analysis.advice import NAMED, advise, blocking_level, priority_reasons, short_texts, shorten
from assessment.questionnaire.model import Questionnaire
from scoring.maturity import score_maturity
from tests.scoring_tables import answers, items

# change: two items on each of the levels 1-4, one on level 5; the texts say what each is
LEVEL_ITEMS = {1: ["C1a", "C1b"], 2: ["C2a", "C2b"], 3: ["C3a", "C3b"], 4: ["C4a", "C4b"], 5: ["C5a"]}
ITEMS = items(*[(item, "change", level) for level, ids in LEVEL_ITEMS.items() for item in ids])


def questionnaire(extra: dict | None = None) -> Questionnaire:
    """A questionnaire of the change items above: each item's text is "Practice <id> (an aside in brackets)"."""
    process_items = [
        {"id": item, "level": level, "text": {"en": f"Practice {item} (an aside)", "zh": f"实践 {item}（说明）"}}
        for level, ids in LEVEL_ITEMS.items()
        for item in ids
    ]
    data = {
        "id": "tiny",
        "version": "1.0",
        "title": {"en": "Tiny", "zh": "小问卷"},
        "processes": [{"id": "change", "name": {"en": "Change", "zh": "变更"}, "items": process_items}],
        **(extra or {}),
    }
    return Questionnaire.model_validate(data)


def scored(table: dict[str, list], rule: str = "iso33020", target: int = 3):
    return score_maturity(ITEMS, answers(table), rule=rule, targets={"change": target})


def listed(advice) -> list[str]:
    return [entry.item for entry in advice.items]


def test_iso_the_next_level_alone_lists_its_items_at_or_below_50_percent():
    # level 1 F, level 2 F, level 3 P (C3a 25%, C3b 75%: mean 50%): level 2; level 3 needs L
    result = scored({"C1a": ["4"], "C1b": ["4"], "C2a": ["4"], "C2b": ["4"], "C3a": ["1"], "C3b": ["3"]})
    advice = advise(result, questionnaire(), "change")
    assert (advice.level, advice.next, advice.blocking, advice.needs) == (2, 3, 3, 0.5)
    assert listed(advice) == ["C3a"]
    assert advice.render("en") == ["To reach level 3: raise this practice above 50%: Practice C3a (25%)."]
    assert advice.render("zh") == ["要达到第 3 级：须将以下 1 项实践提高到 50% 以上：实践 C3a（25%）。"]


def test_iso_a_level_below_not_fully_achieved_comes_first_and_the_next_level_then():
    # level 1 L (C1a 50%, C1b 100%: 75%), level 2 P: level 1, and level 2 cannot count while level 1 is only L
    result = scored({"C1a": ["2"], "C1b": ["4"], "C2a": ["1"], "C2b": ["3"]}, target=2)
    advice = advise(result, questionnaire(), "change")
    assert (advice.level, advice.next, advice.blocking, advice.needs) == (1, 2, 1, 0.85)
    assert listed(advice) == ["C1a"]
    assert [entry.item for entry in advice.then] == ["C2a"]
    assert advice.render("en") == [
        "To reach level 2, level 1 must first be fully achieved (above 85%; 75% today), and level 2 at least "
        "largely achieved.",
        "First bring level 1 to fully achieved: raise this practice above 85%: Practice C1a (50%).",
        "Then raise this practice of level 2 above 50%: Practice C2a (25%).",
    ]
    assert advice.render("zh")[1] == "首先使第 1 级完全达到：将以下 1 项实践提高到 85% 以上：实践 C1a（50%）。"


def test_c2m2_lists_every_answered_item_of_the_next_level_at_or_below_50_percent():
    # level 1 above 50% item by item; level 2 has one item at exactly 50% (refused) and one at 75%
    table = {"C1a": ["3"], "C1b": ["4"], "C2a": ["2"], "C2b": ["3"], "C3a": ["0"]}
    result = scored(table, rule="c2m2", target=4)
    advice = advise(result, questionnaire(), "change")
    assert (advice.level, advice.blocking, advice.needs) == (1, 2, 0.5)
    assert listed(advice) == ["C2a"]
    en = advice.render("en")
    assert en[0] == "To reach level 2: raise this practice above 50%: Practice C2a (50%)."
    # towards the target (two levels further): C2a, C3a on levels 1-4 below 50%; C3b, C4a, C4b have no answer
    assert en[1] == (
        "To reach the target level 4: 2 practices in all to raise on levels 1–4, and 3 without a scored answer to "
        "get answers to."
    )


def test_a_level_without_a_scored_answer_asks_for_answers_and_lists_nothing_to_raise():
    result = scored({"C1a": ["4"], "C1b": ["4"], "C2a": ["4"], "C2b": ["4"], "C3a": ["unknown"]})
    advice = advise(result, questionnaire(), "change")
    assert (advice.level, advice.blocking) == (2, 3)
    assert listed(advice) == []
    assert advice.render("en") == [
        "To reach level 3: level 3 is not rated yet, as it has 2 practices and no scored answer. Get answers to "
        "them first: Practice C3a; Practice C3b."
    ]


def test_unanswered_items_of_a_rated_level_are_named_apart_and_not_applicable_ones_not_at_all():
    table = {"C1a": ["4"], "C1b": ["4"], "C2a": ["4"], "C2b": ["4"], "C3a": ["1"], "C3b": ["na"]}
    items_with_more = pd.concat([ITEMS, items(("C3c", "change", 3))], ignore_index=True)
    result = score_maturity(items_with_more, answers({**table, "C3c": ["unknown"]}))
    advice = advise(result, questionnaire(), "change")
    assert listed(advice) == ["C3a"]
    assert advice.unanswered == ("C3c",)  # C3b: every respondent said it does not apply
    assert advice.render("en")[1] == "Also get answers on level 3: 1 practice without a scored answer yet (C3c)."


def test_level_5_is_the_top_and_nothing_is_listed():
    result = scored({item: ["4"] for ids in LEVEL_ITEMS.values() for item in ids}, target=5)
    advice = advise(result, questionnaire(), "change")
    assert (advice.level, advice.next, advice.blocking, advice.items) == (5, None, None, ())
    assert blocking_level(result, "change") is None
    assert advice.render("en") == ["Level 5, the highest level, is reached: keep its practices in place."]


def test_a_long_list_names_the_first_practices_and_counts_the_rest_but_keeps_them_all():
    many = [f"C1{letter}" for letter in "abcdefghijkl"]
    frame = items(*[(item, "change", 1) for item in many])
    result = score_maturity(frame, answers({item: ["1"] for item in many}))
    advice = advise(result, questionnaire(), "change")
    assert listed(advice) == many
    sentence = advice.render("en")[0]
    assert sentence.count("(25%)") == NAMED
    assert sentence.endswith(f" and {len(many) - NAMED} more.")
    assert advice.render("zh")[0].endswith(f"（25%）等，另有 {len(many) - NAMED} 项。")


def test_the_short_text_is_the_shared_practices_label_else_the_items_text_without_asides():
    extra = {"practices": [{"id": "owner", "label": {"en": "Process owner appointed", "zh": "已任命流程负责人"}}]}
    base = questionnaire(extra)
    data = base.model_dump(exclude_none=True)
    data["processes"][0]["items"][0]["practice"] = "owner"
    texts = short_texts(Questionnaire.model_validate(data))
    assert texts["C1a"] == ("Process owner appointed", "已任命流程负责人")
    assert texts["C1b"] == ("Practice C1b", "实践 C1b")
    long = "Changes to the production environment are approved by someone with the authority to do so before"
    assert shorten(long, "en") == "Changes to the production environment are approved by someone with the…"
    assert len(shorten("生产环境的变更在实施前经过有权限的负责人审批并记录在案，审批意见可追溯到具体的人", "zh")) <= 30


def test_an_item_the_questionnaire_does_not_know_is_named_by_its_id():
    result = scored({"C1a": ["4"], "C1b": ["4"], "C2a": ["4"], "C2b": ["4"], "C3a": ["1"], "C3b": ["3"]})
    empty = Questionnaire.model_validate({"id": "none", "version": "1", "title": {"en": "N", "zh": "无"}})
    assert advise(result, empty, "change").render("en")[0].endswith(": C3a (25%).")


def test_an_unknown_process_is_a_key_error():
    with pytest.raises(KeyError):
        advise(scored({"C1a": ["4"]}), questionnaire(), "nope")


PRIORITIES = pd.DataFrame(
    {
        "process": ["change", "incident", "problem", "release"],
        "gap": [3, 1, 1, 0],
        "importance": [5.0, None, 2.0, 3.0],
        "pain_points": [3, 1, 0, 0],
        "effort": [120.0, None, 40.0, 0.0],
        "rank": [1, 2, 3, 4],
    }
)


def test_a_priority_is_a_rank_among_the_processes_with_a_gap_and_a_reason_in_plain_words():
    reasons = priority_reasons(PRIORITIES)
    assert reasons["release"] is None  # at its target
    change = reasons["change"]
    assert (change.rank, change.of) == (1, 3)
    assert change.line("en") == (
        "Rank 1 of 3: three levels below target, the business rates it very important, 3 pain points name it, "
        "about 120 person-days to close."
    )
    assert (
        change.line("zh")
        == "第 1 位（共 3 个）：低于目标 3 级，业务重要性很高，3 个痛点涉及该流程，弥补差距约需 120 人天。"
    )
    assert reasons["incident"].reason("en") == (
        "one level below target, its business importance is not recorded, 1 pain point names it, no action of the "
        "library closes it yet"
    )
    assert reasons["problem"].sentence("en") == (
        "One level below target, of low importance to the business, about 40 person-days to close."
    )
