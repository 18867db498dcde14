"""Putting right what was collected: edit, merge or delete a respondent; undo an import; archive or delete an
assessment. Each change is one transaction (all or nothing) and is in the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from assessment.inputs import vocabulary
from assessment.problems import Problem
from assessment.storage.tables import (
    Answer,
    Assessment,
    Client,
    ImportBatch,
    ImportChange,
    Respondent,
    Unit,
    utcnow,
)
from assessment.workspace.core import METHODS, Workspace, WorkspaceError, audit, fail, get_assessment

UNCHANGED: Any = object()  # an argument left as it is
MAX_CONFLICTS_SHOWN = 20


def _respondent(session: Session, assessment_id: int, name: str) -> Respondent:
    found = session.scalar(select(Respondent).where(Respondent.assessment_id == assessment_id, Respondent.name == name))
    if found is None:
        fail("respondent_not_found", respondent=name)
    return found


def _fields(person: Respondent) -> dict[str, Any]:
    day = person.interviewed_on
    return {
        "name": person.name,
        "role": person.role,
        "unit": person.unit,
        "method": person.method,
        "interviewed_on": day.isoformat() if day else None,
    }


def edit_respondent(
    workspace: Workspace,
    assessment_id: int,
    name: str,
    *,
    new_name: str | None = None,
    role: str | None = None,
    unit: str | None = None,
    method: str | None = None,
    interviewed_on: dt.date | None = UNCHANGED,
    actor: str = "",
) -> None:
    """Change what is given of a respondent (None: leave it); the role must be the questionnaire's, the unit one of
    the assessment's units (when it has any), the method one of METHODS (roles and methods by id or by name)."""
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        person = _respondent(session, assessment_id, name)
        before = _fields(person)
        if new_name is not None:
            new_name = new_name.strip()
            if not new_name:
                fail("empty_name", kind="respondent")
            if new_name != person.name and session.scalar(
                select(Respondent.id).where(Respondent.assessment_id == assessment_id, Respondent.name == new_name)
            ):
                fail("respondent_exists", respondent=new_name)
            person.name = new_name
        if role is not None:
            questionnaire = workspace.questionnaire_of(assessment)
            roles = [declared.id for declared in questionnaire.roles]
            role = vocabulary.role_words(questionnaire).get(vocabulary.normal(role), role) if role else ""
            if role and role not in roles:
                fail("unknown_role", role=role, allowed=list(roles))
            person.role = role
        if unit is not None:
            units = list(session.scalars(select(Unit.name).where(Unit.assessment_id == assessment_id)))
            if unit and units and unit not in units:
                fail("unknown_unit", unit=unit, allowed=list(units))
            person.unit = unit
        if method is not None:
            method = vocabulary.method_words().get(vocabulary.normal(method), method) if method else method
            if method not in METHODS:
                fail("bad_method", value=method)
            person.method = method
        if interviewed_on is not UNCHANGED:
            person.interviewed_on = interviewed_on
        after = _fields(person)
        if after != before:
            audit(session, assessment_id, actor, "edit", "respondent", name, before=before, after=after)


