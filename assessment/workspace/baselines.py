"""Baselines and re-assessments: which stored assessments can be compared, and the chain of copies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from assessment.storage.tables import Assessment, Client
from assessment.workspace.core import Workspace


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


def _candidates(workspace: Workspace) -> list[Candidate]:
    """Every assessment, oldest first: one query, no counting of answers (that takes long on big assessments)."""
    query = (
        select(
            Assessment.id,
            Client.name,
            Assessment.name,
            Assessment.questionnaire_id,
            Assessment.started_on,
            Assessment.based_on_id,
            Assessment.revision,
        )
        .join(Client, Client.id == Assessment.client_id)
        .order_by(Assessment.id)
    )
    with workspace.transaction() as session:
        return [Candidate(*row) for row in session.execute(query)]


def baseline_choices(workspace: Workspace, assessment_id: int) -> tuple[list[Candidate], int | None]:
    """The assessments a re-assessment can be compared with (same questionnaire id), and the default one.

    The default is the assessment it was copied from; else the newest of the same client's assessments made before
    it, else after it; else the newest other one. None when there is nothing to compare with.
    """
    every = _candidates(workspace)
    current = next((c for c in every if c.id == assessment_id), None)
    if current is None:
        return [], None
    choices = [c for c in every if c.id != assessment_id and c.questionnaire_id == current.questionnaire_id]
    if current.based_on_id in {c.id for c in choices}:
        return choices, current.based_on_id
    same_client = [c.id for c in choices if c.client == current.client]
    earlier = [i for i in same_client if i < assessment_id]  # ids grow with time: a baseline comes before
    if same_client:
        return choices, (earlier or same_client)[-1]
    return choices, choices[-1].id if choices else None


def assessment_chain(workspace: Workspace, assessment_id: int) -> list[Candidate]:
    """The assessment and those it was copied from, following `based_on` links: oldest first."""
    every = {c.id: c for c in _candidates(workspace)}
    chain: list[Candidate] = []
    current = every.get(assessment_id)
    while current is not None and current not in chain:  # a loop of links would never end
        chain.append(current)
        current = every.get(current.based_on_id) if current.based_on_id is not None else None
    return chain[::-1]
