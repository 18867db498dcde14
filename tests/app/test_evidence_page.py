"""The Evidence page: the KPIs by unit and the verdicts of stored evidence, an export previewed then imported, a bad
file told by row and column with nothing stored, and a viewer who reads only."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.accounts import memberships, users
from tests.app.conftest import shown
from tests.report import evidence_data
from tests.signed_in import PASSWORD, username_for

stored_evidence = pytest.importorskip("assessment.workspace.evidence", reason="the stored evidence (issue 20, part C)")
pytest.importorskip("assessment.inputs.tickets", reason="the ticket reader (issue 20, part A)")

ROOT = Path(__file__).resolve().parents[2]
CONTRADICTED, CONFIRMED = "INC-1-01", "INC-2-01"
VIEWER = "佐证查看者"


@pytest.fixture
def with_evidence(demo_db, monkeypatch):
    """The demo with the test's incident evidence (its three units) and the verdicts on it."""
    views = pytest.importorskip("assessment.report.evidence_views")
    monkeypatch.setattr(
        stored_evidence, "evidence_of", lambda workspace, assessment: [evidence_data.incident_evidence()]
    )
    monkeypatch.setattr(views, "checks_of", lambda scored, kpis: evidence_data.verdicts(CONTRADICTED, CONFIRMED))
    return demo_db


def frame(app, *columns: str):
    """The first table shown with all of `columns`."""
    return next(element.value for element in app.dataframe if set(columns) <= set(element.value.columns))


def test_the_page_shows_the_kpis_by_unit_and_a_contradicted_item(with_evidence, open_page):
    from assessment.report.evidence_views import kpi_label

    app = open_page("evidence", lang="en", assessment=with_evidence.demo_id)
    assert not app.exception, app.exception
    assert [title.value for title in app.title] == ["Evidence"]
    kpis = frame(app, "KPI", "Overall")
    assert list(kpis.columns) == ["KPI", "Overall", *evidence_data.UNITS]
    sla = kpis.set_index("KPI").loc[kpi_label("sla_met_rate", "en")]
    assert list(sla) == ["71.0%", "95.0%", "62.0%", "40.0%"]
    hours = kpis.set_index("KPI").loc[kpi_label("resolution_hours_median", "en")]
    assert hours["Shenzhen"] == "52.0 h"
    assert [metric.value for metric in app.metric][:1] == ["0.64"]  # the data's index, beside the answers'
    verdicts = frame(app, "Verdict").set_index("Item")
    assert verdicts.loc[CONTRADICTED, "Verdict"].startswith("Contradicted")
    assert verdicts.loc[CONTRADICTED, "Value"] == "71.0%"
    assert verdicts.loc[CONTRADICTED, "Threshold"] == "≥ 90.0%"
    assert verdicts.loc[CONFIRMED, "Verdict"].startswith("Confirmed")
    fitness = frame(app, "Fitness")
    assert list(fitness["Fitness"]) == ["100.0%", "82.0%", "55.0%"]
    assert len(app.get("image")) == len(evidence_data.UNITS)  # a map per unit
    assert not [radio for radio in app.radio if radio.key == "evidence_by_7"]  # by unit only: no choice offered


def test_a_viewer_reads_without_upload_or_delete(with_evidence, open_page):
    workspace = with_evidence.workspace
    users.add_user(workspace, username_for(VIEWER), actor="t", display_name=VIEWER, password=PASSWORD)
    memberships.grant(workspace, with_evidence.demo_id, username_for(VIEWER), "viewer", actor="t")
    app = open_page("evidence", lang="zh", assessment=with_evidence.demo_id, user=VIEWER)
    assert not app.exception, app.exception
    assert [title.value for title in app.title] == ["数据佐证"]
    assert any("您可以查看数据佐证" in info.value for info in app.info)
    assert len(app.file_uploader) == 0
    assert not [box for box in app.checkbox if box.key.startswith("evidence_sure_")]
    assert list(frame(app, "KPI", "总体").columns)[:2] == ["KPI", "总体"]


def test_a_bad_file_is_told_by_row_and_column_and_nothing_is_stored(demo_db, open_page):
    before = [found.id for found in stored_evidence.evidence_of(demo_db.workspace, demo_db.demo_id)]
    app = open_page("evidence", lang="en", assessment=demo_db.demo_id)
    rows = [
        "number,incident_state,opened_at,resolved_at,priority,location",
        "INC0000001,Closed,2026-01-05 09:00:00,2026-01-05 11:00:00,2 - High,Beijing",
        "INC0000002,Closed,2026-01-06 09:00:00,2026-01-06 13:00:00,3 - Moderate,Beijing",
        "INC0000003,Closed,yesterday morning,2026-01-07 10:00:00,3 - Moderate,Shanghai",
    ]
    upload = ("bad.csv", ("\n".join(rows) + "\n").encode(), "text/csv")
    app.file_uploader(key="evidence_upload_0").set_value(upload).run()
    assert not app.exception, app.exception
    said = " ".join(shown(error.value) for error in app.error)
    assert "bad.csv:4" in said
    assert "column opened_at: 'yesterday morning' is not a date" in said
    assert not [button for button in app.button if button.key == "evidence_import"]
    assert [found.id for found in stored_evidence.evidence_of(demo_db.workspace, demo_db.demo_id)] == before


def test_an_export_is_previewed_then_imported(demo_db, open_page):
    app = open_page("evidence", lang="en", assessment=demo_db.demo_id)
    data = (ROOT / "examples" / "servicenow_change.csv").read_bytes()
    app.file_uploader(key="evidence_upload_0").set_value(("changes.csv", data, "text/csv")).run()
    assert not app.exception, app.exception
    assert any("Ready to import" in success.value and "Changes" in success.value for success in app.success)
    fields = frame(app, "Field", "Stored")
    assert ("ticket", "number") in set(zip(fields["Field"], fields["The file's column"], strict=True))
    assert len(frame(app, "ticket", "line")) == 20
    app.button(key="evidence_import").click().run()
    assert not app.exception, app.exception
    found = [e for e in stored_evidence.evidence_of(demo_db.workspace, demo_db.demo_id) if e.process == "change"]
    assert [e.name for e in found] == ["changes.csv"]
    assert any("changes.csv imported" in success.value for success in app.success)
    assert any("changes.csv" in header.value for header in app.subheader)
    assert len([element for element in app.dataframe if "Overall" in element.value.columns]) >= 1


def test_an_evidence_is_deleted_once_the_tick_confirms_it(demo_db, open_page):
    stored = stored_evidence.evidence_of(demo_db.workspace, demo_db.demo_id)
    assert stored  # the demo carries its ticket data
    first = stored[0]
    app = open_page("evidence", lang="en", assessment=demo_db.demo_id)
    assert app.button(key=f"evidence_delete_{first.id}").disabled  # not before the tick
    app.checkbox(key=f"evidence_sure_{first.id}").check().run()
    app.button(key=f"evidence_delete_{first.id}").click().run()
    assert not app.exception, app.exception
    left = [found.id for found in stored_evidence.evidence_of(demo_db.workspace, demo_db.demo_id)]
    assert left == [found.id for found in stored[1:]]
    assert not [box for box in app.checkbox if box.key == f"evidence_sure_{first.id}"]
