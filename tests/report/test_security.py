"""Text from a questionnaire, an answer, a comment or a context record never acts in the report.

Markup in every kind of text the report shows — an <img> of a local file, a <link> to a loopback server, a
<script> — comes out as text in the HTML, the charts and the PDF; nothing is read, nothing is fetched.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import html as html_module
import re
import subprocess
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from assessment.analysis.analyse import analyse_assessment
from assessment.inputs.responses import Responses
from assessment.questionnaire.text import Text
from assessment.report import ReportMeta, render, render_html, write_report
from assessment.report.fetcher import ReportFetcher
from assessment.report.options import ReportOptions
from assessment.workspace.branding import Branding
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.queries import context_of, walkthrough_results_of
from scoring.roadmap import Roadmap

PASSWD = "root:x:0:0"  # the first line of /etc/passwd on every Debian


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with a stylesheet, and remembers it was asked."""

    requests: ClassVar[list[str]] = []

    def do_GET(self):
        self.requests.append(self.path)
        body = b"body { background: url(http://127.0.0.1/again.png) }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """An HTTP server on a loopback port that records every request it gets."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def hostile(port: int) -> dict[str, str]:
    """Texts that would read a file, reach the network or run a script if they were markup."""
    return {
        "img": '<img src="file:///etc/passwd">',
        "link": f'<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">',
        "script": '<script>document.title="pwned"</script>',
        "style": f"<style>@import url(http://127.0.0.1:{port}/import.css);</style>",
        "bold": "<b>bold</b> &amp; <i>not</i>",
    }


@pytest.fixture(scope="module")
def poisoned(server, tmp_path_factory):
    """The demo analysis with hostile texts in its questionnaire, answers, comments, context and roadmap."""
    bad = hostile(server.server_address[1])
    folder = tmp_path_factory.mktemp("security")
    workspace = Workspace(f"sqlite:///{folder / 'demo.db'}")
    assessment = load_demo(workspace)
    analysis = analyse_assessment(workspace, assessment)
    walkthroughs = walkthrough_results_of(workspace, assessment)
    records = copy.deepcopy(context_of(workspace, assessment))

    questionnaire = analysis.scored.questionnaire
    first = questionnaire.processes[0]
    as_text = Text(zh=bad["img"] + " 事件", en=bad["img"] + " Incident")
    items = [first.items[0].model_copy(update={"text": Text(zh=bad["script"], en=bad["script"])}), *first.items[1:]]
    first = first.model_copy(
        update={
            "name": as_text,
            "description": Text(zh=bad["link"], en=bad["link"]),
            "levels": {**first.levels, 1: Text(zh=bad["style"], en=bad["style"])},
            "items": items,
        }
    )
    roles = [questionnaire.roles[0].model_copy(update={"label": Text(zh=bad["bold"], en=bad["bold"])})]
    questionnaire = questionnaire.model_copy(
        update={"processes": [first, *questionnaire.processes[1:]], "roles": roles + questionnaire.roles[1:]}
    )

    responses = analysis.scored.responses
    answers = responses.answers.copy()
    incident = analysis.scored.result.items.query("process == 'incident'")
    weakest = incident.sort_values("achievement")["item"].iloc[0]  # its comments come first in the remarks
    answers.loc[answers["item"] == weakest, "comment"] = bad["link"]
    respondents = responses.respondents.assign(unit=responses.respondents["unit"].replace("北京总部", bad["img"]))
    scored = replace(
        analysis.scored,
        questionnaire=questionnaire,
        responses=Responses(answers, respondents, responses.warnings, responses.shape),
    )
    actions = analysis.roadmap.actions.copy()
    actions.loc[0, ["title_zh", "title_en"]] = [bad["script"], bad["script"]]
    units = analysis.units.assign(unit=analysis.units["unit"].replace("北京总部", bad["img"]))
    analysis = replace(analysis, scored=scored, roadmap=Roadmap(actions, analysis.roadmap.problems), units=units)

    walkthroughs = walkthroughs.copy()
    walkthroughs.loc[walkthroughs.index[0], "note"] = bad["img"]
    records["pain_points"]["pp-01"]["description"] = bad["link"] + " " + bad["script"]
    meta = ReportMeta(
        client=bad["img"],
        assessment=bad["script"],
        date=dt.date(2026, 3, 20),
        assessor=bad["link"],
        branding=Branding(company=bad["style"], primary="#123456;} body{background:url(http://127.0.0.1/x)}"),
    )
    return analysis, meta, walkthroughs, records, bad


