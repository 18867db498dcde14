"""Process mining on small logs whose answers are known by hand: variants, fitness, bottlenecks, the index."""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
import pytest

from assessment.evidence import sample
from assessment.evidence.mining import MiningUnavailable, mine, standardization_index, variant_overlap
from assessment.evidence.mining_events import bottlenecks, event_table, transitions
from assessment.evidence.mining_models import discover_reference, fitness_of, replay_tokens
from assessment.problems import InputError
from tests.evidence.mining_logs import STANDARD, case, cases, ticket_log

SKIPPED = ("New", "Resolved", "Closed")  # In Progress skipped
EXTRA = ("New", "In Progress", "On Hold", "In Progress", "Resolved", "Closed")  # an On Hold episode the model lacks


def test_variants_per_unit_are_counted_most_frequent_first():
    rows = cases("A", "Beijing HQ", 3) + cases("B", "Beijing HQ", 1, SKIPPED) + cases("C", "Chengdu", 2, SKIPPED)
    mining = mine(ticket_log(rows))
    beijing, chengdu = mining.units
    assert [flow.unit for flow in mining.units] == ["Beijing HQ", "Chengdu"]
    assert (beijing.cases, beijing.events) == (4, 15)
    assert beijing.variants == [(STANDARD, 3), (SKIPPED, 1)]
    assert chengdu.variants == [(SKIPPED, 2)]
    assert mining.overall.unit == ""
    assert (mining.overall.cases, mining.overall.events) == (6, 21)
    assert mining.overall.variants == [(STANDARD, 3), (SKIPPED, 3)]  # a tie: in the order of the sequences
    assert mining.process == "incident"


def test_events_are_ordered_by_time_then_file_order_whatever_the_rows_order():
    rows = case("T1", "A", "New", "In Progress", ("Resolved", 0), "Closed")  # Resolved at the same time
    shuffled = [rows[3], rows[1], rows[0], rows[2]]
    mining = mine(ticket_log(shuffled))
    # In Progress and Resolved share a time: the file's order decides (In Progress came first in the file)
    assert mining.overall.variants == [(("New", "In Progress", "Resolved", "Closed"), 1)]


def test_only_the_twenty_most_frequent_variants_are_kept():
    rows = []
    for number in range(25):
        rows += cases(f"V{number}-", "A", 25 - number, ("New", f"Step {number:02}", "Closed"))
    flow = mine(ticket_log(rows)).overall
    assert len(flow.variants) == 20
    assert flow.variants[0] == (("New", "Step 00", "Closed"), 25)
    assert flow.variants[-1] == (("New", "Step 19", "Closed"), 6)
    assert flow.cases == sum(range(1, 26))


def test_a_unit_run_as_the_reference_fits_it_and_a_skipped_or_extra_step_does_not():
    rows = (
        cases("R", "Reference", 6)
        + cases("S", "Same", 4)
        + cases("K", "Skips", 4, SKIPPED)
        + cases("X", "Extra", 4, EXTRA)
    )
    mining = mine(ticket_log(rows), reference_unit="Reference")
    fitness = {flow.unit: flow.fitness for flow in mining.units}
    assert mining.reference == "unit:Reference"
    assert fitness["Reference"] == pytest.approx(1.0)
    assert fitness["Same"] == pytest.approx(1.0)
    assert fitness["Skips"] < 0.95
    assert fitness["Extra"] < 0.95
    assert 0 < mining.overall.fitness < 1


def test_a_unit_with_a_few_deviating_cases_fits_better_than_one_that_always_deviates():
    rows = cases("R", "Reference", 10) + cases("M", "Mostly", 9) + cases("m", "Mostly", 1, SKIPPED)
    rows += cases("K", "Skips", 10, SKIPPED)
    fitness = {flow.unit: flow.fitness for flow in mine(ticket_log(rows), reference_unit="Reference").units}
    assert fitness["Skips"] < fitness["Mostly"] < 1.0


