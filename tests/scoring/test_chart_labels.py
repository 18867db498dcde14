"""What a steering group reads on the charts: process names clear of the radar's numbers, items by their text,
gaps by rank without the priority's points."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from scoring import chart_text, charts, charts_plan
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
    assert polar.radialaxis.tickangle == pytest.approx(polar.radialaxis.angle)  # upright, not turned with the spoke
    assert polar.radialaxis.tickfont.size < fig.layout.font.size


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_process_names_are_wrapped_and_the_margins_hold_them(lang):
    fig = radar(12, lang)
    axis = fig.layout.polar.angularaxis
    assert [t.replace("<br>", "" if lang == "zh" else " ") for t in axis.ticktext] == LONG[lang]
    lines = [line for label in axis.ticktext for line in label.split("<br>")]
    assert max(chart_text.width(line) for line in lines) <= 18
    assert any("<br>" in label for label in axis.ticktext)
    widest_px = 7 * max(chart_text.width(line) for line in lines)  # ~7 px a column at the charts' 13 px
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
    assert chart_text.width(first) <= 52  # a label a reader takes in; the rest is in the hover
    assert second == "C1b · " + texts["C1b"]
    hover = fig.data[0].hovertext[0]
    head, *lines = hover.split("<br>")
    assert head == "C1a"
    assert ("" if lang == "zh" else " ").join(lines).startswith(ITEM_TEXTS[lang])


def test_an_english_text_is_cut_between_words():
    cut = chart_text.shorten(ITEM_TEXTS["en"])
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


# --- the radar as the report prints it: where the numbers and the names land -------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def _translations(transform: str) -> tuple[float, float]:
    moves = re.findall(r"translate\(([-\d.e]+),?\s*([-\d.e]*)\)", transform or "")
    return sum(float(x) for x, _ in moves), sum(float(y or 0) for _, y in moves)


def _text_box(lines: list[str], size: float, x: float, baseline: float, anchor: str) -> tuple:
    """A conservative box of text lines: a Chinese character a full em wide, any other 0.6 em."""
    wide = max(sum(size if chart_text.width(c) == 2 else 0.6 * size for c in line) for line in lines)
    left = {"start": x, "end": x - wide}.get(anchor, x - wide / 2)
    return left, baseline - 0.8 * size, left + wide, baseline + 1.3 * size * (len(lines) - 1) + 0.25 * size


def _overlap(first: tuple, second: tuple) -> bool:
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]


def rendered_boxes(fig, width: int, height: int) -> tuple[list[tuple], list[tuple]]:
    """The boxes of the process names, and of the ring numbers and any radial axis title, in the figure exported
    as the report exports it."""
    import math
    import xml.etree.ElementTree as ET

    from assessment.report.charts import svg_bytes

    root = ET.fromstring(svg_bytes(fig, width, height))
    names = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "angularaxistick":
            continue
        label = group.find(f"{SVG}text")
        dx, dy = _translations(label.get("transform"))
        size = float(re.search(r"font-size: ([\d.]+)px", label.get("style")).group(1))
        lines = [t.text or "" for t in label.iter(f"{SVG}tspan")] or [label.text or ""]
        x, y = dx + float(label.get("x") or 0), dy + float(label.get("y") or 0)
        names.append(_text_box(lines, size, x, y, label.get("text-anchor")))
    numbers = []
    for group in root.iter(f"{SVG}g"):
        if "radial-axis" not in (group.get("class") or ""):
            continue
        cx, cy = _translations(group.get("transform"))
        turned_by = re.search(r"rotate\(([-\d.]+)\)", group.get("transform"))
        turn = math.radians(float(turned_by.group(1)) if turned_by else 0.0)
        for label in group.iter(f"{SVG}text"):
            size = float(re.search(r"font-size: ([\d.]+)px", label.get("style")).group(1))
            along, _ = _translations(label.get("transform"))
            box = _text_box([label.text or ""], size, along, float(label.get("y") or 0), "middle")
            corners = [(u, v) for u in (box[0], box[2]) for v in (box[1], box[3])]
            turned = [
                (cx + u * math.cos(turn) - v * math.sin(turn), cy + u * math.sin(turn) + v * math.cos(turn))
                for u, v in corners
            ]
            numbers.append((*map(min, zip(*turned, strict=True)), *map(max, zip(*turned, strict=True))))
    for label in root.iter(f"{SVG}text"):  # a radial axis title, where Plotly puts it: beside the axis
        if label.get("class") == "polartitle" and (label.text or "").strip():
            size = float(re.search(r"font-size: ([\d.]+)px", label.get("style")).group(1))
            x, y = float(label.get("x")), float(label.get("y"))
            numbers.append(_text_box([label.text], size, x, y, label.get("text-anchor")))
    return names, numbers


@pytest.mark.parametrize(("n", "size"), [(3, (780, 500)), (7, (780, 700)), (8, (780, 500)), (12, (780, 700))])
def test_in_print_no_ring_number_touches_a_process_name_and_every_name_fits_the_page(n, size):
    for lang in ("zh", "en"):
        names, numbers = rendered_boxes(radar(n, lang), *size)
        assert len(names) == n, "the names were not found in the export: the test proves nothing"
        assert len(numbers) == 5
        for name in names:
            assert not [number for number in numbers if _overlap(name, number)], (lang, name)
            assert name[0] >= 0, (lang, name)
            assert name[2] <= size[0], (lang, name)
            assert name[1] >= 0, (lang, name)
