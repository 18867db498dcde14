"""The user's changes to the generated roadmap, stored by action id so they survive re-scoring."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from assessment.questionnaire.plan_model import PHASES, Action
from assessment.storage.tables import Assessment, RoadmapEdit, utcnow
from assessment.workspace.core import Workspace, audit, fail, get_assessment
from scoring.roadmap import PROGRAMME

KINDS = ("drop", "keep", "add", "phase", "owner", "start", "due")
INCLUSION = ("drop", "keep", "add")


def edit_roadmap(
    workspace: Workspace, assessment_id: int, action_id: str, kind: str, value: Any = None, author: str = ""
) -> None:
    """Record one edit (replacing an earlier edit of the same kind of the same action).

    drop/keep take no value; phase a phase id; owner a role id; start/due an ISO date; add no value
    for a library action, or a whole custom action (the fields of the action library) as a mapping, with
    optionally the id of the process it belongs to (`process`, a process in the assessment's scope; without
    it, the action belongs to the process of the first item it closes).
    """
    if kind not in KINDS:
        fail("roadmap_edit_kind", allowed=", ".join(KINDS), edit=kind)
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        questionnaire = workspace.questionnaire_of(assessment)
        library = {action.id for _, action in questionnaire.all_actions()}
        roles = [role.id for role in questionnaire.roles]
        processes = [process.id for process in questionnaire.processes]
        value = _checked(kind, action_id, value, library, roles, processes)
        edit = session.scalar(
            select(RoadmapEdit).where(
                RoadmapEdit.assessment_id == assessment_id, RoadmapEdit.action_id == action_id, RoadmapEdit.kind == kind
            )
        )
        if kind in INCLUSION:  # drop, keep and add decide one thing: the last one said wins, the others go
            for other in session.scalars(
                select(RoadmapEdit).where(
                    RoadmapEdit.assessment_id == assessment_id,
                    RoadmapEdit.action_id == action_id,
                    RoadmapEdit.kind.in_([k for k in INCLUSION if k != kind]),
                )
            ):
                session.delete(other)
        before = None if edit is None else {"value": edit.value}
        if edit is None:
            session.add(
                RoadmapEdit(assessment_id=assessment_id, action_id=action_id, kind=kind, value=value, author=author)
            )
        elif edit.value == value:
            return
        else:
            edit.value, edit.author, edit.edited_at = value, author, utcnow()
        audit(session, assessment_id, author, "edit", "roadmap", f"{action_id}/{kind}", before, {"value": value})


def _checked(kind: str, action_id: str, value: Any, library: set[str], roles: list[str], processes: list[str]) -> Any:
    def wrong(expected: str, allowed: str = "", shown: str | None = None) -> None:
        fail(
            "roadmap_edit_value",
            edit=kind,
            action=action_id,
            expected_kind=expected,
            allowed=allowed,
            value=repr(value) if shown is None else shown,
        )

    if kind == "add" and value is not None:
        if not isinstance(value, dict):
            wrong("action fields")
        fields = {name: given for name, given in value.items() if name != "process"}
        try:
            action = Action.model_validate({**fields, "id": action_id}, strict=False)
        except ValidationError as exc:
            wrong(
                "action fields", shown="; ".join(f"{'.'.join(map(str, e['loc']))}: {e['type']}" for e in exc.errors())
            )
        stored = action.model_dump(mode="json")
        process = value.get("process")
        if process is not None:  # the process a custom action belongs to (a library action: where it is listed)
            if process not in processes:
                wrong("choice", " " + ", ".join(processes), shown=repr(process))
            stored["process"] = process
        return stored
    if action_id not in library:
        fail("roadmap_action_unknown", action=action_id)
    if kind in ("drop", "keep", "add"):
        return None
    if kind == "phase" and value not in PHASES:
        wrong("choice", " " + ", ".join(PHASES))
    if kind == "owner" and value not in roles:
        wrong("choice", " " + ", ".join(roles))
    if kind in ("start", "due"):
        try:
            return dt.date.fromisoformat(value).isoformat() if isinstance(value, str) else wrong("date")
        except ValueError:
            wrong("date")
    return value


def clear_roadmap_edit(workspace: Workspace, assessment_id: int, action_id: str, kind: str, author: str = "") -> None:
    """Forget one edit: the generated roadmap decides again."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        edit = session.scalar(
            select(RoadmapEdit).where(
                RoadmapEdit.assessment_id == assessment_id, RoadmapEdit.action_id == action_id, RoadmapEdit.kind == kind
            )
        )
        if edit is not None:
            session.delete(edit)
            audit(session, assessment_id, author, "clear", "roadmap", f"{action_id}/{kind}", {"value": edit.value})


def roadmap_edits(workspace: Workspace, assessment_id: int) -> list[dict[str, Any]]:
    """The stored edits as the roadmap builder takes them: {"action", "kind", "value"}, in the order made."""
    with workspace.transaction() as session:
        rows = session.scalars(
            select(RoadmapEdit).where(RoadmapEdit.assessment_id == assessment_id).order_by(RoadmapEdit.id)
        )
        return [{"action": row.action_id, "kind": row.kind, "value": row.value} for row in rows]


def set_roadmap_settings(
    workspace: Workspace,
    assessment_id: int,
    start: dt.date | None,
    capacity: float | None,
    actor: str = "",
    *,
    capacities: Mapping[str, float] | None = None,
) -> None:
    """The date the roadmap starts, each workstream's person-days per month (`capacity`), and the workstreams'
    own (`capacities`, workstream id -> person-days per month; None leaves them as they are, {} clears them).

    A workstream is a process of the assessment's scope, or `programme` (actions of no process).
    """
    _check_capacity(capacity)
    for value in (capacities or {}).values():
        _check_capacity(value)
    with workspace.transaction() as session:
        assessment: Assessment = get_assessment(session, assessment_id)
        if capacities is not None:
            known = [*assessment.processes, PROGRAMME]
            for stream in capacities:
                if stream not in known:
                    fail("roadmap_workstream_unknown", workstream=repr(stream), allowed=", ".join(known))
        own = dict(assessment.roadmap_capacities or {})
        before = {"start": _iso(assessment.roadmap_start), "capacity": assessment.roadmap_capacity}
        after = {"start": _iso(start), "capacity": None if capacity is None else float(capacity)}
        if own or capacities:
            before["capacities"] = own
            after["capacities"] = own if capacities is None else {k: float(v) for k, v in sorted(capacities.items())}
        if before == after:
            return
        assessment.roadmap_start, assessment.roadmap_capacity = start, after["capacity"]
        assessment.roadmap_capacities = after.get("capacities") or None
        audit(session, assessment_id, actor, "set", "roadmap settings", assessment.name, before, after)


def _check_capacity(capacity: Any) -> None:
    if capacity is not None and (
        isinstance(capacity, bool)
        or not isinstance(capacity, (int, float))
        or not math.isfinite(capacity)
        or capacity <= 0
    ):
        fail("roadmap_capacity", value=repr(capacity))


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
