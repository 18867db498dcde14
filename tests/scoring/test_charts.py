"""Chart builders held to what a reader sees: font, language, series, letters, order, grey print."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import numpy as np
import pandas as pd
import pytest

from scoring import charts, charts_plan, charts_roadmap
from scoring.maturity import rate, score_maturity
from tests.scoring_tables import answers, items

NAMES = {
    "zh": {"change": "变更管理", "incident": "事件管理", "problem": "问题管理"},
    "en": {"change": "Change management", "incident": "Incident management", "problem": "Problem management"},
}
DIMENSIONS = {"zh": {"process": "流程", "tools": "工具"}, "en": {"process": "Process", "tools": "Tools"}}
CJK = re.compile(r"[\u4e00-\u9fff]")
LETTERS = re.compile(r"\b[NPLF]\b")
MIN_LIGHTNESS_STEP = 7.0  # CIE L*: neighbours in a grey print still tell apart

ITEMS = items(
    ("C1a", "change", 1, 1.0, "process"),
    ("C1b", "change", 1, 1.0, "tools"),
    ("C2a", "change", 2, 1.0, "process"),
    ("C2b", "change", 2, 1.0, "tools"),
    ("C3a", "change", 3, 1.0, "process"),
    ("I1a", "incident", 1, 1.0, "process"),
    ("I1b", "incident", 1, 1.0, "tools"),
    ("I2a", "incident", 2, 1.0, "process"),
    ("P1a", "problem", 1, 1.0, "process"),
)
ANSWERS = answers(
    {
        "C1a": ["4", "4", "3"],
        "C1b": ["4", "3", "na"],
        "C2a": ["2", "1", "3"],
        "C2b": ["1", "unknown", "0"],
        "C3a": ["0", "", "1"],
        "I1a": ["4", "4", "4"],
        "I1b": ["3", "4", "4"],
        "I2a": ["3", "3", "2"],
        "P1a": ["1", "0", "0"],
    }
)
RESULT = score_maturity(ITEMS, ANSWERS, targets={"change": 4, "incident": 3, "problem": 3})
BASELINE = score_maturity(ITEMS, answers({"C1a": ["2", "2"], "I1a": ["4", "3"], "I1b": ["2", "2"]}))

UNITS = pd.DataFrame(
    [
        ("change", "北京总部", 2, 2.1, 0.9, 5),
        ("change", "上海数据中心", 1, 1.6, 0.8, 4),
        ("change", "深圳研发中心", 0, 0.7, 0.7, 6),
        ("incident", "北京总部", 3, 3.2, 1.0, 5),
        ("incident", "上海数据中心", 3, 3.1, 1.0, 3),
    ],
    columns=["process", "unit", "level", "score", "coverage", "respondents"],
)
PRIORITIES = pd.DataFrame(
    {
        "process": ["incident", "change", "problem"],  # not in rank order: the chart sorts
        "level": [2, 1, 0],
        "target": [3, 4, 3],
        "gap": [1, 3, 3],
        "score": [2.6, 1.4, 0.2],
        "score_gap": [0.4, 2.6, 2.8],
        "importance": [4.0, 5.0, np.nan],
        "pain": [3.0, 9.0, 0.0],
        "pain_points": [1, 2, 0],
        "effort": [20.0, 60.0, np.nan],
        "gap_part": [8.0, 27.0, 33.0],
        "importance_part": [18.75, 25.0, 12.5],
        "pain_part": [5.0, 15.0, 0.0],
        "effort_part": [9.2, 7.6, 5.0],
        "priority": [40.95, 74.6, 50.5],
        "rank": [3, 1, 2],
    }
)
ROADMAP = pd.DataFrame(
    [
        (2, "A-CHG-02", "change", "设计变更流程", "Design the change process", "design", "process_designer", 8.0,
         False, ["C2a"], dt.date(2026, 4, 15), dt.date(2026, 5, 20)),
        (1, "A-CHG-01", "change", "任命变更流程负责人", "Appoint the change owner", "working_group", "sponsor", 1.0,
         True, ["C1a"], dt.date(2026, 4, 1), dt.date(2026, 4, 8)),
        (3, "A-INC-01", "incident", "试点事件流程", "Pilot the incident process", "pilot", "process_owner", 12.0,
         False, ["I2a"], dt.date(2026, 5, 20), dt.date(2026, 7, 1)),
        (4, "A-CHG-03", "change", "配置变更工单", "Configure change tickets", "tooling", "process_designer", 6.0,
         False, ["C2b"], dt.date(2026, 5, 1), dt.date(2026, 6, 10)),
    ],
    columns=["order", "action", "process", "title_zh", "title_en", "phase", "owner", "effort", "quick_win", "items",
             "start", "due"],
)  # fmt: skip
TREND = pd.DataFrame(
    [
        ("2025", "change", 0, 0.8),
        ("2025", "incident", 2, 2.4),
        ("2025", "problem", 0, 0.1),
        ("2026", "change", 1, 1.4),
        ("2026", "incident", 2, 2.6),
        ("2026", "problem", 0, 0.2),
    ],
    columns=["label", "process", "level", "score"],
)


def build(name: str, lang: str):
    """Each builder on the small frames above, with display names in `lang`."""
    names = NAMES[lang]
    return {
        "radar": lambda: charts.radar_chart(
            RESULT.processes, lang, names, baseline=BASELINE.processes, levels=RESULT.levels
        ),
        "dimensions": lambda: charts.dimension_heatmap(RESULT.dimensions, lang, names, DIMENSIONS[lang]),
        "levels": lambda: charts.level_heatmap(RESULT.levels, lang, names),
        "distribution": lambda: charts.answer_distribution(ANSWERS, lang, item_results=RESULT.items),
        "units": lambda: charts.unit_chart(UNITS, lang, names, targets={"change": 4, "incident": 3}),
        "gaps": lambda: charts_plan.gap_bars(PRIORITIES, lang, names),
        "gantt": lambda: charts_roadmap.gantt_chart(ROADMAP, lang, names),
        "trend": lambda: charts_plan.trend_chart(TREND, lang, names),
    }[name]()


BUILDERS = ["radar", "dimensions", "levels", "distribution", "units", "gaps", "gantt", "trend"]


def lightness(colour: str) -> float:
    """CIE L* of a #rrggbb colour: how light it prints in grey."""
    channels = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    y = float(linear @ [0.2126, 0.7152, 0.0722])
    return 116 * y ** (1 / 3) - 16 if y > (6 / 29) ** 3 else y * (29 / 3) ** 3


