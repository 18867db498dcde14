"""What the interview page needs at every rerun, cheaply: how far one respondent has got."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from assessment.questionnaire.model import Questionnaire


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
