"""What the context and consensus pages show: new record keys, pass rates, answers to disputed items."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from assessment.analysis.consensus_views import answer_counts, item_answers, role_extremes
from assessment.analysis.context_views import next_record_key, walkthrough_pass_rates
from assessment.analysis.scored import score_files

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["pp-01", "pp-06"], "pp-07"),  # the numbering goes on after the highest
        (["pp-9"], "pp-10"),
        (["a1", "a2", "b-09"], "a3"),  # the prefix most keys share
        (["itsm-platform", "cmdb"], "tools-03"),  # no numbering: the section's own
        (["tools-01", "cmdb"], "tools-02"),
        ([], "tools-01"),
    ],
)
def test_a_new_list_record_gets_the_next_free_key(keys, expected):
    assert next_record_key(keys, "tools") == expected


def test_pass_rates_follow_the_checks_given_and_count_a_check_without_samples():
    results = pd.DataFrame(
        {
            "check": ["C-a", "C-a", "C-a", "C-b", "X-a"],
            "sample": ["s1", "s2", "s3", "s1", "s1"],
            "passed": [True, False, True, False, True],
        }
    )
    rates = walkthrough_pass_rates(results, ["C-b", "C-a", "C-c"])
    assert rates.drop(columns="rate").values.tolist() == [["C-b", 1, 0, 1], ["C-a", 3, 2, 1], ["C-c", 0, 0, 0]]
    assert rates["rate"].tolist()[:2] == [0.0, pytest.approx(2 / 3)]
    assert math.isnan(rates["rate"].iloc[2])
    assert walkthrough_pass_rates(results.iloc[0:0], ["C-a"]).drop(columns="rate").values.tolist() == [["C-a", 0, 0, 0]]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    rows = [
        ("张伟", "process_owner", "INC-1-01", "4"),
        ("张伟", "process_owner", "INC-1-02", "2"),
        ("Li Na", "process_executor", "INC-1-01", "0"),
        ("Li Na", "process_executor", "INC-1-02", "2"),
        ("王芳", "process_executor", "INC-1-01", "1"),
        ("赵强", "key_user", "INC-1-01", "unknown"),
        ("赵强", "key_user", "INC-1-03", "na"),
    ]
    path = tmp_path_factory.mktemp("answers") / "answers.csv"
    lines = ["respondent,role,unit,method,item,answer"] + [
        f"{r},{role},北京,interview,{i},{a}" for r, role, i, a in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return score_files(ROOT / "questionnaires" / "itsm-core", path)


def test_answer_counts_per_item_in_scale_order(scored):
    counts = answer_counts(scored, ["INC-1-01", "INC-1-02", "INC-1-04"])
    assert list(counts.columns) == ["0", "1", "2", "3", "4", "na", "unknown"]
    assert counts.loc["INC-1-01"].tolist() == [1, 1, 0, 0, 1, 0, 1]
    assert counts.loc["INC-1-02"].tolist() == [0, 0, 2, 0, 0, 0, 0]
    assert counts.loc["INC-1-04"].tolist() == [0] * 7  # nobody answered: a row of zeros


def test_item_answers_carry_only_the_items_asked_with_roles(scored):
    answers = item_answers(scored, ["INC-1-01"])
    assert sorted(answers["respondent"]) == sorted(["张伟", "Li Na", "王芳", "赵强"])
    assert set(answers["item"].astype(str)) == {"INC-1-01"}
    assert dict(zip(answers["respondent"], answers["role"], strict=True))["赵强"] == "key_user"


def test_role_extremes_name_the_roles_furthest_apart(scored):
    extremes = role_extremes(item_answers(scored, ["INC-1-01", "INC-1-02"])).set_index("item")
    first = extremes.loc["INC-1-01"]
    # the key user only said "don't know": not a scored answer, not a role in the comparison
    assert (first["roles"], first["lowest_role"], first["highest_role"]) == (2, "process_executor", "process_owner")
    assert (first["lowest"], first["highest"]) == (0.125, 1.0)
    second = extremes.loc["INC-1-02"]
    assert (second["roles"], second["lowest"], second["highest"]) == (2, 0.5, 0.5)
