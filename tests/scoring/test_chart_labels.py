"""What a steering group reads on the charts: process names clear of the radar's numbers, items by their text,
gaps by rank without the priority's points."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from scoring import charts, charts_plan
from tests.scoring.test_charts import ANSWERS, PRIORITIES

LONG = {
    "zh": ["事件管理", "服务级别管理与服务目录管理", "问题管理", "变更与发布的统一管理（含紧急变更）", "配置管理",
           "知识管理", "服务请求管理", "IT资产与软件许可管理", "信息安全事件管理", "容量与可用性管理", "供应商管理",
           "持续改进"],
    "en": ["Incident management", "Service level and service catalogue management", "Problem management",
           "Change and release management (including emergency changes)", "Configuration management",
           "Knowledge management", "Service request management", "IT asset and software licence management",
           "Information security incident management", "Capacity and availability management", "Supplier management",
           "Continual improvement"],
}  # fmt: skip
ITEM_TEXTS = {
    "en": "The organisation records every incident in one tool, with its category, priority and the service it "
    "affects, and reviews the records each month",
    "zh": "组织在一个工具中记录每一个事件，包括其类别、优先级和受影响的服务，并每月复核这些记录以发现趋势",
}


def radar(n: int, lang: str, measure: str = "level"):
    ids = [f"p{i}" for i in range(n)]
    frame = pd.DataFrame({"process": ids, "level": 2, "score": 2.5, "target": 3})
    return charts.radar_chart(frame, lang, dict(zip(ids, LONG[lang], strict=False)), measure=measure)


def gap_degrees(first: float, second: float) -> float:
    return abs((first - second + 180) % 360 - 180)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("n", [3, 6, 7, 8, 12])
def test_the_radars_numbers_keep_clear_of_every_process_name(n, lang):
    fig = radar(n, lang)
    polar = fig.layout.polar
    assert not polar.radialaxis.title.text  # no axis title across the names: the legend says what the rings are
    assert fig.layout.legend.title.text == ("圆环：成熟度等级 0–5" if lang == "zh" else "Rings: maturity level 0–5")
    # the names go clockwise from the top; the ring numbers lie on a spoke midway between two of them
    assert polar.angularaxis.direction == "clockwise"
    assert polar.angularaxis.rotation in (None, 90)
    names = [90 - 360 * k / n for k in range(n)]
    assert min(gap_degrees(polar.radialaxis.angle, name) for name in names) == pytest.approx(180 / n)
    assert 0 not in polar.radialaxis.tickvals  # no "0" in the middle, where the spokes meet
    assert polar.radialaxis.tickfont.size < fig.layout.font.size


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_process_names_are_wrapped_and_the_margins_hold_them(lang):
    fig = radar(12, lang)
    axis = fig.layout.polar.angularaxis
    assert [t.replace("<br>", "" if lang == "zh" else " ") for t in axis.ticktext] == LONG[lang]
    lines = [line for label in axis.ticktext for line in label.split("<br>")]
    assert max(charts.width(line) for line in lines) <= 18
    assert any("<br>" in label for label in axis.ticktext)
    widest_px = 7 * max(charts.width(line) for line in lines)  # ~7 px a column at the charts' 13 px
    assert fig.layout.margin.l >= widest_px
    assert fig.layout.margin.r >= widest_px
    # the legend in a line at the foot, not beside the radar where the names are
    assert fig.layout.legend.orientation == "h"
    assert fig.layout.legend.yref == "container"


def test_the_score_radar_says_its_rings_are_scores():
    assert radar(5, "zh", "score").layout.legend.title.text == "圆环：成熟度得分 0–5"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_distribution_labels_items_by_the_start_of_their_text_and_hovers_the_whole(lang):
    texts = {"C1a": ITEM_TEXTS[lang], "C1b": "Short" if lang == "en" else "简短"}
    fig = charts.answer_distribution(ANSWERS, lang, items=["C1a", "C1b"], item_texts=texts)
    first, second = fig.data[0].y
    assert first.startswith("C1a · " + ITEM_TEXTS[lang][:12])
    assert first.endswith("…")
    assert charts.width(first) <= 52  # a label a reader takes in; the rest is in the hover
    assert second == "C1b · " + texts["C1b"]
    hover = fig.data[0].hovertext[0]
    head, *lines = hover.split("<br>")
    assert head == "C1a"
    assert ("" if lang == "zh" else " ").join(lines).startswith(ITEM_TEXTS[lang])


def test_an_english_text_is_cut_between_words():
    cut = charts.shorten(ITEM_TEXTS["en"])
    assert cut.endswith("…")
    assert ITEM_TEXTS["en"].startswith(cut[:-1] + " ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gap_bars_show_ranks_and_no_priority_points(lang):
    fig = charts_plan.gap_bars(PRIORITIES, lang)
    shown = [str(t) for trace in fig.data for t in (trace.text or ())]
    shown += [fig.layout.xaxis.title.text, fig.layout.yaxis.title.text, fig.layout.title.text]
    assert not any(re.search(r"(priority|优先级)\s*\d", t, re.I) for t in shown), shown
    assert not any(f"{p:.0f}" in t for p in PRIORITIES["priority"] for t in shown)
    assert "等级" in fig.layout.xaxis.title.text if lang == "zh" else "levels" in fig.layout.xaxis.title.text
    # the points stay at hand in the hover
    assert ("优先级 75" if lang == "zh" else "Priority 75") in fig.data[0].hovertext[0]
