"""Ticket logs and stored evidence for the workspace's tests: small, known, with names a test can look for."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import insert

from assessment.storage.tables import TicketEvidence
from assessment.workspace.core import Workspace
from assessment.workspace.evidence import pseudonym_key
from assessment.workspace.evidence_codec import rows_to_bytes

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120pt" height="80pt" viewBox="0 0 120 80">'
    '<g id="graph0" class="graph"><title>flow</title><g class="node"><text x="10" y="20">新建 New</text></g>'
    '<g class="edge"><path d="M10,20L60,40"/><text>12</text></g></g></svg>'
)


@dataclass(frozen=True)
class Log:
    """A ticket log as the contract describes it, for when the reader's TicketLog is not at hand."""

    name: str
    source: str
    process: str
    shape: str
    frame: pd.DataFrame
    fields: tuple[str, ...]
    mapping: dict[str, str]
    pseudonymized: tuple[str, ...]
    dropped: tuple[str, ...]


def ticket_log(process: str = "incident", *, fields: tuple[str, ...] | None = None, name: str = "") -> Log:
    """A normalized ServiceNow-like log of 4 tickets, 7 events; without `activity` when fields leave it out."""
    fields = fields or ("ticket", "activity", "time", "opened_at", "priority", "unit", "made_sla", "assignee")
    times = pd.to_datetime(
        [
            "2026-01-05T08:00:00Z",
            "2026-01-05T09:30:00Z",
            "2026-01-05T12:00:00Z",
            "2026-01-06T10:00:00Z",
            "2026-01-06T18:15:00.5Z",
            "2026-02-02T07:00:00Z",
            "2026-02-03T07:00:00Z",
        ],
        utc=True,
        format="ISO8601",
    ).as_unit("ns")
    columns = {
        "seq": pd.array(range(7), dtype="int64"),
        "line": pd.array(range(2, 9), dtype="int64"),
        "ticket": pd.array(["INC001", "INC001", "INC001", "INC002", "INC002", "INC003", "INC004"], dtype="str"),
        "activity": pd.array(["New", "In Progress", "Resolved", "New", "Resolved", "New", "New"], dtype="str"),
        "time": times,
        "opened_at": pd.Series(times).groupby([0, 0, 0, 1, 1, 2, 3]).transform("min").array,
        "priority": pd.array(["2 - High"] * 3 + ["3 - Moderate"] * 2 + [None, "3 - Moderate"], dtype="str"),
        "unit": pd.array(["北京总部"] * 3 + ["上海数据中心"] * 2 + ["北京总部", None], dtype="str"),
        "made_sla": pd.array([True, True, True, False, False, None, True], dtype="boolean"),
        "assignee": pd.array(["P-3fa9c2d1e0", None, "P-3fa9c2d1e0", "P-0b1c2d3e4f", None, None, None], dtype="str"),
    }
    frame = pd.DataFrame({column: columns[column] for column in ("seq", "line", *fields)})
    return Log(
        name=name or f"servicenow_{process}.csv",
        source="servicenow",
        process=process,
        shape="events",
        frame=frame,
        fields=fields,
        mapping={field: {"ticket": "number", "activity": "incident_state"}.get(field, field) for field in fields},
        pseudonymized=tuple(field for field in fields if field == "assignee"),
        dropped=("short_description", "sys_mod_count"),
    )


def flow_json(unit: str, fitness: float | None) -> dict:
    """A unit's flow as stored."""
    return {
        "unit": unit,
        "cases": 2,
        "events": 5,
        "variants": [
            {"activities": ["New", "In Progress", "Resolved"], "cases": 1},
            {"activities": ["New"], "cases": 1},
        ],
        "fitness": fitness,
        "map_svg": SVG,
        "bottlenecks": [{"from": "New", "to": "Resolved", "hours": 32.25, "cases": 1}],
    }


STORED_KPIS = [
    {"kpi": "tickets", "by": None, "group": None, "value": 4.0, "tickets": 4},
    {"kpi": "sla_met_rate", "by": None, "group": None, "value": 0.6666666666666666, "tickets": 3},
    {"kpi": "sla_met_rate", "by": "unit", "group": "北京总部", "value": 1.0, "tickets": 2},
    {"kpi": "resolution_hours_median", "by": "month", "group": "2026-01", "value": 20.125, "tickets": 2},
]
STORED_MINING = {
    "process": "incident",
    "reference": "unit:北京总部",
    "units": [flow_json("上海数据中心", 0.5), flow_json("北京总部", 1.0)],
    "overall": flow_json("", None),
    "index": 0.625,
}


def add_stored_evidence(workspace: Workspace, assessment_id: int, actor: str) -> None:
    """Evidence as the workspace stores it (incident: mining and kept rows; change: neither), and the key."""
    log = ticket_log()
    common = {"assessment_id": assessment_id, "source": "servicenow", "imported_by": actor, "dropped": []}
    incident = {
        **common,
        "process": "incident",
        "name": "INC 审计日志.csv",
        "shape": "events",
        "tickets": 4,
        "events": 7,
        "fields": list(log.fields),
        "mapping": log.mapping,
        "pseudonymized": ["assignee"],
        "sha256": "ab" * 32,
        "kpis": STORED_KPIS,
        "mining": STORED_MINING,
        "rows": rows_to_bytes(log.frame),
    }
    change = {
        **common,
        "process": "change",
        "name": "changes.xlsx",
        "shape": "tickets",
        "tickets": 2,
        "events": 2,
        "fields": ["ticket", "change_type"],
        "mapping": {"ticket": "number", "change_type": "type"},
        "pseudonymized": [],
        "sha256": "",
        "kpis": [{"kpi": "emergency_change_share", "by": None, "group": None, "value": 0.5, "tickets": 2}],
        "mining": None,
        "rows": None,
    }
    with workspace.transaction() as session:
        session.execute(insert(TicketEvidence), [incident, change])
    pseudonym_key(workspace, assessment_id)
