"""The consensus and units page: the demo's flagged items, and settling one with a reason and an audit entry."""

from __future__ import annotations

import json
import re

import pytest

from app_pages.common import has_cjk
from assessment.analysis.analyse import assessment_findings
from assessment.analysis.scored import score_assessment
from assessment.workspace.queries import audit_of, decisions_of
from tests.app.conftest import start


def flagged_table(app):
    return app.dataframe[0].value


def agreed(app):
    """The radio of the agreed achievement of the item chosen in the reconciliation form."""
    (found,) = [radio for radio in app.radio if radio.label in ("Agreed achievement *", "商定的实现程度 *")]
    return found


def test_the_demo_flagged_items_are_listed_widest_spread_first(demo_db):
    app = start("consensus", assessment=demo_db.demo_id)
    assert not app.exception
    table = flagged_table(app)
    flagged = len(assessment_findings(demo_db.workspace, demo_db.demo_id).flagged)
    assert flagged >= 10  # the demo's planted disagreements, and a few by chance
    assert len(table) == flagged  # every flagged item, none pending a decision yet
    first = table.iloc[0]
    assert (first["题目"], first["流程"], first["状态"]) == ("PRB-2-02", "问题管理", "待协调")
    assert (first["离散度"], first["计分答案数"]) == (pytest.approx(0.475), 7)  # docs/analysis.md: the widest
    assert first["标记原因"].startswith("离散度 0.47 > 0.25（7 个计分答案）；角色：")
    assert table["离散度"].is_monotonic_decreasing
    text = score_assessment(demo_db.workspace, demo_db.demo_id).questionnaire.item_index()["PRB-2-02"][1].text
    assert first["实践内容"] == text.get("zh")  # the item's text in the interface language, next to its id
    assert list(table.columns[:3]) == ["题目", "实践内容", "状态"]
    assert app.selectbox(key="consensus_item").value == "PRB-2-02"
    assert app.tabs[0].label == f"分歧项（{flagged} 项待协调）"
    charts = len(app.get("plotly_chart"))  # the units chart; the chart of answers only when asked
    app.toggle(key="consensus_chart").set_value(True).run()
    assert not app.exception
    assert len(app.get("plotly_chart")) == charts + 1
    (chart,) = [c for c in app.get("plotly_chart") if c.proto.id.endswith("consensus_distribution")]
    shown = json.loads(chart.proto.spec)["data"][0]["y"][0]
    assert shown.startswith(f"PRB-2-02 · {first['实践内容'][:12]}")  # named, not only an id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_answers_given_to_a_flagged_item_are_counted_under_their_names(demo_db, lang):
    scored = score_assessment(demo_db.workspace, demo_db.demo_id)
    given = scored.responses.answers
    given = given[(given["item"] == "PRB-2-02") & (given["answer"] != "")]["answer"].value_counts()
    scale = {o.key: o.label.get(lang) for o in scored.questionnaire.all_scales()["achievement"]}
    unscored = {"zh": {"na": "不适用", "unknown": "不知道"}, "en": {"na": "not applicable", "unknown": "don't know"}}
    app = start("consensus", lang=lang, assessment=demo_db.demo_id)
    table = flagged_table(app).set_index("题目" if lang == "zh" else "Item")
    mix = table.loc["PRB-2-02", "各答案的人数（答案 ×人数）" if lang == "zh" else "Answers given (answer ×count)"]
    parts = mix.split("；" if lang == "zh" else "; ")
    named = {key: f"{key} · {scale[key]}" if key in scale else unscored[lang][key] for key in given.index}
    assert sorted(parts) == sorted(f"{named[key]} ×{n}" for key, n in given.items())
    assert all(re.fullmatch(r"(\d · \S.*|不适用|不知道|not applicable|don't know) ×\d+", part) for part in parts)


def test_the_agreed_value_starts_unchosen_and_saving_without_one_is_refused(demo_db):
    app = start("consensus", lang="en", assessment=demo_db.demo_id, user="Li Consultant")
    assert agreed(app).value is None  # nothing chosen for the consultant: a value is picked deliberately
    app.text_area(key="consensus_reason_PRB-2-02").input("Workshop with both sites")
    app.button(key="consensus_reconcile").click().run()
    assert not app.exception
    assert [error.value for error in app.error] == ["choose the agreed achievement first: nothing is chosen yet"]
    assert decisions_of(demo_db.workspace, demo_db.demo_id).empty
    assert audit_of(demo_db.workspace, demo_db.demo_id, entity="item").empty

    agreed(app).set_value("2").run()
    app.selectbox(key="consensus_item").set_value("CHG-2-07").run()  # another item: nothing chosen again
    assert agreed(app).value is None
    assert app.text_area(key="consensus_reason_CHG-2-07").value == ""  # nor the other item's reason
    app.selectbox(key="consensus_item").set_value("PRB-2-02").run()
    assert agreed(app).value is None
    assert decisions_of(demo_db.workspace, demo_db.demo_id).empty


