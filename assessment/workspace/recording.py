"""Answers: recorded one at a time in interviews, or imported from a survey file, all or nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from assessment.inputs.responses import Responses, read_responses
from assessment.inputs.vocabulary import CLEAR
from assessment.problems import Problem
from assessment.questionnaire.model import UNSCORED_ANSWERS, Questionnaire
from assessment.storage.tables import Answer, Assessment, ImportBatch, ImportChange, Respondent, Unit, utcnow
from assessment.workspace.core import Workspace, audit, fail, get_assessment

Progress = Callable[[float, str], None]
READ_SHARE = 0.4  # of an import's time, reading and checking the file (measured on 200,000 answers)
PROGRESS_EVERY = 5000  # answers between two progress reports


@dataclass(frozen=True)
class ImportReport:
    """What an import changed: a second import of the same file reports no change."""

    respondents_added: int
    respondents_changed: int
    answers_added: int
    answers_changed: int
    answers_unchanged: int
    warnings: tuple[Problem, ...] = ()  # from reading the file, e.g. an undeclared role
    batch: int | None = None  # the import batch that can undo it (None: nothing changed)
    answers_cleared: int = 0  # earlier answers the file took away ([clear])

    @property
    def changed(self) -> bool:
        return bool(
            self.respondents_added
            or self.respondents_changed
            or self.answers_added
            or self.answers_changed
            or self.answers_cleared
        )


def _allowed_answers(questionnaire: Questionnaire, item_id: str) -> list[str] | None:
    """The answers an item takes (None: free text or a number), or a WorkspaceError if it is out of scope."""
    found = questionnaire.item_index().get(item_id)
    if found is None:
        fail("item_not_in_scope", item=item_id)
    item = found[1]
    if not item.is_scored:
        return None
    return [option.key for option in questionnaire.all_scales()[item.scale_id]] + [*UNSCORED_ANSWERS, ""]


def record_answer(
    workspace: Workspace,
    assessment_id: int,
    respondent: str,
    item_id: str,
    answer: str,
    *,
    comment: str = "",
    evidence: Sequence[str] | None = (),
    actor: str = "",
) -> bool:
    """Save one answer at once (answering again replaces it); returns whether anything changed. `evidence=None`
    keeps the evidence already recorded (a respondent answering online never sees what a consultant added)."""
    answer = answer.strip()
    if answer.lower() in UNSCORED_ANSWERS:
        answer = answer.lower()
    with workspace.transaction() as session:
        # the snapshot's column is read only when the workspace has not parsed this snapshot yet
        assessment = session.get(Assessment, assessment_id, options=[defer(Assessment.questionnaire_snapshot)])
        if assessment is None:
            get_assessment(session, assessment_id)  # raises the WorkspaceError naming it
        questionnaire = workspace.questionnaire_of(assessment)
        allowed = _allowed_answers(questionnaire, item_id)
        if allowed is not None and answer not in allowed:
            fail("answer_not_allowed", answer=answer, item=item_id, allowed=[a for a in allowed if a])
        person = session.scalar(
            select(Respondent).where(Respondent.assessment_id == assessment_id, Respondent.name == respondent)
        )
        if person is None:
            fail("respondent_not_found", respondent=respondent)
        existing = session.scalar(
            select(Answer).where(Answer.respondent_id == person.id, Answer.item_id == item_id).with_for_update()
        )
        if evidence is None:
            evidence = list(existing.evidence or []) if existing is not None else []
        new = {"answer": answer, "comment": comment, "evidence": list(evidence)}
        if existing is None:
            session.add(
                Answer(assessment_id=assessment_id, respondent_id=person.id, item_id=item_id, recorded_by=actor, **new)
            )
            before = None
        else:
            before = {"answer": existing.answer, "comment": existing.comment, "evidence": existing.evidence}
            if before == new:
                return False
            existing.answer, existing.comment, existing.evidence = answer, comment, list(evidence)
            existing.recorded_by, existing.recorded_at = actor, utcnow()
        audit(session, assessment_id, actor, "record", "answer", f"{respondent}/{item_id}", before=before, after=new)
        return True


def import_responses(
    workspace: Workspace,
    assessment_id: int,
    path: str | Path,
    *,
    display_name: str | None = None,
    actor: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import a responses file into an assessment in one transaction: everything, or nothing at all.

    Respondents are matched by name: a respondent who answers again replaces their earlier answers.
    `progress(fraction, stage)` is told how far it got (stage: "reading", "storing", "done"), for a progress bar.
    """
    report_progress = progress or (lambda fraction, stage: None)
    report_progress(0.0, "reading")
    with workspace.transaction() as session:
        questionnaire = workspace.questionnaire_of(get_assessment(session, assessment_id))
        units = list(session.scalars(select(Unit.name).where(Unit.assessment_id == assessment_id)))
    # every problem is found before anything is written
    responses = read_responses(path, questionnaire, display_name=display_name, units=units)
    report_progress(READ_SHARE, "storing")
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        # the audit log keeps the file's name, never a local path (the command line is given one)
        source = Path(display_name or path).name
        report = _store(session, assessment_id, responses, actor, source, report_progress)
    report_progress(1.0, "done")
    return dataclasses.replace(report, warnings=tuple(responses.warnings))


