"""The roadmap's settings as stored: None where the assessment sets none (the analysis then uses its defaults)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from assessment.storage.tables import Assessment
from assessment.workspace import Workspace, fail


def roadmap_settings(workspace: Workspace, assessment_id: int) -> tuple[dt.date | None, float | None]:
    """The stored start date and capacity (person-days per month) of the roadmap; None where unset."""
    with workspace.transaction() as session:
        row = session.execute(
            select(Assessment.roadmap_start, Assessment.roadmap_capacity).where(Assessment.id == assessment_id)
        ).first()
    if row is None:
        fail("assessment_not_found", assessment=assessment_id)
    return row[0], row[1]
