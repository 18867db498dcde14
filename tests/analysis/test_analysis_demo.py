"""The analysis finds what the demo planted: change's gap and priority, the R&D centre's own way, disagreements."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from assessment.analysis.scored import engine_answers, items_frame, score_assessment
from assessment.storage.tables import ContextEntry
from assessment.workspace import demo
from assessment.workspace.core import Workspace
from assessment.workspace.demo import load_demo
from scoring.consensus import dont_know_by_role, dont_know_rates, flagged_items, perception_gaps, perception_summary
from scoring.consistency import consistency, unit_item_differences, unit_item_results, unit_results
from scoring.maturity import PRECISION
from scoring.priorities import default_targets, gap_priorities

FULLY = 0.85  # an item above this is fully in place; below it, actions are needed


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    """The demo loaded once into SQLite, scored, and the inputs of the analysis built from it."""
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('analysis')}/d.db")
    demo_id = load_demo(workspace)
    scored = score_assessment(workspace, demo_id)
    with workspace.transaction() as session:
        entries = [
            (entry.section_id, entry.record_key, dict(entry.data))
            for entry in session.scalars(select(ContextEntry).where(ContextEntry.assessment_id == demo_id))
        ]
    workspace.dispose()
    importance = {key: data["importance"] for section, key, data in entries if section == "business_needs"}
    pain = pd.DataFrame(
        [
            (process, data["severity"])
            for section, _, data in entries
            if section == "pain_points"
            for process in data.get("processes", [])
        ],
        columns=["process", "severity"],
    )
    return {
        "scored": scored,
        "items": items_frame(scored.questionnaire),
        "answers": engine_answers(scored.questionnaire, scored.responses),
        "respondents": scored.responses.respondents,
        "importance": importance,
        "pain": pain,
        "effort": closing_effort(scored),
    }


def closing_effort(scored) -> dict[str, float]:
    """Person-days (midpoint of each range) of the actions closing an item not fully in place up to the target."""
    items = scored.result.items
    target = items["process"].map(scored.result.processes.set_index("process")["target"])
    short = items.loc[(items["level"] <= target) & ~(items["achievement"].round(PRECISION) > FULLY), "item"]
    effort: dict[str, float] = {}
    for process in scored.questionnaire.processes:
        chosen = [a for a in process.actions if set(a.items) & set(short)]
        effort[process.id] = sum((a.effort.min + a.effort.max) / 2 for a in chosen)
    return effort


@pytest.fixture(scope="module")
def priorities(analysis):
    scored = analysis["scored"]
    return gap_priorities(scored.result.processes, analysis["importance"], analysis["pain"], analysis["effort"])


@pytest.fixture(scope="module")
def units(analysis):
    args = analysis["items"], analysis["answers"], analysis["respondents"]
    return unit_results(*args, targets=analysis["scored"].targets), unit_item_results(*args)


def test_default_targets_from_importance_match_the_targets_the_demo_set(analysis):
    processes = [process.id for process in analysis["scored"].questionnaire.processes]
    expected = {process: demo.TARGETS.get(process, demo.DEFAULT_TARGET) for process in processes}
    assert default_targets(analysis["importance"], processes) == expected


def test_change_has_the_largest_gap_and_a_top_two_priority(priorities):
    by_process = priorities.set_index("process")
    assert by_process["gap"].idxmax() == "change"
    assert by_process["gap"].nlargest(2).iloc[1] < by_process.loc["change", "gap"]
    assert by_process["score_gap"].idxmax() == "change"
    assert by_process.loc["change", "rank"] <= 2
    # the parts add up, and the change row carries its evidence: importance 5, three pain points
    assert by_process.loc["change", "importance"] == 5
    assert by_process.loc["change", "pain_points"] == 3
    parts = by_process[["gap_part", "importance_part", "pain_part", "effort_part"]].sum(axis=1)
    assert (parts - by_process["priority"]).abs().max() < 1e-9
    assert by_process["priority"].between(0, 100).all()


def test_the_rd_centre_deviates_on_change_which_is_the_least_standardized_process(units):
    per_unit, per_item = units
    frame = consistency(per_unit, per_item).set_index("process")
    assert frame.loc["change", "deviating"] == [demo.RD]
    assert frame.loc["change", "lowest_unit"] == demo.RD
    assert frame["index"].idxmin() == "change"
    assert frame["score_range"].idxmax() == "change"
    assert frame["units"].eq(len(demo.UNITS)).all()
    assert frame["index"].between(0, 1).all()
    # the items where units differ most on change put the R&D centre lowest
    top = unit_item_differences(per_item, top=5)
    assert (top.loc[top["process"] == "change", "lowest_unit"] == demo.RD).all()


def test_flagged_items_include_the_planted_disagreements(analysis):
    flagged = flagged_items(analysis["scored"].result.items)
    assert not flagged.empty
    assert set(demo._split_items(analysis["scored"].questionnaire)) <= set(flagged["item"])
    assert flagged["flagged"].all()  # the demo settles none


def test_perception_gaps_and_dont_know_rates_are_findings(analysis):
    perception = perception_gaps(analysis["answers"], analysis["respondents"], analysis["items"])
    summary = perception_summary(perception)
    processes = [process.id for process in analysis["scored"].questionnaire.processes]
    assert list(summary["process"]) == processes
    assert (summary["gap"] > 0).all()
    assert (summary["roles"] >= 2).all()
    rates = dont_know_rates(analysis["scored"].result.items, by="process")
    assert rates["unknown"].sum() > 10
    by_role = dont_know_by_role(analysis["answers"], analysis["respondents"]).set_index("role")
    # the demo's business representatives and key users are unsure beyond the process dimension
    assert by_role.loc["key_user", "rate"] > by_role.loc["process_owner", "rate"]
    assert by_role.loc["business_representative", "rate"] > by_role.loc["process_executor", "rate"]
