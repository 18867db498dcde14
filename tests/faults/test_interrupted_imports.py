"""An import interrupted at any step (any SQL statement or batch, commit, progress report) changes nothing.

The import is run once per step, failing that step, until a run reaches no fault: that run is the good import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assessment.workspace.bundles import import_bundle
from assessment.workspace.core import Workspace
from assessment.workspace.recording import import_responses
from tests.faults.conftest import InjectedFault, Steps, answers_file, differences, dump, prepared

MOST_STEPS = 400  # a guard against a loop that never ends; the imports here take well under 100 steps
WRITES = ("INSERT", "UPDATE", "DELETE", "executemany")


@dataclass
class Outcome:
    steps: list[str]  # the steps of the last run
    before: dict
    after: dict
    faulted_after_commit: bool  # the last run failed at a step after its writes were committed


def committed(steps: list[str]) -> bool:
    """Whether writes were committed before the last step."""
    wrote = False
    for step in steps[:-1]:
        wrote = wrote or step.startswith(WRITES)
        if wrote and step == "COMMIT":
            return True
    return False


def fail_every_step(workspace: Workspace, run: Callable[[Steps], object]) -> Outcome:
    """Run `run(steps)` failing step 1, 2, …: each failure before the commit leaves the database exactly as before."""
    before = dump(workspace)
    for fail_at in range(1, MOST_STEPS):
        with Steps(workspace.engine, fail_at) as steps:
            try:
                run(steps)
                faulted = False
            except InjectedFault:
                faulted = True
        after = dump(workspace)
        if not faulted:
            return Outcome(steps.seen, before, after, faulted_after_commit=False)
        if committed(steps.seen):  # nothing can undo a commit: the caller checks that the import is whole
            return Outcome(steps.seen, before, after, faulted_after_commit=True)
        assert after == before, f"failed at {steps.seen[-1]!r}: {differences(before, after)}"
    raise AssertionError(f"the import still ran into a fault after {MOST_STEPS} steps")


def test_a_responses_import_failing_at_any_step_changes_nothing(database_url, tmp_path):
    workspace, assessment = prepared(database_url)
    survey = answers_file(tmp_path, people=30)

    def run(steps: Steps) -> object:
        def report(_fraction: float, stage: str) -> None:
            steps.step(f"progress {stage}")

        return import_responses(workspace, assessment, survey, actor="顾问 Wang", progress=report)

    outcome = fail_every_step(workspace, run)
    # the only step after the commit is the progress report saying so: a fault there leaves the whole import
    assert outcome.faulted_after_commit
    assert outcome.steps[-2:] == ["COMMIT", "progress done"]
    assert {"COMMIT", "progress reading", "progress storing"} <= set(outcome.steps)
    assert any(step.startswith("UPDATE respondents") for step in outcome.steps)  # a changed respondent
    assert any(step.startswith("executemany UPDATE answers") for step in outcome.steps)  # changed answers
    assert any(step.startswith("executemany INSERT INTO answers") for step in outcome.steps)
    assert any(step.startswith("INSERT INTO audit_log") for step in outcome.steps)
    assert len(outcome.after["respondents"]) == len(outcome.before["respondents"]) + 30
    assert len(outcome.after["answers"]) == len(outcome.before["answers"]) + 30 * 11
    assert not import_responses(workspace, assessment, survey).changed  # everything of the file is stored
    workspace.dispose()


def test_a_bundle_import_failing_at_any_step_changes_nothing(database_url, rich_bundle):
    workspace, _ = prepared(database_url)
    outcome = fail_every_step(workspace, lambda _: import_bundle(workspace, rich_bundle, actor="顾问 Wang"))
    assert not outcome.faulted_after_commit
    assert outcome.steps[-1] == "COMMIT"
    for table in ("clients", "assessments", "units", "respondents", "answers", "walkthrough_results"):
        assert len(outcome.after[table]) > len(outcome.before[table]), table
    for table in ("context_entries", "targets", "decisions", "roadmap_edits", "audit_log"):
        assert len(outcome.after[table]) > len(outcome.before[table]), table
    for table in ("ticket_evidence", "pseudonym_keys"):
        assert len(outcome.after[table]) > len(outcome.before[table]), table
    workspace.dispose()


def test_a_bundle_import_for_a_known_client_failing_at_any_step_changes_nothing(database_url, rich_bundle):
    workspace, _ = prepared(database_url)
    import_bundle(workspace, rich_bundle)  # the client and a first copy are there: the next import adds to them
    outcome = fail_every_step(workspace, lambda _: import_bundle(workspace, rich_bundle, name="第二份副本"))
    assert not outcome.faulted_after_commit
    assert len(outcome.after["clients"]) == len(outcome.before["clients"])
    assert len(outcome.after["assessments"]) == len(outcome.before["assessments"]) + 1
    workspace.dispose()
