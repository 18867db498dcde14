"""The results page shows the stored assessment's scoring, explains each level, and never re-scores on a rerun."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import app_pages.common
import assessment.analysis.scored
from app_pages.common import CJK, _analysis, _findings_kept
from assessment.analysis.advice import NAMED, advise, percent, priority_reasons, short_texts
from assessment.analysis.analyse import analyse_assessment
from assessment.analysis.scored import score_assessment
from assessment.workspace.assessments import add_respondent
from assessment.workspace.recording import record_answer


def level_box(app):
    """The selectbox of "Items of level"."""
    (found,) = [box for box in app.selectbox if box.label == "Items of level"]
    return found


def rule_sentences(app) -> str:
    """The rule's sentences, in the expander "Why this level (the rule)"."""
    (box,) = [box for box in app.expander if box.label == "Why this level (the rule)"]
    return box.markdown[0].value


def table(app, column: str) -> pd.DataFrame:
    """The one table on the page with `column`."""
    found = [frame.value for frame in app.dataframe if column in frame.value.columns]
    assert len(found) == 1, [list(frame.value.columns) for frame in app.dataframe]
    return found[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_results_show_the_levels_and_scores_of_the_scoring_service(demo_db, open_page, lang):
    scored = score_assessment(demo_db.workspace, demo_db.demo_id)
    names = {p.id: p.name.get(lang) for p in scored.questionnaire.processes}
    expected = scored.result.processes
    item_ids = set(scored.result.items["item"])

    app = open_page("results", lang=lang, assessment=demo_db.demo_id)
    assert not app.exception, app.exception
    process, level, score, gap = (
        ("Process", "Level", "Score", "Gap") if lang == "en" else ("流程", "等级", "得分", "差距")
    )
    overview = table(app, gap)
    assert overview[process].tolist() == [names[p] for p in expected["process"]]
    assert overview[level].tolist() == expected["level"].tolist()
    assert overview[score].tolist() == pytest.approx(expected["score"].tolist())
    assert overview[gap].tolist() == expected["gap"].tolist()
    metrics = {metric.label: metric.value for metric in app.metric}
    respondents = "Respondents" if lang == "en" else "答卷人"
    assert metrics[respondents] == str(len(scored.responses.respondents))
    assert len(app.get("plotly_chart")) == 4  # radar, two heat maps, the answer distribution
    (chart,) = [c for c in app.get("plotly_chart") if c.proto.id.endswith("results_distribution")]
    index = scored.questionnaire.item_index()
    for label in json.loads(chart.proto.spec)["data"][0]["y"]:  # each item by its id and the start of its text
        item = label.split(" ")[0]
        assert label.startswith(f"{item} · {index[item][1].text.get(lang)[:10]}"), label

    # every text the page draws is in the interface language (the client's name in the caption is data)
    texts = [element.value for element in [*app.title, *app.subheader, *app.info, *app.markdown]]
    texts += [element.label for element in [*app.metric, *app.selectbox, *app.radio, *app.expander, *app.tabs]]
    texts += [str(column) for frame in app.dataframe for column in frame.value.columns if column not in item_ids]
    texts += [caption.value for caption in app.caption[1:]]
    assert texts
    if lang == "en":
        assert not [text for text in texts if CJK.search(text)]
    else:
        assert not [text for text in texts if not CJK.search(text)]


def test_why_this_level_names_the_level_and_lists_the_items_and_answers_of_the_chosen_level(demo_db, open_page):
    workspace, demo_id = demo_db.workspace, demo_db.demo_id
    add_respondent(workspace, demo_id, "秘密先生", role="process_owner", method="survey", anonymous=True)
    record_answer(workspace, demo_id, "秘密先生", "CHG-2-01", "unknown")
    scored = score_assessment(workspace, demo_id)
    result = scored.result
    level = int(result.processes.set_index("process").loc["change", "level"])

    app = open_page("results", lang="en", assessment=demo_id)
    app.selectbox(key="results_process").set_value("change").run()
    assert not app.exception, app.exception
    (advice,) = [info.value for info in app.info]
    assert advice.startswith(f"To reach level {level + 1}")
    why = rule_sentences(app)
    assert why.startswith(f"Level {level} is the highest level rated L or F with every level below it rated F.")
    assert f"Level {level + 1} " in why  # what stops the next level
    assert level_box(app).value == level + 1  # opens on the level that stops it

    level_box(app).set_value(2).run()
    items = table(app, "Scored answers")
    expected = result.items[(result.items["process"] == "change") & (result.items["level"] == 2)]
    assert items["Item"].tolist() == expected["item"].tolist()
    assert items["Scored answers"].tolist() == expected["answers"].tolist()
    assert (
        items.set_index("Item").loc["CHG-2-01", "Don't know"] == expected.set_index("item").loc["CHG-2-01", "unknown"]
    )
    answers = table(app, "Respondent")
    assert list(answers.columns[4:]) == expected["item"].tolist()
    assert "秘密先生" not in answers["Respondent"].tolist()
    anonymous = answers[answers["Respondent"].str.startswith("Anonymous")]
    assert anonymous["CHG-2-01"].tolist() == ["unknown"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_advice_names_the_practices_to_raise_and_the_rank_with_its_reason(demo_db, open_page, lang):
    analysis = analyse_assessment(demo_db.workspace, demo_db.demo_id)
    result, questionnaire = analysis.scored.result, analysis.scored.questionnaire
    advice = advise(result, questionnaire, "incident")  # level 3 of 4, with more practices to raise than are named
    app = open_page("results", lang=lang, assessment=demo_db.demo_id)
    app.selectbox(key="results_process").set_value("incident").run()
    assert not app.exception, app.exception

    (shown,) = [info.value for info in app.info]
    index = 0 if lang == "en" else 1
    texts = short_texts(questionnaire)
    assert len(advice.items) > NAMED
    for entry in advice.items[:NAMED]:
        assert texts[entry.item][index] in shown  # named by its short text, with today's achievement
        assert percent(entry.achievement) in shown
    first = "To reach level 4" if lang == "en" else "要达到第 4 级"
    assert shown.startswith(first)
    # the rank among the processes with a gap, and why, in plain words: no priority points
    rank = priority_reasons(analysis.priorities)["incident"]
    line = f"Rank {rank.rank} of {rank.of}: " if lang == "en" else f"第 {rank.rank} 位（共 {rank.of} 个）："
    (caption,) = [caption.value for caption in app.caption if line in caption.value]
    assert "one level below target" in caption if lang == "en" else "低于目标 1 级" in caption
    assert "priority" not in caption.lower()
    assert "优先级" not in caption
    (box,) = [box for box in app.expander if box.label.startswith("All " if lang == "en" else "全部 ")]
    listed = box.dataframe[0].value  # every practice to raise, not only those named
    assert listed.iloc[:, 0].tolist() == [entry.item for entry in advice.items]


def test_switching_the_process_explains_the_new_process_on_its_own_level(demo_db, open_page):
    result = score_assessment(demo_db.workspace, demo_db.demo_id).result
    levels = result.processes.set_index("process")["level"]
    app = open_page("results", lang="en", assessment=demo_db.demo_id)
    app.selectbox(key="results_process").set_value("change").run()
    level_box(app).set_value(5).run()
    assert table(app, "Scored answers")["Item"].str.startswith("CHG-5-").all()

    app.selectbox(key="results_process").set_value("problem").run()
    assert not app.exception, app.exception
    stops = int(levels["problem"]) + 1
    assert level_box(app).value == stops  # the problem's own level that stops it, not the 5 picked for change
    assert level_box(app).options[stops - 1].startswith(f"Level {stops} · ")
    assert rule_sentences(app).startswith(f"Level {levels['problem']} is the highest level")
    (advice,) = [info.value for info in app.info]
    assert advice.startswith(f"To reach level {stops}")
    expected = result.items[(result.items["process"] == "problem") & (result.items["level"] == stops)]
    assert table(app, "Scored answers")["Item"].tolist() == expected["item"].tolist()
    assert {m.label: m.value for m in app.metric}["Level"] == str(levels["problem"])


def test_a_rerun_of_an_unchanged_assessment_does_not_score_it_again(demo_db, open_page, monkeypatch):
    _analysis.clear()
    _findings_kept.clear()
    calls: dict[str, list[int]] = {"analyse": [], "score": []}

    def counting(name: str, real):
        def wrapper(*args, **kwargs):
            calls[name].append(args[1] if name == "analyse" else args[0].id)
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        app_pages.common, "analyse_assessment", counting("analyse", app_pages.common.analyse_assessment)
    )
    monkeypatch.setattr(
        assessment.analysis.scored, "score_stored", counting("score", assessment.analysis.scored.score_stored)
    )
    demo_id = demo_db.demo_id
    app = open_page("results", lang="en", assessment=demo_id)
    app.selectbox(key="results_process").set_value("problem").run()
    app.radio(key="results_radar_measure").set_value("score").run()
    level_box(app).set_value(1).run()
    assert not app.exception, app.exception
    assert calls == {"analyse": [demo_id], "score": [demo_id]}

    # a changed assessment is scored again, once, and the page shows the new result
    workspace = demo_db.workspace
    add_respondent(workspace, demo_id, "New", role="process_owner", method="interview")
    record_answer(workspace, demo_id, "New", "PRB-1-01", "0")
    app.run()
    app.run()
    assert calls == {"analyse": [demo_id] * 2, "score": [demo_id] * 2}
    assert {m.label: m.value for m in app.metric}["Respondents"] == "21"
    expected = score_assessment(workspace, demo_id).result.items.set_index("item").loc["PRB-1-01", "answers"]
    assert table(app, "Scored answers").set_index("Item").loc["PRB-1-01", "Scored answers"] == expected
