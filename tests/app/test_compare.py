"""The compare page: a re-assessment of the demo against its baseline, per process and item, with the files."""

from __future__ import annotations

import csv

import pandas as pd

from app_pages.common import CJK
from assessment.analysis.scored import score_assessment
from assessment.workspace.assessments import copy_assessment
from assessment.workspace.demo import demo_answers
from assessment.workspace.recording import import_responses, record_answer
from scoring.comparison import compare
from scoring.maturity import rate


def table(app, column: str) -> pd.DataFrame:
    """The one table on the page with `column`."""
    found = [frame.value for frame in app.dataframe if column in frame.value.columns]
    assert len(found) == 1, [list(frame.value.columns) for frame in app.dataframe]
    return found[0]


def test_a_re_assessment_shows_the_process_that_changed_and_the_items_that_moved(demo_db, open_page, tmp_path):
    workspace, demo_id = demo_db.workspace, demo_db.demo_id
    baseline = score_assessment(workspace, demo_id)
    # the re-assessment: a copy of the demo, the same people answering as before ...
    again = copy_assessment(workspace, demo_id, "2027 re-assessment")
    rows = demo_answers(baseline.questionnaire)
    path = tmp_path / "answers.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import_responses(workspace, again, path)
    # ... except that the weak answers on change's level 1 are now "fully in place"
    raised = [(r["respondent"], r["item"]) for r in rows if r["item"].startswith("CHG-1-") and r["answer"] in "012"]
    assert 0 < len(raised) <= 12
    for respondent, item in raised:
        record_answer(workspace, again, respondent, item, "4")
    expected = compare(baseline.result, score_assessment(workspace, again).result)
    changed = expected.processes[expected.processes["level_change"] != 0]
    assert changed["process"].tolist() == ["change"]  # the scenario holds: only change moved a level

    app = open_page("compare", lang="en", assessment=again)
    assert not app.exception, app.exception
    assert app.selectbox(key="compare_baseline").value == demo_id  # the assessment it was copied from
    processes = table(app, "Level change").set_index("Process")
    row = processes.loc["Change management"]
    before, after = changed.iloc[0][["level_before", "level_after"]]
    assert (row["Level before"], row["Level now"], row["Level change"]) == (before, after, after - before)
    assert "L1 L→F +1" in row["Rating changes (steps N<P<L<F)"]
    assert (processes["Level change"] != 0).sum() == 1
    metrics = {metric.label: metric.value for metric in app.metric}
    assert (metrics["Level up"], metrics["Level down"]) == ("1", "0")

    items = table(app, "Answers now")
    ratings = [rate(expected.items[f"achievement_{side}"].astype(float)) for side in ("before", "after")]
    moved = [i for i, b, a in zip(expected.items["item"], *ratings, strict=True) if b and a and b != a]
    assert items["Item"].tolist() == moved
    assert set(moved) <= {item for _, item in raised}
    app.selectbox(key="compare_process").set_value("change").run()
    assert set(table(app, "Answers now")["Process"]) == {"Change management"}

    assert [button.label for button in app.get("download_button")] == [
        "Excel workbook (.xlsx)",
        "Processes (CSV)",
        "Items (CSV)",
    ]
    assert len(app.get("plotly_chart")) == 2  # radar against the baseline, trend over the chain
    texts = [element.value for element in [*app.title, *app.subheader, *app.caption[1:]]]
    texts += [element.label for element in [*app.metric, *app.selectbox, *app.checkbox, *app.expander]]
    texts += [str(column) for frame in app.dataframe for column in frame.value.columns]
    texts += [str(value) for frame in app.dataframe for value in frame.value.get("Process", [])]
    assert texts
    assert not [text for text in texts if CJK.search(text)]  # in English, nothing but data is Chinese


def test_an_assessment_with_nothing_to_compare_with_says_how_to_re_assess(demo_db, open_page):
    app = open_page("compare", lang="zh", assessment=demo_db.demo_id)
    assert not app.exception, app.exception
    (hint,) = app.info
    assert "复制本评估" in hint.value
    assert not app.dataframe


def test_a_re_assessment_not_answered_yet_says_so_with_a_material_icon(demo_db, open_page):
    again = copy_assessment(demo_db.workspace, demo_db.demo_id, "2027 re-assessment")  # no answers yet
    app = open_page("compare", lang="zh", assessment=again)
    assert not app.exception, app.exception
    assert app.title[0].value == "对比"  # as in the sidebar
    (unanswered,) = [warning for warning in app.warning if "尚无答案" in warning.value]
    assert unanswered.icon == ":material/info:"  # no emoji: headless chromium has no font for it
