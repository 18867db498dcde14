"""The items whose indicators the ticket data confirms or contradicts: one row per indicator with evidence.

The pure part (`indicator_checks`) takes the scored items and the stored KPIs as (process, KPI value) pairs, so it
runs without a database; `evidence_checks` reads them for a stored assessment.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from assessment.evidence.indicators import judge, kind_of
from assessment.questionnaire.indicator_ids import indicator_data
from assessment.questionnaire.model import Questionnaire

if TYPE_CHECKING:
    from assessment.analysis.scored import ScoredAssessment
    from assessment.workspace.core import Workspace

# item, its questionnaire process, the indicator (kpi, direction, threshold), the KPI's overall value in the data
# (NaN when the data cannot give it), the item's achievement (the agreed one where reconciled), the verdict
# ("confirmed", "contradicted" or None) and the kind of a contradiction ("overrated", "underrated" or None); then the
# ticket data judged on and how many tickets the value covers
COLUMNS = ["item", "process", "kpi", "direction", "threshold", "value", "achievement", "verdict", "kind"]
COLUMNS += ["data", "tickets"]


class KpiRow(Protocol):
    """A KPI value as assessment.evidence.kpis computes it (overall: `by` and `group` None)."""

    kpi: str
    by: str | None
    group: str | None
    value: float
    tickets: int


def indicator_checks(
    questionnaire: Questionnaire, items: pd.DataFrame, kpis: Iterable[tuple[str, KpiRow]]
) -> pd.DataFrame:
    """A row per indicator of the scored `items` (item, achievement) whose ticket data is among `kpis`.

    `kpis` pairs the ticket process of each stored evidence (incident, problem, change, request) with its KPI
    values; only the overall values count (the first given where a process repeats one). Rows in questionnaire order.
    """
    overall: dict[tuple[str, str], KpiRow] = {}
    with_data: set[str] = set()
    for process, row in kpis:
        with_data.add(process)
        if row.by is None:
            overall.setdefault((process, row.kpi), row)
    achievement = dict(zip(items["item"], items["achievement"], strict=True))
    rows = []
    for process, item in questionnaire.all_items():
        if item.id not in achievement:
            continue  # not scored here: out of scope, or unscored
        for indicator in item.indicators:
            data = indicator_data(indicator.kpi, indicator.data, process.id)
            if data not in with_data:
                continue
            found = overall.get((data, indicator.kpi))
            value = float("nan") if found is None else float(found.value)
            rated = float(achievement[item.id])
            args = (rated, value, indicator.direction, indicator.threshold)
            rows.append(
                (item.id, process.id, indicator.kpi, indicator.direction, indicator.threshold, value, rated)
                + (judge(*args), kind_of(*args), data, None if found is None else int(found.tickets))
            )
    return _frame(rows)


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS, dtype=object)  # object: a missing verdict stays None, not NaN
    return frame.astype({"threshold": float, "value": float, "achievement": float, "tickets": "Int64"})


def checks_of(scored: ScoredAssessment, kpis: Iterable[tuple[str, KpiRow]]) -> pd.DataFrame:
    """The indicator checks of a scoring run (files or a stored assessment) against `kpis`."""
    return indicator_checks(scored.questionnaire, scored.result.items, kpis)


def evidence_checks(workspace: Workspace, assessment_id: int, scored: ScoredAssessment | None = None) -> pd.DataFrame:
    """The indicator checks of a stored assessment against its stored evidence; no rows when it has none."""
    from assessment.analysis.scored import score_assessment

    evidence = _stored_evidence(workspace, assessment_id)
    if not evidence:
        return _frame([])
    scored = scored if scored is not None else score_assessment(workspace, assessment_id)
    return checks_of(scored, [(stored.process, row) for stored in evidence for row in stored.kpis])


def _stored_evidence(workspace: Workspace, assessment_id: int) -> list:
    """The assessment's stored evidence, newest first (assessment.workspace.evidence.evidence_of)."""
    from assessment.workspace.evidence import evidence_of  # here: scoring files needs no workspace

    return evidence_of(workspace, assessment_id)
