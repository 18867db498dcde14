"""The source profiles: which column of a ServiceNow, Jira or event-log export gives which field, and the process.

A profile names, for each field, the columns that may give it, first found first (header names compared
case-insensitively, spaces at the ends ignored). The generic profile names none: its mapping comes from a
mapping file and `--map`. docs/evidence.md lists these columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Profile:
    """A source's columns by field, the field whose column tells a file is of this source, the process's clue."""

    columns: dict[str, tuple[str, ...]]
    # the columns that tell a file is of this source (the ticket id's): none present = the wrong profile
    events: bool = False  # one row per event, always (else: one row per event when a ticket id repeats)
    process_column: str | None = None  # a column saying each row's process (Jira's issue type)
    special: dict[str, str] = field(default_factory=dict)  # field -> a conversion other than its kind's


SERVICENOW = Profile(
    {
        "ticket": ("number",),
        "activity": ("incident_state", "state", "problem_state"),
        "updated_at": ("sys_updated_at", "sys_updated_on"),
        "opened_at": ("opened_at",),
        "resolved_at": ("resolved_at",),
        "closed_at": ("closed_at",),
        "priority": ("priority",),
        "unit": ("location",),
        "group": ("assignment_group",),
        "category": ("category",),
        "ci": ("cmdb_ci",),
        "problem": ("problem_id",),
        "change": ("rfc",),
        "caused_by": ("caused_by",),
        "change_type": ("type",),
        "outcome": ("close_code",),
        "approval": ("approval",),
        "made_sla": ("made_sla",),
        "reassignment_count": ("reassignment_count",),
        "reopen_count": ("reopen_count",),
        "assignee": ("assigned_to",),
        "caller": ("caller_id", "requested_for", "requested_by"),
        "opened_by": ("opened_by",),
        "resolver": ("resolved_by",),
        "description": ("short_description", "description"),
        "notes": ("work_notes", "close_notes", "comments"),
    }
)
JIRA = Profile(
    {
        "ticket": ("Issue key",),
        "activity": ("Status",),
        "updated_at": ("Updated",),
        "opened_at": ("Created",),
        "resolved_at": ("Resolved",),
        "priority": ("Priority",),
        "unit": ("Custom field (Organizations)", "Organizations"),
        "group": ("Custom field (Team)", "Team"),
        "category": ("Custom field (Request Type)", "Request Type"),
        "made_sla": ("Custom field (Time to resolution)", "Time to resolution"),
        "assignee": ("Assignee",),
        "caller": ("Reporter",),
        "opened_by": ("Creator",),
        "description": ("Summary", "Description"),
        "notes": ("Comment",),
    },
    process_column="Issue Type",
    special={"made_sla": "remaining_time"},
)
EVENTLOG = Profile(
    {
        "ticket": ("case:concept:name", "case_id", "case id", "caseid", "case"),
        "activity": ("concept:name", "activity", "event"),
        "time": ("time:timestamp", "timestamp", "time", "start_time", "start time"),
        "unit": ("case:unit", "unit", "org:unit"),
        "group": ("org:group", "group", "org:role"),
        "assignee": ("org:resource", "resource", "user"),
        "priority": ("case:priority", "priority"),
    },
    events=True,
)
GENERIC = Profile({})
PROFILES: dict[str, Profile] = {"servicenow": SERVICENOW, "jira": JIRA, "generic": GENERIC, "eventlog": EVENTLOG}

# ServiceNow's number prefixes: INC0010001, PRB0040001, CHG0030001, RITM0010001 (a requested item)
PREFIX_PROCESS = {"INC": "incident", "PRB": "problem", "CHG": "change", "RITM": "request", "REQ": "request",
                  "SCTASK": "request"}  # fmt: skip
# Jira Service Management's issue types (and words in custom types), lower case
ISSUE_TYPE_PROCESS = (("incident", "incident"), ("problem", "problem"), ("change", "change"), ("request", "request"))


def folded(column: str) -> str:
    return column.strip().casefold()


def profile_mapping(profile: Profile, header: list[str]) -> dict[str, str]:
    """Field -> the header's column that gives it, for every field whose column the header holds."""
    present = {folded(column): column for column in reversed(header)}  # the first of equal names wins
    mapping = {}
    for name, candidates in profile.columns.items():
        found = next((present[folded(c)] for c in candidates if folded(c) in present), None)
        if found is not None:
            mapping[name] = found
    return mapping


def process_from_numbers(numbers: pd.Series) -> tuple[str | None, list[str]]:
    """The process the ticket numbers' prefixes name (None unless one), and the prefixes found (for the message)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    # Arrow's regular expressions: a few hundred thousand distinct numbers in a tenth of a second
    matched = pc.extract_regex(pa.array(numbers.dropna(), type=pa.string()), r"^(?P<prefix>[A-Za-z]+)\d")
    prefixes = pc.unique(pc.utf8_upper(matched.filter(pc.is_valid(matched)).field("prefix"))).to_pylist()
    found = sorted(prefixes)
    processes = {PREFIX_PROCESS.get(prefix) for prefix in found}
    if len(processes) == 1 and None not in processes:
        return processes.pop(), found
    return None, found


def process_from_issue_types(values: list[str]) -> tuple[str | None, list[str]]:
    """The process Jira's issue types name (None unless one), and the types found."""
    types = sorted(set(values))
    processes = set()
    for kind in types:
        lowered = kind.casefold()
        processes.add(next((process for word, process in ISSUE_TYPE_PROCESS if word in lowered), None))
    if len(processes) == 1 and None not in processes:
        return processes.pop(), types
    return None, types
