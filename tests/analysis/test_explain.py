"""Why a process has its level: the explanation follows each rule exactly (docs/scoring.md §4)."""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest

from assessment.analysis.explain import explain_level, level_answers, level_items
from assessment.analysis.reassessment import item_ratings, rating_moves
from assessment.exports.comparison_files import comparison_csv, comparison_xlsx
from assessment.inputs.responses import Responses
from scoring.comparison import compare
from scoring.maturity import score_maturity
from tests.scoring_tables import answers, items

# docs/scoring.md §7: level 1 F, level 2 L, level 3 P (one item at 0.50 on level 2)
WORKED_ITEMS = items(
    ("C1a", "change", 1), ("C1b", "change", 1),
    ("C2a", "change", 2), ("C2b", "change", 2), ("C2c", "change", 2),
    ("C3a", "change", 3), ("C3b", "change", 3),
    ("C4a", "change", 4), ("C5a", "change", 5),
)  # fmt: skip
WORKED_ANSWERS = answers(
    {"C1a": ["4"], "C1b": ["4"], "C2a": ["4"], "C2b": ["3"], "C2c": ["2"], "C3a": ["1"], "C3b": ["2"]}
)


def explained(table: dict[str, list], rule: str = "iso33020", agreed: dict | None = None):
    result = score_maturity(WORKED_ITEMS, answers(table), rule=rule, agreed=agreed)
    return result, explain_level(result, "change")


def test_worked_example_under_iso33020_names_level_2_and_the_p_that_stops_level_3():
    result = score_maturity(WORKED_ITEMS, WORKED_ANSWERS)
    explanation = explain_level(result, "change")
    assert explanation.level == 2 == result.processes["level"].iloc[0]
    assert explanation.render("en") == [
        "Level 2 is the highest level rated L or F with every level below it rated F.",
        "Level 3 cannot count: level 2 is rated L, and every level below a counted level must be rated F.",
        "Level 3 is rated P (37.5%); it needs L or F (above 50%).",
    ]
    assert explanation.render("zh")[0] == "第 2 级是评定为 L 或 F、且其下各级均评定为 F 的最高等级。"
    assert explanation.levels["rating"].tolist() == ["F", "L", "P", None, None]
    assert explanation.levels["achieved"].tolist() == [True, True, False, False, False]
    assert explanation.levels["items"].tolist() == [2, 3, 2, 1, 1]
    assert explanation.levels["answered"].tolist() == [2, 3, 2, 0, 0]


def test_worked_example_under_c2m2_names_the_item_at_50_percent():
    result = score_maturity(WORKED_ITEMS, WORKED_ANSWERS, rule="c2m2")
    explanation = explain_level(result, "change")
    assert explanation.level == 1 == result.processes["level"].iloc[0]
    assert explanation.render("en") == [
        "Level 1 is the highest level up to which every level is rated and every answered item has an "
        "achievement above 50%.",
        "Level 2 is not achieved: 1 of its answered items have an achievement of 50% or less: C2c.",
    ]
    assert explanation.levels["weak"].tolist() == [0, 1, 2, 0, 0]


@pytest.mark.parametrize(
    ("table", "rule", "level", "second"),
    [
        # level 1 only L: level 2, rated F, cannot count
        (
            {"C1a": ["3"], "C1b": ["3"], "C2a": ["4"], "C2b": ["4"], "C2c": ["4"]},
            "iso33020",
            1,
            "Level 2 cannot count: level 1 is rated L, and every level below a counted level must be rated F.",
        ),
        # nothing answered on level 1
        ({"C2a": ["4"]}, "iso33020", 0, "Level 1 is not rated: none of its 2 items has a scored answer."),
        (
            {"C1a": ["na"], "C1b": ["unknown"]},
            "c2m2",
            0,
            "Level 1 is not rated: none of its 2 items has a scored answer.",
        ),
        # level 1 P
        ({"C1a": ["2"], "C1b": ["1"]}, "iso33020", 0, "Level 1 is rated P (37.5%); it needs L or F (above 50%)."),
    ],
)
def test_what_stops_the_next_level(table, rule, level, second):
    result, explanation = explained(table, rule)
    assert explanation.level == level == result.processes["level"].iloc[0]
    assert explanation.render("en")[1] == second
    zero = {"iso33020": "Level 0: no level is rated L or F", "c2m2": "Level 0: level 1 is not achieved"}[rule]
    assert explanation.render("en")[0].startswith(zero) == (level == 0)


