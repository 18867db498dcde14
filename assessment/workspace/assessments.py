"""Clients and assessments: create, copy for a re-assessment, change; respondents; targets; the list of them all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessment.questionnaire.model import Questionnaire
from assessment.storage.tables import Answer, Assessment, Client, Respondent, Target, Unit
from assessment.workspace.core import METHODS, RULES, Workspace, audit, fail, get_assessment

# --- clients and assessments -----------------------------------------------------------------------------------------


def create_assessment(
    workspace: Workspace,
    *,
    client: str,
    name: str,
    questionnaire: Questionnaire,
    processes: Sequence[str] | None = None,
    units: Sequence[str] = (),
    rule: str = "iso33020",
    started_on: dt.date | None = None,
    is_demo: bool = False,
    actor: str = "",
) -> int:
    """Create an assessment (and its client if new) with a snapshot of the questionnaire; returns its id.

    Without `processes`, the scope is the questionnaire's default scope: every process but its optional modules.
    """
    client, name = client.strip(), name.strip()
    if not client or not name:
        fail("empty_name", kind="client" if not client else "assessment")
    known = [p.id for p in questionnaire.processes]
    scope = list(processes) if processes is not None else questionnaire.default_scope()
    if not scope:
        fail("scope_empty")
    for process in scope:
        if process not in known:
            fail("process_not_in_scope", process=process, scope=list(known))
    if rule not in RULES:
        fail("must_be_one_of", allowed=list(RULES), value=repr(rule))
    with workspace.transaction() as session:
        owner = session.scalar(select(Client).where(Client.name == client))
        if owner is None:
            owner = Client(name=client)
            session.add(owner)
            session.flush()
        elif session.scalar(select(Assessment.id).where(Assessment.client_id == owner.id, Assessment.name == name)):
            fail("assessment_exists", client=client, name=name)
        assessment = Assessment(
            client_id=owner.id,
            name=name,
            rule=rule,
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            questionnaire_snapshot=questionnaire.model_dump(mode="json"),
            processes=[p for p in known if p in scope],
            started_on=started_on,
            is_demo=is_demo,
        )
        session.add(assessment)
        session.flush()
        for unit in dict.fromkeys(u.strip() for u in units if u.strip()):
            session.add(Unit(assessment_id=assessment.id, name=unit))
        audit(session, assessment.id, actor, "create", "assessment", name, after={"client": client, "rule": rule})
        return assessment.id


def copy_assessment(workspace: Workspace, assessment_id: int, name: str, actor: str = "") -> int:
    """A re-assessment: the same client, questionnaire snapshot, scope, units, rule, role weights and targets."""
    if not name.strip():
        fail("empty_name", kind="assessment")
    with workspace.transaction() as session:
        source = get_assessment(session, assessment_id)
        if session.scalar(
            select(Assessment.id).where(Assessment.client_id == source.client_id, Assessment.name == name.strip())
        ):
            fail("assessment_exists", client=source.client.name, name=name)
        copy = Assessment(
            client_id=source.client_id,
            name=name.strip(),
            rule=source.rule,
            questionnaire_id=source.questionnaire_id,
            questionnaire_version=source.questionnaire_version,
            questionnaire_snapshot=source.questionnaire_snapshot,
            processes=list(source.processes),
            role_weights=dict(source.role_weights) if source.role_weights else None,
            based_on_id=source.id,
        )
        session.add(copy)
        session.flush()
        for unit in session.scalars(select(Unit).where(Unit.assessment_id == source.id)):
            session.add(Unit(assessment_id=copy.id, name=unit.name))
        for target in session.scalars(select(Target).where(Target.assessment_id == source.id)):
            session.add(Target(assessment_id=copy.id, process_id=target.process_id, level=target.level))
        based_on = {"client": source.client.name, "name": source.name}  # natural keys: meaningful in any database
        audit(session, copy.id, actor, "copy", "assessment", copy.name, after={"based_on": based_on})
        return copy.id


def update_assessment(
    workspace: Workspace,
    assessment_id: int,
    *,
    client: str | None = None,
    name: str | None = None,
    rule: str | None = None,
    processes: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
    role_weights: dict[str, float] | None = None,
    started_on: dt.date | None = None,
    actor: str = "",
) -> bool:
    """Change the set-up of an assessment (what is given); returns whether anything changed.

    A new client moves the assessment to that client (created if new). Narrowing the scope keeps the
    answers of the processes left out: widening it again brings them back.
    """
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        known = [p["id"] for p in assessment.questionnaire_snapshot.get("processes", [])]
        roles = {r["id"] for r in assessment.questionnaire_snapshot.get("roles", [])}
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}

        def change(field: str, old: Any, new: Any) -> bool:
            if old == new:
                return False
            before[field], after[field] = old, new
            return True

        if client is not None or name is not None:
            _rename(session, assessment, client, name, change)
        if rule is not None:
            if rule not in RULES:
                fail("must_be_one_of", allowed=list(RULES), value=repr(rule))
            if change("rule", assessment.rule, rule):
                assessment.rule = rule
        if processes is not None:
            for process in processes:
                if process not in known:
                    fail("process_not_in_scope", process=process, scope=list(known))
            if not processes:
                fail("scope_empty")
            scope = [p for p in known if p in set(processes)]
            if change("processes", list(assessment.processes), scope):
                assessment.processes = scope
        if role_weights is not None:
            clean: dict[str, float] = {}
            for role, weight in role_weights.items():
                if role not in roles:
                    fail("role_unknown", role=role, known=sorted(roles))
                if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 100:
                    fail("role_weight_range", role=role, value=repr(weight))
                clean[role] = float(weight)
            if change("role_weights", assessment.role_weights or {}, clean):
                assessment.role_weights = clean or None
        if started_on is not None and change("started_on", _iso(assessment.started_on), _iso(started_on)):
            assessment.started_on = started_on
        if units is not None:
            wanted = list(dict.fromkeys(u.strip() for u in units if u.strip()))
            stored = {u.name: u for u in session.scalars(select(Unit).where(Unit.assessment_id == assessment_id))}
            if change("units", sorted(stored), sorted(wanted)):
                for unit_name, unit in stored.items():
                    if unit_name not in wanted:
                        session.delete(unit)
                for unit_name in wanted:
                    if unit_name not in stored:
                        session.add(Unit(assessment_id=assessment_id, name=unit_name))
        if not after:
            return False
        audit(session, assessment_id, actor, "update", "assessment", assessment.name, before=before, after=after)
        return True


def _rename(
    session: Session, assessment: Assessment, client: str | None, name: str | None, change: Callable[..., bool]
) -> None:
    """Give the assessment another client and/or name, refusing an empty one or one the client already has."""
    new_client = assessment.client.name if client is None else client.strip()
    new_name = assessment.name if name is None else name.strip()
    if not new_client:
        fail("empty_name", kind="client")
    if not new_name:
        fail("empty_name", kind="assessment")
    owner = session.scalar(select(Client).where(Client.name == new_client))
    if owner is not None and session.scalar(
        select(Assessment.id).where(
            Assessment.client_id == owner.id, Assessment.name == new_name, Assessment.id != assessment.id
        )
    ):
        fail("assessment_exists", client=new_client, name=new_name)
    if change("client", assessment.client.name, new_client):
        if owner is None:
            owner = Client(name=new_client)
            session.add(owner)
            session.flush()
        assessment.client = owner
    if change("name", assessment.name, new_name):
        assessment.name = new_name


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def add_respondent(
    workspace: Workspace,
    assessment_id: int,
    name: str,
    *,
    role: str = "",
    unit: str = "",
    method: str = "",
    interviewed_on: dt.date | None = None,
    anonymous: bool = False,
    actor: str = "",
) -> int:
    """Add a respondent to an assessment; returns its id. A name is unique within the assessment."""
    name = name.strip()
    if not name:
        fail("empty_name", kind="respondent")
    if method not in METHODS:
        fail("bad_method", value=method)
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        if session.scalar(
            select(Respondent.id).where(Respondent.assessment_id == assessment_id, Respondent.name == name)
        ):
            fail("respondent_exists", respondent=name)
        respondent = Respondent(
            assessment_id=assessment_id,
            name=name,
            role=role,
            unit=unit,
            method=method,
            interviewed_on=interviewed_on,
            anonymous=anonymous,
        )
        session.add(respondent)
        session.flush()
        audit(session, assessment_id, actor, "create", "respondent", name, after={"role": role, "unit": unit})
        return respondent.id


def set_target(workspace: Workspace, assessment_id: int, process: str, level: int, actor: str = "") -> None:
    """Set the steering group's target level (0..5) for a process of the assessment."""
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 5:
        fail("target_range", value=repr(level))
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        if process not in assessment.processes:
            fail("process_not_in_scope", process=process, scope=list(assessment.processes))
        target = session.get(Target, (assessment_id, process))
        before = None if target is None else {"level": target.level}
        if target is None:
            session.add(Target(assessment_id=assessment_id, process_id=process, level=level))
        elif target.level == level:
            return
        else:
            target.level = level
        audit(session, assessment_id, actor, "set", "target", process, before=before, after={"level": level})


