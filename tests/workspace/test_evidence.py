"""Evidence stored with an assessment: one per process, replaced and deleted in the audit log, the pseudonym key made
once, the rows kept only when asked; on SQLite and PostgreSQL. KPIs and mining are replaced by quick stand-ins
that answer from the log (their own tests are in tests/evidence); test_evidence_integration runs the real ones."""

from __future__ import annotations

import dataclasses
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from assessment.evidence import kpis as kpi_module
from assessment.evidence import mining as mining_module
from assessment.evidence.kpis import KpiValue
from assessment.evidence.mining import Mining, MiningUnavailable, UnitFlow
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import AuditEntry, PseudonymKey
from assessment.workspace import evidence as evidence_module
from assessment.workspace.assessments import create_assessment
from assessment.workspace.core import WorkspaceError, get_assessment
from assessment.workspace.corrections import delete_assessment
from assessment.workspace.evidence import (
    delete_evidence,
    evidence_of,
    evidence_rows,
    file_sha256,
    pseudonym_key,
    store_evidence,
)
from assessment.workspace.evidence_codec import (
    MAX_SVG_CHARS,
    kpis_from_json,
    kpis_to_json,
    mining_from_json,
    mining_to_json,
)
from assessment.workspace.queries import audit_of
from tests.workspace.evidence_samples import SVG, ticket_log

CORE = load_questionnaire(Path(__file__).resolve().parents[2] / "questionnaires" / "itsm-core").questionnaire
ACTOR = "王顾问"


def stand_in_kpis(log, by=None, *more):
    """Tickets per group, as compute_kpis answers: overall, then per value of `by` and of each of `more` (none for a
    missing value)."""
    frame = log.frame.groupby("ticket", sort=False).last()
    rows = [KpiValue("tickets", None, None, float(len(frame)), len(frame))]
    for grouping in (grouping for grouping in (by, *more) if grouping is not None):
        key = frame["opened_at"].dt.strftime("%Y-%m") if grouping == "month" else frame[grouping]
        for group, part in frame.groupby(key.astype("str"), sort=True):
            rows.append(KpiValue("tickets", grouping, group, float(len(part)), len(part)))
    return rows


def stand_in_mining(log, *, unit_field="unit", reference_unit=None, bpmn=None, max_cases=None):
    """A flow per unit with a small map; unavailable without activities, as mining is."""
    if "activity" not in log.fields:
        raise MiningUnavailable("mining_unavailable", {"file": log.name, "missing": "activity"})
    units = sorted(log.frame["unit"].dropna().unique()) if unit_field in log.fields else []
    flows = [UnitFlow(u, 2, 5, [(("New", "Resolved"), 2)], 1.0 if u == reference_unit else 0.5, SVG, []) for u in units]
    overall = UnitFlow("", 4, 7, [(("New", "Resolved"), 2), (("New",), 2)], None, SVG, [("New", "Resolved", 4.5, 2)])
    return Mining(log.process, f"unit:{reference_unit or ''}", flows, overall, 0.75 if len(units) > 1 else None)


@pytest.fixture
def computed(monkeypatch):
    """KPIs and mining answered by the stand-ins; the calls made, by function."""
    calls: dict[str, list] = {"kpis": [], "mining": []}

    def kpis(log, by=None, *more):
        calls["kpis"] += [by, *more]  # the groupings asked for (None: overall only)
        return stand_in_kpis(log, by, *more)

    def mine(log, **options):
        calls["mining"].append(options)
        return stand_in_mining(log, **options)

    monkeypatch.setattr(kpi_module, "compute_kpis", kpis)
    monkeypatch.setattr(mining_module, "mine", mine)
    return calls


@pytest.fixture
def assessment(workspace):
    return create_assessment(workspace, client="Acme", name="2026", questionnaire=CORE, processes=["incident"])


def refused(call) -> tuple[str, str]:
    with pytest.raises(WorkspaceError) as raised:
        call()
    problem = raised.value.problems[0]
    return problem.message("en"), problem.message("zh")


def test_stored_evidence_is_read_back_with_its_kpis_by_unit_priority_and_month_and_its_mining(
    workspace, assessment, computed
):
    stored = store_evidence(
        workspace, assessment, ticket_log(), actor=ACTOR, reference_unit="北京总部", sha256="ab" * 32
    )
    assert computed["kpis"] == [None, "unit", "priority", "month"]
    assert computed["mining"] == [{"reference_unit": "北京总部", "bpmn": None}]
    (found,) = evidence_of(workspace, assessment)
    assert found == stored
    assert (found.name, found.source, found.process, found.shape) == (
        "servicenow_incident.csv",
        "servicenow",
        "incident",
        "events",
    )
    assert (found.tickets, found.events, found.imported_by, found.keeps_rows) == (4, 7, ACTOR, False)
    assert found.imported_at.tzinfo is not None
    assert found.fields == ("ticket", "activity", "time", "opened_at", "priority", "unit", "made_sla", "assignee")
    assert found.mapping["activity"] == "incident_state"
    assert (found.pseudonymized, found.dropped, found.sha256) == (
        ("assignee",),
        ("short_description", "sys_mod_count"),
        "ab" * 32,
    )
    assert [(k.by, k.group, k.value) for k in found.kpis] == [
        (None, None, 4.0),
        ("unit", "上海数据中心", 1.0),
        ("unit", "北京总部", 2.0),
        ("priority", "2 - High", 1.0),
        ("priority", "3 - Moderate", 2.0),
        ("month", "2026-01", 2.0),
        ("month", "2026-02", 2.0),
    ]  # the overall values once, not once per grouping
    assert [(flow.unit, flow.fitness) for flow in found.mining.units] == [("上海数据中心", 0.5), ("北京总部", 1.0)]
    assert found.mining.overall.bottlenecks == [("New", "Resolved", 4.5, 2)]
    assert evidence_rows(workspace, assessment, found.id) is None  # not kept unless asked