def test_higher_levels_rated_well_but_not_counted_are_named():
    table = {"C1a": ["4"], "C1b": ["4"], "C2a": ["1"], "C3a": ["4"], "C4a": ["3"], "C5a": ["1"]}
    _, explanation = explained(table)
    assert explanation.level == 1
    assert explanation.render("en")[2] == (
        "Level 3, 4 is rated L or F but does not count: a level counts only when every level below it is rated F."
    )


def test_level_5_is_the_top_and_a_reconciled_item_counts_with_its_agreed_achievement():
    table = {item: ["4"] for item in WORKED_ITEMS["item"]}
    table["C3a"] = ["0", "4", "4"]  # P on its own; the consultant settles it at 1.0
    result, explanation = explained(table, agreed={"C3a": 1.0})
    assert explanation.level == 5
    assert explanation.render("en")[1] == "Level 5 is the highest level there is."
    shown = level_items(result, "change", 3).set_index("item")
    assert shown.loc["C3a", "agreed"]
    assert not shown.loc["C3b", "agreed"]
    assert shown.loc["C3a", "achievement"] == 1.0
    assert shown.loc["C3a", "answers"] == 3
    assert shown.loc["C3a", "spread"] > 0.4


def test_level_items_count_unscored_answers_and_mark_items_at_or_below_half():
    table = {"C2a": ["4", "na", "unknown"], "C2b": ["2", ""], "C2c": []}
    result, _ = explained(table)
    shown = level_items(result, "change", 2)
    assert shown["item"].tolist() == ["C2a", "C2b", "C2c"]
    assert shown[["na", "unknown", "empty"]].to_numpy().tolist() == [[1, 1, 0], [0, 0, 1], [0, 0, 0]]
    assert shown["rating"].tolist() == ["F", "P", None]
    assert shown["short"].tolist() == [False, True, False]
    assert math.isnan(shown["achievement"].iloc[2])


def test_level_answers_shows_each_respondents_answer_keys_in_the_order_they_were_added():
    frame = pd.DataFrame(
        {
            "respondent": ["b", "a", "a", "c"],
            "item": ["X", "X", "Y", "Z"],
            "answer": ["3", "na", "4", "1"],
            "comment": "",
            "evidence": "",
            "row": 0,
        }
    )
    people = pd.DataFrame(
        {"respondent": ["a", "b", "c"], "role": ["owner", "executor", ""], "unit": ["HQ", "DC", ""], "method": ""}
    )
    grid = level_answers(Responses(frame, people), ["X", "Y"])
    assert grid.to_dict("records") == [
        {"respondent": "a", "role": "owner", "unit": "HQ", "method": "", "X": "na", "Y": "4"},
        {"respondent": "b", "role": "executor", "unit": "DC", "method": "", "X": "3", "Y": ""},
    ]
    assert level_answers(Responses(frame, people), ["W"]).empty


def test_comparison_rating_moves_and_items_leave_out_sides_not_rated():
    before = score_maturity(WORKED_ITEMS, WORKED_ANSWERS)
    after = score_maturity(
        WORKED_ITEMS, answers({"C1a": ["4"], "C1b": ["4"], "C2a": ["4"], "C2b": ["4"], "C2c": ["4"]})
    )
    comparison = compare(before, after)
    assert rating_moves(comparison.levels) == {"change": "L2 L→F +1"}
    rated = item_ratings(comparison.items).set_index("item")
    assert rated.loc["C2c", ["rating_before", "rating_after", "rating_change", "moved"]].tolist() == ["P", "F", 2, True]
    assert rated.loc["C3a", ["rating_before", "moved"]].tolist() == ["P", False]  # not answered again: not a move
    assert rated["moved"].sum() == 2  # C2b L→F, C2c P→F


def test_comparison_files_keep_text_as_text():
    frame = pd.DataFrame(
        {
            "Process": ['=HYPERLINK("http://x")', "变更管理"],
            "Level": pd.array([1, None], dtype="Int64"),
            "Score": [1.5, 2.0],
        }
    )
    text = comparison_csv(frame).decode("utf-8-sig")
    assert text.splitlines() == ["Process,Level,Score", '"\'=HYPERLINK(""http://x"")",1,1.5', "变更管理,,2.0"]
    workbook = openpyxl.load_workbook(io.BytesIO(comparison_xlsx({"流程": frame})))
    sheet = workbook["流程"]
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"  # text, not a formula
    assert [sheet["B2"].value, sheet["B3"].value, sheet["C3"].value] == [1, None, 2]
