"""Context entries, walkthrough results and reconciliations of a stored assessment."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.plan_model import ContextField, ContextSection
from assessment.storage.tables import ContextEntry, Decision, WalkthroughResult, utcnow
from assessment.workspace.core import Workspace, audit, fail, get_assessment


def record_context(
    workspace: Workspace, assessment_id: int, section_id: str, record_key: str, data: dict[str, Any], actor: str = ""
) -> bool:
    """Save one record of a context section (replacing the record with the same key); returns whether it changed.

    `record_key` is a process id (per_process), a role id (per_role), "single", or any key of a list record.
    """
    with workspace.transaction() as session:
        questionnaire = workspace.questionnaire_of(get_assessment(session, assessment_id))
        section = _section(questionnaire, section_id)
        _check_key(questionnaire, section, record_key)
        processes = [process.id for process in questionnaire.processes]
        clean = {field.id: _value(section, field, data.get(field.id), processes) for field in section.fields}
        for name in data:
            if name not in clean:
                fail("context_field_unknown", section=section_id, field=name, known=list(clean))
        entry = _context_entry(session, assessment_id, section_id, record_key)
        before = None if entry is None else entry.data
        if before == clean:
            return False
        if entry is None:
            session.add(
                ContextEntry(
                    assessment_id=assessment_id,
                    section_id=section_id,
                    record_key=record_key,
                    data=clean,
                    recorded_by=actor,
                )
            )
        else:
            entry.data, entry.recorded_by, entry.recorded_at = clean, actor, utcnow()
        audit(session, assessment_id, actor, "record", "context", f"{section_id}/{record_key}", before, clean)
        return True


def delete_context(workspace: Workspace, assessment_id: int, section_id: str, record_key: str, actor: str = "") -> bool:
    """Remove one context record (its values stay in the audit log); returns whether there was one."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        entry = _context_entry(session, assessment_id, section_id, record_key)
        if entry is None:
            return False
        audit(session, assessment_id, actor, "delete", "context", f"{section_id}/{record_key}", entry.data, None)
        session.delete(entry)
        return True


def _context_entry(session: Session, assessment_id: int, section_id: str, record_key: str) -> ContextEntry | None:
    """The stored record, locked for this transaction where the database can lock rows."""
    return session.scalar(
        select(ContextEntry)
        .where(
            ContextEntry.assessment_id == assessment_id,
            ContextEntry.section_id == section_id,
            ContextEntry.record_key == record_key,
        )
        .with_for_update()
    )


def _walkthrough_result(session: Session, assessment_id: int, check_id: str, sample: str) -> WalkthroughResult | None:
    return session.scalar(
        select(WalkthroughResult).where(
            WalkthroughResult.assessment_id == assessment_id,
            WalkthroughResult.check_id == check_id,
            WalkthroughResult.sample == sample,
        )
    )


def _section(questionnaire: Questionnaire, section_id: str) -> ContextSection:
    for section in questionnaire.context:
        if section.id == section_id:
            return section
    fail("context_section_unknown", section=section_id, known=", ".join(s.id for s in questionnaire.context) or "-")
    raise AssertionError  # unreachable: fail raises


def _check_key(questionnaire: Questionnaire, section: ContextSection, key: str) -> None:
    allowed = {
        "per_process": [p.id for p in questionnaire.processes],
        "per_role": [r.id for r in questionnaire.roles],
        "single": ["single"],
    }.get(section.records)
    if allowed is None:
        if not key.strip():
            fail("empty_name", kind="context record")
    elif key not in allowed:
        per = "process" if section.records == "per_process" else "role"
        fail("context_record_key", section=section.id, per_kind=per, key=key, allowed=list(allowed))


