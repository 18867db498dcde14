"""The large assessment benchmarks/app.py and benchmarks/browser.py time the app on (a part they share, no script).

`respondents` survey respondents in three units, the questionnaire's roles in turn, answering every scored item of
itsm-core's core processes at random (seeded: the same answers in every run and on every database).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from assessment.questionnaire import load_questionnaire
from assessment.workspace.assessments import create_assessment
from assessment.workspace.core import Workspace
from assessment.workspace.recording import import_responses

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def large_assessment(workspace: Workspace, respondents: int) -> tuple[int, str]:
    """The assessment made in `workspace`; returns its id and a respondent to interview."""
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "itsm-core").questionnaire
    assessment = create_assessment(
        workspace, client="Benchmark", name=f"{respondents} respondents", questionnaire=questionnaire, units=list("ABC")
    )
    rng = random.Random(2026)
    roles = [role.id for role in questionnaire.roles]
    items = [item.id for process, item in questionnaire.all_items() if item.is_scored and not process.optional]
    lines = ["respondent,role,unit,method,item,answer"]
    for person in range(respondents):
        role, unit = roles[person % len(roles)], "ABC"[person % 3]
        lines += [f"r{person},{role},{unit},survey,{item},{rng.choice('01234')}" for item in items]
    OUT.mkdir(parents=True, exist_ok=True)
    csv = OUT / f"large-{respondents}-{os.getpid()}.csv"  # runs side by side (one per database) write their own
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        import_responses(workspace, assessment, csv)
    finally:
        csv.unlink()
    return assessment, "r0"
