"""Services the app and the command line call: load, read, score. No framework imports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from assessment.inputs.responses import Responses, read_responses
from assessment.inputs.targets import read_targets
from assessment.problems import Problem
from assessment.questionnaire import Questionnaire, load_questionnaire
from scoring.maturity import DEFAULT_RULE, MaturityResult, score_maturity

if TYPE_CHECKING:
    from assessment.workspace.core import Workspace
    from assessment.workspace.stored import StoredAssessment


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
    responses_name: str | None = None,
) -> ScoredAssessment:
    """Load a questionnaire, read a responses file and score it. Raises InputError subclasses.

    `responses_name` is the file name problems mention (an upload's own name, not a temporary path).
    """
    loaded = load_questionnaire(questionnaire_path)
    questionnaire = loaded.questionnaire
    targets = read_targets(targets_path, questionnaire) if targets_path is not None else {}
    responses = read_responses(responses_path, questionnaire, display_name=responses_name)
    questionnaire = answered_scope(questionnaire, responses, targets)
    result = score_responses(questionnaire, responses, rule, targets)
    return ScoredAssessment(questionnaire, responses, result, targets, loaded.warnings + responses.warnings)


def answered_scope(questionnaire: Questionnaire, responses: Responses, targets: dict[str, int]) -> Questionnaire:
    """The scope of files scored without an assessment: the optional modules only where answered or given a target."""
    index = questionnaire.item_index()
    answered = responses.answers.loc[responses.answers["answer"] != "", "item"].unique()
    chosen = {index[item][0].id for item in answered if item in index} | set(targets)
    kept = [process for process in questionnaire.processes if not process.optional or process.id in chosen]
    return (
        questionnaire
        if len(kept) == len(questionnaire.processes)
        else questionnaire.model_copy(update={"processes": kept})
    )


def score_responses(
    questionnaire: Questionnaire,
    responses: Responses,
    rule: str = DEFAULT_RULE,
    targets: dict[str, int] | None = None,
    agreed: dict[str, float] | None = None,
) -> MaturityResult:
    """Score validated responses against the questionnaire (`agreed`: reconciled item achievements)."""
    return score_maturity(
        items_frame(questionnaire),
        engine_answers(questionnaire, responses),
        rule=rule,
        targets=targets,
        processes=[process.id for process in questionnaire.processes],
        agreed=agreed,
    )


def items_frame(questionnaire: Questionnaire) -> pd.DataFrame:
    """The scored items, one row each: item, process, level, weight, dimension, scale."""
    rows = [
        (item.id, process.id, item.level, item.weight, item.dimension, item.scale_id)
        for process, item in questionnaire.all_items()
        if item.is_scored
    ]
    return pd.DataFrame(rows, columns=["item", "process", "level", "weight", "dimension", "scale"])


def engine_answers(questionnaire: Questionnaire, responses: Responses) -> pd.DataFrame:
    """Answers as the engine takes them: respondent, item, value (NaN unscored), weight, status.

    Every lookup runs on the distinct items, answers and respondents (a few hundred), then is
    spread over the rows by their codes: no per-row Python work on 500,000 answers.
    """
    answers = responses.answers
    item_codes, item_ids = pd.factorize(answers["item"])
    answer_codes, answer_keys = pd.factorize(answers["answer"])
    respondent_codes, respondent_ids = pd.factorize(answers["respondent"])

    index = questionnaire.item_index()
    scales = questionnaire.all_scales()
    value_of = {
        item_id: {option.key: option.value for option in scales[item.scale_id]} if item.is_scored else {}
        for item_id, (_, item) in index.items()
    }
    table = np.array(
        [[value_of.get(item_id, {}).get(key, np.nan) for key in answer_keys] for item_id in item_ids], dtype=float
    ).reshape(len(item_ids), len(answer_keys))
    value = table[item_codes, answer_codes]

    weights = questionnaire.role_weights()
    role_of = dict(zip(responses.respondents["respondent"], responses.respondents["role"], strict=True))
    respondent_weights = np.array([weights.get(role_of.get(r, ""), 1.0) for r in respondent_ids], dtype=float)

    statuses = ["scored", "na", "unknown", "empty", "other"]
    kind_codes = np.array(
        [statuses.index({"na": "na", "unknown": "unknown", "": "empty"}.get(key, "other")) for key in answer_keys],
        dtype=np.int8,
    )
    status_codes = np.where(np.isnan(value), kind_codes[answer_codes] if len(kind_codes) else 4, 0)
    status = pd.Categorical.from_codes(status_codes, categories=statuses)
    return pd.DataFrame(
        {
            "respondent": answers["respondent"],
            "item": pd.Categorical.from_codes(item_codes, categories=item_ids),
            "value": value,
            "weight": respondent_weights[respondent_codes],
            "status": status,
        }
    )


def score_stored(stored: StoredAssessment, rule: str | None = None) -> ScoredAssessment:
    """Score a stored assessment, read with its answers, under its rule (or `rule`) and its planned targets."""
    if stored.responses is None:
        raise ValueError("the stored assessment was read without its answers")
    questionnaire, responses = stored.questionnaire, stored.responses
    declared = questionnaire.role_weights()
    warnings = [
        Problem("undeclared_role_weight", {"role": role}, severity="warning")
        for role in dict.fromkeys(responses.respondents["role"])
        if role and role not in declared
    ]
    targets = stored.planned_targets
    result = score_responses(questionnaire, responses, rule or stored.rule, targets, stored.decisions)
    return ScoredAssessment(questionnaire, responses, result, targets, warnings)


def score_assessment(workspace: Workspace, assessment_id: int, rule: str | None = None) -> ScoredAssessment:
    """Score a stored assessment under its rule (or `rule`), with its targets: read once, then scored."""
    from assessment.workspace.stored import read_assessment  # here: scoring files needs no workspace

    return score_stored(read_assessment(workspace, assessment_id), rule)
