"""Targets file: a YAML mapping `process id: level` set by the steering group (default 3)."""

from __future__ import annotations

from pathlib import Path

from assessment.problems import Problem, TargetsError
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.safe_yaml import YamlProblem, read_yaml_file


def read_targets(path: str | Path, questionnaire: Questionnaire) -> dict[str, int]:
    """Targets by process id; every process not named keeps the default. Raises TargetsError."""
    name = str(path)
    try:
        data, lines = read_yaml_file(Path(path), name)
    except YamlProblem as exc:
        raise TargetsError([exc.problem]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TargetsError([Problem("yaml_not_mapping", file=name, line=1)])
    known = [process.id for process in questionnaire.processes]
    problems: list[Problem] = []
    targets: dict[str, int] = {}
    for process, level in data.items():
        line = lines.get((process,))
        if process not in known:
            problems.append(
                Problem("targets_unknown_process", {"process": process, "declared": list(known)}, name, line)
            )
        elif isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 5:
            problems.append(Problem("targets_level", {"process": process, "value": repr(level)}, name, line))
        else:
            targets[process] = level
    if problems:
        raise TargetsError(problems)
    return targets
