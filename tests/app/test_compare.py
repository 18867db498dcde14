"""The compare page: a re-assessment of the demo against its baseline, per process and item, with the files."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pandas as pd

from app_pages.common import CJK
from assessment.analysis.scored import score_assessment
from assessment.workspace.assessments import copy_assessment, update_assessment
from assessment.workspace.corrections import set_archived
from assessment.workspace.demo import demo_answers
from assessment.workspace.queries import assessment_details
from assessment.workspace.recording import import_responses, record_answer
from scoring.comparison import compare
from scoring.maturity import rate


def table(app, column: str) -> pd.DataFrame:
    """The one table on the page with `column`."""
    found = [frame.value for frame in app.dataframe if column in frame.value.columns]
    assert len(found) == 1, [list(frame.value.columns) for frame in app.dataframe]
    return found[0]


def re_assessment(workspace, source: int, name: str, year: int, client: str | None = None) -> int:
    """A copy of `source` started on 1 March of `year` (of another client if `client` is given)."""
    copy = copy_assessment(workspace, source, name)
    update_assessment(workspace, copy, started_on=dt.date(year, 3, 1), client=client)
    return copy


def trend_points(app) -> list[str]:
    """The assessments along the x axis of the trend chart, in the order shown."""
    (trend,) = [chart for chart in app.get("plotly_chart") if chart.proto.id.endswith("compare_trend")]
    return json.loads(trend.proto.spec)["data"][0]["x"]


def test_a_re_assessment_shows_the_process_that_changed_and_the_items_that_moved(demo_db, open_page, tmp_path):
    workspace, demo_id = demo_db.workspace, demo_db.demo_id
    baseline = score_assessment(workspace, demo_id)
    # the re-assessment: a copy of the demo, the same people answering as before ...
    again = re_assessment(workspace, demo_id, "2027 re-assessment", 2027)
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
    assert len(app.get("plotly_chart")) == 2  # radar against the baseline, trend over the client's assessments
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
    again = re_assessment(demo_db.workspace, demo_db.demo_id, "2027 re-assessment", 2027)  # no answers yet
    app = open_page("compare", lang="zh", assessment=again)
    assert not app.exception, app.exception
    assert app.title[0].value == "对比"  # as in the sidebar
    (unanswered,) = [warning for warning in app.warning if "尚无答案" in warning.value]
    assert unanswered.icon == ":material/info:"  # no emoji: headless chromium has no font for it


def test_only_the_same_clients_earlier_assessments_are_offered_and_the_trend_follows_them_in_time(demo_db, open_page):
    workspace, demo_id = demo_db.workspace, demo_db.demo_id
    demo = assessment_details(workspace, demo_id).name
    late = re_assessment(workspace, demo_id, "2028 re-assessment", 2028)
    early = re_assessment(workspace, demo_id, "2027 re-assessment", 2027)  # made after, started before
    archived = re_assessment(workspace, demo_id, "2027 pilot (archived)", 2027)
    set_archived(workspace, archived, True)
    re_assessment(workspace, demo_id, "2027 of another client", 2027, client="Another client Ltd.")

    app = open_page("compare", lang="en", assessment=late)
    assert not app.exception, app.exception
    baseline = app.selectbox(key="compare_baseline")
    assert [option.split(" · ")[0] for option in baseline.options] == [demo, "2027 re-assessment"]
    assert baseline.value == demo_id  # the one it was copied from
    assert trend_points(app) == [demo, "2027 re-assessment", "2028 re-assessment"]
    assert "archived ones left out" in app.caption[0].value

    middle = open_page("compare", lang="en", assessment=early)
    assert [option.split(" · ")[0] for option in middle.selectbox(key="compare_baseline").options] == [demo]
    assert trend_points(middle) == [demo, "2027 re-assessment"]
    assert middle.main.caption[-1].value.startswith("This client's assessments on this questionnaire up to this one")


def test_another_clients_assessment_has_nothing_to_compare_with_and_says_why(demo_db, open_page):
    stranger = re_assessment(demo_db.workspace, demo_db.demo_id, "2027", 2027, client="Another client Ltd.")
    app = open_page("compare", lang="en", assessment=stranger)
    assert not app.exception, app.exception
    (hint,) = app.info
    assert hint.value.startswith("Nothing to compare with: Another client Ltd. has no earlier assessment")
    assert "Only the same client's assessments are compared" in hint.value
    assert "compare_baseline" not in [widget.key for widget in app.selectbox]
    assert not app.dataframe


def test_the_earliest_assessment_names_the_later_ones_to_open(demo_db, open_page):
    re_assessment(demo_db.workspace, demo_db.demo_id, "2027 复评", 2027)
    app = open_page("compare", lang="zh", assessment=demo_db.demo_id)
    assert not app.exception, app.exception
    (hint,) = app.info
    assert "复制本评估" in hint.value
    assert [caption.value for caption in app.main.caption] == [
        "该客户较晚的评估：2027 复评。打开其中之一即可与本评估对比。"
    ]