def test_without_a_named_reference_the_unit_with_the_most_cases_is_the_model():
    rows = cases("A", "Small", 5, SKIPPED) + cases("B", "Large", 8)
    mining = mine(ticket_log(rows))
    assert mining.reference == "unit:Large"
    assert {flow.unit: round(flow.fitness, 6) for flow in mining.units}["Large"] == 1.0


def test_a_log_without_units_is_mined_as_a_whole_against_its_own_model():
    mining = mine(ticket_log(cases("A", None, 5)))
    assert mining.units == []
    assert mining.reference == "unit:"
    assert mining.overall.fitness == pytest.approx(1.0)
    assert mining.index is None


def test_the_index_is_one_when_every_unit_runs_the_process_the_same_way():
    rows = cases("A", "Beijing", 5) + cases("B", "Guangzhou", 7) + cases("C", "Chengdu", 6)
    assert mine(ticket_log(rows)).index == pytest.approx(1.0)


def test_the_index_drops_as_the_units_run_the_process_differently():
    alike = cases("A", "Beijing", 6) + cases("B", "Guangzhou", 6)
    half = alike + cases("C", "Chengdu", 3) + cases("c", "Chengdu", 3, SKIPPED)
    apart = alike + cases("C", "Chengdu", 6, SKIPPED)
    indexes = [mine(ticket_log(rows), reference_unit="Beijing").index for rows in (alike, half, apart)]
    assert indexes[0] == pytest.approx(1.0)
    assert indexes[0] > indexes[1] > indexes[2]


def test_the_index_is_the_mean_of_variant_overlap_and_fitness():
    rows = cases("A", "Beijing", 6) + cases("B", "Chengdu", 3) + cases("b", "Chengdu", 3, SKIPPED)
    mining = mine(ticket_log(rows), reference_unit="Beijing")
    fitness = {flow.unit: flow.fitness for flow in mining.units}
    # overlap by hand: Beijing runs STANDARD in all its cases, Chengdu in half: min(1, 0.5) + min(0, 0.5) = 0.5
    assert mining.index == pytest.approx((0.5 + (fitness["Beijing"] + fitness["Chengdu"]) / 2) / 2)


def test_variant_overlap_is_the_share_of_cases_run_alike():
    first = Counter({STANDARD: 6, SKIPPED: 2})  # 75 %, 25 %
    second = Counter({STANDARD: 1, SKIPPED: 1, EXTRA: 2})  # 25 %, 25 %, 50 %
    assert variant_overlap(first, second) == pytest.approx(0.25 + 0.25)
    assert variant_overlap(first, first) == pytest.approx(1.0)
    assert variant_overlap(first, Counter({EXTRA: 3})) == 0.0


def test_units_with_too_few_cases_do_not_move_the_index():
    variants = {"Beijing": Counter({STANDARD: 8}), "Guangzhou": Counter({STANDARD: 8}), "Tiny": Counter({EXTRA: 2})}
    fitness = {"Beijing": 1.0, "Guangzhou": 1.0, "Tiny": 0.5}
    assert standardization_index(variants, fitness) == pytest.approx(1.0)
    assert standardization_index({"Beijing": variants["Beijing"], "Tiny": variants["Tiny"]}, fitness) is None


def test_bottlenecks_are_the_slowest_transitions_by_median_hours():
    rows = []
    for number, (triage, work, close) in enumerate([(1, 10, 48), (2, 30, 50), (30, 20, 52)]):
        rows += case(f"T{number}", "A", "New", ("In Progress", triage), ("Resolved", work), ("Closed", close))
    flow = mine(ticket_log(rows)).overall
    assert flow.bottlenecks == [
        ("Resolved", "Closed", 50.0, 3),
        ("In Progress", "Resolved", 20.0, 3),
        ("New", "In Progress", 2.0, 3),
    ]


