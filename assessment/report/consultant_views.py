"""The consultant's findings and recommendations in the report's view: parsed blocks (rich_text), or None where
nothing is written (the templates then show the generated text: the summary's paragraphs, a process's advice).

Kept apart from the summary and process views so that each view stays about what is generated.
"""

from __future__ import annotations

from typing import Any

from assessment.analysis.analyse import Analysis
from assessment.report import rich_text
from assessment.workspace.consultant_kinds import KINDS, SUMMARY


def consultant_view(analysis: Analysis, scope: str) -> dict[str, list[rich_text.Block] | None]:
    """{"findings": blocks | None, "recommendations": blocks | None} of the summary or a process."""
    written = (analysis.source.consultant if analysis.source is not None else {}).get(scope, {})
    return {kind: rich_text.parse(written.get(kind) or "") or None for kind in KINDS}


def add_consultant(view: dict[str, Any], analysis: Analysis) -> None:
    """Give the summary and each process section of `view` (when the report has them) their "consultant" key."""
    if "summary" in view:
        view["summary"]["consultant"] = consultant_view(analysis, SUMMARY)
    if "processes" in view:  # the sections are in the order of the result's processes
        processes = analysis.scored.result.processes["process"]
        for section, process in zip(view["processes"], processes, strict=True):
            section["consultant"] = consultant_view(analysis, process)