def series_colours(fig) -> list[str]:
    """The colour of each series (bars: fill; lines: line), in trace order."""
    found = []
    for trace in fig.data:
        if trace.type == "bar":
            found.append(trace.marker.color)
        elif trace.type in ("scatter", "scatterpolar"):
            found.append(trace.line.color or trace.marker.color)
    return found


def assert_grey_readable(colours, step=MIN_LIGHTNESS_STEP):
    """Every two series differ in lightness by at least `step`."""
    assert colours
    for first, second in itertools.combinations(colours, 2):
        assert abs(lightness(first) - lightness(second)) >= step, (first, second)


def axis_titles(fig) -> list[str]:
    """Every axis and colour-bar title of a figure; a radar's scale is its legend's title."""
    titles = [fig.layout.xaxis.title.text, fig.layout.yaxis.title.text]
    if fig.layout.polar.radialaxis.title.text:
        titles.append(fig.layout.polar.radialaxis.title.text)
    if any(t.type == "scatterpolar" for t in fig.data):
        titles.append(fig.layout.legend.title.text)
    titles += [t.colorbar.title.text for t in fig.data if t.type == "heatmap"]
    return [t for t in titles if t]


# --- every chart ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_sets_the_font_and_speaks_the_language(name, lang):
    fig = build(name, lang)
    assert fig.layout.font.family == charts.FONT_FAMILY
    assert fig.layout.font.family.startswith("Noto Sans CJK SC")
    texts = [fig.layout.title.text, *axis_titles(fig), fig.layout.legend.title.text or ""]
    assert fig.layout.title.text
    assert axis_titles(fig)
    if lang == "zh":
        assert all(CJK.search(t) for t in texts if t)
    else:
        assert not any(CJK.search(t) for t in texts if t)


@pytest.mark.parametrize("name", BUILDERS)
def test_the_two_languages_differ_in_every_title(name):
    zh, en = build(name, "zh"), build(name, "en")
    assert zh.layout.title.text != en.layout.title.text
    assert axis_titles(zh) != axis_titles(en)


