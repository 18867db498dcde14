"""The workspace's core: a database migrated to head, its transactions, the audit log and the errors of services.

Every service of the workspace runs in one transaction (all or nothing), raises a WorkspaceError carrying
problems on bad input, and writes what it changed to the audit log (`audit`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from assessment.problems import InputError, Problem
from assessment.questionnaire.model import Questionnaire
from assessment.storage.database import default_url, make_engine, migrate, reason, unreachable
from assessment.storage.tables import Assessment, AuditEntry, Target

# re-exported: callers above the workspace (the pages) ask the database's address and whether an error is an
# outage here, never of `storage`
DATABASE_HELPERS = (default_url, reason, unreachable)

RULES = ("iso33020", "c2m2")
METHODS = ("", "interview", "survey", "workshop", "walkthrough", "web survey")


class WorkspaceError(InputError):
    """A service refused bad input; nothing was changed."""


class Workspace:
    """A database migrated to head, and transactions on it."""

    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.engine = engine or make_engine(url)
        migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._questionnaires: dict[tuple, Questionnaire] = {}

    def questionnaire_of(self, assessment: Assessment) -> Questionnaire:
        """The assessment's questionnaire snapshot in scope, parsed once: a snapshot never changes."""
        weights = tuple(sorted((assessment.role_weights or {}).items()))
        key = (assessment.id, assessment.created_at, tuple(assessment.processes), weights)
        found = self._questionnaires.get(key)
        if found is None:
            if len(self._questionnaires) >= 32:  # bounded: drop the oldest
                self._questionnaires.pop(next(iter(self._questionnaires)))
            found = self._questionnaires[key] = snapshot(assessment)
        return found

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends, and rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def fail(code: str, **params: Any) -> None:
    raise WorkspaceError([Problem(code, params)])


# Entities whose changes move no score: they raise the revision but not the scoring revision.
PLANNING_ENTITIES = frozenset(
    {
        "target",
        "roadmap",
        "roadmap settings",
        "context",
        "walkthrough",
        "setting",
        "member",
        "campaign",
        "campaign link",
        "consultant text",
        "ticket evidence",  # ticket data confirms or contradicts answers; it changes none
    }
)


def audit(
    session: Session, assessment_id: int | None, actor: str, action: str, entity: str, key: str, before=None, after=None
) -> None:
    """Record a change, and raise the assessment's revisions so cached results are renewed."""
    session.add(
        AuditEntry(
            assessment_id=assessment_id, actor=actor, action=action, entity=entity, key=key, before=before, after=after
        )
    )
    if assessment_id is not None:
        raised: dict[str, Any] = {"revision": Assessment.revision + 1}
        if entity not in PLANNING_ENTITIES:
            raised["scoring_revision"] = Assessment.scoring_revision + 1
        session.execute(update(Assessment).where(Assessment.id == assessment_id).values(**raised))


def get_assessment(session: Session, assessment_id: int) -> Assessment:
    """The assessment, or a WorkspaceError naming it."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        fail("assessment_not_found", assessment=assessment_id)
    return assessment


def snapshot(assessment: Assessment) -> Questionnaire:
    """The questionnaire the assessment runs with, narrowed to its scope, with its own role weights if set."""
    questionnaire = Questionnaire.model_validate(assessment.questionnaire_snapshot, strict=False)
    scope = set(assessment.processes)
    update: dict[str, Any] = {"processes": [p for p in questionnaire.processes if p.id in scope]}
    weights = assessment.role_weights or {}
    if weights:
        update["roles"] = [
            role.model_copy(update={"weight": float(weights[role.id])}) if role.id in weights else role
            for role in questionnaire.roles
        ]
    return questionnaire.model_copy(update=update)


def targets_of(session: Session, assessment_id: int) -> dict[str, int]:
    """The targets set for an assessment, by process."""
    return {t.process_id: t.level for t in session.scalars(select(Target).where(Target.assessment_id == assessment_id))}