def _respondent_fields(person: Respondent) -> dict[str, str]:
    return {"role": person.role, "unit": person.unit, "method": person.method}


def _answer_fields(answer: Answer) -> dict[str, object]:
    """An answer as an import change keeps it: enough to put it back exactly."""
    return {
        "answer": answer.answer,
        "comment": answer.comment,
        "evidence": list(answer.evidence or []),
        "recorded_by": answer.recorded_by,
        "recorded_at": answer.recorded_at.isoformat(),
    }


def _store(
    session: Session, assessment_id: int, responses: Responses, actor: str, source: str, progress: Progress
) -> ImportReport:
    """Write the checked responses; every row added or changed is kept in an import batch, to be undone exactly."""
    people = {p.name: p for p in session.scalars(select(Respondent).where(Respondent.assessment_id == assessment_id))}
    changes: list[dict[str, object]] = []
    added = changed = 0
    for row in responses.respondents.itertuples(index=False):
        person = people.get(row.respondent)
        fields = {"role": row.role, "unit": row.unit, "method": row.method}
        if person is None:
            person = Respondent(assessment_id=assessment_id, name=row.respondent, **fields)
            session.add(person)
            people[row.respondent] = person
            added += 1
            changes.append({"respondent": row.respondent, "item_id": None, "before": None, "after": fields})
        elif any(getattr(person, key) != value for key, value in fields.items()):
            before = _respondent_fields(person)
            for key, value in fields.items():
                setattr(person, key, value)
            changed += 1
            changes.append({"respondent": row.respondent, "item_id": None, "before": before, "after": fields})
    session.flush()
    ids = {name: person.id for name, person in people.items()}
    stored = {
        (a.respondent_id, a.item_id): a
        for a in session.scalars(select(Answer).where(Answer.assessment_id == assessment_id))
    }
    now = utcnow()
    new_answers, changed_answers, unchanged, cleared = [], 0, 0, 0
    total = max(len(responses.answers), 1)
    for position, row in enumerate(responses.answers.itertuples(index=False)):
        if position % PROGRESS_EVERY == 0:
            progress(READ_SHARE + (1 - READ_SHARE) * 0.9 * position / total, "storing")
        key = (ids[row.respondent], row.item)
        evidence = [row.evidence] if row.evidence else []
        existing = stored.get(key)
        if row.answer == CLEAR:  # the file takes an earlier answer away
            if existing is not None:
                before = _answer_fields(existing) | {"id": existing.id}  # put back as it was, its row too
                changes.append({"respondent": row.respondent, "item_id": row.item, "before": before,
                                "after": {"cleared": True}})  # fmt: skip
                session.delete(existing)
                cleared += 1
            continue
        after = {
            "answer": row.answer,
            "comment": row.comment,
            "evidence": evidence,
            "recorded_by": actor,
            "recorded_at": now.isoformat(),
        }
        if existing is None:
            new_answers.append(
                {
                    "assessment_id": assessment_id,
                    "respondent_id": key[0],
                    "item_id": row.item,
                    "answer": row.answer,
                    "comment": row.comment,
                    "evidence": evidence,
                    "recorded_by": actor,
                    "recorded_at": now,
                }
            )
            changes.append({"respondent": row.respondent, "item_id": row.item, "before": None, "after": after})
        elif (existing.answer, existing.comment, existing.evidence) != (row.answer, row.comment, evidence):
            before = _answer_fields(existing)
            existing.answer, existing.comment, existing.evidence = row.answer, row.comment, evidence
            existing.recorded_by, existing.recorded_at = actor, now
            changed_answers += 1
            changes.append({"respondent": row.respondent, "item_id": row.item, "before": before, "after": after})
        else:
            unchanged += 1
    if new_answers:
        session.execute(Answer.__table__.insert(), new_answers)
    report = ImportReport(added, changed, len(new_answers), changed_answers, unchanged, answers_cleared=cleared)
    if report.changed:
        counts = {
            "respondents_added": added,
            "respondents_changed": changed,
            "answers_added": len(new_answers),
            "answers_changed": changed_answers,
            "answers_cleared": cleared,
        }
        batch = ImportBatch(assessment_id=assessment_id, file=source[:300], actor=actor, at=now, counts=counts)
        session.add(batch)
        session.flush()
        session.execute(ImportChange.__table__.insert(), [{"batch_id": batch.id, **change} for change in changes])
        audit(session, assessment_id, actor, "import", "answers", source, after={**counts, "batch": batch.id})
        report = dataclasses.replace(report, batch=batch.id)
    return report
