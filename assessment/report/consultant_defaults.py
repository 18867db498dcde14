"""What the report says where the consultant has written nothing: the text a consultant starts from.

The summary's findings: its generated paragraphs. A process's findings: the explanation of its level (which the
report shows in any case); its recommendations: its advice (when the report's process view gives one). The
summary's recommendations have no generated text: the report lists the priorities and first steps instead.
"""

from __future__ import annotations

from assessment.analysis.analyse import Analysis
from assessment.report.common import names_of
from assessment.report.context import summary_view
from assessment.report.process_views import process_views
from assessment.workspace.consultant_kinds import SUMMARY


def generated_texts(analysis: Analysis, lang: str) -> dict[tuple[str, str], list[str]]:
    """The generated paragraphs by (scope, kind), in `lang`."""
    names = names_of(analysis, lang)
    texts = {
        (SUMMARY, "findings"): list(summary_view(analysis, names, [])["paragraphs"]),
        (SUMMARY, "recommendations"): [],
    }
    sections = process_views(analysis, names, None, [], 1)
    for section, process in zip(sections, analysis.scored.result.processes["process"], strict=True):
        texts[process, "findings"] = list(section["why"])
        texts[process, "recommendations"] = list(section.get("advice") or [])
    return texts
