"""KPIs with known answers: small exports in each profile whose KPIs are worked out by hand below."""

from __future__ import annotations

import pytest

from assessment.evidence.kpis import KPI_IDS, KPI_LABELS, KPI_PROCESS, KPI_UNITS, compute_kpis
from tests.inputs.test_tickets import (
    EVENTLOG,
    GENERIC_ROWS,
    JIRA,
    MAPPING,
    SERVICENOW_AUDIT,
    SERVICENOW_SNAPSHOT,
    read,
    workbook,
    write,
)


def table(log, by=None) -> dict[tuple[str | None, str], tuple[float, int]]:
    """(group, kpi) -> (value, tickets)."""
    return {(k.group, k.kpi): (pytest.approx(k.value), k.tickets) for k in compute_kpis(log, by)}


def test_the_kpi_tables_cover_every_kpi():
    assert set(KPI_PROCESS) == set(KPI_LABELS) == set(KPI_UNITS) == set(KPI_IDS)


def test_a_servicenow_snapshot(tmp_path):
    log = read(write(tmp_path, SERVICENOW_SNAPSHOT))
    # resolution hours: INC1 2, INC2 12, INC3 24 (INC4 unresolved); p90 of [2, 12, 24]: 12 + 0.8 × 12 = 21.6
    # made_sla true, false, false, missing; reassignment 0, 2, 1, 0; reopen 0, 1, 0, missing
    assert table(log) == {
        (None, "tickets"): (4, 4),
        (None, "events"): (4, 4),
        (None, "resolution_hours_median"): (12, 3),
        (None, "resolution_hours_p90"): (21.6, 3),
        (None, "sla_met_rate"): (1 / 3, 3),
        (None, "reassigned_rate"): (0.5, 4),
        (None, "reopened_rate"): (1 / 3, 3),
        (None, "change_caused_incident_rate"): (0.25, 4),
        (None, "ci_recorded_rate"): (0.75, 4),
        (None, "problem_linked_rate"): (0.5, 4),
    }  # no variants, no handovers: a snapshot has no flow


def test_a_servicenow_snapshot_by_unit_and_month(tmp_path):
    log = read(write(tmp_path, SERVICENOW_SNAPSHOT))
    by_unit = table(log, "unit")
    assert by_unit[("北京总部", "resolution_hours_median")] == (7, 2)
    assert by_unit[("北京总部", "resolution_hours_p90")] == (11, 2)  # 2 + 0.9 × 10
    assert by_unit[("Chengdu DC", "resolution_hours_median")] == (24, 1)
    assert by_unit[("Chengdu DC", "sla_met_rate")] == (0, 1)  # a real zero: one ticket with data, missing it
    assert by_unit[("Chengdu DC", "tickets")] == (2, 2)
    groups = [k.group for k in compute_kpis(log, "month") if k.kpi == "tickets"]
    assert groups == [None, "2026-03", "2026-04"]
    assert table(log, "month")[("2026-04", "tickets")] == (1, 1)
    assert ("2026-04", "resolution_hours_median") not in table(log, "month")  # absent, not zero


def test_a_servicenow_audit_log_orders_events_by_time(tmp_path):
    log = read(write(tmp_path, SERVICENOW_AUDIT))
    # in time order: INC1 New, In Progress, Resolved, Closed (Desk, Net, Net, Net: 1 handover, 2 groups);
    # INC2 New (09:00), In Progress without a time (takes 09:00, after New in the file), In Progress 09:00, Resolved
    # (Desk, Apps, Net, Net: 2 handovers, 3 groups); INC3 New, Closed (Desk, Desk: none)
    # times (no opened_at/resolved_at): INC1 52 h, INC2 24 h, INC3 4 h; p90 of [4, 24, 52]: 24 + 0.8 × 28 = 46.4
    assert table(log) == {
        (None, "tickets"): (3, 3),
        (None, "events"): (10, 3),
        (None, "resolution_hours_median"): (24, 3),
        (None, "resolution_hours_p90"): (46.4, 3),
        (None, "reassigned_rate"): (2 / 3, 3),
        (None, "variants"): (3, 3),
        (None, "top_variant_share"): (1 / 3, 3),
        (None, "handovers_per_case_mean"): (1, 3),
    }
    # the final state is the last event in time order, whatever the file's order
    assert {k.group: k.value for k in compute_kpis(log, "activity") if k.kpi == "tickets"} == {
        None: 3,
        "Closed": 2,
        "Resolved": 1,
    }
    # the month of the first event (in UTC): INC3 begins 2026-03-31 23:30 at -02:00
    assert table(log, "month")[("2026-04", "tickets")] == (1, 1)


