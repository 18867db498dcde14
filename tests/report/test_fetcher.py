"""The report's URL fetcher: data: URLs, the report's own files and charts; nothing else, however it is spelt."""

from __future__ import annotations

import base64
from concurrent.futures import Future

import pytest

from assessment.report.charts import Chart, ChartJobs
from assessment.report.fetcher import TEMPLATES, ReportFetcher


def test_a_data_url_is_decoded():
    fetcher = ReportFetcher()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    response = fetcher.fetch("data:image/svg+xml;base64," + base64.b64encode(svg).decode())
    assert response.read() == svg
    assert response.content_type == "image/svg+xml"
    assert fetcher.fetch("data:text/plain,a%20b").read() == b"a b"


def test_a_file_of_the_report_templates_is_served():
    response = ReportFetcher().fetch((TEMPLATES / "report.css").as_uri())
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "FILE:///etc/passwd",
        (TEMPLATES / ".." / "assessment" / "report" / "texts.py").as_uri(),
        TEMPLATES.as_uri() + "/%2e%2e/pyproject.toml",
        "file://example.com/etc/passwd",
        "http://127.0.0.1:8000/x.css",
        "https://example.com/logo.png",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1/x",
        "javascript:alert(1)",
        "data:image/png",  # no comma: not a data: URL
        (TEMPLATES / "missing.png").as_uri(),
        TEMPLATES.as_uri() + "/",
    ],
)
def test_anything_else_is_refused_and_noted(url):
    fetcher = ReportFetcher()
    with pytest.raises(ValueError, match="only its own files"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.served == []


def test_a_link_out_of_the_templates_is_refused(tmp_path):
    root = tmp_path / "templates"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (root / "link.txt").symlink_to(secret)
    fetcher = ReportFetcher(root)
    with pytest.raises(ValueError, match="only its own files"):
        fetcher.fetch((root / "link.txt").as_uri())


def test_the_charts_of_the_report_are_served_by_name_and_no_other():
    jobs = ChartJobs(inline=False)
    future: Future = Future()
    future.set_result(b"<svg/>")
    jobs.charts["chart-abc-1.svg"] = Chart(future, "chart-abc-1.svg", inline=False)
    fetcher = ReportFetcher(charts=jobs)
    assert fetcher.fetch((TEMPLATES / "chart-abc-1.svg").as_uri()).read() == b"<svg/>"
    with pytest.raises(ValueError, match="only its own files"):
        fetcher.fetch((TEMPLATES / "chart-abc-2.svg").as_uri())
    with pytest.raises(ValueError, match="only its own files"):
        fetcher.fetch((TEMPLATES / "sub" / "chart-abc-1.svg").as_uri())
    jobs.close()


def test_a_chart_is_a_data_url_in_the_html_and_a_name_in_the_pdf():
    future: Future = Future()
    future.set_result(b"<svg/>")
    assert Chart(future, "chart-x-1.svg", inline=True).src == "data:image/svg+xml;base64," + base64.b64encode(
        b"<svg/>"
    ).decode("ascii")
    assert Chart(future, "chart-x-1.svg", inline=False).src == "chart-x-1.svg"
