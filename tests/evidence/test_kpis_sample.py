"""The shipped sample (examples/): current with its generator, and three units whose KPIs visibly differ."""

from __future__ import annotations

import pytest

from assessment.evidence.kpis import compute_kpis
from assessment.inputs.tickets import read_ticket_export
from scripts.ticket_sample import FOLDER, sample_texts


def test_the_examples_are_what_the_generator_writes():
    stale = [path.name for path, text in sample_texts().items() if path.read_text(encoding="utf-8") != text]
    assert stale == [], "run scripts/ticket_sample.py"


@pytest.fixture(scope="module")
def by_unit() -> dict[tuple[str, str], float]:
    log = read_ticket_export(FOLDER / "servicenow_incident_audit.csv", key=b"k")
    assert (log.process, log.shape, log.tickets) == ("incident", "events", 660)
    return {(k.group, k.kpi): k.value for k in compute_kpis(log, "unit") if k.group}


def test_beijing_follows_the_process_guangzhou_bounces_chengdu_skips(by_unit):
    beijing, guangzhou, chengdu = "北京总部", "上海数据中心", "深圳研发中心"
    assert by_unit[(beijing, "sla_met_rate")] > 0.9 > by_unit[(guangzhou, "sla_met_rate")]
    assert by_unit[(guangzhou, "sla_met_rate")] > by_unit[(chengdu, "sla_met_rate")]
    assert by_unit[(guangzhou, "reassigned_rate")] > 0.5 > 0.2 > by_unit[(beijing, "reassigned_rate")]
    assert by_unit[(guangzhou, "reopened_rate")] > 3 * by_unit[(beijing, "reopened_rate")]
    assert by_unit[(beijing, "top_variant_share")] > 0.8 > 0.4 > by_unit[(chengdu, "top_variant_share")]
    assert by_unit[(chengdu, "resolution_hours_median")] > 5 * by_unit[(beijing, "resolution_hours_median")]


def test_the_change_sample():
    log = read_ticket_export(FOLDER / "servicenow_change.csv", key=b"k")
    values = {(k.group, k.kpi): k.value for k in compute_kpis(log, "unit")}
    assert (log.process, log.shape, log.tickets) == ("change", "tickets", 240)
    assert values[("北京总部", "change_success_rate")] > values[("深圳研发中心", "change_success_rate")]
    assert values[("深圳研发中心", "emergency_change_share")] > values[("北京总部", "emergency_change_share")]
