"""The consultant's own findings and recommendations in the report: shown where written, with their lists and bold,
escaped; the generated text where nothing is written."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from assessment.analysis.analyse import analyse_assessment
from assessment.report import ReportMeta, render_html, write_report
from assessment.report.options import ReportOptions
from assessment.workspace.consultant_texts import save_consultant_text
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.queries import walkthrough_results_of

SUMMARY_FINDINGS = "Change approvals are **not consistent** across units.\n\n- no CAB\n- no review <script>x()</script>"
CHANGE_ADVICE = "1. Set up a weekly **CAB**\n2. Keep minutes"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('voice') / 'demo.db'}")
    assessment = load_demo(workspace)
    return workspace, assessment


def report(workspace: Workspace, assessment: int, lang: str = "en", sections=None) -> str:
    analysis = analyse_assessment(workspace, assessment)
    options = ReportOptions(lang, sections) if sections else ReportOptions(lang)
    meta = ReportMeta(client="Demo", assessment="2026", date=dt.date(2026, 3, 20))
    return render_html(
        analysis, meta, options, walkthroughs=walkthrough_results_of(workspace, assessment), charts=False
    )


def section(html: str, process_name: str) -> str:
    """The HTML of one process's section."""
    start = html.index(f"</span>{process_name}</h2>")
    end = html.find('<section class="process"', start)
    return html[start : end if end > 0 else None]


def test_without_a_written_text_the_report_shows_the_generated_summary(demo):
    workspace, assessment = demo
    html = report(workspace, assessment, sections=("summary", "processes"))
    assert re.search(r'<p class="lead">\d+ processes were assessed by', html)
    assert 'class="consultant' not in html.split('id="sec-processes"')[0]  # nothing of the consultant's in the summary
    assert "<h3>Findings</h3>" not in html


def test_the_written_text_replaces_the_generated_one_with_its_lists_and_bold_escaped(demo):
    workspace, assessment = demo
    save_consultant_text(workspace, assessment, "summary", "findings", SUMMARY_FINDINGS, "王顾问")
    save_consultant_text(workspace, assessment, "change", "recommendations", CHANGE_ADVICE, "王顾问")
    save_consultant_text(workspace, assessment, "change", "findings", "Approvals by **e-mail**.", "王顾问")
    try:
        html = report(workspace, assessment, sections=("summary", "processes"))
    finally:
        for kind in ("findings", "recommendations"):
            save_consultant_text(workspace, assessment, "change", kind, "", "王顾问")
        save_consultant_text(workspace, assessment, "summary", "findings", "", "王顾问")
    assert "processes were assessed by" not in html  # the consultant's findings stand in for the generated ones
    assert (
        '<div class="consultant lead"><p>Change approvals are <strong>not consistent</strong> across units.</p>'
        "<ul><li>no CAB</li><li>no review &lt;script&gt;x()&lt;/script&gt;</li></ul></div>"
    ) in html
    assert "<script" not in html
    change = section(html, "Change management")
    assert "<h3>Findings</h3><p>Approvals by <strong>e-mail</strong>.</p>" in change
    assert "<h3>Recommendations</h3><ol><li>Set up a weekly <strong>CAB</strong></li><li>Keep minutes</li></ol>" in (
        change
    )
    assert "<h3>Findings</h3>" not in section(html, "Incident management")  # only where written


def test_the_pdf_in_chinese_carries_the_consultant_text(demo, tmp_path):
    workspace, assessment = demo
    save_consultant_text(
        workspace, assessment, "summary", "recommendations", "- 尽快**设立变更顾问委员会**\n- 每周评审", "王顾问"
    )
    try:
        analysis = analyse_assessment(workspace, assessment)
    finally:
        save_consultant_text(workspace, assessment, "summary", "recommendations", "", "王顾问")
    path = tmp_path / "report.pdf"
    write_report(
        analysis,
        ReportMeta(client="示范", assessment="2026", date=dt.date(2026, 3, 20)),
        ReportOptions("zh", ("summary",)),
        path,
    )
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    assert "建议•尽快设立变更顾问委员会•每周评审" in squeezed
    assert "本次评估覆盖" in squeezed  # the generated findings stay where the consultant wrote none


def test_a_process_without_written_recommendations_shows_its_generated_advice(demo):
    """The generated advice is the recommendation until the consultant writes one; then it is a detail below."""
    workspace, assessment = demo
    save_consultant_text(workspace, assessment, "change", "recommendations", "Weekly **CAB**", "王顾问")
    try:
        html = report(workspace, assessment, sections=("processes",))
    finally:
        save_consultant_text(workspace, assessment, "change", "recommendations", "", "王顾问")
    change, incident = section(html, "Change management"), section(html, "Incident management")
    assert "<h3>Recommendations</h3><p>Weekly <strong>CAB</strong></p>" in change
    assert '<div class="callout advice">' not in change  # the consultant's words take the advice's place ...
    assert re.search(r'<p class="small muted">To reach level \d', change)  # ... which stays as a detail
    assert "<h3>Recommendations</h3>" not in incident
    assert re.search(r'<div class="callout advice">\s*<h3>[^<]+</h3>\s*<p>To reach level \d', incident)
