"""What a consultant's text is for and how long it may be: shared by the workspace, bundles, the report and the
pages without loading the database layer (a report of files imports these too)."""

from __future__ import annotations

SUMMARY = "summary"  # the executive summary; any other scope is a process id
KINDS = ("findings", "recommendations")
MAX_CHARS = 20_000  # a few pages of a report: enough for a section, bounded for every deliverable