def test_a_jira_export(tmp_path):
    log = read(write(tmp_path, JIRA), source="jira")
    # SD-1 4 h, SD-2 24 h; p90 4 + 0.9 × 20 = 22; SLA: 2h 30m left (met), -1d 4h (breached), none
    assert table(log) == {
        (None, "tickets"): (3, 3),
        (None, "events"): (3, 3),
        (None, "resolution_hours_median"): (14, 2),
        (None, "resolution_hours_p90"): (22, 2),
        (None, "sla_met_rate"): (0.5, 2),
    }


def test_a_generic_workbook_with_a_mapping(tmp_path):
    log = read(workbook(tmp_path, GENERIC_ROWS), source="generic", mapping_file=write(tmp_path, MAPPING, "m.yaml"))
    # R-1 12 h, R-2 48 h; p90 12 + 0.9 × 36 = 44.4; SLA yes, no
    assert table(log, "unit") == {
        (None, "tickets"): (3, 3),
        (None, "events"): (3, 3),
        (None, "resolution_hours_median"): (30, 2),
        (None, "resolution_hours_p90"): (44.4, 2),
        (None, "sla_met_rate"): (0.5, 2),
        ("North", "tickets"): (2, 2),
        ("North", "events"): (2, 2),
        ("North", "resolution_hours_median"): (12, 1),
        ("North", "resolution_hours_p90"): (12, 1),
        ("North", "sla_met_rate"): (1, 1),
        ("South", "tickets"): (1, 1),
        ("South", "events"): (1, 1),
        ("South", "resolution_hours_median"): (48, 1),
        ("South", "resolution_hours_p90"): (48, 1),
        ("South", "sla_met_rate"): (0, 1),
    }


def test_an_event_log(tmp_path):
    log = read(write(tmp_path, EVENTLOG), source="eventlog", process="incident")
    # c1 Register, Fix, Close over 2 h; c2 Register, Close over 24 h: two variants, each one case of two
    assert table(log) == {
        (None, "tickets"): (2, 2),
        (None, "events"): (5, 2),
        (None, "resolution_hours_median"): (13, 2),
        (None, "resolution_hours_p90"): (21.8, 2),
        (None, "variants"): (2, 2),
        (None, "top_variant_share"): (0.5, 2),
    }


def test_changes(tmp_path):
    text = (
        "number,type,approval,close_code,cmdb_ci,location\n"
        "CHG1,normal,approved,successful,CI-1,A\n"
        "CHG2,emergency,not requested,unsuccessful,?,A\n"
        "CHG3,standard,not requested,successful_issues,CI-2,B\n"  # pre-authorized by its model
        "CHG4,Normal,Rejected,?,CI-3,B\n"
    )
    log = read(write(tmp_path, text))
    assert log.process == "change"
    assert table(log) == {
        (None, "tickets"): (4, 4),
        (None, "events"): (4, 4),
        (None, "change_success_rate"): (2 / 3, 3),
        (None, "emergency_change_share"): (0.25, 4),
        (None, "unauthorized_change_share"): (0.5, 4),
        (None, "ci_recorded_rate"): (0.75, 4),
    }


def test_kpis_the_fields_cannot_give_are_absent_never_zero(tmp_path):
    log = read(write(tmp_path, "number,made_sla,priority\nINC1,?,P1\nINC2,,P2\n"))
    assert [k.kpi for k in compute_kpis(log, "priority")] == ["tickets", "events"] * 3
    with pytest.raises(ValueError, match="unit"):
        compute_kpis(log, "unit")
