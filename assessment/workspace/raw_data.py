"""Everything collected for an assessment, row by row, for the consultant's working file (exports/raw_export.py).

One transaction: every answer with its respondent's role, unit, method and interview date, its comment, evidence,
who recorded it and when; the context records; the walkthrough results. Anonymous respondents are named by number,
as the pages name them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from assessment.storage.tables import Answer, Client, ContextEntry, Respondent, WalkthroughResult
from assessment.workspace.core import Workspace, get_assessment

ANSWER_COLUMNS = [
    "respondent", "role", "unit", "method", "interviewed_on", "item", "answer", "comment", "evidence",
    "recorded_by", "recorded_at",
]  # fmt: skip
CONTEXT_COLUMNS = ["section", "record", "field", "value", "recorded_by", "recorded_at"]
WALKTHROUGH_COLUMNS = ["check", "sample", "unit", "passed", "note", "recorded_by", "recorded_at"]


@dataclass(frozen=True)
class RawData:
    client: str
    name: str
    questionnaire_id: str
    questionnaire_version: str
    answers: pd.DataFrame  # ANSWER_COLUMNS, in the order recorded; evidence a list of texts
    respondents: pd.DataFrame  # respondent, role, unit, method, interviewed_on, anonymous, in the order added
    context: pd.DataFrame  # CONTEXT_COLUMNS, one row per filled field of a record
    walkthroughs: pd.DataFrame  # WALKTHROUGH_COLUMNS


def raw_data(workspace: Workspace, assessment_id: int, anonymous_name=lambda number: f"#{number}") -> RawData:
    """What was collected; `anonymous_name(n)` names the n-th respondent (in the order added) who answered
    anonymously."""
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        client = session.get(Client, assessment.client_id).name
        people = session.execute(
            select(Respondent.id, Respondent.name, Respondent.role, Respondent.unit, Respondent.method)
            .add_columns(Respondent.interviewed_on, Respondent.anonymous)
            .where(Respondent.assessment_id == assessment_id)
            .order_by(Respondent.id)
        ).all()
        answers = session.execute(
            select(Answer.respondent_id, Answer.item_id, Answer.answer, Answer.comment, Answer.evidence)
            .add_columns(Answer.recorded_by, Answer.recorded_at)
            .where(Answer.assessment_id == assessment_id)
            .order_by(Answer.id)
        ).all()
        context = session.execute(
            select(ContextEntry.section_id, ContextEntry.record_key, ContextEntry.data)
            .add_columns(ContextEntry.recorded_by, ContextEntry.recorded_at)
            .where(ContextEntry.assessment_id == assessment_id)
            .order_by(ContextEntry.id)
        ).all()
        walkthroughs = session.execute(
            select(WalkthroughResult.check_id, WalkthroughResult.sample, WalkthroughResult.unit)
            .add_columns(WalkthroughResult.passed, WalkthroughResult.note)
            .add_columns(WalkthroughResult.recorded_by, WalkthroughResult.recorded_at)
            .where(WalkthroughResult.assessment_id == assessment_id)
            .order_by(WalkthroughResult.check_id, WalkthroughResult.sample)
        ).all()
        identity = (client, assessment.name, assessment.questionnaire_id, assessment.questionnaire_version)
    shown = {
        person.id: anonymous_name(number) if person.anonymous else person.name
        for number, person in enumerate(people, start=1)
    }
    by_id = {person.id: person for person in people}
    answer_rows = [
        (
            shown[a.respondent_id],
            by_id[a.respondent_id].role,
            by_id[a.respondent_id].unit,
            by_id[a.respondent_id].method,
            by_id[a.respondent_id].interviewed_on,
            a.item_id,
            a.answer,
            a.comment,
            list(a.evidence or []),
            a.recorded_by,
            _utc(a.recorded_at),
        )
        for a in answers
    ]
    respondents = pd.DataFrame(
        [(shown[p.id], p.role, p.unit, p.method, p.interviewed_on, p.anonymous) for p in people],
        columns=["respondent", "role", "unit", "method", "interviewed_on", "anonymous"],
    )
    context_rows = [
        (c.section_id, c.record_key, field, value, c.recorded_by, _utc(c.recorded_at))
        for c in context
        for field, value in (c.data or {}).items()
        if value not in (None, "", [])  # a field left empty is no record of anything
    ]
    walkthrough_rows = [(*row[:6], _utc(row[6])) for row in walkthroughs]
    return RawData(
        *identity,
        pd.DataFrame(answer_rows, columns=ANSWER_COLUMNS),
        respondents,
        pd.DataFrame(context_rows, columns=CONTEXT_COLUMNS),
        pd.DataFrame(walkthrough_rows, columns=WALKTHROUGH_COLUMNS),
    )


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored time (UTC; SQLite gives it back without a zone) as a naive UTC time, the same on both engines."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)