@pytest.mark.parametrize("name", ["radar", "distribution", "gaps", "gantt"])
def test_series_colours_tell_apart_in_grey(name):
    assert_grey_readable(series_colours(build(name, "en")))


def test_categories_alike_in_grey_differ_in_pattern_or_dash():
    """Units and processes take Okabe–Ito colours, some of which print alike in grey: their patterns or dashes
    tell them apart there."""
    units = charts.unit_chart(UNITS, "en", targets={})
    trend = charts_plan.trend_chart(TREND, "en")
    for looks in (
        [(t.marker.color, t.marker.pattern.shape) for t in units.data],
        [(t.line.color, t.line.dash, t.marker.symbol) for t in trend.data],
    ):
        for first, second in itertools.combinations(looks, 2):
            alike = abs(lightness(first[0]) - lightness(second[0])) < MIN_LIGHTNESS_STEP
            assert not alike or first[1:] != second[1:], (first, second)


def test_a_language_the_product_does_not_have_is_refused():
    with pytest.raises(ValueError, match="fr"):
        charts.radar_chart(RESULT.processes, "fr")
    with pytest.raises(ValueError, match="fr"):
        charts_plan.trend_chart(TREND, "fr")


@pytest.mark.parametrize("n", range(1, 9))
def test_the_series_ramp_steps_evenly_in_lightness(n):
    colours = charts.ramp(n)
    assert len(set(colours)) == n
    if n > 1:
        assert_grey_readable(colours)
        assert [lightness(c) for c in colours] == sorted(lightness(c) for c in colours)  # dark to light


def test_a_missing_name_shows_the_id():
    fig = charts.radar_chart(RESULT.processes, "en", {"change": "Change management"})
    assert list(fig.data[-1].theta) == ["Change management", "incident", "problem", "Change management"]


# --- radar ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "legend"), [("zh", ["基线", "目标", "现状"]), ("en", ["Baseline", "Target", "Current"])]
)
def test_radar_shows_current_against_target_and_baseline(lang, legend):
    fig = build("radar", lang)
    assert [t.name for t in fig.data] == legend
    baseline, target, current = fig.data
    processes = RESULT.processes
    # one point per process, the first repeated to close the shape
    assert len(current.r) == len(processes) + 1
    assert list(current.theta) == [NAMES[lang][p] for p in processes["process"]] + [NAMES[lang]["change"]]
    assert list(current.r[:-1]) == processes["level"].tolist()
    assert list(target.r[:-1]) == processes["target"].tolist()
    assert list(baseline.r[:-1]) == BASELINE.processes["level"].tolist()
    assert fig.layout.polar.radialaxis.range == (0, 5)


def test_radar_hover_names_the_ratings_of_each_level_as_letters():
    fig = build("radar", "en")
    ratings = RESULT.levels[RESULT.levels["process"] == "change"]["rating"]
    expected = " ".join(r if isinstance(r, str) else "-" for r in ratings)
    assert f"Ratings L1-L5: {expected}" in fig.data[-1].hovertext[0]
    assert LETTERS.search(expected)
    assert "Ratings" not in fig.data[0].hovertext[0]  # the baseline's own ratings are not at hand


def test_radar_without_a_baseline_has_two_series_and_can_show_the_score():
    fig = charts.radar_chart(RESULT.processes, "en", measure="score")
    assert [t.name for t in fig.data] == ["Target", "Current"]
    assert list(fig.data[-1].r[:-1]) == pytest.approx(RESULT.processes["score"].tolist())
    assert fig.layout.legend.title.text == "Rings: maturity score 0–5"


# --- heat maps ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dimension_heatmap_has_a_cell_per_process_and_dimension_with_its_letter(lang):
    fig = build("dimensions", lang)
    (heat,) = fig.data
    assert list(heat.y) == [NAMES[lang][p] for p in ("change", "incident", "problem")]
    assert list(heat.x) == list(DIMENSIONS[lang].values())
    dims = RESULT.dimensions.set_index(["process", "dimension"])["achievement"]
    for row, process in enumerate(("change", "incident", "problem")):
        for column, dimension in enumerate(("process", "tools")):
            cell = heat.text[row][column]
            if (process, dimension) in dims.index:
                achievement = dims[process, dimension]
                (expected,) = rate([achievement])
                assert cell.startswith(expected)
                assert f"{achievement:.0%}" in cell
                assert heat.z[row][column] == "NPLF".index(expected)
            else:  # problem has no tools item: no rating, no colour
                assert cell == "-"
                assert np.isnan(heat.z[row][column])
    assert fig.layout.yaxis.autorange == "reversed"  # first process on top