def clear_target(workspace: Workspace, assessment_id: int, process: str, actor: str = "") -> bool:
    """Remove the steering group's target of a process: it defaults again (from business importance, else 3)."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        target = session.get(Target, (assessment_id, process))
        if target is None:
            return False
        audit(session, assessment_id, actor, "clear", "target", process, before={"level": target.level})
        session.delete(target)
        return True


# --- listing ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of the list of stored assessments."""

    id: int
    client: str
    name: str
    questionnaire_id: str
    questionnaire_version: str
    rule: str
    processes: int
    respondents: int
    answers: int
    is_demo: bool
    started_on: dt.date | None


def list_assessments(workspace: Workspace, *, archived: bool = False) -> list[AssessmentSummary]:
    """The stored assessments with their counts of respondents and answers, in the order they were created: those
    in use, or (`archived=True`) the archived ones."""
    respondents = (
        select(Respondent.assessment_id, func.count().label("n")).group_by(Respondent.assessment_id).subquery()
    )
    answers = select(Answer.assessment_id, func.count().label("n")).group_by(Answer.assessment_id).subquery()
    query = (
        select(
            Assessment.id,
            Client.name,
            Assessment.name,
            Assessment.questionnaire_id,
            Assessment.questionnaire_version,
            Assessment.rule,
            Assessment.processes,
            func.coalesce(respondents.c.n, 0),
            func.coalesce(answers.c.n, 0),
            Assessment.is_demo,
            Assessment.started_on,
        )
        .join(Client, Client.id == Assessment.client_id)
        .outerjoin(respondents, respondents.c.assessment_id == Assessment.id)
        .outerjoin(answers, answers.c.assessment_id == Assessment.id)
        .where(Assessment.archived_at.is_not(None) if archived else Assessment.archived_at.is_(None))
        .order_by(Assessment.id)
    )
    with workspace.transaction() as session:
        return [
            AssessmentSummary(row[0], row[1], row[2], row[3], row[4], row[5], len(row[6]), *row[7:])
            for row in session.execute(query)
        ]
