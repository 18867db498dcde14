"""Stored evidence for the report's and the Evidence page's tests, built as assessment.workspace.evidence returns it.

The KPIs, the mining and the stored evidence are the real classes, filled with figures small enough to check by eye.
`verdicts` stands in for the rows of assessment.analysis.evidence_checks.checks_of: the tests check how the report
and the page show a verdict, not how one is reached (tests/analysis/test_evidence_checks*.py do that).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from assessment.evidence.kpis import KpiValue
from assessment.evidence.mining import Mining, UnitFlow
from assessment.workspace.evidence import StoredEvidence

CHECK_COLUMNS = ["item", "process", "kpi", "direction", "threshold", "value", "achievement", "verdict", "kind"]

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="220pt" height="60pt" viewBox="0 0 220 60">'
    '<rect x="2" y="2" width="80" height="30" fill="none" stroke="black"/><text x="10" y="22">New</text>'
    '<rect x="120" y="2" width="80" height="30" fill="none" stroke="black"/><text x="128" y="22">Resolved</text>'
    "</svg>"
)
UNITS = ("Beijing", "Shanghai", "Shenzhen")
# per unit: tickets, SLA met, median hours to resolve
FIGURES = {"Beijing": (40, 0.95, 6.5), "Shanghai": (35, 0.62, 30.25), "Shenzhen": (25, 0.4, 52.0)}


def _values(by: str | None, group: str | None, tickets: int, sla: float, hours: float) -> list:
    kpi = KpiValue
    return [
        kpi("tickets", by, group, float(tickets), tickets),
        kpi("events", by, group, float(tickets * 4), tickets),
        kpi("resolution_hours_median", by, group, hours, tickets),
        kpi("sla_met_rate", by, group, sla, tickets),
    ]


def _flow(unit: str, cases: int, fitness: float | None) -> UnitFlow:
    return UnitFlow(
        unit=unit,
        cases=cases,
        events=cases * 4,
        variants=[(("New", "In Progress", "Resolved", "Closed"), cases - 5), (("New", "Resolved"), 5)],
        fitness=fitness,
        map_svg=SVG,
        bottlenecks=[("In Progress", "Resolved", 20.5, cases)],
    )


def incident_evidence(evidence_id: int = 7) -> StoredEvidence:
    """An incident audit log of three units: Beijing follows the model, Shenzhen misses its SLA."""
    values = _values(None, None, 100, 0.71, 14.75)
    for unit in UNITS:
        values += _values("unit", unit, *FIGURES[unit])
    flows = [_flow(unit, FIGURES[unit][0], fitness) for unit, fitness in zip(UNITS, (1.0, 0.82, 0.55), strict=True)]
    found = Mining(process="incident", reference="unit:Beijing", units=flows, overall=_flow("", 100, 0.8), index=0.64)
    return StoredEvidence(
        id=evidence_id,
        name="incidents-2026.csv",
        source="servicenow",
        process="incident",
        shape="events",
        tickets=100,
        events=400,
        imported_by="陈顾问",
        imported_at=dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC),
        fields=("ticket", "activity", "time", "unit", "made_sla"),
        kpis=values,
        mining=found,
        keeps_rows=False,
    )


def verdicts(contradicted: str, confirmed: str, process: str = "incident") -> pd.DataFrame:
    """One contradicted item (rated achieved, SLA missed) and one confirmed, as evidence_checks gives them."""
    return pd.DataFrame(
        [
            [contradicted, process, "sla_met_rate", "at_least", 0.9, 0.71, 0.95, "contradicted", "overrated"],
            [confirmed, process, "resolution_hours_median", "at_most", 24.0, 14.75, 0.9, "confirmed", None],
        ],
        columns=CHECK_COLUMNS,
    )
