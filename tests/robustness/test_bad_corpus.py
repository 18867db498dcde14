"""The known-bad files of tests/fixtures/bad/: each gives the message its README promises, on the command line too."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.inputs.responses import read_responses
from assessment.problems import QuestionnaireError, ResponsesError
from assessment.questionnaire import load_questionnaire
from tests.robustness.hostile import BAD, FIXTURES, ROOT, refused

RESPONSES_QUESTIONNAIRE = FIXTURES / "responses" / "questionnaire.yaml"
QUESTIONNAIRE = load_questionnaire(RESPONSES_QUESTIONNAIRE).questionnaire
CELL = re.compile(r"(?<!\\)\|")


def _table() -> dict[str, tuple[str, str]]:
    """file -> (code, English message) from the README's table."""
    rows = {}
    for line in (BAD / "README.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip().strip("`").replace("\\|", "|") for cell in CELL.split(line)[1:-1]]
        name, _, code, message = cells
        assert name not in rows, f"{name} is listed twice"
        rows[name] = (code, message)
    return rows


TABLE = _table()


def test_every_file_of_the_folder_is_listed_and_every_listed_file_is_there():
    files = {path.relative_to(BAD).as_posix() for path in BAD.rglob("*") if path.is_file()} - {"README.md"}
    assert files == set(TABLE)


def _problems(name: str):
    path = BAD / name
    if name.startswith("q-"):
        error = refused(lambda: load_questionnaire(path), str(BAD), error=QuestionnaireError)
    else:
        error = refused(lambda: read_responses(path, QUESTIONNAIRE, display_name=name), name, error=ResponsesError)
    return error.problems


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_bad_file_gives_its_message(name):
    code, expected = TABLE[name]
    first = _problems(name)[0]
    english = first.render("en").replace(f"{BAD}/", "")
    chinese = first.render("zh").replace(f"{BAD}/", "")
    assert first.code == code
    if expected.endswith("…"):
        assert english.startswith(expected.removesuffix("…"))
    else:
        assert english == expected
    place = expected.split(": ", 1)[0]
    assert chinese.startswith(place + ": ")
    assert chinese != english


# --- the command line -----------------------------------------------------------------------------------------------

GOOD_RESPONSES = FIXTURES / "responses" / "long.csv"


@pytest.mark.parametrize(
    ("questionnaire", "responses", "lang"),
    [
        (BAD / "q-alias-bomb.yaml", GOOD_RESPONSES, "en"),
        (BAD / "q-huge-number.yaml", GOOD_RESPONSES, "zh"),
        (RESPONSES_QUESTIONNAIRE, BAD / "r-stray-cell-at-XFD1048576.xlsx", "en"),
        (RESPONSES_QUESTIONNAIRE, BAD / "r-declared-bomb.xlsx", "en"),
        (RESPONSES_QUESTIONNAIRE, BAD / "r-gbk.csv", "zh"),
        (RESPONSES_QUESTIONNAIRE, BAD / "r-too-many-columns.csv", "en"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_score_on_a_bad_file_exits_2_naming_the_file(tmp_path, questionnaire, responses, lang):
    bad = questionnaire if questionnaire.parent == BAD else responses
    questionnaire, responses = (path.relative_to(ROOT).as_posix() for path in (questionnaire, responses))
    output = tmp_path / "result.json"
    env = {key: value for key, value in os.environ.items() if key not in ("MATURITYMAP_LANG", "MATURITYMAP_DEBUG")}
    command = [sys.executable, "-m", "assessment", "score", questionnaire, responses, "-o", str(output), "--lang", lang]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    message = TABLE[bad.name][1].split(": ", 1)[1]
    assert lines[0].startswith(bad.relative_to(ROOT).as_posix())
    if lang == "en":
        assert lines[0].endswith(message)
    else:
        assert not lines[0].isascii(), lines[0]  # the message is in Chinese
    assert not output.exists()


def test_validate_refuses_a_python_tag_without_running_it():
    name = (BAD / "q-python-tag.yaml").relative_to(ROOT).as_posix()
    env = {key: value for key, value in os.environ.items() if key not in ("MATURITYMAP_LANG", "MATURITYMAP_DEBUG")}
    command = [sys.executable, "-m", "assessment", "validate", name]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == f"{name}:2: YAML tag '!!python/object/apply:os.system' is not allowed"
    assert "Traceback" not in done.stderr
    assert "uid=" not in done.stdout  # what the tag's command, `id`, would have printed
