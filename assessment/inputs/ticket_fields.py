"""The canonical fields of a ticket log: the names `--map FIELD=COLUMN` and mapping files use, and their kinds."""

from __future__ import annotations

# the documented order (docs/evidence.md); a TicketLog's `fields` follow it
FIELDS: tuple[str, ...] = (
    "ticket",
    "activity",
    "time",
    "updated_at",
    "opened_at",
    "resolved_at",
    "closed_at",
    "priority",
    "unit",
    "group",
    "category",
    "ci",
    "problem",
    "change",
    "caused_by",
    "change_type",
    "outcome",
    "approval",
    "made_sla",
    "reassignment_count",
    "reopen_count",
    "assignee",
    "caller",
    "opened_by",
    "resolver",
    "description",
    "notes",
)

# "text": str (NA when missing); "time": datetime64[ns, UTC]; "bool": pandas "boolean"; "count": "Int64" >= 0;
# "person": pseudonymized to "P-" + 10 hex; "free_text": dropped unless the consultant keeps text
FIELD_KINDS: dict[str, str] = {
    "ticket": "text",
    "activity": "text",
    "time": "time",
    "updated_at": "time",
    "opened_at": "time",
    "resolved_at": "time",
    "closed_at": "time",
    "priority": "text",
    "unit": "text",
    "group": "text",
    "category": "text",
    "ci": "text",
    "problem": "text",
    "change": "text",
    "caused_by": "text",
    "change_type": "text",
    "outcome": "text",
    "approval": "text",
    "made_sla": "bool",
    "reassignment_count": "count",
    "reopen_count": "count",
    "assignee": "person",
    "caller": "person",
    "opened_by": "person",
    "resolver": "person",
    "description": "free_text",
    "notes": "free_text",
}

PROCESSES: tuple[str, ...] = ("incident", "problem", "change", "request")
SHAPES: tuple[str, ...] = ("tickets", "events")
SOURCES: tuple[str, ...] = ("servicenow", "jira", "generic", "eventlog")
