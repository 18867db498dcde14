"""Indicator checks of a small scored assessment with known answers against known KPI values."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd
import pytest

import assessment.analysis.evidence_checks as evidence_checks_module
from assessment.analysis.evidence_checks import COLUMNS, checks_of, evidence_checks
from assessment.analysis.scored import score_files, score_responses

QUESTIONNAIRE = """\
id: checks
version: "1"
title: {zh: "佐证", en: "Checks"}
roles:
  - {id: owner, weight: 2, label: {zh: "负责人", en: "Owner"}}
  - {id: staff, label: {zh: "人员", en: "Staff"}}
processes:
  - id: incident
    name: {zh: "事件管理", en: "Incident management"}
    items:
      - id: INC-1
        level: 1
        text: {zh: "SLA 提醒", en: "SLA reminders"}
        indicators: [{kpi: sla_met_rate, direction: at_least, threshold: 0.9}]
      - id: INC-2
        level: 1
        text: {zh: "重开", en: "Reopens"}
        indicators: [{kpi: reopened_rate, direction: at_most, threshold: 0.05}]
      - id: INC-3
        level: 2
        text: {zh: "转派", en: "Reassignment"}
        indicators:
          - {kpi: reassigned_rate, direction: at_most, threshold: 0.2}
          - {kpi: ci_recorded_rate, direction: at_least, threshold: 0.8}
      - id: INC-4
        level: 2
        text: {zh: "无人作答", en: "Not answered"}
        indicators: [{kpi: sla_met_rate, direction: at_least, threshold: 0.95}]
  - id: change
    name: {zh: "变更管理", en: "Change management"}
    items:
      - id: CHG-1
        level: 1
        text: {zh: "授权", en: "Authorization"}
        indicators: [{kpi: unauthorized_change_share, direction: at_most, threshold: 0.02}]
  - id: problem
    name: {zh: "问题管理", en: "Problem management"}
    items:
      - id: PRB-1
        level: 1
        text: {zh: "关联", en: "Linkage"}
        indicators: [{kpi: problem_linked_rate, direction: at_least, threshold: 0.1}]
  - id: service_request
    name: {zh: "服务请求管理", en: "Service request management"}
    items:
      - id: SRQ-1
        level: 1
        text: {zh: "按时", en: "On time"}
        indicators: [{kpi: sla_met_rate, direction: at_least, threshold: 0.9}]
"""
# achievement = (2 * owner + staff) / 3 on the built-in scale (0, 0.25, 0.5, 0.75, 1)
RESPONSES = """\
respondent,role,item,answer
王伟,owner,INC-1,4
王伟,owner,INC-2,3
王伟,owner,INC-3,4
王伟,owner,CHG-1,4
王伟,owner,PRB-1,4
王伟,owner,SRQ-1,4
alice,staff,INC-1,3
alice,staff,INC-2,3
alice,staff,INC-3,0
alice,staff,CHG-1,2
alice,staff,PRB-1,4
alice,staff,SRQ-1,4
"""


@dataclass(frozen=True)
class Kpi:
    """A KPI value of the contract's shape (assessment.evidence.kpis.KpiValue)."""

    kpi: str
    by: str | None
    group: str | None
    value: float
    tickets: int


EVIDENCE = [
    ("incident", Kpi("tickets", None, None, 200, 200)),
    ("incident", Kpi("sla_met_rate", None, None, 0.8, 180)),
    ("incident", Kpi("sla_met_rate", "unit", "北京", 0.95, 60)),  # by unit: not what an item is judged on
    ("incident", Kpi("reopened_rate", None, None, 0.03, 200)),
    ("incident", Kpi("reassigned_rate", None, None, 0.25, 200)),
    ("incident", Kpi("problem_linked_rate", None, None, 0.12, 200)),
    ("change", Kpi("unauthorized_change_share", None, None, 0.05, 40)),
]


