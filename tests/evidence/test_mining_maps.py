"""The directly-follows maps: the activities' names drawn, Chinese included, and nothing in them that runs or loads."""

from __future__ import annotations

import re
import subprocess

import defusedxml.ElementTree as safe_xml

from assessment.evidence.mining import mine
from assessment.evidence.mining_maps import (
    ATTRIBUTES,
    ELEMENTS,
    MAX_ACTIVITIES,
    dot_source,
    render_map,
    render_maps,
    sanitize_svg,
)
from tests.evidence.mining_logs import cases, ticket_log

HOSTILE = "<script>alert(1)</script>"
SVG = "{http://www.w3.org/2000/svg}"


def drawn_texts(svg: str) -> list[str]:
    """The texts a reader sees on the map."""
    return [element.text for element in safe_xml.fromstring(svg).iter(f"{SVG}text")]


def assert_inert(svg: str) -> None:
    """Only drawing elements and attributes: no script, event handler, link or reference to another file."""
    for element in safe_xml.fromstring(svg).iter():
        assert element.tag.removeprefix(SVG) in ELEMENTS
        assert set(element.attrib) <= ATTRIBUTES
    assert not re.search(r"<script|\bon\w+=|href|url\(|<!DOCTYPE|<\?xml", svg, re.IGNORECASE)


def test_a_map_draws_each_activity_with_its_events_and_each_transition_with_its_count():
    rows = cases("A", "Beijing", 3) + cases("B", "Beijing", 2, ("New", "Resolved", "Closed"))
    flow = mine(ticket_log(rows)).units[0]
    texts = drawn_texts(flow.map_svg)
    for activity, events in (("New", "5"), ("In Progress", "3"), ("Resolved", "5"), ("Closed", "5")):
        assert activity in texts
        assert events in texts
    assert "2" in texts  # New -> Resolved, the skip, in two cases
    assert_inert(flow.map_svg)


def test_chinese_activity_names_are_drawn_in_a_chinese_font():
    rows = cases("A", "北京总部", 3, ("新建", "处理中", "已解决", "已关闭"))
    svg = mine(ticket_log(rows)).units[0].map_svg
    assert {"新建", "处理中", "已解决", "已关闭"} <= set(drawn_texts(svg))
    assert 'font-family="Noto Sans CJK SC"' in svg


def test_a_hostile_activity_name_is_drawn_as_text_never_run():
    rows = cases("A", "Beijing", 2, ("New", HOSTILE, 'Closed"]; evil [label="x', "back\\N\\lslash"))
    svg = mine(ticket_log(rows)).units[0].map_svg
    texts = drawn_texts(svg)
    assert HOSTILE in texts
    assert 'Closed"]; evil [label="x' in texts  # the quote ended no dot string: no node named evil
    assert "back\\N\\lslash" in texts  # dot's escapes (\N: the node's id, \l: a line break) stay characters
    assert "&lt;script&gt;" in svg
    assert_inert(svg)


def test_a_map_of_many_activities_shows_the_most_frequent_ones():
    rows = []
    for number in range(40):
        rows += cases(f"T{number}-", "A", 40 - number, ("New", f"Step {number:02}", "Closed"))
    svg = mine(ticket_log(rows)).overall.map_svg
    texts = drawn_texts(svg)
    shown = [text for text in texts if text.startswith("Step ")]
    assert len(shown) == MAX_ACTIVITIES - 2  # New and Closed are the two busiest
    assert "Step 00" in shown
    assert "Step 12" in shown
    assert "Step 13" not in shown
    assert len(svg) < 60_000


def test_a_long_name_is_shortened_on_the_map():
    name = "Waiting for the vendor's field engineer to confirm the replacement part"
    source = dot_source({name: 3}, {}, {name: 3}, {name: 3})
    assert "Waiting for the vendor's field engineer…" in source
    assert name not in source


def test_the_sanitizer_drops_whatever_can_run_or_load():
    svg = """<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://x/svg11.dtd">
    <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" width="10pt">
      <script>alert(2)</script>
      <g class="node" onclick="alert(3)" style="background:url(http://x/y)">
        <a xlink:href="javascript:alert(4)"><text x="1" y="2">inside a link</text></a>
        <image href="http://tracker.example/pixel.png"/>
        <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
        <text x="1" y="2" fill="url(http://x/#paint)">kept</text>
        <polygon fill="#fff" points="0,0 1,1"/>
      </g>
    </svg>"""
    clean = sanitize_svg(svg)
    assert_inert(clean)
    assert drawn_texts(clean) == ["kept"]
    assert "alert" not in clean
    assert "tracker" not in clean
    assert "html" not in clean
    assert '<polygon fill="#fff" points="0,0 1,1">' in clean


def test_the_sanitizer_refuses_what_is_not_svg():
    assert sanitize_svg("no svg here") == ""
    assert sanitize_svg('<svg xmlns="http://www.w3.org/2000/svg"><g>') == ""
    assert render_map({}, {}, {}, {}) == ""


def test_maps_drawn_together_each_keep_their_own_activities_in_order():
    maps = [({f"Step {number}": number + 1}, {}, {f"Step {number}": 1}, {f"Step {number}": 1}) for number in range(12)]
    maps.insert(3, ({}, {}, {}, {}))  # a unit without events has no map
    drawn = render_maps(maps)
    assert drawn[3] == ""
    for (activities, *_), svg in zip(maps, drawn, strict=True):
        if activities:
            [name] = activities
            assert name in drawn_texts(svg)
            assert_inert(svg)


def test_every_unit_of_a_log_with_many_units_gets_its_map():
    rows = []
    for number in range(30):
        rows += cases(f"U{number}-", f"Location {number:02}", 2, ("New", f"Triage {number:02}", "Closed"))
    flows = mine(ticket_log(rows)).units
    assert len(flows) == 30
    for number, flow in enumerate(flows):
        assert f"Triage {number:02}" in drawn_texts(flow.map_svg)


def test_a_map_prints_in_a_pdf_with_its_chinese_names_in_the_cjk_font(tmp_path):
    import weasyprint  # as the report prints it

    rows = cases("A", "北京总部", 3, ("新建", "处理中", "已解决", "已关闭"))
    svg = mine(ticket_log(rows)).units[0].map_svg
    pdf = tmp_path / "map.pdf"
    weasyprint.HTML(string=f"<html><body><div style='width: 12cm'>{svg}</div></body></html>").write_pdf(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert {"新建", "处理中", "已解决", "已关闭"} <= set(text.split())
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts
