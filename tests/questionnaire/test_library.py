"""The bundled questionnaire library: complete, consistent, and honest about its references."""

from __future__ import annotations

import graphlib
import re
from pathlib import Path

import pytest

from assessment.questionnaire import check_questionnaire, load_questionnaire
from assessment.questionnaire.coverage import coverage_frame, coverage_markdown
from scripts import generate_coverage

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "questionnaires"
BUNDLED = sorted(path for path in LIBRARY.iterdir() if path.is_dir() or path.suffix in (".yaml", ".yml"))
CORE = LIBRARY / "itsm-core"
CORE_PROCESSES = ["incident", "problem", "change", "configuration", "release", "service_request", "service_level"]
OPTIONAL_MODULES = ["continuity"]  # in the library, not in an assessment's default scope
DIMENSIONS = ["process", "tools", "people", "organization"]
MIN_SCORED_ITEMS = 25

# The 34 practices of ITIL 4.
ITIL4_PRACTICES = {
    "Architecture management", "Continual improvement", "Information security management", "Knowledge management",
    "Measurement and reporting", "Organizational change management", "Portfolio management", "Project management",
    "Relationship management", "Risk management", "Service financial management", "Strategy management",
    "Supplier management", "Workforce and talent management", "Availability management", "Business analysis",
    "Capacity and performance management", "Change enablement", "Incident management", "IT asset management",
    "Monitoring and event management", "Problem management", "Release management", "Service catalogue management",
    "Service configuration management", "Service continuity management", "Service design", "Service desk",
    "Service level management", "Service request management", "Service validation and testing",
    "Deployment management", "Infrastructure and platform management", "Software development and management",
}  # fmt: skip
# The clauses of ISO/IEC 20000-1:2018 (4 to 10, with the subclauses of 7.5 and 8).
ISO20000_CLAUSES = set(
    """
    4.1 4.2 4.3 4.4 5.1 5.2 5.3 6.1 6.2 6.3 7.1 7.2 7.3 7.4 7.5 7.5.1 7.5.2 7.5.3 7.5.4 7.6
    8.1 8.2 8.2.1 8.2.2 8.2.3 8.2.4 8.2.5 8.2.6 8.3 8.3.1 8.3.2 8.3.3 8.3.4 8.3.4.1 8.3.4.2
    8.4 8.4.1 8.4.2 8.4.3 8.5 8.5.1 8.5.1.1 8.5.1.2 8.5.1.3 8.5.2 8.5.3 8.6 8.6.1 8.6.2 8.6.3
    8.7 8.7.1 8.7.2 8.7.3 9.1 9.2 9.3 9.4 10.1 10.2
    """.split()  # noqa: SIM905 - a table of clause numbers reads best as text
)
REFERENCE = re.compile(r"^(?:ITIL 4: (?P<practice>.+)|ISO/IEC 20000-1:2018 (?P<clause>[0-9.]+))$")


@pytest.fixture(scope="module")
def core():
    return load_questionnaire(CORE).questionnaire


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_questionnaire_is_valid_without_a_warning(path):
    questionnaire, problems = check_questionnaire(path)
    assert [problem.render() for problem in problems] == []
    assert questionnaire is not None


def test_the_core_library_has_the_seven_processes_of_the_guide_and_an_optional_module(core):
    assert [process.id for process in core.processes if not process.optional] == CORE_PROCESSES
    assert [process.id for process in core.processes if process.optional] == OPTIONAL_MODULES
    assert core.default_scope() == CORE_PROCESSES
    assert [dimension.id for dimension in core.dimensions] == DIMENSIONS


def test_every_process_has_enough_items_and_process_items_at_levels_1_to_4(core):
    frame = coverage_frame(core)
    totals = frame.groupby("process")["items"].sum()
    every = CORE_PROCESSES + OPTIONAL_MODULES
    short = {process: int(totals[process]) for process in every if totals[process] < MIN_SCORED_ITEMS}
    assert short == {}
    process_items = frame[(frame["dimension"] == "process") & (frame["level"] <= 4)]
    assert process_items[process_items["items"] == 0][["process", "level"]].values.tolist() == []


