"""The evidence from the ticket system in a bundle: its entries' models, their checks, and the pseudonym key.

An entry is a stored evidence with natural keys (one per ticket process), its KPIs and mining as the workspace
stores them (evidence_codec's JSON), the kept rows as base64 text. Everything is bounded as the workspace bounds it,
so what a bundle brings can be stored and shown; a map must be a map MaturityMap would draw: no script, no event
handler, no external reference, no entity.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.inputs.ticket_fields import FIELDS, PROCESSES, SHAPES, SOURCES
from assessment.storage.tables import PseudonymKey, TicketEvidence
from assessment.workspace.bundle_types import Entries, Model, Short, Time, Word, utc
from assessment.workspace.evidence_codec import (
    MAX_ACTIVITIES,
    MAX_BOTTLENECKS,
    MAX_KPI_ROWS,
    MAX_LABEL_CHARS,
    MAX_ROWS_BYTES,
    MAX_SVG_CHARS,
    MAX_UNITS,
    MAX_VARIANTS,
    ROW_COLUMNS,
    rows_header,
)

Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Hours = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Field_ = Literal[FIELDS]
Label = Annotated[str, Field(max_length=MAX_LABEL_CHARS)]
PseudonymKeyText = Annotated[str, Field(max_length=64)]  # 32 bytes as hex (checked by check_evidence)
HEX_64 = re.compile(r"[0-9a-f]{64}")
MAX_ROWS_TEXT = (MAX_ROWS_BYTES + 2) // 3 * 4  # base64 of the largest rows kept
# what a map drawn by graphviz and sanitized by mining never holds (case-insensitive)
UNSAFE_SVG = re.compile(
    r"<\s*script|<\s*foreignobject|<!entity|javascript:|\son[a-z]+\s*=|(?:href|src)\s*=\s*[\"'](?!#)"
    r"|@import|url\(\s*[\"']?(?!#)",
    re.IGNORECASE,
)


class KpiEntry(Model):
    """One KPI value: overall (by and group null) or of one group."""

    kpi: Word
    by: Word | None
    group: Label | None
    value: float = Field(allow_inf_nan=False)
    tickets: Count


class VariantEntry(Model):
    """An activity sequence and how many cases ran it."""

    activities: Annotated[list[Label], Field(max_length=MAX_ACTIVITIES)]
    cases: Count


class BottleneckEntry(Model):
    """A slow step: from one activity to the next, its median hours over how many cases."""

    start: Label = Field(alias="from")
    to: Label
    hours: Hours
    cases: Count


class FlowEntry(Model):
    """The mined flow of one unit (or of all cases: unit empty)."""

    unit: Label
    cases: Count
    events: Count
    variants: Annotated[Entries[VariantEntry], Field(max_length=MAX_VARIANTS)]
    fitness: Fraction | None
    map_svg: Annotated[str, Field(max_length=MAX_SVG_CHARS)]
    bottlenecks: Annotated[Entries[BottleneckEntry], Field(max_length=MAX_BOTTLENECKS)]


class MiningEntry(Model):
    """Process mining of one ticket process: per unit, overall, the standardization index from data."""

    process: Literal[PROCESSES]
    reference: Annotated[str, Field(max_length=MAX_LABEL_CHARS + 5)]  # "unit:" and a unit, or "bpmn:" and a file
    units: Annotated[Entries[FlowEntry], Field(max_length=MAX_UNITS)]
    overall: FlowEntry
    index: Fraction | None


class EvidenceEntry(Model):
    """One ticket log stored with the assessment: the file, its KPIs and mining, its rows if kept."""

    process: Literal[PROCESSES]
    name: Annotated[str, Field(min_length=1, max_length=300)]
    source: Literal[SOURCES]
    shape: Literal[SHAPES]
    tickets: Count
    events: Count
    fields: Annotated[list[Field_], Field(max_length=len(FIELDS))]
    mapping: Annotated[dict[Field_, Short], Field(max_length=len(FIELDS))]
    pseudonymized: Annotated[list[Field_], Field(max_length=len(FIELDS))]
    dropped: Annotated[list[Short], Field(max_length=1_000)]
    sha256: Annotated[str, Field(max_length=64)]  # hex digits, or empty (checked by check_evidence)
    imported_by: Short
    imported_at: Time
    kpis: Annotated[Entries[KpiEntry], Field(max_length=MAX_KPI_ROWS)]
    mining: MiningEntry | None
    rows: Annotated[str, Field(max_length=MAX_ROWS_TEXT)] | None


COPIED = ("process", "name", "source", "shape", "tickets", "events", "fields", "mapping", "pseudonymized", "dropped")
COPIED += ("sha256", "imported_by", "kpis", "mining")


def rows_bytes(text: str | None) -> bytes | None:
    """Kept rows from the bundle's (checked) text."""
    return None if text is None else base64.b64decode(text, validate=True)


