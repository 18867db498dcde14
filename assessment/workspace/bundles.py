"""Bundles: a whole assessment exported to one .mmbundle file, and imported into another database.

The round trip is lossless, between SQLite and PostgreSQL too: export, import into an empty
database and export again gives the same assessment.json, with one more audit entry recording the
import. The format and its checks are in bundle_format.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from assessment.files import atomic_output
from assessment.problems import Problem
from assessment.storage.tables import (
    Answer,
    Assessment,
    AuditEntry,
    Client,
    ConsultantText,
    ContextEntry,
    Decision,
    Respondent,
    RoadmapEdit,
    Target,
    Unit,
    WalkthroughResult,
    utcnow,
)
from assessment.workspace.bundle_evidence import exported_evidence, import_evidence
from assessment.workspace.bundle_format import (
    CONTENT,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    NATURAL_KEYS,
    AnswerEntry,
    AssessmentFields,
    AuditRecord,
    BundleContent,
    ConsultantTextEntry,
    ContextRecord,
    DecisionEntry,
    Manifest,
    RespondentEntry,
    RoadmapEditEntry,
    TargetEntry,
    WalkthroughEntry,
    dump_json,
    plain,
    read_bundle,
    utc,
)
from assessment.workspace.core import Workspace, WorkspaceError, fail, get_assessment

__all__ = ["export_bundle", "import_bundle", "read_bundle"]

# the lists of assessment.json after the units, in the order they are stored, with their tables
TABLES: dict[str, tuple[Any, type[BaseModel]]] = {
    "respondents": (Respondent, RespondentEntry),
    "answers": (Answer, AnswerEntry),
    "walkthrough_results": (WalkthroughResult, WalkthroughEntry),
    "context_entries": (ContextEntry, ContextRecord),
    "targets": (Target, TargetEntry),
    "decisions": (Decision, DecisionEntry),
    "roadmap_edits": (RoadmapEdit, RoadmapEditEntry),
    "consultant_texts": (ConsultantText, ConsultantTextEntry),
    "audit_log": (AuditEntry, AuditRecord),
}
# fields of the bundle whose column has another name; an answer's respondent is a name in the bundle, an id stored
COLUMNS = {
    "check": "check_id",
    "section": "section_id",
    "item": "item_id",
    "process": "process_id",
    "respondent": "respondent_id",
}


def export_bundle(workspace: Workspace, assessment_id: int, path: str | Path) -> None:
    """Write everything of the assessment to one bundle file at `path`: whole, or not at all."""
    target = Path(path)
    if not target.parent.is_dir():
        raise WorkspaceError([Problem("folder_not_found", file=str(target.parent))])
    with workspace.transaction() as session:
        content = bundle_content(session, assessment_id)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": plain(utcnow()),
        "client": content["client"],
        "assessment": content["assessment"]["name"],
        "counts": {entries: len(content[entries]) for entries in NATURAL_KEYS},
    }
    with atomic_output(target) as temporary, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, dump_json(manifest))
        archive.writestr(CONTENT, dump_json(content))


def bundle_content(session: Session, assessment_id: int) -> dict[str, Any]:
    """The content of assessment.json: natural keys, rows in natural order, the audit log in time order."""
    assessment = get_assessment(session, assessment_id)
    base = session.get(Assessment, assessment.based_on_id) if assessment.based_on_id is not None else None
    fields = {
        field: plain(getattr(assessment, field)) for field in AssessmentFields.model_fields if field != "based_on"
    }
    fields["based_on"] = None if base is None else {"client": base.client.name, "name": base.name}
    people = dict(
        session.execute(select(Respondent.id, Respondent.name).where(Respondent.assessment_id == assessment_id)).all()
    )
    content: dict[str, Any] = {
        "client": assessment.client.name,
        "assessment": fields,
        "units": sorted(session.scalars(select(Unit.name).where(Unit.assessment_id == assessment_id))),
    }
    for entries, (table, model) in TABLES.items():
        rows = session.scalars(select(table).where(table.assessment_id == assessment_id))
        exported = [(_entry(row, model, people), getattr(row, "id", 0)) for row in rows]
        key = NATURAL_KEYS[entries] or ("at",)  # ISO times in UTC with microseconds sort as they happened
        exported.sort(key=lambda pair, key=key: (*(pair[0][part] for part in key), pair[1]))
        content[entries] = [entry for entry, _ in exported]
    content["ticket_evidence"], content["pseudonym_key"] = exported_evidence(session, assessment_id)
    return content


def _entry(row: Any, model: type[BaseModel], people: dict[int, str]) -> dict[str, Any]:
    values = {}
    for field in model.model_fields:
        value = getattr(row, COLUMNS.get(field, field))
        values[field] = people[value] if field == "respondent" else plain(value)
    return values


def import_bundle(workspace: Workspace, path: str | Path, *, name: str | None = None, actor: str = "") -> int:
    """Read a bundle into the workspace as a new assessment (client created if new), all or nothing; returns its id."""
    # timestamps, authors, the revision and the audit log are kept as exported; one audit entry records the import
    path = Path(path)
    manifest, content = read_bundle(path)  # every check before anything is written
    new_name = (content.assessment.name if name is None else name).strip()
    if not new_name:
        fail("empty_name", kind="assessment")
    if len(new_name) > 200:
        fail("bundle_text_too_long", size=len(new_name), limit=200)
    with workspace.transaction() as session:
        return _store(session, content, new_name, actor, path.name, manifest)


def _columns(entry: BaseModel, exclude: Collection[str] = ()) -> dict[str, Any]:
    """An entry of the bundle as column values; datetimes in UTC, as the workspace writes them."""
    return {
        COLUMNS.get(field, field): utc(value) if isinstance(value, dt.datetime) else value
        for field, value in entry
        if field not in exclude
    }


def _store(session: Session, content: BundleContent, name: str, actor: str, file: str, manifest: Manifest) -> int:
    """Write the checked content as a new assessment, in the caller's transaction."""
    fields = content.assessment
    client = session.scalar(select(Client).where(Client.name == content.client))
    if client is None:
        client = Client(name=content.client)
        session.add(client)
        session.flush()
    elif session.scalar(select(Assessment.id).where(Assessment.client_id == client.id, Assessment.name == name)):
        raise WorkspaceError([Problem("bundle_assessment_exists", {"client": content.client, "name": name}, file=file)])
    based_on_id = None
    if fields.based_on is not None:  # linked when the baseline is in this workspace too
        based_on_id = session.scalar(
            select(Assessment.id)
            .join(Client)
            .where(Client.name == fields.based_on.client, Assessment.name == fields.based_on.name)
        )
    assessment = Assessment(
        client_id=client.id, name=name, based_on_id=based_on_id, **_columns(fields, exclude={"name", "based_on"})
    )
    session.add(assessment)
    session.flush()

    def add_all(table: Any, rows: list[dict[str, Any]]) -> None:
        if rows:  # an empty list would insert one row of defaults
            session.execute(insert(table), [{"assessment_id": assessment.id, **row} for row in rows])

    add_all(Unit, [{"name": unit} for unit in content.units])
    people: dict[str, int] = {}
    for entries, (table, _) in TABLES.items():
        rows = [_columns(entry) for entry in getattr(content, entries)]
        if entries == "audit_log":  # what was recorded elsewhere is marked so, never shown as recorded here
            for row in rows:
                row["imported_from"], row["imported_by"] = file[:300], actor[:200]
        if entries == "answers":
            people = dict(
                session.execute(
                    select(Respondent.name, Respondent.id).where(Respondent.assessment_id == assessment.id)
                ).all()
            )
            for row in rows:
                row["respondent_id"] = people[row["respondent_id"]]
        add_all(table, rows)
    import_evidence(session, assessment.id, content.ticket_evidence, content.pseudonym_key)
    after = {
        "client": content.client,
        "name": fields.name,
        "exported_at": plain(manifest.exported_at),
        "based_on": None if fields.based_on is None else fields.based_on.model_dump(),
        "based_on_found": based_on_id is not None,
    }
    # after the history it brings, and without raising the revision: that stays as exported
    session.add(
        AuditEntry(
            assessment_id=assessment.id, actor=actor, action="import", entity="bundle", key=file[:300], after=after
        )
    )
    return assessment.id
