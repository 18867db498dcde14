"""What the interview page needs at every rerun, cheaply: the respondents, and how far one of them has got."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import select

from assessment.questionnaire.model import Questionnaire
from assessment.storage.tables import Respondent
from assessment.workspace import Workspace


def respondent_list(workspace: Workspace, assessment_id: int) -> pd.DataFrame:
    """The respondents with role, unit, method and interview date, in the order they were added; no answer counts.

    One small query: unlike `queries.respondents_of` it never reads the answers table, so it stays fast on an
    assessment with a thousand respondents, where every recorded answer reruns the page.
    """
    query = (
        select(Respondent.name, Respondent.role, Respondent.unit, Respondent.method, Respondent.interviewed_on)
        .where(Respondent.assessment_id == assessment_id)
        .order_by(Respondent.id)
    )
    with workspace.transaction() as session:
        rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=["respondent", "role", "unit", "method", "interviewed_on"])


def is_answered(saved: Mapping[str, Any] | None) -> bool:
    """Whether a saved answer counts as given: any answer, "na" and "unknown" included; a comment alone does not."""
    return bool(saved and str(saved.get("answer") or "").strip())


def progress_by_process(questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """One row per process in questionnaire order: process id, scored items, answered scored items."""
    rows = [
        (
            process.id,
            sum(item.is_scored for item in process.items),
            sum(item.is_scored and is_answered(answers.get(item.id)) for item in process.items),
        )
        for process in questionnaire.processes
    ]
    return pd.DataFrame(rows, columns=["process", "scored", "answered"])
