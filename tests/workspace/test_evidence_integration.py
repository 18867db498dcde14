"""The sample ServiceNow exports of examples/ read, computed and stored for real (reader, KPIs, pm4py), on SQLite and
PostgreSQL: what is stored is exactly what was computed, and no person's name reaches the database or a bundle."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from sqlalchemy import select

from assessment.evidence import kpis, mining
from assessment.inputs import tickets
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import Base
from assessment.workspace.assessments import create_assessment
from assessment.workspace.bundle_format import CONTENT
from assessment.workspace.bundles import export_bundle
from assessment.workspace.evidence import evidence_of, evidence_rows, file_sha256, pseudonym_key, store_evidence
from assessment.workspace.evidence_codec import mining_to_json

ROOT = Path(__file__).resolve().parents[2]
CORE = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
INCIDENTS = ROOT / "examples" / "servicenow_incident_audit.csv"
CHANGES = ROOT / "examples" / "servicenow_change.csv"
# people of the sample: its placeholder names and numbered employees, as the files write them
PEOPLE = ("Zhang San", "Li Si", "Wang Wu", "Zhou Ba", "Employee 0022")


def test_the_sample_exports_are_stored_as_computed_and_pseudonymized(workspace, tmp_path):
    aid = create_assessment(workspace, client="Acme", name="2026", questionnaire=CORE, processes=["incident", "change"])
    key = pseudonym_key(workspace, aid)
    log = tickets.read_ticket_export(INCIDENTS, name=INCIDENTS.name, key=key)
    stored = store_evidence(
        workspace, aid, log, actor="王顾问", reference_unit="北京总部", keep_rows=True, sha256=file_sha256(INCIDENTS)
    )
    changes = tickets.read_ticket_export(CHANGES, name=CHANGES.name, process="change", key=key)
    store_evidence(workspace, aid, changes, actor="王顾问")

    overall = kpis.compute_kpis(log)
    by_unit = [k for k in kpis.compute_kpis(log, by="unit") if k.by is not None]
    found = {e.process: e for e in evidence_of(workspace, aid)}
    incident = found["incident"]
    assert incident == stored  # read back exactly as computed
    assert incident.kpis[: len(overall)] == overall
    assert [k for k in incident.kpis if k.by == "unit"] == by_unit
    assert {k.by for k in incident.kpis} == {None, "unit", "priority", "month"}
    assert mining_to_json(incident.mining) == mining_to_json(mining.mine(log, reference_unit="北京总部"))
    assert incident.mining.reference == "unit:北京总部"
    assert [flow.unit for flow in incident.mining.units] == ["上海数据中心", "北京总部", "深圳研发中心"]
    assert all("<svg" in flow.map_svg for flow in incident.mining.units)
    assert (incident.tickets, incident.events) == (660, 3146)
    assert found["change"].mining is None  # a snapshot holds no flow
    assert "change_success_rate" in {k.kpi for k in found["change"].kpis}

    rows = evidence_rows(workspace, aid, incident.id)
    assert len(rows) == 3146
    assert rows["assignee"].dropna().str.match(r"^P-[0-9a-f]{10}$").all()
    with workspace.transaction() as session:
        stored_text = repr([session.execute(select(table)).all() for table in Base.metadata.sorted_tables])
    bundle = tmp_path / "acme.mmbundle"
    export_bundle(workspace, aid, bundle)
    with zipfile.ZipFile(bundle) as archive:
        bundled = archive.read(CONTENT).decode("utf-8")
    kept = rows.to_csv()
    for person in PEOPLE:
        assert person in INCIDENTS.read_text(encoding="utf-8")  # the file names them
        assert person not in stored_text
        assert person not in bundled
        assert person not in kept
    assert json.loads(bundled)["pseudonym_key"] == key.hex()