@pytest.mark.parametrize(("lang", "word"), [("zh", "大部分达到"), ("en", "Largely achieved")])
def test_heatmap_legend_names_each_rating_letter_in_the_language(lang, word):
    (heat,) = build("dimensions", lang).data
    assert [t.split()[0] for t in heat.colorbar.ticktext] == ["N", "P", "L", "F"]
    assert f"L {word}" in heat.colorbar.ticktext


def test_rating_colours_step_in_lightness():
    scale = charts.rating_colourscale()
    colours = list(dict.fromkeys(colour for _, colour in scale))
    assert len(colours) == 4
    assert_grey_readable(colours, step=12)
    assert [lightness(c) for c in colours] == sorted((lightness(c) for c in colours), reverse=True)  # F darkest


def test_level_heatmap_shows_the_rating_of_every_level_as_letters():
    (heat,) = build("levels", "en").data
    assert list(heat.x) == ["1", "2", "3", "4", "5"]
    ratings = RESULT.levels.pivot(index="process", columns="level", values="rating").loc[
        ["change", "incident", "problem"]
    ]
    for row, (_, expected) in enumerate(ratings.iterrows()):
        shown = [cell.split("<br>")[0] for cell in heat.text[row]]
        assert shown == [r if isinstance(r, str) else "-" for r in expected]
    assert "Rating: F Fully achieved" in heat.hovertext[1][0]  # incident, level 1


# --- answer distribution --------------------------------------------------------------------------------------------


def test_distribution_stacks_every_answer_of_every_item():
    fig = charts.answer_distribution(ANSWERS, "en", value_labels={0.0: "0 none", 1.0: "4 full"})
    names = [t.name for t in fig.data]
    assert names == ["0 none", "25%", "50%", "75%", "4 full", "Not applicable", "Don't know", "No answer"]
    assert fig.layout.barmode == "stack"
    totals = np.sum([t.x for t in fig.data], axis=0)
    assert list(fig.data[0].y) == list(ITEMS["item"])
    assert totals.tolist() == ANSWERS.groupby("item", sort=False).size().tolist()
    c1b = list(fig.data[0].y).index("C1b")
    assert fig.data[names.index("Not applicable")].x[c1b] == 1
    assert fig.data[names.index("4 full")].x[c1b] == 1


def test_distribution_in_chinese_with_item_ratings_and_a_chosen_order():
    fig = charts.answer_distribution(
        ANSWERS, "zh", items=["I1a", "C3a"], item_texts={"I1a": "事件分级"}, item_results=RESULT.items
    )
    assert list(fig.data[0].y) == ["I1a · 事件分级 (F)", "C3a (N)"]
    assert {"不适用", "不知道", "未作答"} & {t.name for t in fig.data} == {"未作答"}  # C3a has one empty answer
    assert "评定: F" in fig.data[0].hovertext[0]


def test_distribution_marks_the_unanswered_kinds_with_patterns():
    fig = build("distribution", "en")
    patterns = {t.name: t.marker.pattern.shape for t in fig.data}
    assert all(patterns[k] for k in ("Not applicable", "Don't know", "No answer"))
    assert len({patterns[k] for k in ("Not applicable", "Don't know", "No answer")}) == 3


# --- units ----------------------------------------------------------------------------------------------------------


def test_units_side_by_side_one_bar_series_per_unit_and_the_targets():
    fig = build("units", "zh")
    assert [t.name for t in fig.data] == ["北京总部", "上海数据中心", "深圳研发中心", "目标"]
    assert fig.layout.barmode == "group"
    beijing = fig.data[0]
    assert list(beijing.x) == ["变更管理", "事件管理"]
    assert list(beijing.y) == [2.1, 3.2]
    shenzhen = fig.data[2]
    assert shenzhen.y[1] is None or np.isnan(shenzhen.y[1])  # no incident answers there
    assert list(fig.data[3].y) == [4.0, 3.0]
    assert len({t.marker.pattern.shape for t in fig.data[:3]}) == 3


