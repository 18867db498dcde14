"""Baselines and re-assessments: which stored assessments can be compared, and a client's assessments in time.

Only what can be compared is: a baseline is an earlier assessment of the same client on the same questionnaire.
"Earlier" is the order of dates: the start date, else the day the assessment was created; on the same day, the one
created first. Archived assessments are offered neither as a baseline nor as a point of the trend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from assessment.storage.tables import Assessment, Client
from assessment.workspace.core import Workspace, fail, get_assessment


@dataclass(frozen=True)
class Candidate:
    """An assessment as a baseline or a point of a trend."""

    id: int
    client: str
    name: str
    questionnaire_id: str
    started_on: dt.date | None
    based_on_id: int | None
    revision: int
    created_at: dt.datetime
    archived: bool

    @property
    def day(self) -> dt.date:
        """The date it is placed at in time: its start date, else the day it was created."""
        return self.started_on or self.created_at.date()

    @property
    def when(self) -> tuple[dt.date, int]:
        """Its place in time: the date, then the order of creation (ids grow with time)."""
        return (self.day, self.id)


def _client_assessments(workspace: Workspace, assessment_id: int) -> list[Candidate]:
    """The assessments of the client of `assessment_id` on its questionnaire, in time order (archived included);
    empty when there is no such assessment. One query, no counting of answers (that takes long on big ones)."""
    mine = select(Assessment.client_id, Assessment.questionnaire_id).where(Assessment.id == assessment_id).subquery()
    query = (
        select(
            Assessment.id,
            Client.name,
            Assessment.name,
            Assessment.questionnaire_id,
            Assessment.started_on,
            Assessment.based_on_id,
            Assessment.revision,
            Assessment.created_at,
            Assessment.archived_at.is_not(None),
        )
        .join(Client, Client.id == Assessment.client_id)
        .where(Assessment.client_id == mine.c.client_id, Assessment.questionnaire_id == mine.c.questionnaire_id)
    )
    with workspace.transaction() as session:
        found = [Candidate(*row) for row in session.execute(query)]
    return sorted(found, key=lambda candidate: candidate.when)


def client_timeline(workspace: Workspace, assessment_id: int) -> list[Candidate]:
    """The client's assessments on the same questionnaire up to `assessment_id` (the last), oldest first; archived
    ones left out (but `assessment_id` itself). Empty when there is no such assessment."""
    every = _client_assessments(workspace, assessment_id)
    position = next((i for i, c in enumerate(every) if c.id == assessment_id), None)
    if position is None:
        return []
    return [c for c in every[:position] if not c.archived] + [every[position]]


def later_assessments(workspace: Workspace, assessment_id: int) -> list[Candidate]:
    """The client's assessments on the same questionnaire after `assessment_id`, oldest first (none archived)."""
    every = _client_assessments(workspace, assessment_id)
    position = next((i for i, c in enumerate(every) if c.id == assessment_id), len(every))
    return [c for c in every[position + 1 :] if not c.archived]


def baseline_choices(workspace: Workspace, assessment_id: int) -> tuple[list[Candidate], int | None]:
    """The assessments `assessment_id` (the re-assessment) can be compared with, oldest first, and the default one.

    They are the same client's earlier assessments on the same questionnaire, archived ones left out. The default is
    the one it was copied from if it is among them, else the newest. None when there is nothing to compare with.
    """
    timeline = client_timeline(workspace, assessment_id)
    choices, ids = timeline[:-1], [c.id for c in timeline[:-1]]
    if not ids:
        return [], None
    return choices, timeline[-1].based_on_id if timeline[-1].based_on_id in ids else ids[-1]


def check_comparable(workspace: Workspace, baseline_id: int, current_id: int) -> None:
    """Refuse (WorkspaceError) to compare what cannot be compared: an assessment with itself, with another client's
    or another questionnaire's, or with a later one as its baseline."""
    with workspace.transaction() as session:
        baseline, current = get_assessment(session, baseline_id), get_assessment(session, current_id)
        clients = baseline.client.name, current.client.name
        questionnaires = baseline.questionnaire_id, current.questionnaire_id
    ids = {"baseline": baseline_id, "current": current_id}
    if baseline_id == current_id:
        fail("baseline_is_current", assessment=current_id)
    if clients[0] != clients[1]:
        fail("baseline_other_client", **ids, client=clients[0], other=clients[1])
    if questionnaires[0] != questionnaires[1]:
        fail("baseline_other_questionnaire", **ids, questionnaire=questionnaires[0], other=questionnaires[1])
    every = {c.id: c for c in _client_assessments(workspace, current_id)}
    before, after = every[baseline_id], every[current_id]
    if before.when > after.when:
        fail("baseline_later", **ids, day=before.day, other=after.day)
