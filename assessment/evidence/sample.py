"""A seeded generator of ServiceNow-shaped exports: an incident audit log and a change snapshot, three units.

The units run incident management visibly differently, so that the KPIs and the maps tell them apart:
北京总部 follows New → In Progress → Resolved → Closed and meets its SLAs; 上海数据中心 bounces tickets
between groups and reopens them; 深圳研发中心 skips steps, parks tickets on hold and misses SLAs.
Every person is a placeholder name (Zhang San, Li Si … the Chinese "John Doe"s) or a numbered employee.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

UNITS = ("北京总部", "上海数据中心", "深圳研发中心")
CODES = {"北京总部": "BJ", "上海数据中心": "SH", "深圳研发中心": "SZ"}
START = dt.datetime(2026, 1, 5, 8, 0)
DAYS = 180
# ServiceNow's incident fields in the order of its audit export (the "enriched event log" layout)
INCIDENT_COLUMNS = (
    "number", "incident_state", "active", "reassignment_count", "reopen_count", "sys_mod_count", "made_sla",
    "caller_id", "opened_by", "opened_at", "sys_created_by", "sys_created_at", "sys_updated_by", "sys_updated_at",
    "contact_type", "location", "category", "subcategory", "cmdb_ci", "impact", "urgency", "priority",
    "assignment_group", "assigned_to", "knowledge", "problem_id", "rfc", "caused_by", "close_code", "resolved_by",
    "resolved_at", "closed_at", "short_description",
)  # fmt: skip
CHANGE_COLUMNS = (
    "number", "type", "state", "approval", "close_code", "priority", "risk", "category", "location",
    "assignment_group", "assigned_to", "requested_by", "cmdb_ci", "opened_at", "start_date", "end_date",
    "closed_at", "short_description",
)  # fmt: skip
INCIDENT_DATES = "%d-%m-%Y %H:%M:%S"  # as the audit export writes them
CHANGE_DATES = "%Y-%m-%d %H:%M:%S"  # ServiceNow's system format
MISSING = "?"
PRIORITIES = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low")
SLA_HOURS = (4.0, 8.0, 24.0, 72.0)  # resolution target by priority
PLACEHOLDERS = (
    "Zhang San", "Li Si", "Wang Wu", "Zhao Liu", "Sun Qi", "Zhou Ba", "Wu Jiu", "Zheng Shi",
    "Qian Yi", "Feng Er", "Chen Er", "Chu Liu", "Wei Qi", "Jiang Ba", "Shen Jiu", "Han Shi",
)  # fmt: skip
CATEGORIES = {
    "Network": ("VPN", "Wireless", "DNS"),
    "Hardware": ("Laptop", "Printer", "Monitor"),
    "Software": ("Email", "ERP client", "Office suite"),
    "Database": ("Oracle", "MySQL"),
    "Inquiry / Help": ("Password", "Access request"),
}
SUMMARIES = {
    "VPN": "Cannot connect to the VPN from home",
    "Wireless": "Wi-Fi drops in meeting room 3",
    "DNS": "Intranet site does not resolve",
    "Laptop": "Laptop does not start after update",
    "Printer": "Printer on floor 2 shows offline",
    "Monitor": "Second monitor flickers",
    "Email": "Mailbox full, cannot send",
    "ERP client": "ERP client freezes on month-end report",
    "Office suite": "Spreadsheet crashes when opening shared file",
    "Oracle": "Tablespace almost full on reporting database",
    "MySQL": "Replication lag on order database",
    "Password": "Password expired, locked out",
    "Access request": "Need access to the finance share",
}


@dataclass(frozen=True)
class UnitStyle:
    """How a unit runs incidents: the shape of its flows and how fast it resolves."""

    hours_median: float  # resolution time (log-normal)
    hours_spread: float
    bounce: float  # chance that a ticket is passed to another group (again, for each further hop)
    reopen: float
    skip: float  # chance that a ticket goes straight from New to Resolved (or to Closed)
    hold: float  # chance of an On Hold episode
    ci: float  # chance that the configuration item is recorded
    problem: float  # chance that the incident is linked to a problem
    caused_by_change: float
    emergency: float  # changes: emergency share
    failure: float  # changes: unsuccessful share
    unapproved: float  # changes: normal or emergency changes implemented without approval


STYLES = {
    "北京总部": UnitStyle(3.0, 0.8, 0.08, 0.02, 0.0, 0.03, 0.92, 0.18, 0.02, 0.04, 0.04, 0.01),
    "上海数据中心": UnitStyle(14.0, 1.0, 0.65, 0.22, 0.02, 0.05, 0.55, 0.06, 0.05, 0.14, 0.12, 0.07),
    "深圳研发中心": UnitStyle(30.0, 1.2, 0.10, 0.05, 0.45, 0.40, 0.97, 0.30, 0.12, 0.26, 0.22, 0.16),
}
CHANGE_VERBS = ("Patch", "Upgrade", "Reconfigure", "Replace")
CHANGE_OBJECTS = ("firewall", "database server", "ERP", "core switch", "storage array")
GROUPS = ("Service Desk", "Desktop Support", "Network Operations", "Server Operations", "Application Support")


def incident_audit_log(tickets: int = 660, *, seed: int = 20, changes: int = 240) -> pd.DataFrame:
    """An incident audit log as ServiceNow exports it: one row per update, every cell text, `?` where empty."""
    rng = np.random.default_rng(seed)
    columns: dict[str, list[str]] = {name: [] for name in INCIDENT_COLUMNS}
    callers = [f"Employee {n:04d}" for n in range(1, 401)]
    for index in range(tickets):
        unit = UNITS[index % len(UNITS)]
        for row in _incident_events(rng, index, unit, callers, changes):
            for name in INCIDENT_COLUMNS:
                columns[name].append(row.get(name, MISSING))
    return pd.DataFrame(columns)


def tickets_for_events(events: int) -> int:
    """About how many incidents make `events` rows of the audit log (the benchmark asks for a number of rows)."""
    return max(1, round(events / 5.4))


def _agents(unit: str) -> list[str]:
    code = CODES[unit]
    offset = UNITS.index(unit) * 5
    return [f"{PLACEHOLDERS[(offset + n) % len(PLACEHOLDERS)]} ({code})" for n in range(6)]


def _incident_events(rng: np.random.Generator, index: int, unit: str, callers: list[str], changes: int) -> list[dict]:
    """The rows of one incident: its flow in the unit's style, the fields as they stood after each update."""
    style, code = STYLES[unit], CODES[unit]
    agents = _agents(unit)
    priority = int(rng.choice(4, p=(0.05, 0.2, 0.5, 0.25)))
    category = str(rng.choice(list(CATEGORIES)))
    subcategory = str(rng.choice(CATEGORIES[category]))
    opened = START + dt.timedelta(minutes=float(rng.uniform(0, DAYS * 24 * 60)))
    hours = float(style.hours_median * np.exp(rng.normal(0, style.hours_spread)) * (0.6 + 0.2 * priority))
    steps = _flow(rng, style, code)
    # the steps' times: spread over the resolution time, closing a few days after resolution
    cuts = np.sort(rng.uniform(0.05, 0.95, len(steps)))
    # the last resolution (after any reopening), else the closing when the desk closes it unresolved
    resolutions = [i for i, (state, _) in enumerate(steps) if state == "Resolved"]
    resolved_step = resolutions[-1] if resolutions else len(steps) - 1
    times, reopened = [], 0
    for i, (state, _) in enumerate(steps):
        if i == 0:
            times.append(opened)
        elif state == "Closed" and i == len(steps) - 1 and steps[i - 1][0] == "Resolved":
            times.append(times[-1] + dt.timedelta(hours=float(rng.uniform(24, 96))))
        elif i == resolved_step:
            times.append(opened + dt.timedelta(hours=hours))
        else:
            times.append(opened + dt.timedelta(hours=hours * float(cuts[i])))
    times = [max(t, times[i - 1] + dt.timedelta(minutes=1)) if i else t for i, t in enumerate(times)]
    ci = f"{code}-{rng.choice(('SRV', 'NET', 'PC', 'DB'))}-{int(rng.integers(1, 60)):03d}"
    fixed = {
        "number": f"INC{10001 + index:07d}",
        "caller_id": str(rng.choice(callers)),
        "opened_at": _when(opened, INCIDENT_DATES),
        "sys_created_at": _when(opened, INCIDENT_DATES),
        "contact_type": str(rng.choice(("Phone", "Email", "Self-service", "Walk-in"), p=(0.4, 0.3, 0.25, 0.05))),
        "location": unit,
        "category": category,
        "subcategory": subcategory,
        "impact": f"{min(priority + 1, 3)} - {('High', 'Medium', 'Low')[min(priority, 2)]}",
        "urgency": f"{min(priority + 1, 3)} - {('High', 'Medium', 'Low')[min(priority, 2)]}",
        "priority": PRIORITIES[priority],
        "knowledge": "true" if rng.random() < 0.2 else "false",
        "short_description": SUMMARIES[subcategory],
    }
    opener = str(rng.choice(agents))
    creator = fixed["sys_created_by"] = _login(opener)
    fixed["opened_by"] = opener
    ci_known = rng.random() < style.ci
    problem = f"PRB{int(rng.integers(40001, 40200)):07d}" if rng.random() < style.problem else MISSING
    caused = f"CHG{30001 + int(rng.integers(0, changes)):07d}" if rng.random() < style.caused_by_change else MISSING
    met_target = SLA_HOURS[priority]
    rows, group, reassigned, resolver, resolved_at = [], None, 0, MISSING, None
    for i, ((state, new_group), when) in enumerate(zip(steps, times, strict=True)):
        if group is not None and new_group != group and not group.endswith("Service Desk"):
            reassigned += 1  # the desk's first dispatch to a resolver group is an assignment, not a reassignment
        group = new_group
        if state == "In Progress" and i and steps[i - 1][0] == "Resolved":
            reopened += 1
            resolved_at, resolver = None, MISSING
        agent = MISSING if state == "New" else str(rng.choice(agents))
        if state in ("Resolved", "Closed") and resolved_at is None:
            resolved_at, resolver = when, agent
        elapsed = ((resolved_at or when) - opened).total_seconds() / 3600
        row = dict(fixed)
        row.update(
            incident_state=state,
            active="false" if state == "Closed" else "true",
            reassignment_count=str(reassigned),
            reopen_count=str(reopened),
            sys_mod_count=str(i),
            made_sla="true" if elapsed <= met_target else "false",
            sys_updated_by=creator if i == 0 else _login(agent if agent != MISSING else creator),
            sys_updated_at=_when(when, INCIDENT_DATES),
            cmdb_ci=ci if ci_known and (i > 0 or unit == "深圳研发中心") else MISSING,
            assignment_group=group,
            assigned_to=agent,
            problem_id=problem if state in ("Resolved", "Closed") else MISSING,
            caused_by=caused if i > 0 else MISSING,
            close_code=_close_code(rng) if state in ("Resolved", "Closed") else MISSING,
            resolved_by=resolver,
            resolved_at=_when(resolved_at, INCIDENT_DATES) if resolved_at else MISSING,
            closed_at=_when(when, INCIDENT_DATES) if state == "Closed" else MISSING,
        )
        rows.append(row)
    return rows


