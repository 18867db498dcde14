"""Read-only views of a stored assessment for the pages and the command line: no service writes here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import defer

from assessment.questionnaire.model import Questionnaire
from assessment.storage.tables import (
    Answer,
    Assessment,
    AuditEntry,
    Client,
    ContextEntry,
    Decision,
    Respondent,
    Unit,
    WalkthroughResult,
)
from assessment.workspace.core import Workspace, get_assessment, targets_of


@dataclass(frozen=True)
class AssessmentDetails:
    """The set-up of one assessment, as the set-up page shows it."""

    id: int
    client: str
    name: str
    rule: str
    questionnaire_id: str
    questionnaire_version: str
    processes: tuple[str, ...]
    units: tuple[str, ...]
    role_weights: dict[str, float]
    targets: dict[str, int]
    started_on: dt.date | None
    based_on_id: int | None
    is_demo: bool
    revision: int
    roadmap_start: dt.date | None = None  # None: the roadmap starts today
    roadmap_capacity: float | None = None  # None: the default capacity of the analysis (each workstream's)
    roadmap_capacities: dict[str, float] = field(default_factory=dict)  # a workstream's own capacity


def assessment_names(workspace: Workspace) -> list[tuple[int, str, str]]:
    """Every assessment in use (not archived): id, client and name, in the order they were created; one small
    query, no counting."""
    query = (
        select(Assessment.id, Client.name, Assessment.name)
        .join(Client)
        .where(Assessment.archived_at.is_(None))
        .order_by(Assessment.id)
    )
    with workspace.transaction() as session:
        return [(row[0], row[1], row[2]) for row in session.execute(query)]


def revision_of(workspace: Workspace, assessment_id: int) -> int | None:
    """The assessment's revision (raised on every change), or None when it does not exist: one small query."""
    with workspace.transaction() as session:
        return session.scalar(select(Assessment.revision).where(Assessment.id == assessment_id))


def revisions_of(workspace: Workspace, assessment_id: int) -> tuple[int, int] | None:
    """The assessment's revision and scoring revision (raised only by changes that can move a score), or None."""
    with workspace.transaction() as session:
        row = session.execute(
            select(Assessment.revision, Assessment.scoring_revision).where(Assessment.id == assessment_id)
        ).first()
        return None if row is None else (row[0], row[1])


def assessment_details(workspace: Workspace, assessment_id: int) -> AssessmentDetails:
    """The set-up of an assessment; a WorkspaceError when it does not exist."""
    with workspace.transaction() as session:
        # the questionnaire snapshot (hundreds of kB of JSON) is not loaded: the page needs only the set-up
        assessment = session.get(Assessment, assessment_id, options=[defer(Assessment.questionnaire_snapshot)])
        if assessment is None:
            get_assessment(session, assessment_id)  # raises the WorkspaceError naming it
        units = session.scalars(select(Unit.name).where(Unit.assessment_id == assessment_id).order_by(Unit.id))
        return AssessmentDetails(
            id=assessment.id,
            client=assessment.client.name,
            name=assessment.name,
            rule=assessment.rule,
            questionnaire_id=assessment.questionnaire_id,
            questionnaire_version=assessment.questionnaire_version,
            processes=tuple(assessment.processes),
            units=tuple(units),
            role_weights=dict(assessment.role_weights or {}),
            targets=targets_of(session, assessment_id),
            started_on=assessment.started_on,
            based_on_id=assessment.based_on_id,
            is_demo=assessment.is_demo,
            revision=assessment.revision,
            roadmap_start=assessment.roadmap_start,
            roadmap_capacity=assessment.roadmap_capacity,
            roadmap_capacities=dict(assessment.roadmap_capacities or {}),
        )


def respondents_of(workspace: Workspace, assessment_id: int, *, count_answers: bool = True) -> pd.DataFrame:
    """The respondents with their role, unit, method, interview date and number of answers, in the order added.

    `count_answers=False` leaves out the count and never reads the answers table: one small query that stays fast
    on a thousand respondents, for pages that rerun on every recorded answer.
    """
    columns = ["respondent", "role", "unit", "method", "interviewed_on"]
    query = select(Respondent.name, Respondent.role, Respondent.unit, Respondent.method, Respondent.interviewed_on)
    if count_answers:
        counts = (
            select(Answer.respondent_id, func.count().label("answers"))
            .where(Answer.assessment_id == assessment_id)
            .group_by(Answer.respondent_id)
            .subquery()
        )
        query = query.add_columns(func.coalesce(counts.c.answers, 0)).outerjoin(
            counts, counts.c.respondent_id == Respondent.id
        )
        columns.append("answers")
    query = query.where(Respondent.assessment_id == assessment_id).order_by(Respondent.id)
    with workspace.transaction() as session:
        return pd.DataFrame(session.execute(query).all(), columns=columns)