def delete_respondent(workspace: Workspace, assessment_id: int, name: str, actor: str = "") -> int:
    """Delete a respondent with every answer they gave; returns how many answers went."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        person = _respondent(session, assessment_id, name)
        answers = session.scalar(select(func.count()).select_from(Answer).where(Answer.respondent_id == person.id))
        before = _fields(person) | {"answers": answers}
        session.execute(delete(Answer).where(Answer.respondent_id == person.id))
        session.delete(person)
        audit(session, assessment_id, actor, "delete", "respondent", name, before=before)
        return answers


@dataclass(frozen=True)
class MergeReport:
    """What merging one respondent into another did."""

    moved: int  # answers of the merged one kept (items the kept one had not answered, or newer ones)
    dropped: int  # answers of the merged one left out (the kept one's answer to the item was chosen)


def merge_respondents(
    workspace: Workspace,
    assessment_id: int,
    keep: str,
    merged: str,
    *,
    prefer: Literal["newer", "kept"] = "newer",
    actor: str = "",
) -> MergeReport:
    """The same person recorded twice: `merged`'s answers join `keep`'s, then `merged` is deleted.

    Where both answered an item, the newer answer stays (`prefer="newer"`), or `keep`'s (`prefer="kept"`).
    """
    if keep == merged:
        fail("merge_same", respondent=keep)
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        kept, gone = _respondent(session, assessment_id, keep), _respondent(session, assessment_id, merged)
        theirs = {a.item_id: a for a in session.scalars(select(Answer).where(Answer.respondent_id == kept.id))}
        moved = dropped = 0
        for answer in session.scalars(select(Answer).where(Answer.respondent_id == gone.id)).all():
            mine = theirs.get(answer.item_id)
            if mine is None:
                answer.respondent_id = kept.id
                moved += 1
            elif prefer == "newer" and answer.recorded_at > mine.recorded_at:
                mine.answer, mine.comment, mine.evidence = answer.answer, answer.comment, answer.evidence
                mine.recorded_by, mine.recorded_at = answer.recorded_by, answer.recorded_at
                session.delete(answer)
                moved += 1
            else:
                session.delete(answer)
                dropped += 1
        session.flush()
        before = {"kept": _fields(kept), "merged": _fields(gone)}
        session.delete(gone)
        after = {"moved": moved, "dropped": dropped, "prefer": prefer}
        audit(session, assessment_id, actor, "merge", "respondent", f"{merged} → {keep}", before=before, after=after)
        return MergeReport(moved, dropped)


# --- imports, undone -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """One import as the lists show it."""

    id: int
    file: str
    actor: str
    at: dt.datetime
    counts: dict[str, int]
    undone_at: dt.datetime | None
    undone_by: str | None


def import_batches(workspace: Workspace, assessment_id: int) -> list[Batch]:
    """The assessment's imports, newest first."""
    query = (
        select(ImportBatch)
        .where(ImportBatch.assessment_id == assessment_id)
        .order_by(ImportBatch.at.desc(), ImportBatch.id.desc())
    )
    with workspace.transaction() as session:
        return [
            Batch(b.id, b.file, b.actor, b.at, dict(b.counts), b.undone_at, b.undone_by) for b in session.scalars(query)
        ]