def _flow(rng: np.random.Generator, style: UnitStyle, code: str) -> list[tuple[str, str]]:
    """The states an incident goes through, each with the group holding it."""
    desk = f"{code} Service Desk"
    groups = [f"{code} {name}" for name in GROUPS[1:]]
    if rng.random() < style.skip:  # the service desk closes it without ever working it
        return (
            [("New", desk), ("Resolved", desk), ("Closed", desk)]
            if rng.random() < 0.7
            else [("New", desk), ("Closed", desk)]
        )
    group = str(rng.choice(groups))
    steps = [("New", desk), ("In Progress", group)]
    while rng.random() < style.bounce and len(steps) < 8:
        group = str(rng.choice([g for g in groups if g != group]))
        steps.append(("In Progress", group))
    if rng.random() < style.hold:
        steps += [("On Hold", group), ("In Progress", group)]
    steps.append(("Resolved", group))
    if rng.random() < style.reopen:
        group = str(rng.choice(groups)) if rng.random() < 0.5 else group
        steps += [("In Progress", group), ("Resolved", group)]
    steps.append(("Closed", group))
    return steps


def _close_code(rng: np.random.Generator) -> str:
    return str(
        rng.choice(("Solved (Permanently)", "Solved (Work Around)", "Not Solved (Not Reproducible)"), p=(0.7, 0.2, 0.1))
    )


