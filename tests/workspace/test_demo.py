"""The demo assessment, on SQLite and PostgreSQL: labelled, realistic, with real gaps, loaded once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assessment.analysis import results
from assessment.analysis.scored import score_assessment
from assessment.questionnaire import load_questionnaire
from assessment.storage.tables import Answer, ContextEntry, Respondent, Target, WalkthroughResult
from assessment.workspace import demo
from assessment.workspace.assessments import list_assessments
from assessment.workspace.core import Workspace
from assessment.workspace.evidence import evidence_of
from assessment.workspace.queries import assessment_details
from tests.conftest import postgres_database

ROOT = Path(__file__).resolve().parents[2]
CORE = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
VALUES = {option.key: option.value for option in CORE.all_scales()["achievement"]}
PROCESS_OF = {item.id: process.id for process, item in CORE.all_items()}
SCOPE = CORE.default_scope()  # the seven core processes: the optional module is in the snapshot, not in the scope


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request, tmp_path_factory):
    """The demo loaded (twice, through load_demo_if_empty) into an empty database of each kind.

    Module-scoped, unlike `database_url`: loading takes a few seconds, and every test here only reads.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'maturitymap.db'}"
    else:
        url = postgres_database(request.getfixturevalue("postgres_server"))
    workspace = Workspace(url)
    first = demo.load_demo_if_empty(workspace)
    listed = list_assessments(workspace)
    second = demo.load_demo_if_empty(workspace)
    yield workspace, first, second, listed
    workspace.dispose()


@pytest.fixture(scope="module")
def scored(loaded):
    workspace, demo_id, *_ = loaded
    return results.to_json_dict(score_assessment(workspace, demo_id))


def unit_means(workspace, demo_id) -> dict[tuple[str, str], float]:
    """Mean achievement of the scored answers per (process, unit), from the stored answers."""
    with workspace.transaction() as session:
        rows = session.execute(
            select(Answer.item_id, Answer.answer, Respondent.unit)
            .join(Respondent, Respondent.id == Answer.respondent_id)
            .where(Answer.assessment_id == demo_id)
        ).all()
    values = defaultdict(list)
    for item, answer, unit in rows:
        if answer in VALUES:
            values[PROCESS_OF[item], unit].append(VALUES[answer])
    return {key: sum(found) / len(found) for key, found in values.items()}


def test_the_demo_is_labelled_and_loaded_only_once(loaded):
    workspace, first, second, listed = loaded
    assert first is not None
    assert second is None  # the database is no longer empty
    assert list_assessments(workspace) == listed
    (summary,) = listed
    assert summary.id == first
    assert summary.is_demo
    assert "演示" in summary.client
    assert "demo" in summary.client.lower()
    assert "demo" in summary.name
    assert (summary.questionnaire_id, summary.processes) == ("itsm-core", len(SCOPE))


def test_the_demo_keeps_the_seven_core_processes_and_answers_nothing_of_the_optional_module(loaded):
    workspace, demo_id, *_ = loaded
    assert details_processes(workspace, demo_id) == tuple(SCOPE)
    assert len(SCOPE) == 7
    assert "continuity" in [process.id for process in CORE.processes]
    assert {PROCESS_OF[item] for item in stored_items(workspace, demo_id)} == set(SCOPE)
    assert not any(row["item"].startswith("BCM-") for row in demo.demo_answers(CORE))


def details_processes(workspace, demo_id) -> tuple[str, ...]:
    return assessment_details(workspace, demo_id).processes


def stored_items(workspace, demo_id) -> set[str]:
    with workspace.transaction() as session:
        return set(session.scalars(select(Answer.item_id).where(Answer.assessment_id == demo_id)))


def test_about_twenty_respondents_in_three_units_with_mixed_roles_and_methods(loaded):
    workspace, demo_id, *_ = loaded
    with workspace.transaction() as session:
        people = session.execute(
            select(Respondent.role, Respondent.unit, Respondent.method).where(Respondent.assessment_id == demo_id)
        ).all()
    assert 18 <= len(people) <= 22
    assert {unit for _, unit, _ in people} == set(demo.UNITS)
    assert {method for *_, method in people} == {"interview", "survey", "workshop"}
    assert len({role for role, *_ in people}) >= 6
    for unit in demo.UNITS:
        assert sum(1 for _, u, _ in people if u == unit) >= 5


def test_scoring_shows_different_levels_per_process_and_real_gaps(scored):
    processes = {process["id"]: process for process in scored["processes"]}
    levels = {process: found["level"] for process, found in processes.items()}
    assert len(set(levels.values())) >= 3
    assert min(levels["incident"], levels["service_request"]) >= 2
    assert max(levels["change"], levels["configuration"]) < min(levels["incident"], levels["service_request"])
    assert processes["change"]["score"] < processes["problem"]["score"] < processes["incident"]["score"]
    assert (processes["change"]["target"], processes["incident"]["target"], processes["problem"]["target"]) == (4, 4, 3)
    assert processes["change"]["gap"] >= 2
    assert sum(1 for process in processes.values() if process["gap"] > 0) >= 5
    assert all(process["coverage"] > 0.9 for process in processes.values())


