"""Stored assessments as the scoring engine sees them: the same path as scoring files."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.problems import Problem
from assessment.responses import Responses
from assessment.services import ScoredAssessment, score_responses
from assessment.storage.tables import Answer, ContextEntry, Decision, Respondent
from assessment.workspace import Workspace, get_assessment, targets_of
from scoring.priorities import default_targets


def stored_responses(session: Session, assessment_id: int) -> Responses:
    """The answers and respondents of a stored assessment, in the shape the responses reader gives."""
    people = list(
        session.scalars(select(Respondent).where(Respondent.assessment_id == assessment_id).order_by(Respondent.id))
    )
    names = {person.id: person.name for person in people}
    rows = session.execute(
        select(Answer.respondent_id, Answer.item_id, Answer.answer, Answer.comment, Answer.evidence)
        .where(Answer.assessment_id == assessment_id)
        .order_by(Answer.id)
    ).all()
    answers = pd.DataFrame(
        {
            "respondent": [names[row.respondent_id] for row in rows],
            "item": [row.item_id for row in rows],
            "answer": [row.answer for row in rows],
            "comment": [row.comment for row in rows],
            "evidence": [" ".join(row.evidence or []) for row in rows],
            "row": [0] * len(rows),
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


def score_assessment(workspace: Workspace, assessment_id: int, rule: str | None = None) -> ScoredAssessment:
    """Score a stored assessment under its rule (or `rule`), with its targets."""
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        questionnaire = workspace.questionnaire_of(assessment)
        responses = stored_responses(session, assessment_id)
        importance = business_importance(session, assessment_id)
        # the steering group's targets; else from business importance in the context; else the default 3
        targets = {**default_targets(importance, assessment.processes), **targets_of(session, assessment_id)}
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
