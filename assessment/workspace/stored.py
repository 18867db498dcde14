"""A stored assessment read for an analysis: once, in one transaction, each table once, into a frozen dataclass.

The answers come in the shape the responses reader gives for files, so that a stored assessment and a file are
scored by the same path. The analysis, the report and the exports take what they need from a StoredAssessment;
none of them reads the database again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Select, Text, cast, func, select
from sqlalchemy.orm import Session

from assessment.inputs.responses import Responses
from assessment.questionnaire.model import Questionnaire
from assessment.storage.tables import (
    Answer,
    Client,
    ConsultantText,
    ContextEntry,
    Decision,
    Respondent,
    RoadmapEdit,
    Unit,
    WalkthroughResult,
)
from assessment.workspace.core import Workspace, get_assessment, targets_of
from scoring.priorities import default_targets


def stored_responses(session: Session, assessment_id: int) -> Responses:
    """The answers and respondents of a stored assessment, in the shape the responses reader gives.

    Built column-wise from the driver's own rows (SQLAlchemy's per-row work was a third of the time): the evidence
    lists come as JSON text, NULL for the usual empty list, and each distinct text is decoded once; 277,000 answers
    read in about half a second.
    """
    people = session.execute(
        select(Respondent.id, Respondent.name, Respondent.role, Respondent.unit, Respondent.method)
        .where(Respondent.assessment_id == assessment_id)
        .order_by(Respondent.id)
    ).all()
    evidence = func.nullif(cast(Answer.evidence, Text), "[]")  # most answers have none: None costs nothing to fetch
    rows = driver_rows(
        session,
        select(Answer.respondent_id, Answer.item_id, Answer.answer, Answer.comment, evidence)
        .where(Answer.assessment_id == assessment_id)
        .order_by(Answer.id),
    )
    table = np.array(rows, dtype=object).reshape(len(rows), 5)  # one C-level pass, not a tuple per column
    names = pd.Series([person.name for person in people], index=[person.id for person in people], dtype=object)
    codes, texts = pd.factorize(pd.Series(table[:, 4], dtype=object).fillna("[]"))
    joined = np.array([" ".join(json.loads(text) or []) for text in texts] or [""], dtype=object)
    answers = pd.DataFrame(
        {
            "respondent": pd.Series(table[:, 0].astype(np.int64)).map(names),
            "item": table[:, 1],
            "answer": table[:, 2],
            "comment": table[:, 3],
            "evidence": joined[codes] if len(rows) else [],
            "row": np.zeros(len(rows), dtype=np.int64),
        },
        columns=["respondent", "item", "answer", "comment", "evidence", "row"],
    )
    respondents = pd.DataFrame(
        [(p.name, p.role, p.unit, p.method) for p in people], columns=["respondent", "role", "unit", "method"]
    )
    return Responses(answers, respondents, [], "long")


def driver_rows(session: Session, query: Select) -> list[tuple]:
    """The rows of a Core query as the database driver returns them (plain tuples), in the session's transaction."""
    result = session.connection().execute(query)
    try:
        return result.cursor.fetchall()  # the driver's cursor: SQLAlchemy makes no Row of each
    finally:
        result.close()


def business_importance(session: Session, assessment_id: int) -> dict[str, float]:
    """The importance (1-5) of each process to the business, from the business_needs context section."""
    rows = session.execute(
        select(ContextEntry.record_key, ContextEntry.data).where(
            ContextEntry.assessment_id == assessment_id, ContextEntry.section_id == "business_needs"
        )
    ).all()
    return importance_of(dict(rows))


WALKTHROUGH_COLUMNS = ["check", "sample", "unit", "passed", "note", "recorded_by"]


