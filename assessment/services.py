"""Services the app and the command line call: load, read, score. No framework imports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from assessment.problems import Problem
from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.responses import Responses, read_responses
from assessment.targets import read_targets
from scoring.maturity import DEFAULT_RULE, MaturityResult, score_maturity


@dataclass
class ScoredAssessment:
    """A scoring run: what went in, what came out, and what to warn about."""

    questionnaire: Questionnaire
    responses: Responses
    result: MaturityResult
    targets: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)


def score_files(
    questionnaire_path: str | Path,
    responses_path: str | Path,
    rule: str = DEFAULT_RULE,
    targets_path: str | Path | None = None,
) -> ScoredAssessment:
    """Load a questionnaire, read a responses file and score it. Raises InputError subclasses."""
    loaded = load_questionnaire(questionnaire_path)
    questionnaire = loaded.questionnaire
    targets = read_targets(targets_path, questionnaire) if targets_path is not None else {}
    responses = read_responses(responses_path, questionnaire)
    result = score_responses(questionnaire, responses, rule, targets)
    return ScoredAssessment(questionnaire, responses, result, targets, loaded.warnings + responses.warnings)


def score_responses(
    questionnaire: Questionnaire, responses: Responses, rule: str = DEFAULT_RULE, targets: dict[str, int] | None = None
) -> MaturityResult:
    """Score validated responses against the questionnaire."""
    return score_maturity(
        items_frame(questionnaire),
        engine_answers(questionnaire, responses),
        rule=rule,
        targets=targets,
        processes=[process.id for process in questionnaire.processes],
    )


def items_frame(questionnaire: Questionnaire) -> pd.DataFrame:
    """The scored items, one row each: item, process, level, weight, dimension, scale."""
    rows = [
        (item.id, process.id, item.level, item.weight, item.dimension, item.scale_id)
        for process, item in questionnaire.all_items()
        if item.is_scored
    ]
    return pd.DataFrame(rows, columns=["item", "process", "level", "weight", "dimension", "scale"])


def scale_values(questionnaire: Questionnaire) -> pd.Series:
    """The value of each (item, answer key) pair of the scored items."""
    scales = questionnaire.all_scales()
    pairs = {
        (item.id, option.key): option.value
        for _, item in questionnaire.all_items()
        if item.is_scored
        for option in scales[item.scale_id]
    }
    return pd.Series(pairs, dtype=float)


def engine_answers(questionnaire: Questionnaire, responses: Responses) -> pd.DataFrame:
    """Answers as the engine takes them: respondent, item, value (NaN unscored), weight, status."""
    answers = responses.answers
    values = scale_values(questionnaire)
    position = values.index.get_indexer(pd.MultiIndex.from_arrays([answers["item"], answers["answer"]]))
    value = np.where(position >= 0, values.to_numpy()[position], np.nan)

    weights = questionnaire.role_weights()
    respondent_role = responses.respondents.set_index("respondent")["role"]
    role_weight = respondent_role.map(lambda role: weights.get(role, 1.0)).astype(float)
    weight = answers["respondent"].map(role_weight).to_numpy(dtype=float)

    raw = answers["answer"].to_numpy(dtype=object)
    status = np.select(
        [position >= 0, raw == "na", raw == "unknown", raw == ""], ["scored", "na", "unknown", "empty"], default="other"
    )
    return pd.DataFrame(
        {
            "respondent": answers["respondent"],
            "item": answers["item"],
            "value": value,
            "weight": weight,
            "status": status,
        }
    )