def test_units_take_the_targets_from_the_frame_when_none_are_given():
    fig = charts.unit_chart(UNITS.assign(target=UNITS["process"].map({"change": 4, "incident": 3})), "en")
    assert fig.data[-1].name == "Target"
    assert list(fig.data[-1].y) == [4.0, 3.0]
    assert len(charts.unit_chart(UNITS, "en", targets={}).data) == 3


# --- gap bars -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gap_bars_follow_priority_most_urgent_on_top(lang):
    fig = build("gaps", lang)
    gap, score_gap = fig.data
    order = [NAMES[lang][p] for p in ("change", "problem", "incident")]  # rank 1, 2, 3
    assert list(gap.y) == order
    assert list(score_gap.y) == order
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(gap.x) == [3, 3, 1]
    assert list(score_gap.x) == [2.6, 2.8, 0.4]
    assert list(gap.text) == ["#1", "#2", "#3"]  # the rank; the priority's points only in the hover
    assert score_gap.text is None
    assert fig.layout.xaxis.title.text == ("与目标的差距（等级）" if lang == "zh" else "Gap to target (levels)")
    assert [gap.name, score_gap.name] == (
        ["差距（等级）", "得分差距"] if lang == "zh" else ["Gap (levels)", "Score gap"]
    )


def test_gap_hover_shows_every_part_of_the_priority():
    hover = build("gaps", "en").data[0].hovertext[0]
    assert "gap 27.0 + importance 25.0 + pain 15.0 + effort 7.6" in hover
    assert "Rank 1 · Priority 75" in hover


# --- trend ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trend_draws_a_line_per_process_over_the_assessments(lang):
    fig = build("trend", lang)
    assert [t.name for t in fig.data] == [NAMES[lang][p] for p in ("change", "incident", "problem")]
    assert all(list(t.x) == ["2025", "2026"] for t in fig.data)
    assert list(fig.data[0].y) == [0.8, 1.4]
    assert len({t.line.dash for t in fig.data}) == 3  # dashes and markers as well as colours
    assert len({t.marker.symbol for t in fig.data}) == 3
    assert ("等级" if lang == "zh" else "Level") in fig.data[1].hovertext[0]


# --- export ---------------------------------------------------------------------------------------------------------


def test_a_chart_renders_to_png(tmp_path):
    path = tmp_path / "radar.png"
    build("radar", "zh").write_image(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


HOSTILE = '<a href="http://evil.test">x</a><span style="font-size:90px">y</span>'


def hostile_charts() -> dict:
    """Each builder with every text that comes from data replaced by markup."""
    names = dict.fromkeys(NAMES["en"], HOSTILE)
    units = UNITS.assign(unit=HOSTILE + UNITS["unit"].astype(str))
    labels = dict.fromkeys(ANSWERS["item"].astype(str).unique(), HOSTILE)
    values = {0.0: HOSTILE, 0.5: HOSTILE, 1.0: HOSTILE}
    return {
        "radar": charts.radar_chart(RESULT.processes, "en", names, levels=RESULT.levels),
        "dimensions": charts.dimension_heatmap(
            RESULT.dimensions, "en", names, dict.fromkeys(DIMENSIONS["en"], HOSTILE)
        ),
        "levels": charts.level_heatmap(RESULT.levels, "en", names),
        "distribution": charts.answer_distribution(ANSWERS, "en", item_texts=labels, value_labels=values),
        "units": charts.unit_chart(units, "en", names),
        "gaps": charts_plan.gap_bars(PRIORITIES, "en", names),
        "gantt": charts_roadmap.gantt_chart(ROADMAP.assign(title_en=HOSTILE, owner=HOSTILE), "en", names, expand=True),
        "trend": charts_plan.trend_chart(TREND.assign(label=HOSTILE + TREND["label"]), "en", names),
    }


@pytest.mark.parametrize("name", BUILDERS)
def test_markup_in_texts_from_data_shows_as_text(name):
    """Plotly reads <a href>, <span style>, <b> in its texts: every text from data reaches it escaped."""
    spec = str(hostile_charts()[name].to_dict())
    assert "&lt;a href" in spec, "the hostile names do not reach this chart: the test proves nothing"
    assert "<a href" not in spec
    assert "<span style" not in spec