def answers_of(workspace: Workspace, assessment_id: int, respondent: str) -> dict[str, dict[str, Any]]:
    """One respondent's saved answers by item: answer, comment, evidence."""
    query = (
        select(Answer.item_id, Answer.answer, Answer.comment, Answer.evidence)
        .join(Respondent, Respondent.id == Answer.respondent_id)
        # filtered through the respondent (indexed by assessment, then a handful of rows), not by the answers'
        # assessment, which would scan every answer of a large assessment
        .where(Respondent.assessment_id == assessment_id, Respondent.name == respondent)
    )
    with workspace.transaction() as session:
        return {
            item: {"answer": answer, "comment": comment, "evidence": list(evidence or [])}
            for item, answer, comment, evidence in session.execute(query)
        }


def context_of(workspace: Workspace, assessment_id: int) -> dict[str, dict[str, dict[str, Any]]]:
    """The saved context records: section id -> record key -> data."""
    query = select(ContextEntry.section_id, ContextEntry.record_key, ContextEntry.data).where(
        ContextEntry.assessment_id == assessment_id
    )
    found: dict[str, dict[str, dict[str, Any]]] = {}
    with workspace.transaction() as session:
        for section, key, data in session.execute(query.order_by(ContextEntry.id)):
            found.setdefault(section, {})[key] = dict(data)
    return found


def walkthrough_results_of(workspace: Workspace, assessment_id: int) -> pd.DataFrame:
    """The walkthrough results: one row per check and sampled record."""
    query = (
        select(WalkthroughResult.check_id, WalkthroughResult.sample, WalkthroughResult.unit)
        .add_columns(WalkthroughResult.passed, WalkthroughResult.note, WalkthroughResult.recorded_by)
        .where(WalkthroughResult.assessment_id == assessment_id)
        .order_by(WalkthroughResult.check_id, WalkthroughResult.sample)
    )
    with workspace.transaction() as session:
        rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=["check", "sample", "unit", "passed", "note", "recorded_by"])


def decisions_of(workspace: Workspace, assessment_id: int) -> pd.DataFrame:
    """The reconciliations: item, agreed achievement, reason, author, when."""
    query = (
        select(Decision.item_id, Decision.achievement, Decision.reason, Decision.author, Decision.decided_at)
        .where(Decision.assessment_id == assessment_id)
        .order_by(Decision.item_id)
    )
    with workspace.transaction() as session:
        rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=["item", "achievement", "reason", "author", "decided_at"])


def audit_of(workspace: Workspace, assessment_id: int, *, entity: str | None = None, limit: int = 500) -> pd.DataFrame:
    """The newest entries of the assessment's audit log, newest first; `source` names the bundle an entry arrived in
    and who imported it ("" for an entry recorded here)."""
    query = select(AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.entity, AuditEntry.key).add_columns(
        AuditEntry.before, AuditEntry.after, AuditEntry.imported_from, AuditEntry.imported_by
    )
    query = query.where(AuditEntry.assessment_id == assessment_id)
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    query = query.order_by(AuditEntry.id.desc()).limit(limit)
    with workspace.transaction() as session:
        rows = session.execute(query).all()
    frame = pd.DataFrame(
        rows, columns=["at", "actor", "action", "entity", "key", "before", "after", "imported_from", "imported_by"]
    )
    source = frame["imported_from"].fillna("") + " · " + frame["imported_by"].fillna("")
    frame["source"] = source.where(frame["imported_from"].notna(), "")
    return frame.drop(columns=["imported_from", "imported_by"])


def anonymous_respondents(workspace: Workspace, assessment_id: int) -> frozenset[str]:
    """The names of the assessment's respondents who answered anonymously: pages show them by number only."""
    query = select(Respondent.name).where(Respondent.assessment_id == assessment_id, Respondent.anonymous.is_(True))
    with workspace.transaction() as session:
        return frozenset(session.scalars(query))


def questionnaire_in_scope(workspace: Workspace, assessment_id: int) -> Questionnaire:
    """The assessment's questionnaire snapshot in scope, parsed once per assessment and scope by the workspace."""
    with workspace.transaction() as session:
        # the snapshot column is loaded only when the workspace has not parsed this snapshot yet
        assessment = session.get(Assessment, assessment_id, options=[defer(Assessment.questionnaire_snapshot)])
        if assessment is None:
            get_assessment(session, assessment_id)  # raises the WorkspaceError naming it
        return workspace.questionnaire_of(assessment)