def decoded_charts(html: str) -> list[str]:
    return [
        base64.b64decode(data).decode("utf-8")
        for data in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markup_in_texts_is_escaped_in_the_html_and_the_charts(poisoned, lang):
    analysis, meta, walkthroughs, records, bad = poisoned
    html = render_html(analysis, meta, ReportOptions(lang), walkthroughs=walkthroughs, context_records=records)
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<link" not in lowered
    assert "<b>" not in lowered
    assert lowered.count("<style") == 1  # the report's own stylesheet
    assert '<img src="file:' not in lowered
    css = html.split("</style>")[0]
    assert "@import" not in css
    assert "127.0.0.1" not in css
    assert "#123456;" not in css  # the branding colour is refused, the default used
    for text in bad.values():
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
        assert escaped in html, text
    charts = decoded_charts(html)
    # four charts, then the Gantt: the summary by workstream, then the actions of whole workstreams in charts of at
    # most 40 rows (an action or a workstream's summary): at least rows / 40 charts, at most one per workstream
    actions = analysis.roadmap.actions
    rows, streams = len(actions) + actions["workstream"].nunique(), actions["workstream"].nunique()
    assert 4 + 1 + -(-rows // 40) <= len(charts) <= 4 + 1 + streams
    for svg in charts:
        assert not re.search(r"<(script|img|link|style|foreignObject|iframe)\b", svg, re.I)
        # a heat map is a raster of its own: an <image> of a data: URL, nothing else
        assert all(href.startswith("data:image/png;base64,") for href in re.findall(r'<image[^>]*href="([^"]*)"', svg))
    shown = [html_module.unescape(text) for svg in charts for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert any(text.startswith('<img src="file:///etc/passwd">') for text in shown)  # the process name, as text


def test_nothing_is_read_or_fetched_and_the_texts_show_in_the_pdf(poisoned, server, tmp_path, monkeypatch):
    analysis, meta, walkthroughs, records, bad = poisoned
    asked: list[str] = []

    class Spy(ReportFetcher):
        def fetch(self, url, headers=None):
            asked.append(url)
            return super().fetch(url, headers)

    monkeypatch.setattr(render, "ReportFetcher", Spy)
    Recorder.requests.clear()
    path = tmp_path / "report.pdf"
    write_report(analysis, meta, ReportOptions("en"), path, walkthroughs=walkthroughs, context_records=records)

    assert Recorder.requests == []  # nothing reached the network
    assert asked  # the charts, and only the charts
    assert all(re.match(r"file://.*/report_templates/chart-[0-9a-f]+-\d+\.svg$|data:image/png;", url) for url in asked)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert PASSWD not in text  # nothing was read
    flat = re.sub(r"\s+", "", text)
    for key in ("img", "link", "script", "bold"):
        assert re.sub(r"\s+", "", bad[key]) in flat, key  # shown as text, as typed


def test_the_fetcher_itself_refuses_files_and_the_network(server, tmp_path):
    """Even markup that reached WeasyPrint (it never does) could not read a file or reach the network."""
    from assessment.report.render import pdf_document

    port = server.server_address[1]
    Recorder.requests.clear()
    # an SVG image that itself points at a local file and at the loopback server
    inner = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><image href="file:///etc/passwd"/>'
        f'<image href="http://127.0.0.1:{port}/d.png"/></svg>'
    )
    svg = "data:image/svg+xml;base64," + base64.b64encode(inner.encode()).decode()
    html = (
        f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">'
        f"<style>@import url(http://127.0.0.1:{port}/b.css); body {{ background: url(file:///etc/passwd) }}</style>"
        '</head><body><img src="file:///etc/passwd"><img src="../assessment/report/texts.py">'
        f'<iframe src="http://127.0.0.1:{port}/c"></iframe><object data="file:///etc/hostname"></object>'
        f'<img src="{svg}"><p>text</p></body></html>'
    )
    fetcher = ReportFetcher()
    document = pdf_document(html, fetcher)
    document.write_pdf(tmp_path / "probe.pdf")
    assert Recorder.requests == []
    assert any(url.startswith("http://127.0.0.1") for url in fetcher.refused)
    assert "file:///etc/passwd" in fetcher.refused
    assert any(url.endswith("/assessment/report/texts.py") for url in fetcher.refused)
    assert fetcher.served == [svg[:40]]  # the one image it may load
    assert any(url.endswith("/d.png") for url in fetcher.refused)  # what the SVG points at is refused as well