def undo_import(workspace: Workspace, assessment_id: int, batch_id: int, actor: str = "") -> dict[str, int]:
    """Put the assessment back as it was before an import: its added respondents and answers removed, the
    respondents and answers it changed as they were. Refused, naming them, when a row it touched changed since."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        batch = session.get(ImportBatch, batch_id)
        if batch is None or batch.assessment_id != assessment_id:
            fail("import_not_found", batch=batch_id)
        if batch.undone_at is not None:
            fail("import_undone_already", batch=batch_id, file=batch.file)
        changes = list(session.scalars(select(ImportChange).where(ImportChange.batch_id == batch.id)))
        people = {
            p.name: p for p in session.scalars(select(Respondent).where(Respondent.assessment_id == assessment_id))
        }
        answers = {
            (a.respondent_id, a.item_id): a
            for a in session.scalars(select(Answer).where(Answer.assessment_id == assessment_id))
        }
        conflicts = _conflicts(changes, people, answers)
        if conflicts:
            shown = [Problem("import_changed_since", {"file": batch.file, "what": what}) for what in conflicts]
            raise WorkspaceError(shown[:MAX_CONFLICTS_SHOWN])
        undone = {"respondents_removed": 0, "respondents_restored": 0, "answers_removed": 0, "answers_restored": 0}
        for change in (c for c in changes if c.item_id is not None):
            key = (people[change.respondent].id, change.item_id)
            if change.after.get("cleared"):  # the import took the answer away: it comes back
                session.add(_answer_from(change.before, assessment_id, *key))
                undone["answers_restored"] += 1
                continue
            answer = answers[key]
            if change.before is None:
                session.delete(answer)
                undone["answers_removed"] += 1
            else:
                answer.answer, answer.comment = change.before["answer"], change.before["comment"]
                answer.evidence, answer.recorded_by = change.before["evidence"], change.before["recorded_by"]
                answer.recorded_at = dt.datetime.fromisoformat(change.before["recorded_at"])
                undone["answers_restored"] += 1
        session.flush()
        for change in (c for c in changes if c.item_id is None):
            person = people[change.respondent]
            if change.before is None:
                session.delete(person)
                undone["respondents_removed"] += 1
            else:
                person.role, person.unit, person.method = (change.before[k] for k in ("role", "unit", "method"))
                undone["respondents_restored"] += 1
        batch.undone_at, batch.undone_by = utcnow(), actor
        audit(session, assessment_id, actor, "undo", "import", batch.file, before=dict(batch.counts), after=undone)
        return undone


def _answer_from(fields: dict[str, Any], assessment_id: int, respondent_id: int, item_id: str) -> Answer:
    return Answer(
        id=fields.get("id"),  # the row it was (imports before the row was kept have none: a new one)
        assessment_id=assessment_id,
        respondent_id=respondent_id,
        item_id=item_id,
        answer=fields["answer"],
        comment=fields["comment"],
        evidence=fields["evidence"],
        recorded_by=fields["recorded_by"],
        recorded_at=dt.datetime.fromisoformat(fields["recorded_at"]),
    )


def _conflicts(changes: Sequence[ImportChange], people: dict[str, Respondent], answers: dict) -> list[str]:
    """What the import touched and is no longer as it left it (respondent, or respondent/item)."""
    found = []
    added_people = {c.respondent for c in changes if c.item_id is None and c.before is None}
    for change in changes:
        person = people.get(change.respondent)
        if person is None:
            found.append(change.respondent)
            continue
        if change.item_id is None:
            now = {"role": person.role, "unit": person.unit, "method": person.method}
            if now != change.after:
                found.append(change.respondent)
            continue
        answer = answers.get((person.id, change.item_id))
        if change.after.get("cleared"):
            if answer is not None:  # answered again since
                found.append(f"{change.respondent}/{change.item_id}")
            continue
        if answer is None or (answer.answer, answer.comment, list(answer.evidence or [])) != (
            change.after["answer"],
            change.after["comment"],
            list(change.after["evidence"]),
        ):
            found.append(f"{change.respondent}/{change.item_id}")
    # a respondent the import added may not have answers it did not bring: they would go with the respondent
    brought = {(c.respondent, c.item_id) for c in changes if c.item_id is not None}
    for name in added_people:
        person = people.get(name)
        if person is None:
            continue
        extra = [
            item for (respondent_id, item) in answers if respondent_id == person.id and (name, item) not in brought
        ]
        found += [f"{name}/{item}" for item in sorted(extra)]
    return list(dict.fromkeys(found))


# --- assessments, archived and deleted -------------------------------------------------------------------------------


def set_archived(workspace: Workspace, assessment_id: int, archived: bool, actor: str = "") -> None:
    """Archive an assessment (kept whole, hidden from the lists) or bring it back."""
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        if (assessment.archived_at is not None) == archived:
            return
        assessment.archived_at = utcnow() if archived else None
        action = "archive" if archived else "unarchive"
        audit(session, assessment_id, actor, action, "setting", assessment.name)


def delete_assessment(workspace: Workspace, assessment_id: int, typed_name: str, actor: str = "") -> None:
    """Delete an assessment with everything in it, once its name is typed exactly; the deletion stays in the
    workspace's audit log (the assessment's own log goes with it)."""
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        if typed_name.strip() != assessment.name:
            fail("delete_name_mismatch", name=assessment.name)
        client = session.get(Client, assessment.client_id)
        counts = {
            "respondents": session.scalar(
                select(func.count()).select_from(Respondent).where(Respondent.assessment_id == assessment_id)
            ),
            "answers": session.scalar(
                select(func.count()).select_from(Answer).where(Answer.assessment_id == assessment_id)
            ),
        }
        # a re-assessment copied from this one keeps its answers and loses only the link to its baseline
        session.execute(update(Assessment).where(Assessment.based_on_id == assessment_id).values(based_on_id=None))
        session.delete(assessment)
        session.flush()
        before = {"client": client.name, "name": assessment.name, "id": assessment_id, **counts}
        audit(session, None, actor, "delete", "assessment", f"{client.name} / {assessment.name}", before=before)
