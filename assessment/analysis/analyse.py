"""The analysis of a stored assessment: priorities, consensus, consistency across units, the roadmap.

It gathers the inputs the pure functions of `scoring/` need from the workspace (the action library of
the questionnaire snapshot, pain points and business importance from the context sections, the
roadmap's settings and the user's edits) and calls them in the order they depend on each other:
the effort that closes each gap → priorities → the roadmap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from assessment.analysis.scored import ScoredAssessment, engine_answers, items_frame
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.plan_model import PHASES
from scoring.consensus import dont_know_rates, flagged_items, perception_gaps, perception_summary
from scoring.consistency import consistency, unit_item_differences, unit_item_results, unit_results
from scoring.maturity import retarget
from scoring.priorities import gap_priorities
from scoring.roadmap import Roadmap, build_roadmap, gap_effort
from scoring.roadmap_gates import milestones, workstreams

if TYPE_CHECKING:
    from assessment.workspace.core import Workspace
    from assessment.workspace.stored import StoredAssessment

# The workspace's modules (SQLAlchemy, the tables) are imported by the functions that read a workspace: an
# analysis of files (the command line's `report` and `score` of files) does without them, ~0.25 s sooner.

# person-days per month of each workstream (one per process) when the assessment sets none: a part-time team per
# process, the process owner about half time with a process designer and a tool specialist part time (1.5 people)
DEFAULT_CAPACITY = 30.0


@dataclass
class Analysis:
    """Everything the results, consensus, units and roadmap pages and the report show."""

    scored: ScoredAssessment
    importance: dict[str, float]
    pain: pd.DataFrame  # process, severity: one row per pain point and process it names
    priorities: pd.DataFrame
    flagged: pd.DataFrame
    perception: pd.DataFrame
    perception_summary: pd.DataFrame
    dont_know_items: pd.DataFrame
    dont_know_processes: pd.DataFrame
    units: pd.DataFrame
    unit_items: pd.DataFrame
    consistency: pd.DataFrame
    unit_differences: pd.DataFrame
    roadmap: Roadmap
    start: dt.date
    capacity: float
    findings: Findings  # what the plan was made on (kept per scoring revision by the app)
    source: StoredAssessment | None = None  # the stored assessment, read once; None for files
    capacities: dict[str, float] = field(default_factory=dict)  # a workstream's own capacity; else `capacity`
    # [workstream, name_zh, name_en, capacity, start, end, actions, effort] and [milestone, phase, name_zh,
    # name_en, date] (scoring/roadmap_gates.py)
    workstreams: pd.DataFrame = field(default_factory=pd.DataFrame)
    milestones: pd.DataFrame = field(default_factory=pd.DataFrame)


def actions_frame(questionnaire: Questionnaire) -> pd.DataFrame:
    """The action library as the roadmap reads it: one row per action."""
    columns = ["action", "process", "title_zh", "title_en", "phase", "owner", "effort_min", "effort_max"]
    columns += ["items", "depends_on", "requires"]
    rows = [
        (
            action.id,
            process.id,
            action.title.zh,
            action.title.en,
            action.phase,
            action.owner,
            action.effort.min,
            action.effort.max,
            list(action.items),
            list(action.depends_on),
            [(requirement.process, requirement.level) for requirement in action.requires],
        )
        for process, action in questionnaire.all_actions()
    ]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class Findings:
    """What the answers say, whatever the targets, roadmap and context: it changes with the scoring revision only."""

    scored: ScoredAssessment  # scored with the targets of its time; `analyse_assessment` applies today's
    flagged: pd.DataFrame
    perception: pd.DataFrame
    perception_summary: pd.DataFrame
    dont_know_items: pd.DataFrame
    dont_know_processes: pd.DataFrame
    units: pd.DataFrame
    unit_items: pd.DataFrame
    consistency: pd.DataFrame  # of scores and levels only: targets do not enter it
    unit_differences: pd.DataFrame


def assessment_findings(workspace: Workspace, assessment_id: int) -> Findings:
    """Score a stored assessment and find disagreements and unit differences."""
    from assessment.analysis.scored import score_stored
    from assessment.workspace.stored import read_assessment

    return findings_of(score_stored(read_assessment(workspace, assessment_id)))


def findings_of(scored: ScoredAssessment) -> Findings:
    """The disagreements and unit differences of a scoring run, stored or from files."""
    questionnaire = scored.questionnaire
    items = items_frame(questionnaire)
    answers = engine_answers(questionnaire, scored.responses)
    respondents = scored.responses.respondents
    result = scored.result
    perception = perception_gaps(answers, respondents, items)
    unit_items = unit_item_results(items, answers, respondents)
    units = unit_results(items, answers, respondents, rule=result.rule)
    return Findings(
        scored=scored,
        flagged=flagged_items(result.items),
        perception=perception,
        perception_summary=perception_summary(perception),
        dont_know_items=dont_know_rates(result.items, by="item"),
        dont_know_processes=dont_know_rates(result.items, by="process"),
        units=units,
        unit_items=unit_items,
        consistency=consistency(units, unit_items),
        unit_differences=unit_item_differences(unit_items),
    )


def analyse_assessment(
    workspace: Workspace,
    assessment_id: int,
    *,
    start: dt.date | None = None,
    capacity: float | None = None,
    today: dt.date | None = None,
    findings: Findings | None = None,
    capacities: dict[str, float] | None = None,
) -> Analysis:
    """The whole analysis of a stored assessment, read once; the roadmap starts at `start`, else its setting, else
    today.

    `findings`: those of the assessment's current scoring revision when the caller keeps them: the answers are not
    read again, and a change of target, context or roadmap only re-plans.
    """
    from assessment.workspace.stored import read_assessment

    stored = read_assessment(workspace, assessment_id, answers=findings is None)
    return analyse_stored(stored, start=start, capacity=capacity, today=today, findings=findings, capacities=capacities)


def analyse_stored(
    stored: StoredAssessment,
    *,
    start: dt.date | None = None,
    capacity: float | None = None,
    today: dt.date | None = None,
    findings: Findings | None = None,
    capacities: dict[str, float] | None = None,
) -> Analysis:
    """The analysis of an assessment already read: scored (unless `findings` are given), then planned.

    `capacity`: each workstream's, `capacities`: workstreams' own (None: the stored ones); given ones replace them.
    """
    from assessment.analysis.scored import score_stored

    findings = findings or findings_of(score_stored(stored))
    analysis = plan_analysis(
        findings,
        stored.planned_targets,
        stored.importance,
        stored.pain,
        stored.edits,
        start=start or stored.roadmap_start or today or dt.date.today(),
        capacity=capacity or stored.roadmap_capacity or DEFAULT_CAPACITY,
        capacities=stored.roadmap_capacities if capacities is None else capacities,
        rule=stored.rule,
    )
    return replace(analysis, source=stored)


def analyse_files(scored: ScoredAssessment, *, start: dt.date | None = None) -> Analysis:
    """The analysis of a scoring run from files: no context, no roadmap edits, the file's targets (else 3)."""
    pain = pd.DataFrame(columns=["process", "severity"])
    return plan_analysis(
        findings_of(scored),
        dict(scored.targets),
        {},
        pain,
        [],
        start=start or dt.date.today(),
        capacity=DEFAULT_CAPACITY,
        rule=scored.result.rule,
    )