def test_only_the_five_slowest_transitions_are_kept_and_a_loop_counts_once_per_case():
    steps = [("New", 0)] + [(f"S{number}", float(number)) for number in range(1, 9)]  # S1 -> S2: 2 h ... S7 -> S8: 8 h
    rows = case("T1", "A", *steps) + case("T2", "A", "New", ("S1", 3.0), ("S1", 5.0), ("S1", 7.0))
    found = bottlenecks(transitions(event_table(ticket_log(rows))))
    # S1 -> S1 twice in one case (5 h, 7 h): median 6 h, one case; it ties with S5 -> S6 and comes first by name
    assert found == [
        ("S7", "S8", 8.0, 1),
        ("S6", "S7", 7.0, 1),
        ("S1", "S1", 6.0, 1),
        ("S5", "S6", 6.0, 1),
        ("S4", "S5", 5.0, 1),
    ]


def test_max_cases_keeps_the_same_cases_whatever_the_order_of_the_file():
    rows = cases("A", "Beijing", 40) + cases("B", "Chengdu", 40, SKIPPED)
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    first = mine(ticket_log(rows), max_cases=30)
    again = mine(ticket_log(shuffled), max_cases=30)
    assert first.overall.cases == 30
    assert [(flow.unit, flow.cases, flow.variants) for flow in first.units] == [
        (flow.unit, flow.cases, flow.variants) for flow in again.units
    ]
    assert 0 < first.units[0].cases < 30  # both units are sampled, not the first 30 cases of the file
    assert mine(ticket_log(rows), max_cases=500).overall.cases == 80


def test_a_case_belongs_to_the_unit_of_its_final_state():
    handed_over = case("T1", "Guangzhou", "New", "In Progress", ("Resolved", 3), "Closed")
    handed_over[2]["unit"] = handed_over[3]["unit"] = "Beijing"
    # the file lists the later events first: the final state is the last in time, not in the file
    rows = [handed_over[2], handed_over[3], handed_over[0], handed_over[1], *cases("B", "Beijing", 2)]
    mining = mine(ticket_log(rows))
    assert [(flow.unit, flow.cases) for flow in mining.units] == [("Beijing", 3)]


@pytest.mark.parametrize(
    ("drop", "missing_en", "missing_zh"),
    [
        (("activity",), "activity", "activity"),
        (("time",), "time / updated_at", "time / updated_at"),
        (("activity", "time"), "activity, time / updated_at", "activity、time / updated_at"),
    ],
)
def test_a_log_without_activity_or_time_cannot_be_mined_and_says_why(drop, missing_en, missing_zh):
    log = ticket_log(cases("A", "Beijing", 2), drop=drop)
    with pytest.raises(MiningUnavailable) as caught:
        mine(log)
    assert caught.value.message("en") == f"audit.csv has no process flow to mine: it needs the fields {missing_en}"
    assert caught.value.message("zh") == f"audit.csv 中没有可挖掘的流程：需要字段 {missing_zh}"


def test_a_snapshot_cannot_be_mined():
    # a snapshot without an event time: the reason given is the shape, not the missing field
    log = ticket_log(cases("A", "Beijing", 2, ("Closed",)), shape="tickets", name="incidents.csv", drop=("time",))
    with pytest.raises(MiningUnavailable) as caught:
        mine(log)
    assert "incidents.csv" in caught.value.message("en")
    assert "快照" in caught.value.message("zh")


def test_an_unknown_reference_unit_is_refused_with_the_units_there_are():
    with pytest.raises(InputError) as caught:
        mine(ticket_log(cases("A", "Beijing", 2) + cases("B", "Chengdu", 2)), reference_unit="Shanghai")
    [problem] = caught.value.problems
    assert problem.render("en") == (
        "audit.csv: column location: reference unit 'Shanghai' has no cases in the log; its units: Beijing, Chengdu"
    )
    assert "参考单位“Shanghai”" in problem.render("zh")
    assert "Beijing、Chengdu" in problem.render("zh")