def test_only_the_groupings_the_fields_allow_are_computed_and_no_flow_gives_no_mining(workspace, assessment, computed):
    log = ticket_log(fields=("ticket", "priority", "made_sla"))
    stored = store_evidence(workspace, assessment, log, actor=ACTOR)
    assert computed["kpis"] == [None, "priority"]
    assert stored.mining is None
    assert evidence_of(workspace, assessment)[0].mining is None


def test_a_second_file_of_a_process_replaces_the_first_newest_first_every_change_audited(
    workspace, assessment, computed
):
    def revisions():
        with workspace.transaction() as session:
            found = get_assessment(session, assessment)
            return found.revision, found.scoring_revision

    revision, scoring = revisions()
    first = store_evidence(workspace, assessment, ticket_log(name="jan.csv"), actor="Li")
    change = store_evidence(workspace, assessment, ticket_log("change", name="chg.csv"), actor=ACTOR)
    second = store_evidence(workspace, assessment, ticket_log(name="feb.csv"), actor=ACTOR)
    found = evidence_of(workspace, assessment)
    assert [(e.process, e.name) for e in found] == [("incident", "feb.csv"), ("change", "chg.csv")]
    assert second.id != first.id
    assert found[1] == change
    log = audit_of(workspace, assessment, entity="ticket evidence")
    assert log[["actor", "action", "key"]].values.tolist() == [
        [ACTOR, "replace", "incident"],
        [ACTOR, "import", "change"],
        ["Li", "import", "incident"],
    ]
    assert log["before"].tolist()[0]["name"] == "jan.csv"
    assert log["after"].tolist()[0] == {
        "name": "feb.csv",
        "source": "servicenow",
        "shape": "events",
        "tickets": 4,
        "events": 7,
        "sha256": "",
        "keeps_rows": False,
    }
    assert revisions() == (revision + 3, scoring)  # the analysis is renewed, no score moves


def test_deleting_evidence_is_audited_and_only_an_assessments_own_evidence_can_be_deleted(
    workspace, assessment, computed
):
    other = create_assessment(workspace, client="Acme", name="2027", questionnaire=CORE, processes=["incident"])
    stored = store_evidence(workspace, assessment, ticket_log(), actor=ACTOR)
    english, chinese = refused(lambda: delete_evidence(workspace, other, stored.id, actor=ACTOR))
    assert english == f"assessment {other} holds no evidence from the ticket system numbered {stored.id}"
    assert chinese == f"评估 {other} 中没有编号为 {stored.id} 的工单数据佐证"
    delete_evidence(workspace, assessment, stored.id, actor="Li")
    assert evidence_of(workspace, assessment) == []
    entry = audit_of(workspace, assessment, entity="ticket evidence").to_dict("records")[0]  # newest first
    assert (entry["actor"], entry["action"], entry["key"], entry["before"]["tickets"]) == (
        "Li",
        "delete",
        "incident",
        4,
    )
    assert entry["after"] is None
    assert refused(lambda: delete_evidence(workspace, assessment, stored.id, actor=ACTOR))[0].endswith(
        f"numbered {stored.id}"
    )


def test_kept_rows_come_back_with_their_types_and_oversized_rows_are_refused(
    workspace, assessment, computed, monkeypatch
):
    log = ticket_log()
    stored = store_evidence(workspace, assessment, log, actor=ACTOR, keep_rows=True)
    assert stored.keeps_rows
    pd.testing.assert_frame_equal(evidence_rows(workspace, assessment, stored.id), log.frame)
    monkeypatch.setattr(evidence_module, "MAX_ROWS_BYTES", 100)
    english, chinese = refused(
        lambda: store_evidence(workspace, assessment, ticket_log(name="big.csv"), actor=ACTOR, keep_rows=True)
    )
    assert english.startswith("big.csv: the rows take ")
    assert "more than the 100 an assessment keeps" in english
    assert "请选择不保留明细行再导入" in chinese
    assert evidence_of(workspace, assessment) == [stored]  # nothing replaced