def exported_evidence(session: Session, assessment_id: int) -> tuple[list[dict[str, Any]], str | None]:
    """The assessment's evidence as bundle entries (by process), and its pseudonym key as hex (None: none made)."""
    entries = []
    for row in session.scalars(select(TicketEvidence).where(TicketEvidence.assessment_id == assessment_id)):
        entry = {name: getattr(row, name) for name in COPIED}
        entry["imported_at"] = utc(row.imported_at).isoformat(timespec="microseconds")
        entry["rows"] = None if row.rows is None else base64.b64encode(row.rows).decode("ascii")
        entries.append(entry)
    key = session.get(PseudonymKey, assessment_id)
    return sorted(entries, key=lambda entry: entry["process"]), None if key is None else key.key.hex()


def import_evidence(session: Session, assessment_id: int, entries: list[EvidenceEntry], key: str | None) -> None:
    """Store a bundle's (checked) evidence and key with the new assessment, as they were exported."""
    for entry in entries:
        values = entry.model_dump(include=set(COPIED), by_alias=True)  # KPIs and mining as the workspace stores them
        rows = rows_bytes(entry.rows)
        session.add(
            TicketEvidence(assessment_id=assessment_id, imported_at=utc(entry.imported_at), rows=rows, **values)
        )
    if key is not None:
        session.add(PseudonymKey(assessment_id=assessment_id, key=bytes.fromhex(key)))


def _flows(mining: MiningEntry | None) -> Iterator[tuple[str, FlowEntry]]:
    if mining is not None:
        yield from ((f"mining.units[{index}]", flow) for index, flow in enumerate(mining.units))
        yield "mining.overall", mining.overall


def check_evidence(entries: list[EvidenceEntry], key: str | None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """What the schema cannot see in the evidence and the key: hex digits, KPIs this version computes, safe maps,
    readable rows; each as (message code, where, params)."""
    if key is not None and not HEX_64.fullmatch(key):
        yield "bundle_not_hex", "pseudonym_key", {"value": key}
    if not entries:
        return
    from assessment.evidence.kpis import KPI_IDS  # the KPIs' module, read only when a bundle brings evidence

    known = set(KPI_IDS)
    for index, entry in enumerate(entries):
        at = f"ticket_evidence[{index}]"
        if entry.sha256 and not HEX_64.fullmatch(entry.sha256):
            yield "bundle_not_hex", f"{at}.sha256", {"value": entry.sha256}
        for number, kpi in enumerate(entry.kpis):
            if kpi.kpi not in known:
                yield "bundle_unknown_kpi", f"{at}.kpis[{number}]", {"kpi": kpi.kpi}
                break
        if entry.mining is not None and entry.mining.process != entry.process:
            yield "bundle_evidence_mismatch", f"{at}.mining.process", {"found": entry.mining.process}
        for where, flow in _flows(entry.mining):
            unsafe = UNSAFE_SVG.search(flow.map_svg)
            if unsafe:
                yield "bundle_unsafe_svg", f"{at}.{where}.map_svg", {"found": unsafe.group(0).strip()[:40]}
        if entry.rows is not None:
            problem = _rows_problem(entry)
            if problem:
                yield "bundle_evidence_rows", f"{at}.rows", {"detail": problem}


def _rows_problem(entry: EvidenceEntry) -> str | None:
    """Why the kept rows of an entry cannot be read back, or None."""
    try:
        columns = rows_header(rows_bytes(entry.rows))
    except (binascii.Error, ValueError) as exc:
        return str(exc)
    allowed = {*ROW_COLUMNS, *FIELDS}
    strange = [column for column in columns if column not in allowed]
    if strange or "ticket" not in columns:
        return f"columns {', '.join(columns[:30])}"
    return None