def change_snapshot(changes: int = 240, *, seed: int = 20) -> pd.DataFrame:
    """Change requests as ServiceNow exports its list: one row per change, every cell text, `?` where empty."""
    rng = np.random.default_rng(seed + 1)
    rows = []
    for index in range(changes):
        unit = UNITS[index % len(UNITS)]
        style, code = STYLES[unit], CODES[unit]
        agents = _agents(unit)
        kind = "emergency" if rng.random() < style.emergency else str(rng.choice(("normal", "standard"), p=(0.6, 0.4)))
        if kind == "standard":
            approval = "approved"  # pre-authorized by its model
        else:
            approval = "not requested" if rng.random() < style.unapproved else "approved"
        outcome = (
            "unsuccessful"
            if rng.random() < style.failure
            else str(rng.choice(("successful", "successful_issues"), p=(0.85, 0.15)))
        )
        opened = START + dt.timedelta(minutes=float(rng.uniform(0, DAYS * 24 * 60)))
        lead = dt.timedelta(hours=float(rng.uniform(1, 8) if kind == "emergency" else rng.uniform(48, 240)))
        length = dt.timedelta(hours=float(rng.uniform(0.5, 6)))
        start = opened + lead
        rows.append(
            {
                "number": f"CHG{30001 + index:07d}",
                "type": kind,
                "state": "Closed",
                "approval": approval,
                "close_code": outcome,
                "priority": PRIORITIES[int(rng.choice(4, p=(0.05, 0.2, 0.55, 0.2)))],
                "risk": str(rng.choice(("High", "Moderate", "Low"), p=(0.15, 0.45, 0.4))),
                "category": str(rng.choice(("Network", "Hardware", "Software", "Database"))),
                "location": unit,
                "assignment_group": f"{code} {rng.choice(GROUPS[2:])}",
                "assigned_to": str(rng.choice(agents)),
                "requested_by": str(rng.choice(agents)),
                "cmdb_ci": f"{code}-SRV-{int(rng.integers(1, 60)):03d}" if rng.random() < style.ci else MISSING,
                "opened_at": _when(opened, CHANGE_DATES),
                "start_date": _when(start, CHANGE_DATES),
                "end_date": _when(start + length, CHANGE_DATES),
                "closed_at": _when(start + length + dt.timedelta(hours=float(rng.uniform(2, 72))), CHANGE_DATES),
                "short_description": f"{rng.choice(CHANGE_VERBS)} {rng.choice(CHANGE_OBJECTS)}",
            }
        )
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))