def test_every_process_covers_every_level_and_dimension(core):
    frame = coverage_frame(core)
    by_level = frame.groupby(["process", "level"])["items"].sum()
    by_dimension = frame.groupby(["process", "dimension"])["items"].sum()
    assert by_level[by_level == 0].index.tolist() == []
    assert by_dimension[by_dimension == 0].index.tolist() == []


def test_every_scored_item_has_guidance_evidence_roles_and_an_action(core):
    closed = {item for _, action in core.all_actions() for item in action.items}
    lacking = {
        item.id: [
            what
            for what, missing in (
                ("guidance", item.guidance is None),
                ("evidence", not item.evidence),
                ("roles", not item.roles),
                ("action", item.id not in closed),
            )
            if missing
        ]
        for _, item in core.all_items()
        if item.is_scored
    }
    assert {item: what for item, what in lacking.items() if what} == {}


def test_every_process_has_level_descriptors_and_walkthroughs(core):
    every = CORE_PROCESSES + OPTIONAL_MODULES
    assert {p.id: sorted(p.levels) for p in core.processes} == {p: [1, 2, 3, 4, 5] for p in every}
    assert [p.id for p in core.processes if not p.walkthroughs] == []
    unlinked = [c.id for p in core.processes for w in p.walkthroughs for c in w.checks if not c.items]
    assert unlinked == []


def test_action_dependencies_resolve_and_can_be_ordered(core):
    """Checked apart from the loader: a topological order exists over all actions."""
    actions = {action.id: action for _, action in core.all_actions()}
    graph = {ident: set(action.depends_on) for ident, action in actions.items()}
    assert {d for deps in graph.values() for d in deps} - set(actions) == set()
    order = list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError on a cycle
    assert sorted(order) == sorted(actions)
    process_ids = {p.id for p in core.processes}
    assert [a.id for a in actions.values() for r in a.requires if r.process not in process_ids] == []


def test_every_action_is_sound(core):
    roles = {role.id for role in core.roles}
    unsound = [
        action.id
        for _, action in core.all_actions()
        if action.owner not in roles or action.effort.min > action.effort.max or not action.items
    ]
    assert unsound == []


def test_quick_wins_are_small_and_need_no_design_work_first(core):
    """A quick win (速赢整改) is in place within two weeks: a few person-days, waiting only for other quick wins."""
    actions = {action.id: action for _, action in core.all_actions()}
    quick = [action for action in actions.values() if action.phase == "quick_win"]
    assert 8 <= len(quick) <= 15
    waiting = [a.id for a in quick if a.effort.max > 5 or any(actions[d].phase != "quick_win" for d in a.depends_on)]
    assert waiting == []


def test_no_two_actions_share_a_deliverable(core):
    """A roadmap lists deliverables: two actions promising the same document read as the same work done twice."""
    for lang in ("zh", "en"):
        seen: dict[str, str] = {}
        shared = []
        for _, action in core.all_actions():
            text = " ".join(getattr(action.deliverable, lang).split()).casefold()
            if text in seen:
                shared.append((seen[text], action.id, text))
            seen.setdefault(text, action.id)
        assert shared == [], lang


def test_references_name_real_itil4_practices_and_iso20000_clauses(core):
    wrong = []
    for _, item in core.all_items():
        for reference in item.references:
            match = REFERENCE.match(reference)
            if not match or (match["practice"] or match["clause"]) not in (ITIL4_PRACTICES | ISO20000_CLAUSES):
                wrong.append((item.id, reference))
    assert wrong == []


def test_the_context_sections_the_analysis_reads(core):
    sections = {section.id: section for section in core.context}
    assert {"tools", "skills", "organization", "pain_points", "business_needs"} <= set(sections)
    assert sections["business_needs"].records == "per_process"


def test_the_coverage_page_is_generated_from_the_files(core):
    page = (ROOT / "docs" / "questionnaire-coverage.md").read_text(encoding="utf-8")
    assert page == coverage_markdown(core, "questionnaires/itsm-core", generate_coverage.NOTE)
