"""The report tells each process's advice and its rank with a reason; the priority points stay in the appendix."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assessment.analysis.advice import advice_of, priority_reasons
from assessment.analysis.analyse import analyse_assessment
from assessment.report import ReportMeta, render_html
from assessment.report.context import report_context
from assessment.report.options import ReportOptions
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from assessment.workspace.queries import context_of

PARTS = ("gap_part", "importance_part", "pain_part", "effort_part")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('advice-report')}/d.db")
    assessment = load_demo(workspace)
    analysis = analyse_assessment(workspace, assessment, start=dt.date(2027, 3, 1))
    records = context_of(workspace, assessment)
    workspace.dispose()
    return analysis, records


def meta() -> ReportMeta:
    return ReportMeta(client="Demo", assessment="advice", date=dt.date(2026, 12, 7))


def chapter(page: str, key: str) -> str:
    """The HTML of one chapter of the report."""
    start = page.index(f'<section class="chapter chapter-{key}">')
    end = page.find('<section class="chapter ', start + 1)
    return page[start : end if end > 0 else len(page)]


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_process_view_has_its_advice_items_and_rank(demo, lang):
    analysis, records = demo
    view = report_context(analysis, meta(), ReportOptions(lang), records=records)
    result = analysis.scored.result
    advice = advice_of(result, analysis.scored.questionnaire)
    reasons = priority_reasons(analysis.priorities)
    for process, section in zip(result.processes["process"], view["processes"], strict=True):
        assert section["advice"] == advice[process].render(lang)
        assert [row["item"] for row in section["advice_items"]] == [entry.item for entry in advice[process].items]
        assert all(row["text"] and row["text"] != row["item"] for row in section["advice_items"])  # a text, not an id
        reason = reasons[process]
        if reason is None:
            assert section["priority"] is None
        else:
            assert (section["priority"]["rank"], section["priority"]["of"]) == (reason.rank, reason.of)
            assert section["priority"]["reason"] == reason.reason(lang)
    summary = view["summary"]["priorities"]
    assert [row["rank"] for row in summary] == [1, 2, 3]
    assert all(set(row) >= {"process", "rank", "reason"} for row in summary)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_summary_and_process_sections_show_no_priority_points_and_the_appendix_does(demo, lang):
    analysis, records = demo
    page = render_html(analysis, meta(), ReportOptions(lang), charts=False, context_records=records)
    priorities = analysis.priorities[analysis.priorities["gap"] > 0]
    points = [f"{row[part]:.1f}" for _, row in priorities.iterrows() for part in PARTS if row[part] >= 1]
    totals = [f"{value:.1f}" for value in priorities["priority"]] + [f"{value:.0f}" for value in priorities["priority"]]
    word = "Priority" if lang == "en" else "优先级"
    for key in ("summary", "processes", "gaps"):
        text = visible(chapter(page, key))
        assert not re.search(rf"{word}\s*\d", text), key
        assert not [number for number in points if re.search(rf"(?<![\d.]){re.escape(number)}(?![\d%])", text)], key
        assert not [number for number in totals if re.search(rf"{word}\s*{re.escape(number)}", text)], key
    summary = visible(chapter(page, "summary"))
    rank_one = priority_reasons(analysis.priorities)[priorities.sort_values("rank")["process"].iloc[0]]
    assert rank_one.sentence(lang) in " ".join(summary.split())
    appendix = visible(chapter(page, "appendix"))
    assert all(number in appendix for number in points)
    assert all(f"{value:.1f}" in appendix for value in priorities["priority"])


def test_the_process_section_gives_the_advice_first_and_the_rule_as_its_detail(demo):
    analysis, records = demo
    page = render_html(analysis, meta(), ReportOptions("en"), charts=False, context_records=records)
    section = chapter(page, "processes")
    change = section[section.index("Change management</h2>") :]
    advice = change.index("What it takes to reach the next level")
    rule = change.index("Why this level (the rule)")
    assert advice < rule < change.index("Rating by level")
    assert "First bring level 1 to fully achieved" in change[advice:rule]
    assert "Level 1 is the highest level rated L or F" in change[rule:]
