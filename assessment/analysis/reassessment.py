"""Baselines and re-assessments: which assessments can be compared, their chain, and the comparison as files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xlsxwriter
from sqlalchemy import select

from assessment.results import safe_cell
from assessment.storage.tables import Assessment, Client
from assessment.workspace import Workspace
from scoring.comparison import RATING_STEPS
from scoring.maturity import rate


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


def item_ratings(items: pd.DataFrame) -> pd.DataFrame:
    """Comparison.items with the rating of each side, the steps between them, and whether it moved (rated on both)."""
    frame = items.copy()
    frame["rating_before"] = rate(items["achievement_before"].astype(float))
    frame["rating_after"] = rate(items["achievement_after"].astype(float))
    steps = {side: frame[f"rating_{side}"].map(RATING_STEPS).astype("Int64") for side in ("before", "after")}
    frame["rating_change"] = steps["after"] - steps["before"]
    # an item answered on one side only has not moved: it was not (or not yet) assessed on the other
    frame["moved"] = (frame["rating_change"].fillna(0) != 0).astype(bool)
    return frame


def rating_moves(levels: pd.DataFrame) -> dict[str, str]:
    """For each process, the levels rated on both sides whose rating moved, e.g. "L2 P→L +1 · L4 L→P -1"."""
    moved = levels[levels["rating_change"].fillna(0) != 0]
    moves: dict[str, list[str]] = {}
    for row in moved.itertuples(index=False):
        moves.setdefault(row.process, []).append(
            f"L{row.level} {row.rating_before}→{row.rating_after} {int(row.rating_change):+d}"
        )
    return {process: " · ".join(found) for process, found in moves.items()}


def comparison_csv(frame: pd.DataFrame) -> bytes:
    """A labelled frame as UTF-8 CSV with a byte-order mark (Excel reads the Chinese right); no cell is a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(str(column)) for column in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if _missing(value) else safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def comparison_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Labelled frames as the sheets of one workbook, in memory; text is never a formula or a link."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True}
    workbook = xlsxwriter.Workbook(buffer, options)
    bold = workbook.add_format({"bold": True})
    for name, frame in sheets.items():
        sheet = workbook.add_worksheet(name[:31])
        for column, header in enumerate(frame.columns):
            sheet.write_string(0, column, str(header), bold)
            sheet.set_column(column, column, max(10, min(40, len(str(header)) + 4)))
        for row, values in enumerate(frame.itertuples(index=False), start=1):
            for column, value in enumerate(values):
                if _missing(value):
                    continue
                if isinstance(value, (bool, np.bool_)):
                    sheet.write_boolean(row, column, bool(value))
                elif isinstance(value, numbers.Number):
                    sheet.write_number(row, column, float(value))
                else:
                    sheet.write_string(row, column, str(value))
        sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
