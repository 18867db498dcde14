"""Evidence from the ticket system, stored with an assessment: one imported ticket log per process, its KPIs (overall,
by unit, by priority, by month) and process mining, and its rows only when the consultant keeps them.

Importing a second file of the same process replaces the first; every import, replacement and deletion is in the
audit log. People in the files are pseudonymized with the assessment's own key (`pseudonym_key`), made once and
never shown, so a person has the same pseudonym in every file of the assessment. Evidence moves no score: the
revision is raised (the analysis compares it with the answers again), the scoring revision is not. Who may import
is the pages' and the command line's question (analysing, as for the consultant's texts).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assessment.inputs.ticket_fields import PROCESSES
from assessment.storage.tables import PseudonymKey, TicketEvidence
from assessment.workspace.bundle_types import utc
from assessment.workspace.core import Workspace, audit, fail, get_assessment
from assessment.workspace.evidence_codec import (
    MAX_ROWS_BYTES,
    kpis_from_json,
    kpis_to_json,
    mining_from_json,
    mining_to_json,
    oversized,
    rows_from_bytes,
    rows_to_bytes,
)

if TYPE_CHECKING:
    import pandas as pd

    from assessment.evidence.kpis import KpiValue
    from assessment.evidence.mining import Mining
    from assessment.inputs.tickets import TicketLog

__all__ = [
    "StoredEvidence",
    "delete_evidence",
    "evidence_of",
    "evidence_rows",
    "file_sha256",
    "pseudonym_key",
    "store_evidence",
]
ENTITY = "ticket evidence"
HEX_64 = re.compile(r"[0-9a-f]{64}")
GROUPINGS = ("unit", "priority")  # besides the month, when the file maps them
KEY_BYTES = 32


@dataclass(frozen=True)
class StoredEvidence:
    """One ticket log stored with an assessment: what it was, who imported it when, its KPIs and mining."""

    id: int
    name: str
    source: str
    process: str
    shape: str
    tickets: int
    events: int
    imported_by: str
    imported_at: dt.datetime
    fields: tuple[str, ...]
    kpis: list[KpiValue]  # overall + by unit + by priority + by month (those the fields allow)
    mining: Mining | None  # None when the log has no activity or time
    keeps_rows: bool
    mapping: dict[str, str] = field(default_factory=dict)  # canonical field -> the file's column
    pseudonymized: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    sha256: str = ""  # the file's fingerprint, when the importer gave it


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in pieces: the fingerprint stored with its evidence."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while piece := stream.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def groupings(log: TicketLog) -> list[str]:
    """The groupings of the KPIs the log's fields allow: unit, priority, and month (of opened_at or event times)."""
    found = [by for by in GROUPINGS if by in log.fields]
    return [*found, "month"] if {"opened_at", "time", "updated_at"} & set(log.fields) else found


def compute_all_kpis(log: TicketLog) -> list[KpiValue]:
    """Every KPI overall, then by each grouping the fields allow."""
    from assessment.evidence.kpis import compute_kpis

    return compute_kpis(log, None, *groupings(log))


def compute_mining(log: TicketLog, reference_unit: str | None, bpmn: Path | None) -> Mining | None:
    """The log's process mining, or None when its fields cannot give one (no activity or no time)."""
    from assessment.evidence.mining import MiningUnavailable, mine  # pm4py: imported only when mining

    try:
        return mine(log, reference_unit=reference_unit, bpmn=bpmn)
    except MiningUnavailable:
        return None


def _summary(row: TicketEvidence) -> dict[str, Any]:
    """What the audit log records of an evidence: the file and its size, never its content."""
    return {
        "name": row.name,
        "source": row.source,
        "shape": row.shape,
        "tickets": row.tickets,
        "events": row.events,
        "sha256": row.sha256,
        "keeps_rows": row.rows is not None,
    }


def _stored(row: TicketEvidence) -> StoredEvidence:
    return StoredEvidence(
        id=row.id,
        name=row.name,
        source=row.source,
        process=row.process,
        shape=row.shape,
        tickets=row.tickets,
        events=row.events,
        imported_by=row.imported_by,
        imported_at=utc(row.imported_at),
        fields=tuple(row.fields),
        kpis=kpis_from_json(row.kpis),
        mining=mining_from_json(row.mining),
        keeps_rows=row.rows is not None,
        mapping=dict(row.mapping),
        pseudonymized=tuple(row.pseudonymized),
        dropped=tuple(row.dropped),
        sha256=row.sha256,
    )