@pytest.fixture
def scored(tmp_path):
    (tmp_path / "q.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (tmp_path / "r.csv").write_text(RESPONSES, encoding="utf-8")
    return score_files(tmp_path / "q.yaml", tmp_path / "r.csv")


def test_each_indicator_with_data_gets_its_verdict(scored):
    checks = checks_of(scored, EVIDENCE)
    assert list(checks.columns) == COLUMNS
    nan = math.nan
    expected = pd.DataFrame(
        [
            # rated 11/12, the SLA met on 80 % of 180 tickets: rated achieved, the data misses
            ("INC-1", "incident", "sla_met_rate", "at_least", 0.9, 0.8, 11 / 12, "contradicted", "overrated"),
            # rated 75 %, 3 % reopened: rated below, the data meets
            ("INC-2", "incident", "reopened_rate", "at_most", 0.05, 0.03, 0.75, "contradicted", "underrated"),
            # rated 2/3, 25 % reassigned: both say not yet
            ("INC-3", "incident", "reassigned_rate", "at_most", 0.2, 0.25, 2 / 3, "confirmed", None),
            # the export has no CI column: no value, no verdict
            ("INC-3", "incident", "ci_recorded_rate", "at_least", 0.8, nan, 2 / 3, None, None),
            # nobody answered: no verdict
            ("INC-4", "incident", "sla_met_rate", "at_least", 0.95, 0.8, nan, None, None),
            # rated 10/12, 5 % unauthorized changes
            ("CHG-1", "change", "unauthorized_change_share", "at_most", 0.02, 0.05, 10 / 12, "confirmed", None),
            # a problem item judged on the incidents: 12 % linked to a problem
            ("PRB-1", "problem", "problem_linked_rate", "at_least", 0.1, 0.12, 1.0, "confirmed", None),
            # SRQ-1: no request tickets were imported, so no row
        ],
        columns=COLUMNS[:9],
        dtype=object,
    ).astype({"threshold": float, "value": float, "achievement": float})
    pd.testing.assert_frame_equal(checks[COLUMNS[:9]], expected, check_exact=False)
    verdicts = ["contradicted", "contradicted", "confirmed", None, None, "confirmed", "confirmed"]
    assert checks["verdict"].tolist() == verdicts  # None, never NaN: "no verdict" reads the same everywhere
    assert checks["data"].tolist() == ["incident"] * 5 + ["change", "incident"]
    assert checks["tickets"].tolist() == [180, 200, 200, pd.NA, 180, 40, 200]


def test_an_agreed_achievement_is_what_the_data_is_held_against(scored):
    # the consultants reconciled INC-1 down to 50 %: the data that missed the SLA now agrees
    agreed = replace(scored, result=score_responses(scored.questionnaire, scored.responses, agreed={"INC-1": 0.5}))
    row = checks_of(agreed, EVIDENCE).iloc[0]
    assert (row["item"], row["achievement"], row["verdict"], row["kind"]) == ("INC-1", 0.5, "confirmed", None)


def test_without_evidence_there_are_no_rows(scored):
    checks = checks_of(scored, [])
    assert checks.empty
    assert list(checks.columns) == COLUMNS


def test_a_stored_assessment_is_checked_against_its_stored_evidence(scored, monkeypatch):
    stored = [StoredEvidence("change", [kpi for process, kpi in EVIDENCE if process == "change"])]
    monkeypatch.setattr(evidence_checks_module, "_stored_evidence", lambda workspace, ident: stored)
    checks = evidence_checks(None, 1, scored)  # the scoring given is used: nothing is read but the evidence
    assert checks[["item", "verdict"]].values.tolist() == [["CHG-1", "confirmed"]]
    monkeypatch.setattr(evidence_checks_module, "_stored_evidence", lambda workspace, ident: [])
    nothing = evidence_checks(None, 1)  # without evidence, not even the scoring is read
    assert nothing.empty
    assert list(nothing.columns) == COLUMNS


@dataclass(frozen=True)
class StoredEvidence:
    """What the checks read of assessment.workspace.evidence.StoredEvidence."""

    process: str
    kpis: list[Kpi]
