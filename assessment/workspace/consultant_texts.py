"""The consultant's own findings and recommendations, for the executive summary and for each process.

A text is Markdown of a small subset (assessment.report.rich_text), at most MAX_CHARS characters, stored by scope
("summary" or a process id of the assessment's scope) and kind ("findings" or "recommendations"). Saving an empty
text removes it: the report shows the generated text again. Every change is in the audit log, with who made it.
Who may write is the pages' and the command line's question (a viewer's page offers no save).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from assessment.storage.tables import ConsultantText, utcnow
from assessment.workspace.consultant_kinds import KINDS, MAX_CHARS, SUMMARY
from assessment.workspace.core import Workspace, audit, fail, get_assessment

__all__ = [
    "KINDS",
    "MAX_CHARS",
    "SUMMARY",
    "WrittenText",
    "clear_consultant_text",
    "consultant_texts",
    "save_consultant_text",
]
ENTITY = "consultant text"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class WrittenText:
    """One stored text and who wrote it last, when."""

    scope: str
    kind: str
    text: str
    updated_by: str
    updated_at: dt.datetime


def normal(text: str) -> str:
    """The text as stored: line ends as \\n, no control characters but tabs (PostgreSQL stores no NUL), no blank
    lines or spaces at its ends (only spaces: empty)."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip("\n").rstrip() if text.strip() else ""


def consultant_texts(workspace: Workspace, assessment_id: int) -> dict[tuple[str, str], WrittenText]:
    """Every text written for the assessment, by (scope, kind)."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        rows = session.scalars(select(ConsultantText).where(ConsultantText.assessment_id == assessment_id))
        return {
            (row.scope, row.kind): WrittenText(row.scope, row.kind, row.text, row.updated_by, row.updated_at)
            for row in rows
        }


def save_consultant_text(
    workspace: Workspace, assessment_id: int, scope: str, kind: str, text: str, actor: str = ""
) -> bool:
    """Store the text of `scope` and `kind` (an empty text: back to the generated one); True when it changed."""
    if kind not in KINDS:
        fail("consultant_text_kind", kind=kind)
    text = normal(text)
    if len(text) > MAX_CHARS:
        fail("consultant_text_too_long", size=len(text), limit=MAX_CHARS)
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        if scope != SUMMARY and scope not in assessment.processes:
            fail("consultant_text_scope", scope=scope, allowed=", ".join([SUMMARY, *assessment.processes]))
        row = session.scalar(
            select(ConsultantText).where(
                ConsultantText.assessment_id == assessment_id,
                ConsultantText.scope == scope,
                ConsultantText.kind == kind,
            )
        )
        before = None if row is None else {"text": row.text}
        if (row.text if row else "") == text:
            return False
        if not text:
            session.delete(row)
            audit(session, assessment_id, actor, "clear", ENTITY, f"{scope}/{kind}", before)
            return True
        if row is None:
            session.add(
                ConsultantText(assessment_id=assessment_id, scope=scope, kind=kind, text=text, updated_by=actor)
            )
        else:
            row.text, row.updated_by, row.updated_at = text, actor, utcnow()
        audit(session, assessment_id, actor, "set", ENTITY, f"{scope}/{kind}", before, {"text": text})
        return True


def clear_consultant_text(workspace: Workspace, assessment_id: int, scope: str, kind: str, actor: str = "") -> bool:
    """Forget the text of `scope` and `kind`: the report shows the generated text again; True when there was one."""
    return save_consultant_text(workspace, assessment_id, scope, kind, "", actor)