def test_some_answers_are_na_or_unknown_and_some_carry_comments(loaded, scored):
    workspace, demo_id, *_ = loaded
    assert sum(item["na"] for item in scored["items"]) > 5
    assert sum(item["unknown"] for item in scored["items"]) > 10
    with workspace.transaction() as session:
        total = session.scalar(select(func.count()).where(Answer.assessment_id == demo_id))
        commented = session.scalar(select(func.count()).where(Answer.assessment_id == demo_id, Answer.comment != ""))
    assert 0.03 * total < commented < 0.3 * total


def test_respondents_disagree_on_a_few_items_and_those_are_flagged(scored):
    items = {item["id"]: item for item in scored["items"]}
    flagged = [item_id for item_id, item in items.items() if item["flagged"]]
    splits = demo._split_items(CORE)
    assert len(splits) >= 5
    assert set(splits) <= set(flagged)
    assert all(items[item_id]["answers"] >= 3 and items[item_id]["spread"] > 0.25 for item_id in splits)
    assert len(flagged) < 0.15 * len(items)  # a few, not everything


def test_the_rd_centre_runs_change_management_differently(loaded):
    workspace, demo_id, *_ = loaded
    means = unit_means(workspace, demo_id)
    other_units = [unit for unit in demo.UNITS if unit != demo.RD]
    for unit in other_units:
        assert means["change", demo.RD] < means["change", unit] - 0.2
    # elsewhere the units are alike: change is where they differ most
    spread = {
        process: max(means[process, unit] for unit in demo.UNITS) - min(means[process, u] for u in demo.UNITS)
        for process in SCOPE
    }
    assert max(spread, key=spread.get) == "change"
    assert all(value < 0.15 for process, value in spread.items() if process != "change")


def test_targets_context_and_walkthroughs_are_recorded(loaded):
    workspace, demo_id, *_ = loaded
    with workspace.transaction() as session:
        targets = dict(
            session.execute(select(Target.process_id, Target.level).where(Target.assessment_id == demo_id)).all()
        )
        sections = session.scalars(select(ContextEntry.section_id).where(ContextEntry.assessment_id == demo_id)).all()
        passed = session.scalars(select(WalkthroughResult.passed).where(WalkthroughResult.assessment_id == demo_id))
        passed = list(passed)
    assert targets == {process: demo.TARGETS.get(process, 3) for process in SCOPE}
    assert {"tools", "pain_points", "business_needs", "organization", "steering_group"} <= set(sections)
    assert sections.count("business_needs") == len(SCOPE)
    assert sections.count("pain_points") >= 3
    assert True in passed
    assert False in passed


_ANSWERS_AS_JSON = (
    "import json, sys\n"
    "from assessment.workspace import demo\n"
    "from assessment.questionnaire import load_questionnaire\n"
    "core = load_questionnaire('questionnaires/itsm-core').questionnaire\n"
    "json.dump([demo.demo_answers(core), list(demo._context_records(core))], sys.stdout, default=str)\n"
)


def test_the_answers_are_the_same_on_every_load_and_follow_the_questionnaire():
    # every load: separate processes, each with its own hash seed (a set's order, a seeded random, all differ)
    loads = [
        subprocess.run(
            [sys.executable, "-c", _ANSWERS_AS_JSON],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        for seed in ("1", "2024")
    ]
    assert loads[0] == loads[1]
    assert json.loads(loads[0])[0] == json.loads(json.dumps(demo.demo_answers(CORE), default=str))
    # without change management, the demo simply has no change answers
    narrowed = CORE.model_copy(update={"processes": [p for p in CORE.processes if p.id != "change"]})
    rows = demo.demo_answers(narrowed)
    known = {item.id for _, item in narrowed.all_items()}
    assert rows
    assert {row["item"] for row in rows} <= known
    assert not any(row["item"].startswith("CHG-") for row in rows)
    records = list(demo._context_records(narrowed))
    assert all("change" not in data.get("processes", []) for _, _, data in records)
    assert not any(section == "business_needs" and key == "change" for section, key, _ in records)


def test_the_demo_carries_the_sample_ticket_exports_as_evidence(loaded):
    workspace, demo_id, *_ = loaded
    found = {e.process: e for e in evidence_of(workspace, demo_id)}
    assert sorted(found) == ["change", "incident"]
    incident = found["incident"]
    assert (incident.name, incident.shape, incident.imported_by) == ("servicenow_incident_audit.csv", "events", "demo")
    assert incident.mining.reference == "unit:北京总部"
    assert len(incident.mining.units) == 3  # three units, three different flows on the Evidence page
    assert len({flow.map_svg for flow in incident.mining.units}) == 3
    assert {k.by for k in incident.kpis} >= {None, "unit"}
    assert found["change"].shape == "tickets"


def test_the_demo_has_items_the_ticket_data_confirms_and_items_it_contradicts(loaded):
    from assessment.analysis import evidence_checks as checks

    workspace, demo_id, *_ = loaded
    verdicts = checks.evidence_checks(workspace, demo_id)
    assert {"confirmed", "contradicted"} <= set(verdicts["verdict"].dropna())
