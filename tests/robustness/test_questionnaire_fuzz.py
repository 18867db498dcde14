"""Hostile questionnaires: whatever the bytes, loading gives a questionnaire or problems a user can act on."""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from assessment.problems import QuestionnaireError
from assessment.questionnaire import load_questionnaire
from assessment.questionnaire.safe_yaml import MAX_DEPTH, MAX_FILE_BYTES
from tests.robustness.hostile import FIXTURES, fuzz, outcome, run_bounded

GOOD = FIXTURES / "questionnaire" / "good.yaml"
PLAN = FIXTURES / "questionnaire" / "plan.yaml"
FOLDER = FIXTURES / "questionnaire" / "folder"
GOOD_BYTES = GOOD.read_bytes()
PLAN_BYTES = PLAN.read_bytes()
PLAN_DATA = yaml.safe_load(PLAN_BYTES)


def load(data: bytes, name: str = "q.yaml"):
    """Load `data` as a questionnaire file: the questionnaire, or the QuestionnaireError (checked)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return outcome(lambda: load_questionnaire(path), str(path), error=QuestionnaireError)


def codes(result) -> list[str]:
    assert isinstance(result, QuestionnaireError), f"accepted: {result!r}"
    return [problem.code for problem in result.problems]


class _NoAliases(yaml.SafeDumper):
    """Dumps a value used twice twice, as a user would write it, never as an anchor and an alias."""

    def ignore_aliases(self, data):
        return True


def dump(data) -> bytes:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False).encode("utf-8")


# --- bytes ----------------------------------------------------------------------------------------------------------


@fuzz(150)
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    load(data)


@fuzz(150)
@given(st.sampled_from([GOOD_BYTES, PLAN_BYTES]), st.data())
def test_a_file_cut_anywhere(original, data):
    cut = data.draw(st.integers(0, len(original) - 1), label="cut")
    result = load(original[:cut])
    if cut == 0 or not original[:cut].strip():
        assert codes(result) == ["yaml_empty"]


@fuzz(60)
@given(st.sampled_from(sorted(path.name for path in FOLDER.iterdir())), st.data())
def test_a_folder_with_one_file_cut_anywhere(name, data):
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "q"
        shutil.copytree(FOLDER, copy)
        original = (copy / name).read_bytes()
        cut = data.draw(st.integers(0, len(original) - 1), label="cut")
        (copy / name).write_bytes(original[:cut])
        outcome(lambda: load_questionnaire(copy), str(copy), error=QuestionnaireError)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-16", b""),  # Python writes its BOM
        ("utf-16-le", b""),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32", b""),
        ("gbk", b""),
        ("gb18030", b""),
        ("big5", b""),
    ],
)
def test_chinese_text_in_another_encoding_names_the_first_bad_line(encoding, prefix):
    result = load(prefix + GOOD_BYTES.decode("utf-8").encode(encoding, errors="replace"))
    assert codes(result) == ["yaml_not_utf8"]
    # the first Chinese text of good.yaml is on line 5; UTF-16 and UTF-32 fail on the first line already
    assert result.problems[0].line in (1, 5)


def test_latin_1_text_is_not_utf8():
    text = GOOD_BYTES.decode("utf-8").replace("Test questionnaire", "Questionnaire évalué")
    result = load(text.encode("latin-1", errors="replace"))
    assert codes(result) == ["yaml_not_utf8"]


@fuzz(60)
@given(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf", b"\x00"]), st.data())
def test_byte_order_marks_anywhere(mark, data):
    where = data.draw(st.integers(0, len(GOOD_BYTES)), label="where")
    result = load(GOOD_BYTES[:where] + mark + GOOD_BYTES[where:])
    if mark == b"\xef\xbb\xbf" and where == 0:
        assert not isinstance(result, QuestionnaireError), "a leading UTF-8 BOM is accepted"


# --- text -----------------------------------------------------------------------------------------------------------

HOSTILE_LINES = st.sampled_from(
    [
        "&a x",
        "*a",
        "<<: *a",
        "!!python/object/apply:os.system ['true']",
        "!!binary aGVsbG8=",
        "? [a, b]",
        "--- ",
        "...",
        "%YAML 1.1",
        "%TAG ! tag:example.com,2000:",
        "\t",
        "\x00",
        "\ud800",
        "\u2028",
        "\ufeff",
        '"\\ud800"',
        '"\\x00"',
        "=cmd|' /C calc'!A0",
        "+1",
        "@SUM(1)",
        "[" * 100,
        "{" * (MAX_DEPTH + 1),
        "- " * (MAX_DEPTH + 1) + "x",
        "x" * 100_000,
        "9" * 5000,
        "1e99999",
        ".nan",
        "~",
        "",
    ]
)


@fuzz(200)
@given(st.data())
def test_a_hostile_line_inserted_anywhere(data):
    lines = GOOD_BYTES.decode("utf-8").splitlines(keepends=True)
    where = data.draw(st.integers(0, len(lines)), label="line")
    indent = data.draw(st.sampled_from(["", "  ", "    ", "      - ", "key: ", "- "]), label="indent")
    hostile = data.draw(st.one_of(HOSTILE_LINES, st.text(max_size=40)), label="text")
    lines.insert(where, indent + hostile + "\n")
    load("".join(lines).encode("utf-8", errors="surrogatepass"))


BLOCK_KEY = re.compile(r"^ *[A-Za-z_]+:")


@fuzz(80)
@given(st.data())
def test_a_key_written_twice_names_the_second_line(data):
    lines = GOOD_BYTES.decode("utf-8").splitlines(keepends=True)
    keyed = [number for number, line in enumerate(lines) if BLOCK_KEY.match(line)]
    index = data.draw(st.sampled_from(keyed), label="line")
    lines.insert(index + 1, lines[index])
    result = load("".join(lines).encode("utf-8"))
    assert codes(result) == ["yaml_duplicate_key"]
    problem = result.problems[0]
    assert problem.line == index + 2
    assert f"first on line {index + 1}" in problem.render("en")
    assert f"首次在第 {index + 1} 行" in problem.render("zh")


# --- structure ------------------------------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["", " ", "yes", "no", "na", "unknown", "achievement", "CHG-1-01", "change", "process", "zh"]),
    st.just("x" * 20_000),
)
KEYS = st.one_of(
    st.sampled_from(["id", "level", "scale", "items", "text", "zh", "en", "type", "weight", "include", "roles"]),
    st.text(max_size=10),
    st.integers(-3, 1000),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)),
    max_leaves=12,
)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


PLAN_PATHS = list(_paths(PLAN_DATA))[1:]


@fuzz(250)
@given(
    st.lists(
        st.tuples(st.sampled_from(PLAN_PATHS), st.sampled_from(["set", "delete", "add"]), KEYS, VALUES),
        min_size=1,
        max_size=3,
    )
)
def test_any_value_anywhere_in_a_full_questionnaire(changes):
    data = copy.deepcopy(PLAN_DATA)
    for path, action, key, value in changes:
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if action == "set":
                parent[path[-1]] = value
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent[path[-1]], dict):
                parent[path[-1]][key] = value
            elif isinstance(parent[path[-1]], list):
                parent[path[-1]].append(value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this path
    load(dump(data))


@fuzz(100)
@given(VALUES)
def test_any_yaml_document(value):
    load(dump(value))


# --- bombs: a child process with a memory limit ---------------------------------------------------------------------


def _items(count: int) -> str:
    return "".join(
        f"      - {{id: CHG-{i}, level: 1, dimension: process, text: {{zh: 记录, en: Recorded}}}}\n"
        for i in range(count)
    )


BOMBS = {
    "billion_laughs": (
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        + "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
        ["yaml_alias"],
    ),
    "deep_flow": ("a: " + "[" * 1_000_000, ["yaml_too_deep"]),
    "deep_block": ("".join("  " * depth + f"k{depth}:\n" for depth in range(2_000)), ["yaml_too_deep"]),
    # a big questionnaire near the size limit loads within the memory bound
    "just_under_the_size_limit": (
        GOOD_BYTES.decode("utf-8").replace("    items:\n", "    items:\n" + _items(50_000), 1),
        [],
    ),
    "one_huge_scalar": ("id: good\nversion: '" + "x" * (MAX_FILE_BYTES - 100) + "'\n", ["missing_key"]),  # title
    "over_the_size_limit": ("a: " + "x" * MAX_FILE_BYTES + "\n", ["file_too_large"]),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bombs_are_refused_within_time_and_memory(tmp_path, name):
    text, expected = BOMBS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size <= MAX_FILE_BYTES or expected == ["file_too_large"]
    report = run_bounded("questionnaire", path, memory_mb=2_000)  # a hang ends at run_bounded's timeout
    assert report["outcome"] == ("refused" if expected else "accepted")
    assert report["codes"] == expected
    assert all(line.startswith(str(path)) for line in report["problems"])
    assert report["peak_mb"] - report["baseline_mb"] < 1_000  # how long each takes: benchmarks/bad_input.py
