"""An import whose process is killed (SIGKILL: no clean-up runs) at a few points leaves the database as before.

The process kills itself just before a chosen statement or commit is sent, so the points are exact.
Killed after the import returned, the whole import is there.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from assessment.workspace.bundles import import_bundle
from assessment.workspace.recording import import_responses
from tests.faults.conftest import ROOT, answers_file, differences, dump, prepared

# Imports the services once, then for each line read (an import and where to kill it) forks a child that runs the
# import and kills itself there, and answers with how the child ended: each kill costs a fork, not a start.
KILLER = textwrap.dedent(
    """
    import json, os, signal, sys
    from sqlalchemy import event
    from assessment.workspace.bundles import import_bundle
    from assessment.workspace.recording import import_responses
    from assessment.workspace.core import Workspace

    def run(url, kind, path, assessment, kill_before, occurrence):
        workspace = Workspace(url)
        seen = 0

        def step(what):
            nonlocal seen
            if kill_before in what:
                seen += 1
                if seen == occurrence:
                    os.kill(os.getpid(), signal.SIGKILL)

        event.listen(workspace.engine, "before_cursor_execute", lambda c, cur, statement, *rest: step(statement))
        event.listen(workspace.engine, "commit", lambda c: step("COMMIT"))
        if kind == "responses":
            import_responses(workspace, assessment, path, actor="killed")
        else:
            import_bundle(workspace, path, actor="killed")
        if kill_before == "(returned)":
            os.kill(os.getpid(), signal.SIGKILL)

    for line in sys.stdin:
        child = os.fork()
        if child == 0:
            try:
                run(*json.loads(line))
            finally:
                os._exit(1)  # not killed: the test fails on this status
        _, status = os.waitpid(child, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)
    """
)


class Killer:
    """A process running imports in children that kill themselves just before the n-th step containing a text."""

    def __init__(self, url: str, kind: str, path: Path, assessment: int = 0):
        self.job = [url, kind, str(path), assessment]
        self.process = subprocess.Popen(
            [sys.executable, "-c", KILLER],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def kill_before(self, text: str, occurrence: int = 1) -> None:
        self.process.stdin.write(json.dumps([*self.job, text, occurrence]) + "\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == str(-signal.SIGKILL)  # killed, neither finished nor failed

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


RESPONSE_POINTS = [  # (the text of the step it is killed before, which occurrence)
    ("INSERT INTO respondents", 1),
    ("UPDATE answers", 1),
    ("INSERT INTO answers", 1),
    ("INSERT INTO audit_log", 1),
    ("COMMIT", 2),  # the first commit ends the transaction reading the questionnaire
]
BUNDLE_POINTS = [
    ("INSERT INTO clients", 1),
    ("INSERT INTO assessments", 1),
    ("INSERT INTO answers", 1),
    ("INSERT INTO audit_log", 1),
    ("COMMIT", 1),
]


def test_a_responses_import_killed_at_any_of_several_points_changes_nothing(database_url, tmp_path):
    workspace, assessment = prepared(database_url)
    survey = answers_file(tmp_path, people=200)
    before = dump(workspace)
    killer = Killer(database_url, "responses", survey, assessment)
    for kill_before, occurrence in RESPONSE_POINTS:
        killer.kill_before(kill_before, occurrence)
        after = dump(workspace)
        assert after == before, f"killed before {kill_before} #{occurrence}: {differences(before, after)}"
    killer.kill_before("(returned)")
    killer.close()
    after = dump(workspace)
    assert len(after["answers"]) == len(before["answers"]) + 200 * 11
    assert not import_responses(workspace, assessment, survey).changed  # the whole file is there
    workspace.dispose()


def test_a_bundle_import_killed_at_any_of_several_points_changes_nothing(database_url, rich_bundle):
    workspace, _ = prepared(database_url)
    before = dump(workspace)
    killer = Killer(database_url, "bundle", rich_bundle)
    for kill_before, occurrence in BUNDLE_POINTS:
        killer.kill_before(kill_before, occurrence)
        after = dump(workspace)
        assert after == before, f"killed before {kill_before} #{occurrence}: {differences(before, after)}"
    killer.kill_before("(returned)")
    killer.close()
    after = dump(workspace)
    assert len(after["clients"]) == len(before["clients"]) + 1
    assert len(after["assessments"]) == len(before["assessments"]) + 1
    imported = import_bundle(workspace, rich_bundle, name="再导入一次")  # nothing half-written is in the way
    assert imported == max(row[0] for row in dump(workspace)["assessments"])
    workspace.dispose()