def store_evidence(
    workspace: Workspace,
    assessment_id: int,
    log: TicketLog,
    *,
    actor: str,
    reference_unit: str | None = None,
    bpmn: Path | None = None,
    keep_rows: bool = False,
    sha256: str = "",
) -> StoredEvidence:
    """Compute the log's KPIs and mining and store them with the assessment, replacing its process's evidence."""
    if log.process not in PROCESSES:
        fail("evidence_process", process=log.process, allowed=", ".join(PROCESSES))
    if sha256 and not HEX_64.fullmatch(sha256):
        raise ValueError(f"sha256 must be 64 lower-case hexadecimal digits, not {sha256!r}")
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)  # before the work of computing: a wrong id fails at once
    kpis = kpis_to_json(compute_all_kpis(log))
    mining = mining_to_json(compute_mining(log, reference_unit, bpmn))
    too_large = oversized(kpis, mining)
    if too_large is not None:
        what, size, limit = too_large
        fail("evidence_too_large", file=log.name, what=what, size=size, limit=limit)
    rows = rows_to_bytes(log.frame) if keep_rows else None
    if rows is not None and len(rows) > MAX_ROWS_BYTES:
        fail("evidence_rows_too_large", file=log.name, size=len(rows), limit=MAX_ROWS_BYTES)
    values = {
        "name": (log.name or log.process)[:300],
        "source": log.source,
        "shape": log.shape,
        "tickets": int(log.frame["ticket"].nunique()),
        "events": len(log.frame),
        "fields": list(log.fields),
        "mapping": {field: column[:200] for field, column in log.mapping.items()},  # as long as a bundle holds
        "pseudonymized": list(log.pseudonymized),
        "dropped": [column[:200] for column in log.dropped[:1000]],
        "sha256": sha256,
        "imported_by": actor[:200],
        "kpis": kpis,
        "mining": mining,
        "rows": rows,
    }
    try:
        return _replace(workspace, assessment_id, log.process, values, actor)
    except IntegrityError:  # an import of the same process committed meanwhile: this one replaces it
        return _replace(workspace, assessment_id, log.process, values, actor)


def _replace(workspace: Workspace, assessment_id: int, process: str, values: dict, actor: str) -> StoredEvidence:
    """Store the evidence of `process`, in place of the one stored (one transaction, audited)."""
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        old = session.scalar(
            select(TicketEvidence).where(
                TicketEvidence.assessment_id == assessment_id, TicketEvidence.process == process
            )
        )
        before = None
        if old is not None:  # one evidence per process: the new file replaces the old one
            before = _summary(old)
            session.delete(old)
            session.flush()
        row = TicketEvidence(assessment_id=assessment_id, process=process, **values)
        session.add(row)
        session.flush()
        audit(
            session,
            assessment_id,
            actor,
            "import" if old is None else "replace",
            ENTITY,
            process,
            before,
            _summary(row),
        )
        return _stored(row)


def evidence_of(workspace: Workspace, assessment_id: int, *, checked: bool = True) -> list[StoredEvidence]:
    """Every evidence stored with the assessment, newest first; `checked=False` when the caller has just read the
    assessment itself (one read of it per job): an unknown id then simply has none."""
    with workspace.transaction() as session:
        if checked:
            get_assessment(session, assessment_id)
        rows = session.scalars(
            select(TicketEvidence)
            .where(TicketEvidence.assessment_id == assessment_id)
            .order_by(TicketEvidence.imported_at.desc(), TicketEvidence.id.desc())
        )
        return [_stored(row) for row in rows]


def _evidence(session, assessment_id: int, evidence_id: int) -> TicketEvidence:
    get_assessment(session, assessment_id)
    row = session.get(TicketEvidence, evidence_id)
    if row is None or row.assessment_id != assessment_id:
        fail("evidence_not_found", evidence=evidence_id, assessment=assessment_id)
    return row


def delete_evidence(workspace: Workspace, assessment_id: int, evidence_id: int, *, actor: str) -> None:
    """Remove one evidence (its KPIs, mining and kept rows) from the assessment."""
    with workspace.transaction() as session:
        row = _evidence(session, assessment_id, evidence_id)
        before = _summary(row)
        session.delete(row)
        audit(session, assessment_id, actor, "delete", ENTITY, row.process, before)


def evidence_rows(workspace: Workspace, assessment_id: int, evidence_id: int) -> pd.DataFrame | None:
    """The normalized rows kept with an evidence (people pseudonymized), or None when they were not kept."""
    with workspace.transaction() as session:
        row = _evidence(session, assessment_id, evidence_id)
        data, name = row.rows, row.name
    if data is None:
        return None
    try:
        return rows_from_bytes(data)
    except ValueError as exc:
        fail("evidence_rows_unreadable", file=name, detail=str(exc))


def pseudonym_key(workspace: Workspace, assessment_id: int) -> bytes:
    """The assessment's pseudonymization key: made (32 random bytes) at its first use, then always the same."""
    try:
        return _key(workspace, assessment_id)
    except IntegrityError:  # made by another caller at the same moment: theirs is the key
        return _key(workspace, assessment_id)


def _key(workspace: Workspace, assessment_id: int) -> bytes:
    with workspace.transaction() as session:
        get_assessment(session, assessment_id)
        found = session.get(PseudonymKey, assessment_id)
        if found is not None:
            return found.key
        key = secrets.token_bytes(KEY_BYTES)
        session.add(PseudonymKey(assessment_id=assessment_id, key=key))
    return key
