"""Every chart built from the demo assessment's real results, in Chinese and in English."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import pytest

from assessment.analysis.analyse import actions_frame
from assessment.analysis.scored import engine_answers, items_frame, score_assessment
from assessment.workspace import demo
from assessment.workspace.core import Workspace
from scoring import charts, charts_plan, charts_roadmap, comparison
from scoring.consistency import unit_results
from scoring.maturity import score_maturity
from scoring.priorities import gap_priorities
from scoring.roadmap import build_roadmap

CJK = re.compile(r"[\u4e00-\u9fff]")
LANGS = ["zh", "en"]


@dataclass(frozen=True)
class Demo:
    """The demo's results and the frames the charts are built from."""

    scored: object
    answers: pd.DataFrame
    earlier: object
    units: pd.DataFrame
    priorities: pd.DataFrame
    roadmap: pd.DataFrame

    def names(self, lang):
        """Process names in `lang`."""
        return {p.id: p.name.get(lang) for p in self.scored.questionnaire.processes}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The demo loaded once on SQLite, scored, with the analyses the charts draw on."""
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('charts') / 'd.db'}")
    scored = score_assessment(workspace, demo.load_demo(workspace))
    workspace.dispose()
    questionnaire, result = scored.questionnaire, scored.result
    items = items_frame(questionnaire)
    answers = engine_answers(questionnaire, scored.responses)
    processes = [p.id for p in questionnaire.processes]
    # an earlier assessment: the same answers, each a quarter lower
    earlier = score_maturity(items, answers.assign(value=answers["value"] * 0.75), targets=scored.targets,
                             processes=processes)  # fmt: skip
    library = actions_frame(questionnaire)
    effort = library.groupby("process")["effort_max"].sum().to_dict()
    pain = pd.DataFrame({"process": ["change", "change", "configuration"], "severity": [5, 4, 3]})
    priorities = gap_priorities(result.processes, {"change": 5, "incident": 4}, pain, effort)
    roadmap = build_roadmap(
        library,
        result.items,
        scored.targets,
        dict(zip(priorities["process"], priorities["priority"], strict=True)),
        demo.STARTED_ON,
        capacity=30.0,
    ).actions
    units = unit_results(items, answers, scored.responses.respondents, targets=scored.targets)
    return Demo(scored, answers, earlier, units, priorities, roadmap)


def build_all(loaded: Demo, lang: str) -> dict:
    """Every chart of the report from the demo."""
    q, result = loaded.scored.questionnaire, loaded.scored.result
    names = loaded.names(lang)
    change_items = [i.id for i in next(p for p in q.processes if p.id == "change").items if i.is_scored]
    options = {o.value: f"{o.key} {o.label.get(lang)}" for o in q.all_scales()["achievement"]}
    texts = {item.id: item.text.get(lang) for _, item in q.all_items()}
    trend = comparison.trend([("2025", loaded.earlier), ("2026", result)])
    return {
        "radar": charts.radar_chart(result.processes, lang, names, loaded.earlier.processes, result.levels),
        "dimensions": charts.dimension_heatmap(
            result.dimensions, lang, names, {d.id: d.label.get(lang) for d in q.dimensions}
        ),
        "levels": charts.level_heatmap(result.levels, lang, names),
        "distribution": charts.answer_distribution(
            loaded.answers, lang, change_items, {i: texts[i] for i in change_items}, options, result.items
        ),
        "units": charts.unit_chart(loaded.units, lang, names),
        "gaps": charts_plan.gap_bars(loaded.priorities, lang, names),
        "gantt": charts_roadmap.gantt_chart(
            loaded.roadmap, lang, names, {r.id: r.label.get(lang) for r in q.roles}, expand=True
        ),
        "trend": charts_plan.trend_chart(trend, lang, names),
    }


@pytest.fixture(scope="module", params=LANGS)
def built(request, loaded):
    return request.param, build_all(loaded, request.param)


def test_every_chart_is_built_with_the_font_and_titles_in_the_language(built):
    lang, figures = built
    assert set(figures) == {"radar", "dimensions", "levels", "distribution", "units", "gaps", "gantt", "trend"}
    for name, fig in figures.items():
        assert fig.layout.font.family == charts.FONT_FAMILY, name
        assert fig.data, name
        title = fig.layout.title.text
        assert bool(CJK.search(title)) == (lang == "zh"), (name, title)
        fig.to_json()  # serialisable: what Streamlit and the report hand to Plotly.js


def test_demo_radar_and_heat_maps_show_every_process_with_rating_letters(built, loaded):
    lang, figures = built
    names = loaded.names(lang)
    processes = loaded.scored.result.processes
    current = figures["radar"].data[-1]
    assert list(current.theta[:-1]) == [names[p] for p in processes["process"]]
    assert list(current.r[:-1]) == processes["level"].tolist()
    assert len(figures["radar"].data) == 3  # baseline, target, current
    (heat,) = figures["dimensions"].data
    assert (len(heat.y), len(heat.x)) == (len(processes), 4)
    letters = {cell.split("<br>")[0] for row in heat.text for cell in row}
    assert letters <= set("NPLF-")
    assert letters & set("NPLF")
    (levels,) = figures["levels"].data
    assert {cell.split("<br>")[0] for cell in levels.text[0]} & set("NPLF")


def test_demo_answer_distribution_counts_every_answer_to_the_change_items(built, loaded):
    lang, figures = built
    fig = figures["distribution"]
    shown = sum(sum(t.x) for t in fig.data)
    ids = {y.split(" ")[0] for y in fig.data[0].y}
    assert shown == loaded.answers["item"].astype(str).isin(ids).sum()
    assert all(re.search(r"\([NPLF-]\)$", y) for y in fig.data[0].y)
    # each item by its id and the start of its text, the whole text in the hover
    q = loaded.scored.questionnaire
    texts = {item.id: item.text.get(lang) for _, item in q.all_items()}
    for label, hover in zip(fig.data[0].y, fig.data[0].hovertext, strict=True):
        item = label.split(" ")[0]
        assert label.startswith(f"{item} · {texts[item][:10]}")
        assert texts[item][-6:] in hover.replace("<br>", "" if lang == "zh" else " ")


def test_demo_units_show_the_three_sites_side_by_side(built):
    lang, figures = built
    names = [t.name for t in figures["units"].data]
    assert names[:3] == list(demo.UNITS)
    assert names[3] == ("目标" if lang == "zh" else "Target")


def test_demo_gap_bars_follow_the_priority_ranking(built, loaded):
    lang, figures = built
    expected = [loaded.names(lang)[p] for p in loaded.priorities.sort_values("rank")["process"]]
    assert list(figures["gaps"].data[0].y) == expected
    assert expected[0] == loaded.names(lang)["change"]  # the demo's weakest, most painful process


def test_demo_gantt_has_a_bar_per_roadmap_action_coloured_by_phase(built, loaded):
    lang, figures = built
    fig = figures["gantt"]
    roadmap = loaded.roadmap
    bars = [t for t in fig.data if t.meta == "action"]
    assert sum(len(t.x) for t in bars) == len(roadmap) > 0
    phases = [p for p in charts_plan.PHASE_ORDER if p in set(roadmap["phase"])]
    assert [t.name for t in bars] == [charts_plan.phase_name(p, lang) for p in phases]
    assert len({t.marker.color for t in bars}) == len(phases)
    # a summary row per workstream (here: per process), then its actions in roadmap order
    rows = list(fig.layout.yaxis.categoryarray)
    summaries = [row for row in rows if row.startswith("<b>")]
    assert len(summaries) == roadmap["process"].nunique()
    first = roadmap.sort_values("order").iloc[0]
    first_stream = rows.index(f"<b>{loaded.names(lang)[first['process']]}</b>")
    assert first["action"] in rows[first_stream + 1]
    dates = roadmap.set_index("action")
    for trace in bars:
        for (action, phase), base, length in zip(trace.customdata, trace.base, trace.x, strict=True):
            start, end = pd.Timestamp(base), pd.Timestamp(base) + pd.Timedelta(milliseconds=length)
            assert (phase, start) == (dates.at[action, "phase"], pd.Timestamp(dates.at[action, "start"]))
            assert end == pd.Timestamp(dates.at[action, "due"]) + pd.Timedelta(days=1)


def test_demo_trend_has_a_line_per_process_over_two_assessments(built, loaded):
    _, figures = built
    fig = figures["trend"]
    assert len(fig.data) == len(loaded.scored.result.processes)
    assert all(list(t.x) == ["2025", "2026"] for t in fig.data)