def test_a_reference_unit_needs_a_unit_field():
    with pytest.raises(InputError) as caught:
        mine(ticket_log(cases("A", "Beijing", 2), drop=("unit",)), reference_unit="Beijing")
    assert caught.value.problems[0].code == "mining_no_units"


def test_fitness_is_pm4pys_own_log_fitness_and_pm4py_is_left_as_it_was():
    from pm4py.algo.conformance.tokenreplay.variants import token_replay
    from pm4py.algo.evaluation.replay_fitness.variants import token_replay as evaluation
    from pm4py.objects.log.obj import Event, EventLog, Trace
    from pm4py.objects.petri_net.utils import align_utils

    # a model with optional and repeated steps: silent transitions for the replay to walk through
    model = discover_reference(Counter({STANDARD: 5, EXTRA: 3, ("New", "In Progress", "Closed"): 2}))
    cases = Counter({STANDARD: 6, SKIPPED: 3, EXTRA: 2, ("New", "Closed", "Resolved", "Escalated"): 1})
    log = EventLog(
        [Trace([Event({"concept:name": step}) for step in variant]) for variant, n in cases.items() for _ in range(n)]
    )
    parameters = {"show_progress_bar": False, "consider_activities_not_in_model_in_fitness": True}
    stock = token_replay.apply(log, model.net, model.initial_marking, model.final_marking, parameters=parameters)
    expected = evaluation.evaluate(stock)["log_fitness"]
    assert fitness_of(cases, replay_tokens(cases, model)) == pytest.approx(expected)
    assert 0.5 < expected < 1
    assert token_replay.align_utils is align_utils


def test_the_samples_three_units_are_told_apart():
    raw = sample.incident_audit_log(150)
    rows = [
        {"ticket": number, "activity": state, "time": pd.to_datetime(stamp, format=sample.INCIDENT_DATES), "unit": unit}
        for number, state, stamp, unit in zip(
            raw["number"], raw["incident_state"], raw["sys_updated_at"], raw["location"], strict=True
        )
    ]
    mining = mine(ticket_log(rows), reference_unit="北京总部")
    fitness = {flow.unit: flow.fitness for flow in mining.units}
    # Beijing follows its own model; Shanghai bounces between groups (repeats it allows); Shenzhen skips steps
    assert fitness["北京总部"] > fitness["上海数据中心"] > fitness["深圳研发中心"]
    beijing = next(flow for flow in mining.units if flow.unit == "北京总部")
    assert beijing.variants[0][0] == STANDARD
    assert 0.4 < mining.index < 0.9


def test_a_log_whose_activity_is_free_text_is_not_mined():
    rows = [row for number in range(501) for row in case(f"T{number}", "A", "New", f"Printer on floor {number} is out")]
    with pytest.raises(MiningUnavailable) as caught:
        mine(ticket_log(rows))
    assert caught.value.message("en").startswith("audit.csv has 502 different activities, more than the 500")
    assert "活动字段是否映射到了状态列" in caught.value.message("zh")


def test_units_may_be_another_field_such_as_the_group():
    rows = [row | {"group": "Service Desk"} for row in cases("A", "Beijing", 3)]
    rows += [row | {"group": "Network"} for row in cases("B", "Beijing", 2, SKIPPED)]
    mining = mine(ticket_log(rows), unit_field="group", reference_unit="Service Desk")
    assert [(flow.unit, flow.cases) for flow in mining.units] == [("Network", 2), ("Service Desk", 3)]
    assert mining.reference == "unit:Service Desk"


def test_a_reference_is_a_unit_or_a_bpmn_file_not_both(tmp_path):
    with pytest.raises(ValueError, match="not both"):
        mine(ticket_log(cases("A", "Beijing", 2)), reference_unit="Beijing", bpmn=tmp_path / "model.bpmn")
