"""The charts' cache: a chart drawn once is read back, a changed or damaged one is drawn again, the PDF unchanged."""

from __future__ import annotations

import subprocess

import plotly.graph_objects as go
import pytest

from assessment.report import chart_cache
from assessment.report import charts as report_charts
from assessment.report.options import ReportOptions
from assessment.report.render import write_report
from tests.report.test_pdf import demo, meta  # noqa: F401 (the demo fixture)


def bars(values: list[int]) -> go.Figure:
    return go.Figure(go.Bar(x=["事件管理", "Change"], y=values))


def no_browser() -> None:
    raise AssertionError("the browser was asked for a chart the cache holds")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "charts"
    monkeypatch.setenv(chart_cache.VARIABLE, str(folder))
    return folder


def entries(folder) -> list:
    return sorted(path for path in folder.iterdir() if not path.name.startswith(".part-"))


def test_a_chart_drawn_once_is_read_back_without_the_browser(cache, monkeypatch):
    first = report_charts.svg_bytes(bars([1, 2]), 400, 300)
    assert len(entries(cache)) == 1
    monkeypatch.setattr(report_charts, "_start", no_browser)
    assert report_charts.svg_bytes(bars([1, 2]), 400, 300) == first
    with pytest.raises(AssertionError, match="browser was asked"):  # other data, another size: drawn again
        report_charts.svg_bytes(bars([2, 1]), 400, 300)
    with pytest.raises(AssertionError, match="browser was asked"):
        report_charts.svg_bytes(bars([1, 2]), 500, 300)


def test_the_word_reports_png_is_kept_apart_from_the_svg(cache):
    svg = report_charts.svg_bytes(bars([1, 2]), 400, 300)
    png = report_charts.svg_bytes(bars([1, 2]), 400, 300, fmt="png", scale=2)
    assert svg.lstrip().startswith(b"<svg")
    assert png.startswith(b"\x89PNG")
    assert {path.suffix for path in entries(cache)} == {".svg", ".png"}


@pytest.mark.parametrize("damage", ["truncated", "altered", "empty"])
def test_a_damaged_entry_is_ignored_and_drawn_again(cache, damage):
    good = report_charts.svg_bytes(bars([3, 4]), 400, 300)
    (entry,) = entries(cache)
    data = entry.read_bytes()
    damaged = {"truncated": data[: len(data) // 2], "altered": data.replace(b"<svg", b"<svG", 1), "empty": b""}
    entry.write_bytes(damaged[damage])
    again = report_charts.svg_bytes(bars([3, 4]), 400, 300)
    assert again.lstrip().startswith(b"<svg")
    assert len(again) > len(good) // 2
    assert entry.read_bytes().endswith(again)  # remade whole


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv(chart_cache.VARIABLE, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    report_charts.svg_bytes(bars([1, 2]), 400, 300)
    assert chart_cache.folder() is None
    assert not any(tmp_path.iterdir())


def test_the_cache_keeps_to_its_size_the_least_recently_used_going_first(cache):
    import os

    for number in range(8):
        chart_cache.put(f"{number:02d}", "svg", b"<svg>" + b" " * 1000 + b"</svg>")
        os.utime(cache / f"{number:02d}.svg", (number, number))
    assert chart_cache.get("00", "svg") is not None  # read: now the most recently used
    chart_cache.prune(cache, limit=5_000)
    kept = {path.stem for path in entries(cache)}
    assert "00" in kept
    assert "01" not in kept
    assert len(kept) <= 3


def test_a_report_from_the_cache_is_the_same_and_needs_no_browser(demo, cache, tmp_path, monkeypatch):  # noqa: F811
    options = ReportOptions("zh", ("overview", "gaps"))
    drawn, kept = tmp_path / "drawn.pdf", tmp_path / "kept.pdf"
    write_report(demo[0], meta("zh"), options, drawn)
    assert entries(cache)
    monkeypatch.setattr(report_charts, "_start", no_browser)
    write_report(demo[0], meta("zh"), options, kept)
    texts = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, check=True).stdout for p in (drawn, kept)]
    assert texts[0] == texts[1]
    assert "成熟度" in texts[0].decode()