def test_settling_an_item_stores_the_decision_audits_it_and_rescores(demo_db):
    app = start("consensus", assessment=demo_db.demo_id, user="顾问甲")
    assert "consensus_author" not in [widget.key for widget in app.text_input]  # the signed-in user is the author
    agreed(app).set_value("2")
    app.text_area(key="consensus_reason_PRB-2-02").input("复核问题台账：只有重大问题指定了负责人")
    app.button(key="consensus_reconcile").click().run()
    assert not app.exception
    assert not app.error

    decisions = decisions_of(demo_db.workspace, demo_db.demo_id)
    assert decisions.loc[:, ["item", "achievement", "reason", "author"]].values.tolist() == [
        ["PRB-2-02", 0.5, "复核问题台账：只有重大问题指定了负责人", "顾问甲"]
    ]
    audit = audit_of(demo_db.workspace, demo_db.demo_id, entity="item")
    assert audit.loc[:, ["actor", "action", "key"]].values.tolist() == [["顾问甲", "reconcile", "PRB-2-02"]]
    assert audit["after"].iloc[0] == {"achievement": 0.5, "reason": "复核问题台账：只有重大问题指定了负责人"}

    shown = {tuple(frame.value.columns): frame.value for frame in app.dataframe}
    reconciliations = next(frame for columns, frame in shown.items() if "理由" in columns)
    assert reconciliations["题目"].tolist() == ["PRB-2-02"]
    assert reconciliations["作者"].tolist() == ["顾问甲"]
    log = next(frame for columns, frame in shown.items() if "操作人" in columns)
    assert log["之后"].tolist() == ["50% · 复核问题台账：只有重大问题指定了负责人"]  # achievements as percentages
    row = flagged_table(app).set_index("题目").loc["PRB-2-02"]
    assert (row["状态"], row["实现程度"]) == ("已协调", 0.5)  # the agreed value replaces the average
    assert app.text_area(key="consensus_reason_PRB-2-02").value == ""


def test_settling_without_a_reason_shows_the_problem_and_stores_nothing(demo_db):
    app = start("consensus", lang="en", assessment=demo_db.demo_id, user="Li Consultant")
    app.selectbox(key="consensus_item").set_value("CHG-2-07").run()
    agreed(app).set_value("other").run()
    app.number_input(key="consensus_value_CHG-2-07").set_value(60)  # typed as a percentage
    app.button(key="consensus_reconcile").click().run()
    assert not app.exception
    assert [error.value for error in app.error] == ["a reconciliation needs a reason and an author"]
    assert decisions_of(demo_db.workspace, demo_db.demo_id).empty
    assert audit_of(demo_db.workspace, demo_db.demo_id, entity="item").empty
    assert flagged_table(app).set_index("Item").loc["CHG-2-07", "Status"] == "open"

    # with a reason, the value off the scale is stored under the signed-in user's name
    app.text_area(key="consensus_reason_CHG-2-07").input("Site visits: the R&D centre has no change records")
    app.button(key="consensus_reconcile").click().run()
    assert not app.error
    decisions = decisions_of(demo_db.workspace, demo_db.demo_id)
    assert decisions.loc[:, ["item", "achievement", "author"]].values.tolist() == [["CHG-2-07", 0.6, "Li Consultant"]]


def test_english_labels_carry_no_chinese(demo_db):
    app = start("consensus", lang="en", assessment=demo_db.demo_id)
    assert not app.exception
    labels = [app.title[0].value] + [element.value for element in app.subheader] + [tab.label for tab in app.tabs]
    for kind in ("selectbox", "radio", "text_input", "text_area", "button"):
        labels += [element.label for element in app.get(kind)]
    labels += list(agreed(app).options)
    for frame in app.dataframe:
        labels += [
            column for column in frame.value.columns if column not in ("北京总部", "上海数据中心", "深圳研发中心")
        ]
    assert [label for label in labels if has_cjk(label)] == []
