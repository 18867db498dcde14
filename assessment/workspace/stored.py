"""Stored assessments as the scoring engine sees them: the same path as scoring files."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from assessment.problems import Problem
from assessment.responses import Responses
from assessment.services import ScoredAssessment, score_responses
from assessment.storage.tables import Answer, ContextEntry, Decision, Respondent
from assessment.workspace import Workspace, get_assessment, targets_of
from scoring.priorities import default_targets


def stored_responses(session: Session, assessment_id: int) -> Responses:
    """The answers and respondents of a stored assessment, in the shape the responses reader gives.

    Built column-wise: the evidence lists come as JSON text and each distinct text is decoded once (most
    answers carry none), which keeps a 200,000-answer assessment well under a second.
    """
    people = session.execute(
        select(Respondent.id, Respondent.name, Respondent.role, Respondent.unit, Respondent.method)
        .where(Respondent.assessment_id == assessment_id)
        .order_by(Respondent.id)
    ).all()
    rows = (
        session.connection()  # Core rows: the ORM's per-row work is not needed for plain columns
        .execute(
            select(Answer.respondent_id, Answer.item_id, Answer.answer, Answer.comment, cast(Answer.evidence, Text))
            .where(Answer.assessment_id == assessment_id)
            .order_by(Answer.id)
        )
        .all()
    )
    names_of_columns = ["respondent_id", "item", "answer", "comment", "evidence"]
    by_column = zip(*rows, strict=True) if rows else ([] for _ in names_of_columns)
    frame = pd.DataFrame(dict(zip(names_of_columns, by_column, strict=True)), columns=names_of_columns)
    names = pd.Series([person.name for person in people], index=[person.id for person in people], dtype=object)
    codes, texts = pd.factorize(frame["evidence"].fillna("[]"))
    joined = np.array([" ".join(json.loads(text) or []) for text in texts] or [""], dtype=object)
    answers = pd.DataFrame(
        {
            "respondent": frame["respondent_id"].map(names),
            "item": frame["item"],
            "answer": frame["answer"],
            "comment": frame["comment"],
            "evidence": joined[codes] if len(frame) else [],
            "row": np.zeros(len(frame), dtype=np.int64),
        },
        columns=["respondent", "item", "answer", "comment", "evidence", "row"],
    )
    respondents = pd.DataFrame(
        [(p.name, p.role, p.unit, p.method) for p in people], columns=["respondent", "role", "unit", "method"]
    )
    return Responses(answers, respondents, [], "long")


def business_importance(session: Session, assessment_id: int) -> dict[str, float]:
    """The importance (1-5) of each process to the business, from the business_needs context section."""
    rows = session.execute(
        select(ContextEntry.record_key, ContextEntry.data).where(
            ContextEntry.assessment_id == assessment_id, ContextEntry.section_id == "business_needs"
        )
    ).all()
    return {key: float(data["importance"]) for key, data in rows if isinstance(data.get("importance"), (int, float))}


def assessment_targets(session: Session, assessment_id: int, processes: list[str]) -> dict[str, int]:
    """The steering group's targets; else from business importance in the context; else the default 3."""
    importance = business_importance(session, assessment_id)
    return {**default_targets(importance, processes), **targets_of(session, assessment_id)}


def score_assessment(
    workspace: Workspace, assessment_id: int, rule: str | None = None, responses: Responses | None = None
) -> ScoredAssessment:
    """Score a stored assessment under its rule (or `rule`), with its targets.

    `responses`: the stored responses when the caller holds them already (read for the same scoring revision).
    """
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        questionnaire = workspace.questionnaire_of(assessment)
        if responses is None:
            responses = stored_responses(session, assessment_id)
        targets = assessment_targets(session, assessment_id, assessment.processes)
        agreed = {
            d.item_id: d.achievement
            for d in session.scalars(select(Decision).where(Decision.assessment_id == assessment_id))
        }
        rule = rule or assessment.rule
    declared = questionnaire.role_weights()
    warnings = [
        Problem("undeclared_role_weight", {"role": role}, severity="warning")
        for role in dict.fromkeys(responses.respondents["role"])
        if role and role not in declared
    ]
    result = score_responses(questionnaire, responses, rule, targets, agreed)
    return ScoredAssessment(questionnaire, responses, result, targets, warnings)
