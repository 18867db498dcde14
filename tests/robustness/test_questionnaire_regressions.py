"""Questionnaires the fuzzers found mishandled (a traceback, an unreadable message) and the message they now give."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.problems import QuestionnaireError
from assessment.questionnaire import load_questionnaire, loader
from tests.robustness.hostile import FIXTURES, refused

GOOD = (FIXTURES / "questionnaire" / "good.yaml").read_text(encoding="utf-8")
PLAN = (FIXTURES / "questionnaire" / "plan.yaml").read_text(encoding="utf-8")


def messages(tmp_path: Path, text: str, lang: str = "en") -> list[str]:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    error = refused(lambda: load_questionnaire(path), str(path), error=QuestionnaireError)
    return [problem.render(lang).removeprefix(str(tmp_path) + "/") for problem in error.problems]


def test_a_number_of_5000_digits_is_refused_with_its_line(tmp_path):
    # was: ValueError "Exceeds the limit (4300 digits) for integer string conversion" from PyYAML
    text = GOOD.replace("weight: 2\n", "weight: " + "9" * 5000 + "\n", 1)
    line = GOOD.splitlines().index("    weight: 2") + 1
    assert messages(tmp_path, text) == [
        f"q.yaml:{line}: a number of 5000 digits is longer than the limit of 100 (put it in quotes if it is text)"
    ]
    assert messages(tmp_path, text, "zh") == [
        f"q.yaml:{line}: 数字长达 5000 位，超过上限 100 位（如果它是文本，请加引号）"
    ]


def test_a_number_of_100_digits_is_still_read(tmp_path):
    text = GOOD.replace("weight: 2\n", "weight: " + "9" * 100 + "\n", 1)
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    role = load_questionnaire(path).questionnaire.roles[0]
    assert role.weight == float("9" * 100)


def test_a_huge_id_is_quoted_short(tmp_path):
    # was: the whole 100,000 characters in the message, and again in the place of every problem of that role
    text = GOOD.replace("  - id: process_owner\n", "  - id: process_owner " + "x" * 100_000 + "\n", 1)
    found = messages(tmp_path, text)
    assert all(len(message) < 400 for message in found), [len(message) for message in found]
    assert any("must be lower-case letters" in message or "process_owner xxxx" in message for message in found)
    assert all("x" * 100 not in message for message in found)
    assert any("xxx…" in message for message in found)


@pytest.mark.parametrize(("key", "shown"), [("1", "1"), ("true", "true"), ("null", "null"), ("1.5", "1.5")])
def test_a_key_that_is_not_text_is_an_unknown_key(tmp_path, key, shown):
    # was: "schema_other": the pydantic error kind "invalid_key" as the whole message
    text = GOOD.replace("version:", f"{key}: x\nversion:", 1)
    line = GOOD.splitlines().index('version: "1.0"') + 1
    assert messages(tmp_path, text) == [f"q.yaml:{line}: unknown key '{shown}'"]
    assert messages(tmp_path, text, "zh") == [f"q.yaml:{line}: 未知的键“{shown}”"]


def test_a_scale_id_that_is_a_number_is_reported_not_crashed_on(tmp_path):
    # was: TypeError "'<' not supported between instances of 'int' and 'str'" when sorting the scale ids
    text = GOOD.replace("  yes_no:\n", "  12345:\n", 1)
    found = messages(tmp_path, text)
    assert any("scales.12345: must be text" in message for message in found), found
    assert any("uses scale 'yes_no', which is not declared" in message for message in found), found


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("- {id: CHG-1-01, level: 1,", "- {id: [CHG, 1], level: 1,"),  # an item id that is a list
        ("  - id: configuration\n", "  - id: {a: 1}\n"),  # a process id that is a mapping
        ("      - id: A-CFG-01\n", "      - id: [A]\n"),  # an action id that is a list
        ("        phase: tooling\n", "        phase: [tooling]\n"),  # a phase that is a list
        ('depends_on: ["A-CHG-01"]', 'depends_on: [["A-CHG-01"]]'),  # a dependency that is a list
        ("  - id: business_needs\n", "  - id: [business_needs]\n"),  # a context section id that is a list
    ],
)
def test_a_list_or_mapping_where_an_id_belongs_is_reported_not_crashed_on(tmp_path, old, new):
    # was: TypeError "unhashable type: 'list'" in the meaning checks of actions and context sections
    assert old in PLAN
    found = messages(tmp_path, PLAN.replace(old, new, 1))
    assert any(message.endswith(("got a list", "got a mapping")) for message in found), found


def test_an_empty_list_of_checks_says_what_is_missing(tmp_path):
    # was: "schema_other": the pydantic error kind "too_short" as the whole message
    start = PLAN.index("    walkthroughs:")
    checks = PLAN.index("        checks:\n", start)
    end = PLAN.index("    actions:", checks)
    text = PLAN[:checks] + "        checks: []\n" + PLAN[end:]
    line = text[:checks].count("\n") + 1
    assert messages(tmp_path, text) == [
        f"q.yaml:{line}: processes[change].walkthroughs[CHG-WT1].checks: must list at least 1 entries, got 0"
    ]
    assert messages(tmp_path, text, "zh")[0].endswith("至少需要列出 1 项，实际为 0 项")


@pytest.mark.parametrize("name", ["a" * 5000 + ".yaml", "a\\0b.yaml"])  # the YAML escape of a NUL character
def test_an_include_no_file_can_be_named_is_not_found(tmp_path, name):
    # was: OSError "File name too long" / ValueError "embedded null byte" from resolving the path
    text = GOOD.replace('version: "1.0"\n', f'version: "1.0"\ninclude: ["{name}"]\n', 1)
    [message] = messages(tmp_path, text)
    assert message.startswith("q.yaml:4: included file 'a")
    assert message.endswith("' not found")
    assert len(message) < 200


def test_included_files_are_bounded_in_total_not_only_one_by_one(tmp_path, monkeypatch):
    # was: 200 includes of up to 5 MB each, a gigabyte of YAML, read and held one after the other
    monkeypatch.setattr(loader, "MAX_TOTAL_BYTES", 3_000)
    fragment = "processes:\n  - id: p{n}\n    name: {{zh: 流程, en: Process}}\n    items: []\n" + "#" * 1_000 + "\n"
    names = [f"part{n}.yaml" for n in range(5)]
    for n, name in enumerate(names):
        (tmp_path / name).write_text(fragment.format(n=n), encoding="utf-8")
    root = GOOD.replace('version: "1.0"\n', f'version: "1.0"\ninclude: [{", ".join(names)}]\n', 1)
    (tmp_path / "questionnaire.yaml").write_text(root, encoding="utf-8")
    error = refused(lambda: load_questionnaire(tmp_path), str(tmp_path), error=QuestionnaireError)
    [problem] = [problem for problem in error.problems if problem.code == "include_too_large"]
    place = f"{tmp_path}/questionnaire.yaml:4"
    assert problem.render() == f"{place}: with 'part2.yaml' the included files add up to more than 3000 bytes"
    assert problem.render("zh") == f"{place}: 加上“part2.yaml”后，被包含的文件合计超过 3000 字节"