def test_a_map_larger_than_a_bundle_holds_is_refused_before_anything_is_stored(
    workspace, assessment, computed, monkeypatch
):
    huge = "<svg>" + "x" * MAX_SVG_CHARS + "</svg>"

    def mine(log, **options):
        mining = stand_in_mining(log, **options)
        return dataclasses.replace(mining, overall=dataclasses.replace(mining.overall, map_svg=huge))

    monkeypatch.setattr(mining_module, "mine", mine)
    english, _ = refused(lambda: store_evidence(workspace, assessment, ticket_log(), actor=ACTOR))
    assert english.startswith("servicenow_incident.csv: the results are larger than an assessment keeps per process")
    assert f"(map_svg: {MAX_SVG_CHARS + 11}, at most {MAX_SVG_CHARS})" in english
    assert evidence_of(workspace, assessment) == []


def test_an_unknown_assessment_or_process_is_refused_before_computing_anything(workspace, assessment, computed):
    english, chinese = refused(lambda: store_evidence(workspace, 999, ticket_log(), actor=ACTOR))
    assert "999" in english
    assert "999" in chinese
    english, _ = refused(lambda: store_evidence(workspace, assessment, ticket_log("release"), actor=ACTOR))
    assert english == "release is not a ticket process MaturityMap knows: incident, problem, change, request"
    assert computed == {"kpis": [], "mining": []}


def test_the_pseudonym_key_is_made_once_per_assessment_kept_and_never_shown(workspace, assessment, computed):
    other = create_assessment(workspace, client="Acme", name="2027", questionnaire=CORE, processes=["incident"])
    key = pseudonym_key(workspace, assessment)
    assert isinstance(key, bytes)
    assert len(key) == 32
    store_evidence(workspace, assessment, ticket_log(), actor=ACTOR)
    assert pseudonym_key(workspace, assessment) == key  # kept
    assert pseudonym_key(workspace, other) != key  # each assessment its own
    with workspace.transaction() as session:
        audit = [json.dumps([e.before, e.after]) for e in session.scalars(select(AuditEntry))]
    assert not any(key.hex() in entry for entry in audit)
    assert key.hex() not in repr(evidence_of(workspace, assessment))
    assert "999" in refused(lambda: pseudonym_key(workspace, 999))[0]


def test_callers_asking_for_a_new_assessments_key_at_the_same_moment_all_get_the_same_key(workspace, assessment):
    start = threading.Barrier(4)

    def ask() -> bytes:
        start.wait(timeout=60)
        return pseudonym_key(workspace, assessment)

    with ThreadPoolExecutor(4) as pool:
        keys = list(pool.map(lambda _: ask(), range(4)))
    assert len(set(keys)) == 1
    assert keys[0] == pseudonym_key(workspace, assessment)


def test_a_fingerprint_that_is_not_a_sha256_is_a_callers_mistake(workspace, assessment, computed):
    with pytest.raises(ValueError, match="64 lower-case hexadecimal digits"):
        store_evidence(workspace, assessment, ticket_log(), actor=ACTOR, sha256="AB" * 32)
    assert evidence_of(workspace, assessment) == []


def test_deleting_the_assessment_deletes_its_evidence_and_key(workspace, assessment, computed):
    store_evidence(workspace, assessment, ticket_log(), actor=ACTOR, keep_rows=True)
    pseudonym_key(workspace, assessment)
    delete_assessment(workspace, assessment, "2026", actor=ACTOR)
    with workspace.transaction() as session:
        assert session.scalars(select(PseudonymKey)).all() == []
    other = create_assessment(workspace, client="Acme", name="2026", questionnaire=CORE, processes=["incident"])
    assert evidence_of(workspace, other) == []


def test_file_fingerprint_is_the_sha256_of_its_bytes(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"number,incident_state\nINC001,New\n")
    assert file_sha256(path) == "6671d8a4cf3764b03c03d60bd2e53f426b42f633ca252255d96e7ea89b64d3d6"


# --- the codec: exact round trips -------------------------------------------------------------------------------------


def test_kpis_and_mining_come_back_exactly_from_stored_json():
    kpis = [
        KpiValue("resolution_hours_median", None, None, 12.345678901234567, 57),
        KpiValue("sla_met_rate", "unit", "Location 143", 0.1 + 0.2, 3),
        KpiValue("reassigned_rate", "month", "2026-01", 0.0, 0),
    ]
    mining = stand_in_mining(ticket_log(), reference_unit="北京总部")
    text_kpis = json.dumps(kpis_to_json(kpis), allow_nan=False)
    text_mining = json.dumps(mining_to_json(mining), allow_nan=False)
    assert kpis_from_json(json.loads(text_kpis)) == kpis
    back = mining_from_json(json.loads(text_mining))
    assert back == mining
    assert isinstance(back.overall.variants[0][0], tuple)
    assert isinstance(back.overall.bottlenecks[0], tuple)
    assert mining_to_json(None) is None
    assert mining_from_json(None) is None


def test_a_kpi_that_is_not_a_number_is_never_stored():
    with pytest.raises(ValueError, match="not a finite number"):
        kpis_to_json([KpiValue("sla_met_rate", None, None, float("nan"), 0)])
