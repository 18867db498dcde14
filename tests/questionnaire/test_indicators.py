"""Indicators of items: the good form loads; each broken field gives its exact `file:line: message`."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import load_questionnaire
from assessment.questionnaire.indicator_ids import KPI_IDS
from tests.questionnaire.test_loader import GOOD, rendered, replaced

AFTER = '        text: {zh: "变更在工具中跟踪", en: "Changes are tracked in a tool"}\n'  # line 60, item CHG-2-01
INDICATORS = (
    "        indicators:\n"  # line 61
    "          - {kpi: unauthorized_change_share, direction: at_most, threshold: 0.02}\n"  # 62
    "          - kpi: change_success_rate\n"  # 63
    "            direction: at_least\n"  # 64
    "            threshold: 0.95\n"  # 65
)


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """Write the good fixture with some edits as q.yaml in the working folder; returns its name."""
    monkeypatch.chdir(tmp_path)

    def write(*edits: tuple[str, str]) -> str:
        Path("q.yaml").write_text(replaced(GOOD, *edits), encoding="utf-8")
        return "q.yaml"

    return write


def with_indicators(*edits: tuple[str, str]) -> tuple[str, str]:
    """The edit that gives CHG-2-01 its two indicators, themselves edited."""
    return AFTER, AFTER + replaced(INDICATORS, *edits)


def test_indicators_load_with_their_defaults(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(replaced(GOOD, with_indicators()), encoding="utf-8")
    item = load_questionnaire(path).questionnaire.item_index()["CHG-2-01"][1]
    assert [(i.kpi, i.direction, i.threshold, i.data) for i in item.indicators] == [
        ("unauthorized_change_share", "at_most", 0.02, None),
        ("change_success_rate", "at_least", 0.95, None),
    ]


def test_the_bundled_library_loads_with_its_indicators():
    library = load_questionnaire(Path(__file__).resolve().parents[2] / "questionnaires" / "itsm-core").questionnaire
    annotated = [(process.id, item) for process, item in library.all_items() if item.indicators]
    assert 10 <= len(annotated) <= 20
    assert all(item.is_scored for _, item in annotated)
    assert {indicator.kpi for _, item in annotated for indicator in item.indicators} <= set(KPI_IDS)


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (
            [("unauthorized_change_share", "unauthorised_change_share")],
            "q.yaml:62: item CHG-2-01: the indicator names KPI 'unauthorised_change_share', which is not a KPI "
            "(the nearest: unauthorized_change_share; docs/evidence.md defines them all)",
        ),
        (
            [("threshold: 0.95", "threshold: 95")],
            "q.yaml:65: item CHG-2-01: KPI 'change_success_rate' is a share from 0 to 1, so the threshold 95 is "
            "outside [0, 1] (write 90 % as 0.9)",
        ),
        (
            [("threshold: 0.02", "threshold: -0.1")],
            "q.yaml:62: item CHG-2-01: KPI 'unauthorized_change_share' is a share from 0 to 1, so the threshold -0.1 "
            "is outside [0, 1] (write 90 % as 0.9)",
        ),
        (
            [("change_success_rate", "resolution_hours_median"), ("threshold: 0.95", "threshold: -4")],
            "q.yaml:65: item CHG-2-01: KPI 'resolution_hours_median' is never below 0, so the threshold -4 says "
            "nothing",
        ),
        (
            [("threshold: 0.95\n", "threshold: 0.95\n            data: incident\n")],
            "q.yaml:66: item CHG-2-01: KPI 'change_success_rate' is computed from change tickets, not from "
            "incident tickets",
        ),
        (
            [("direction: at_least", "direction: above")],
            "q.yaml:64: processes[change].items[CHG-2-01].indicators[1].direction: must be one of 'at_least', "
            "'at_most', got 'above'",
        ),
        (
            [("threshold: 0.95\n", "threshold: 0.95\n            data: requests\n")],
            "q.yaml:66: processes[change].items[CHG-2-01].indicators[1].data: must be one of 'incident', "
            "'problem', 'change', 'request', got 'requests'",
        ),
        (
            [("threshold: 0.95", "threshold: ninety")],
            "q.yaml:65: processes[change].items[CHG-2-01].indicators[1].threshold: must be a number, got 'ninety'",
        ),
        (
            [("            threshold: 0.95\n", "")],
            "q.yaml:63: processes[change].items[CHG-2-01].indicators[1]: missing required key 'threshold'",
        ),
        (
            [("direction: at_least", "direction: at_least\n            target: 0.9")],
            "q.yaml:65: processes[change].items[CHG-2-01].indicators[1]: unknown key 'target'",
        ),
    ],
)
def test_a_broken_indicator_is_reported_at_its_line(broken, edits, expected):
    assert rendered(broken(with_indicators(*edits))) == [expected]


def test_an_indicator_of_a_process_without_tickets_must_name_its_data(broken):
    renamed = with_indicators(("change_success_rate", "sla_met_rate"))
    assert rendered(broken(renamed, ("  - id: change\n", "  - id: service_level\n"))) == [
        "q.yaml:63: item CHG-2-01: KPI 'sla_met_rate' can come from the tickets of several processes, and process "
        "'service_level' has none of its own: say which with 'data' (incident, problem, change, request)"
    ]
    named = with_indicators(("change_success_rate", "sla_met_rate"), ("threshold: 0.95\n", "threshold: 0.9\n"
                                                                        "            data: request\n"))  # fmt: skip
    assert rendered(broken(named, ("  - id: change\n", "  - id: service_level\n"))) == []


def test_an_unscored_item_takes_no_indicators(broken):
    note = '        text: {zh: "使用何种变更工具？", en: "Which change tool is used?"}\n'  # line 63, item CHG-NOTE
    indicator = "        indicators: [{kpi: tickets, direction: at_least, threshold: 1}]\n"
    assert rendered(broken((note, note + indicator))) == [
        "q.yaml:64: item CHG-NOTE is of type 'text' and takes no 'indicators'"
    ]
    assert rendered(broken((note, note + "        indicators: []\n"))) == []  # as a stored snapshot writes it


def test_the_messages_are_in_chinese_too(broken):
    path = broken(with_indicators(("threshold: 0.95", "threshold: 95")))
    assert rendered(path, "zh") == [
        "q.yaml:65: 题目 CHG-2-01：KPI“change_success_rate”是 0 到 1 之间的比例，阈值 95 超出 [0, 1] 范围"
        "（90% 应写作 0.9）"
    ]