def plan_analysis(
    findings: Findings,
    targets: dict[str, int],
    importance: dict[str, float],
    pain: pd.DataFrame,
    edits: list[dict[str, Any]],
    *,
    start: dt.date,
    capacity: float,
    rule: str,
    capacities: dict[str, float] | None = None,
) -> Analysis:
    """Gaps, priorities and the roadmap on top of the findings: effort that closes each gap → priorities → roadmap."""
    scored = findings.scored
    result = replace(scored.result, processes=retarget(scored.result.processes, targets))
    scored = replace(scored, result=result, targets=targets)
    units = retarget(findings.units, targets)

    actions = actions_frame(scored.questionnaire)
    effort = gap_effort(actions, result.items, targets, rule) if len(actions) else {}
    priorities = gap_priorities(result.processes, importance, pain, effort)
    priority = dict(zip(priorities["process"], priorities["priority"], strict=True))
    capacities = dict(capacities or {})
    roadmap = build_roadmap(
        actions, result.items, targets, priority, start, capacity, edits, rule=rule, capacities=capacities
    )
    questionnaire = scored.questionnaire
    names = {p.id: (p.name.zh, p.name.en) for p in questionnaire.processes}
    return Analysis(
        scored=scored,
        importance=importance,
        pain=pain,
        priorities=priorities,
        flagged=findings.flagged,
        perception=findings.perception,
        perception_summary=findings.perception_summary,
        dont_know_items=findings.dont_know_items,
        dont_know_processes=findings.dont_know_processes,
        units=units,
        unit_items=findings.unit_items,
        consistency=findings.consistency,
        unit_differences=findings.unit_differences,
        roadmap=roadmap,
        start=start,
        capacity=float(capacity),
        findings=findings,
        capacities=capacities,
        workstreams=workstreams(roadmap.actions, capacity, capacities, names),
        milestones=milestones(roadmap.actions, {p: (t.zh, t.en) for p, t in PHASES.items()}),
    )


def roadmap_problem_text(problem: dict[str, Any]) -> str:
    """A roadmap problem (an edit that no longer applies) as one line: its code and parameters."""
    params = ", ".join(f"{key}={value}" for key, value in problem.get("params", {}).items())
    return f"{problem['code']}: {params}" if params else problem["code"]