def _value(section: ContextSection, field: ContextField, value: Any, processes: list[str]) -> Any:
    """The value checked against the field's type; None when empty."""
    if value is None or value == "" or value == []:
        if field.required:
            fail("context_field_required", section=section.id, field=field.id)
        return None

    def wrong(kind: str, allowed: str = "") -> None:
        fail(
            "context_field_value",
            section=section.id,
            field=field.id,
            expected_kind=kind,
            allowed=allowed,
            value=repr(value),
        )

    keys = [choice.key for choice in field.choices]
    if field.type == "text" and not isinstance(value, str):
        wrong("text")
    elif field.type == "boolean" and not isinstance(value, bool):
        wrong("boolean")
    elif field.type == "number":
        low, high = field.min, field.max
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            wrong("number", _bounds(low, high))
        if (low is not None and value < low) or (high is not None and value > high):
            wrong("number", _bounds(low, high))
    elif field.type == "choice" and value not in keys:
        wrong("choice", " " + ", ".join(keys))
    elif field.type in ("choices", "processes"):
        options = keys if field.type == "choices" else processes
        if not isinstance(value, list) or any(v not in options for v in value):
            wrong("list", " " + ", ".join(options))
        value = list(dict.fromkeys(value))
    return value


def _bounds(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    if high is None:
        return f" (≥ {low:g})"
    if low is None:
        return f" (≤ {high:g})"
    return f" ({low:g}–{high:g})"


def record_walkthrough(
    workspace: Workspace,
    assessment_id: int,
    check_id: str,
    sample: str,
    passed: bool,
    *,
    unit: str = "",
    note: str = "",
    actor: str = "",
) -> bool:
    """Save pass or fail of one walkthrough check on one sampled record; returns whether it changed."""
    sample = sample.strip()
    if not sample:
        fail("empty_name", kind="sample")
    with workspace.transaction() as session:
        questionnaire = workspace.questionnaire_of(get_assessment(session, assessment_id))
        checks = {c.id for p in questionnaire.processes for w in p.walkthroughs for c in w.checks}
        if check_id not in checks:
            fail("walkthrough_check_unknown", check=check_id)
        result = _walkthrough_result(session, assessment_id, check_id, sample)
        new = {"passed": bool(passed), "unit": unit, "note": note}
        before = None if result is None else {"passed": result.passed, "unit": result.unit, "note": result.note}
        if before == new:
            return False
        if result is None:
            session.add(
                WalkthroughResult(
                    assessment_id=assessment_id, check_id=check_id, sample=sample, recorded_by=actor, **new
                )
            )
        else:
            result.passed, result.unit, result.note = new["passed"], unit, note
            result.recorded_by, result.recorded_at = actor, utcnow()
        audit(session, assessment_id, actor, "record", "walkthrough", f"{check_id}/{sample}", before, new)
        return True


def delete_walkthrough(workspace: Workspace, assessment_id: int, check_id: str, sample: str, actor: str = "") -> bool:
    """Remove the result of one check on one sampled record (kept in the audit log); returns whether there was one."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        result = _walkthrough_result(session, assessment_id, check_id, sample)
        if result is None:
            return False
        before = {"passed": result.passed, "unit": result.unit, "note": result.note}
        audit(session, assessment_id, actor, "delete", "walkthrough", f"{check_id}/{sample}", before, None)
        session.delete(result)
        return True


def reconcile(
    workspace: Workspace, assessment_id: int, item_id: str, achievement: float | None, reason: str, author: str
) -> None:
    """Settle an item where respondents disagree: its agreed achievement replaces the average in scoring.

    None (nothing chosen) is refused: an agreed value is always picked deliberately, never a default.
    """
    if achievement is None:
        fail("agreed_value_required")
    if isinstance(achievement, bool) or not isinstance(achievement, (int, float)) or not 0 <= achievement <= 1:
        fail("achievement_range", value=repr(achievement))
    if not reason.strip() or not author.strip():
        fail("reason_required")
    with workspace.transaction() as session:
        questionnaire = workspace.questionnaire_of(get_assessment(session, assessment_id))
        found = questionnaire.item_index().get(item_id)
        if found is None or not found[1].is_scored:
            fail("item_not_in_scope", item=item_id)
        decision = session.scalar(
            select(Decision).where(Decision.assessment_id == assessment_id, Decision.item_id == item_id)
        )
        new = {"achievement": float(achievement), "reason": reason.strip()}
        before = None if decision is None else {"achievement": decision.achievement, "reason": decision.reason}
        if decision is None:
            session.add(Decision(assessment_id=assessment_id, item_id=item_id, author=author, **new))
        else:
            decision.achievement, decision.reason = new["achievement"], new["reason"]
            decision.author, decision.decided_at = author, utcnow()
        audit(session, assessment_id, author, "reconcile", "item", item_id, before, new)