def _login(name: str) -> str:
    """The user id ServiceNow records in sys_created_by: "zhang.san" for "Zhang San (BJ)"."""
    return name.split(" (")[0].lower().replace(" ", ".")


def _when(moment: dt.datetime, layout: str) -> str:
    return moment.strftime(layout)


def large_incident_audit_log(events: int, *, seed: int = 20, base_tickets: int = 3000) -> pd.DataFrame:
    """An audit log of about `events` rows for the benchmark: a generated log of `base_tickets` incidents repeated
    under new numbers, each copy 61 seconds after the one before (the flows, and so the KPIs, are the base's; the
    times are as many and as distinct as in a real log of that size)."""
    base = incident_audit_log(min(base_tickets, tickets_for_events(events)), seed=seed)
    numbers = base["number"].str[3:].astype(np.int64) - 10001
    per_copy = int(numbers.max()) + 1
    copies = max(1, -(-events // len(base)))
    parts = []
    for copy in range(copies):
        part = base.copy()
        part["number"] = "INC" + (numbers + copy * per_copy + 10001).astype(str).str.zfill(7)
        for column in ("opened_at", "sys_created_at", "sys_updated_at", "resolved_at", "closed_at"):
            part[column] = _shifted(base[column], copy * 61)
        parts.append(part)
    return pd.concat(parts, ignore_index=True).iloc[:events]


def _shifted(column: pd.Series, seconds: int) -> pd.Series:
    """Dates written as the audit export writes them, `seconds` later (a distinct value converted once)."""
    if seconds == 0:
        return column
    codes, distinct = pd.factorize(column)
    when = pd.to_datetime(pd.Series(distinct).where(pd.Series(distinct) != MISSING), format=INCIDENT_DATES)
    moved = (when + pd.Timedelta(seconds=seconds)).dt.strftime(INCIDENT_DATES).fillna(MISSING)
    return pd.Series(moved.to_numpy()[codes], index=column.index)
