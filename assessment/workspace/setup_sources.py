"""What setting up an assessment reads: the bundled and uploaded questionnaires, the snapshot's outline, defaults."""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from assessment.problems import Problem, QuestionnaireError
from assessment.questionnaire import LoadedQuestionnaire, Questionnaire, load_questionnaire
from assessment.questionnaire.model import Role
from assessment.questionnaire.text import Text
from assessment.storage.tables import Respondent
from assessment.workspace.core import Workspace, get_assessment
from assessment.workspace.stored import business_importance
from scoring.priorities import default_targets

LIBRARY = Path(__file__).resolve().parents[2] / "questionnaires"
NOT_QUESTIONNAIRES = ("schema.json", "fragment.schema.json")


def bundled_questionnaires() -> list[str]:
    """The names of the questionnaires of the bundled library (folders and single YAML files)."""
    if not LIBRARY.is_dir():
        return []
    return sorted(
        path.name
        for path in LIBRARY.iterdir()
        if (path.is_dir() and any((path / name).is_file() for name in ("questionnaire.yaml", "questionnaire.yml")))
        or (path.is_file() and path.suffix in (".yaml", ".yml"))
    )


def load_bundled(name: str) -> Questionnaire:
    """A questionnaire of the bundled library by name; raises QuestionnaireError."""
    if name not in bundled_questionnaires():
        raise QuestionnaireError([Problem("file_not_found", file=f"questionnaires/{name}")])
    return load_questionnaire(LIBRARY / name).questionnaire


def _renamed(problem: Problem, folder: Path, shown: str) -> Problem:
    """The problem with the temporary path of an uploaded file replaced by the name the user knows."""
    if problem.file is None:
        return problem
    path = Path(problem.file)
    if path == folder / shown:
        return dataclasses.replace(problem, file=shown)
    if path.is_relative_to(folder):
        return dataclasses.replace(problem, file=str(path.relative_to(folder)))
    return problem


def questionnaire_from_upload(name: str, data: bytes) -> LoadedQuestionnaire:
    """Load and check an uploaded single-file questionnaire; raises QuestionnaireError naming the file as uploaded."""
    shown = Path(name).name or "questionnaire.yaml"
    with tempfile.TemporaryDirectory(prefix="maturitymap-upload-") as temporary:
        folder = Path(temporary).resolve()
        (folder / shown).write_bytes(data)
        try:
            loaded = load_questionnaire(folder / shown)
        except QuestionnaireError as error:
            problems = [_renamed(problem, folder, shown) for problem in error.problems + error.warnings]
            raise QuestionnaireError(problems) from None
    warnings = [_renamed(problem, folder, shown) for problem in loaded.warnings]
    return LoadedQuestionnaire(loaded.questionnaire, warnings, [shown])


@dataclass(frozen=True)
class ProcessOutline:
    """A process of the questionnaire snapshot: id, name and how many items it has."""

    id: str
    name: Text
    items: int


@dataclass(frozen=True)
class SetupOutline:
    """What the set-up page shows of an assessment's questionnaire snapshot, whatever its scope."""

    questionnaire_title: Text
    processes: tuple[ProcessOutline, ...]  # every process of the snapshot, in questionnaire order
    roles: tuple[Role, ...]  # with the questionnaire's own weights, not the assessment's
    respondents_by_role: dict[str, int]
    proposed_targets: dict[str, int]  # for the processes in scope: from business importance, else 3


def setup_outline(workspace: Workspace, assessment_id: int) -> SetupOutline:
    """The outline of the snapshot, the respondents per role and the targets proposed where none is set."""
    with workspace.transaction() as session:
        assessment = get_assessment(session, assessment_id)
        snapshot = assessment.questionnaire_snapshot
        importance = business_importance(session, assessment_id)
        proposed = default_targets(importance, assessment.processes)
        counts = session.execute(
            select(Respondent.role, func.count())
            .where(Respondent.assessment_id == assessment_id)
            .group_by(Respondent.role)
        ).all()
    processes = tuple(
        ProcessOutline(p["id"], Text.model_validate(p["name"], strict=False), len(p.get("items", [])))
        for p in snapshot.get("processes", [])
    )
    roles = tuple(Role.model_validate(role, strict=False) for role in snapshot.get("roles", []))
    return SetupOutline(
        questionnaire_title=Text.model_validate(snapshot["title"], strict=False),
        processes=processes,
        roles=roles,
        respondents_by_role=dict(counts),
        proposed_targets=proposed,
    )