@dataclass(frozen=True)
class StoredAssessment:
    """What an analysis and its report need of a stored assessment, read once."""

    id: int
    client: str
    name: str
    rule: str
    processes: tuple[str, ...]
    units: tuple[str, ...]
    started_on: dt.date | None
    roadmap_start: dt.date | None
    roadmap_capacity: float | None
    roadmap_capacities: dict[str, float]  # a workstream's own capacity (person-days per month)
    questionnaire_id: str
    questionnaire_version: str
    questionnaire: Questionnaire  # the snapshot in scope, with the assessment's role weights
    targets: dict[str, int]  # as the steering group set them
    decisions: dict[str, float]  # agreed achievement by item (reconciliations)
    context: dict[str, dict[str, dict[str, Any]]]  # section id -> record key -> data
    walkthroughs: pd.DataFrame  # one row per check and sampled record (WALKTHROUGH_COLUMNS)
    edits: list[dict[str, Any]]  # the roadmap's edits as the builder takes them, in the order made
    responses: Responses | None = field(default=None)  # None: not read (the caller has them for this revision)
    # the consultant's own texts: scope ("summary" or a process id) -> kind (findings, recommendations) -> Markdown
    consultant: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def importance(self) -> dict[str, float]:
        """The importance (1-5) of each process to the business, from the business_needs context section."""
        return importance_of(self.context.get("business_needs", {}))

    @property
    def pain(self) -> pd.DataFrame:
        """The pain points by process: one row per pain point and process it names [process, severity]."""
        rows = [
            (process, float(data["severity"]))
            for data in self.context.get("pain_points", {}).values()
            if isinstance(data.get("severity"), (int, float))
            for process in data.get("processes") or []
        ]
        return pd.DataFrame(rows, columns=["process", "severity"])

    @property
    def planned_targets(self) -> dict[str, int]:
        """The steering group's targets; else from business importance in the context; else the default 3."""
        return {**default_targets(self.importance, list(self.processes)), **self.targets}


def importance_of(records: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Business importance by process from the records of the business_needs section."""
    return {
        key: float(data["importance"])
        for key, data in records.items()
        if isinstance(data.get("importance"), (int, float))
    }


def read_assessment(workspace: Workspace, assessment_id: int, *, answers: bool = True) -> StoredAssessment:
    """The assessment as an analysis needs it, each table read once; a WorkspaceError when it does not exist.

    `answers=False` leaves the answers out, for a caller that holds them for the current scoring revision.
    """
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)  # a WorkspaceError naming it when it does not exist
        client = session.scalar(select(Client.name).where(Client.id == assessment.client_id))
        units = session.scalars(select(Unit.name).where(Unit.assessment_id == assessment_id).order_by(Unit.id))
        decisions = session.execute(
            select(Decision.item_id, Decision.achievement).where(Decision.assessment_id == assessment_id)
        )
        context: dict[str, dict[str, dict[str, Any]]] = {}
        for section, key, data in session.execute(
            select(ContextEntry.section_id, ContextEntry.record_key, ContextEntry.data)
            .where(ContextEntry.assessment_id == assessment_id)
            .order_by(ContextEntry.id)
        ):
            context.setdefault(section, {})[key] = dict(data)
        walkthroughs = session.execute(
            select(WalkthroughResult.check_id, WalkthroughResult.sample, WalkthroughResult.unit)
            .add_columns(WalkthroughResult.passed, WalkthroughResult.note, WalkthroughResult.recorded_by)
            .where(WalkthroughResult.assessment_id == assessment_id)
            .order_by(WalkthroughResult.check_id, WalkthroughResult.sample)
        ).all()
        edits = session.execute(
            select(RoadmapEdit.action_id, RoadmapEdit.kind, RoadmapEdit.value)
            .where(RoadmapEdit.assessment_id == assessment_id)
            .order_by(RoadmapEdit.id)
        ).all()
        return StoredAssessment(
            id=assessment.id,
            client=client,
            name=assessment.name,
            rule=assessment.rule,
            processes=tuple(assessment.processes),
            units=tuple(units),
            started_on=assessment.started_on,
            roadmap_start=assessment.roadmap_start,
            roadmap_capacity=assessment.roadmap_capacity,
            roadmap_capacities=dict(assessment.roadmap_capacities or {}),
            questionnaire_id=assessment.questionnaire_id,
            questionnaire_version=assessment.questionnaire_version,
            questionnaire=workspace.questionnaire_of(assessment),
            targets=targets_of(session, assessment_id),
            decisions=dict(decisions.all()),
            context=context,
            walkthroughs=pd.DataFrame(walkthroughs, columns=WALKTHROUGH_COLUMNS),
            edits=[{"action": action, "kind": kind, "value": value} for action, kind, value in edits],
            responses=stored_responses(session, assessment_id) if answers else None,
            consultant=_consultant_texts(session, assessment_id),
        )


def _consultant_texts(session: Session, assessment_id: int) -> dict[str, dict[str, str]]:
    """The consultant's texts of the assessment: scope -> kind -> text."""
    texts: dict[str, dict[str, str]] = {}
    for scope, kind, text in session.execute(
        select(ConsultantText.scope, ConsultantText.kind, ConsultantText.text).where(
            ConsultantText.assessment_id == assessment_id
        )
    ):
        texts.setdefault(scope, {})[kind] = text
    return texts
