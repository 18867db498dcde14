"""The safe YAML reader refuses what could run code, exhaust memory or be read ambiguously."""

import math
import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.questionnaire import safe_yaml
from assessment.questionnaire.safe_yaml import MAX_DEPTH, MAX_FILE_BYTES, YamlProblem, read_yaml_file, read_yaml_text


def refusal(text: str) -> str:
    """The rendered problem that reading `text` raises."""
    with pytest.raises(YamlProblem) as caught:
        read_yaml_text(text, "q.yaml")
    return caught.value.problem.render()


def file_refusal(path) -> str:
    with pytest.raises(YamlProblem) as caught:
        read_yaml_file(path, path.name)
    return caught.value.problem.render()


def data(text: str):
    return read_yaml_text(text, "q.yaml")[0]


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_alias_bomb_is_refused_at_its_first_anchor():
    # line 1: the first anchor, before any alias could be expanded (how long it takes: benchmarks/bad_input.py)
    assert refusal(BILLION_LAUGHS) == "q.yaml:1: YAML anchors and aliases (&, *) are not allowed"


def test_an_alias_alone_is_refused():
    assert refusal("a: 1\nb: *a\n") == "q.yaml:2: YAML anchors and aliases (&, *) are not allowed"


def test_python_object_tag_runs_nothing(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command) or 0)
    marker = tmp_path / "ran"
    text = f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
    assert refusal(text) == "q.yaml:1: YAML tag '!!python/object/apply:os.system' is not allowed"
    assert calls == []
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x: !!python/name:os.system\n", "q.yaml:1: YAML tag '!!python/name:os.system' is not allowed"),
        ("a: 1\nb: !foo bar\n", "q.yaml:2: YAML tag '!foo' is not allowed"),
        ("a: !foo {x: 1}\n", "q.yaml:1: YAML tag '!foo' is not allowed"),
        ("a: !!set {x}\n", "q.yaml:1: YAML tag '!!set' is not allowed"),
        ("a: !!str 12\n", "q.yaml:1: YAML tag '!!str' is not allowed"),
    ],
    ids=["python-name", "custom-scalar", "custom-mapping", "set", "even-str"],
)
def test_tags_are_refused(text, expected):
    assert refusal(text) == expected


def test_a_50_mb_file_is_refused_by_size_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: written in no time
    monkeypatch.setattr(safe_yaml, "read_yaml_text", pytest.fail)  # never parsed
    assert file_refusal(path) == "big.yaml: file is 52428800 bytes, more than the limit of 5242880 bytes"


def test_the_size_limit_is_5_mb(tmp_path):
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"a: 1\n" + b" " * (MAX_FILE_BYTES - 5))
    assert read_yaml_file(path)[0] == {"a": 1}
    path.write_bytes(b"a: 1\n" + b" " * (MAX_FILE_BYTES - 4))
    assert file_refusal(path) == "edge.yaml: file is 5242881 bytes, more than the limit of 5242880 bytes"


def test_deep_nesting_is_refused():
    assert refusal("x: " + "[" * 100 + "]" * 100 + "\n") == "q.yaml:1: nesting is deeper than 64 levels"


def test_nesting_limit_is_64_levels():
    assert data("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    assert refusal("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) == "q.yaml:1: nesting is deeper than 64 levels"
    nested_mappings = "".join("  " * depth + f"k{depth}:\n" for depth in range(MAX_DEPTH + 1))
    assert refusal(nested_mappings) == "q.yaml:65: nesting is deeper than 64 levels"


def test_two_documents_are_refused():
    assert refusal("a: 1\n---\nb: 2\n") == "q.yaml:2: a file holds one YAML document, found more"


def test_one_document_with_markers_is_read():
    assert data("---\na: 1\n...\n") == {"a": 1}


def test_duplicate_keys_are_refused():
    assert (
        refusal("a: 1\nb:\n  c: 2\na: 3\n") == "q.yaml:4: key 'a' appears twice in the same mapping (first on line 1)"
    )


def test_the_same_key_in_different_mappings_is_fine():
    assert data("a: {x: 1}\nb: {x: 2}\n") == {"a": {"x": 1}, "b": {"x": 2}}


def test_complex_keys_are_refused():
    assert refusal("? [a, b]\n: 1\n") == "q.yaml:1: a mapping key must be a plain value"


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "Y", "N"])
def test_yaml_1_1_booleans_stay_strings(word):
    assert data(f"answer: {word}\n") == {"answer": word}


@pytest.mark.parametrize(("word", "value"), [("true", True), ("false", False), ("True", True), ("FALSE", False)])
def test_true_and_false_are_booleans(word, value):
    assert data(f"flag: {word}\n") == {"flag": value}


@pytest.mark.parametrize("text", ["2024-01-01", "2024-01-01 10:30:00", "2024-01-01T10:30:00Z"])
def test_dates_stay_strings(text):
    assert data(f"date: {text}\n") == {"date": text}


def test_numbers_and_null():
    assert data("i: 3\nf: 0.75\nneg: -1\nnone: ~\nempty:\n") == {
        "i": 3,
        "f": 0.75,
        "neg": -1,
        "none": None,
        "empty": None,
    }


@pytest.mark.parametrize("text", ["1:30", "017", "00", "0x1F", "0o17", "1_000", "0b101", "+12:00"])
def test_yaml_1_1_number_forms_stay_as_written(text):
    """Base 60, octal, hex, binary and underscores are YAML 1.1: a time like 1:30 must not become 90."""
    assert data(f"value: {text}\n") == {"value": text}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("-7", -7),
        ("+1", 1),
        ("1.", 1.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("2.5E-1", 0.25),
        ("-.inf", -math.inf),
    ],
)
def test_yaml_1_2_numbers(text, value):
    assert data(f"value: {text}\n") == {"value": value}


@pytest.mark.parametrize("text", ["<<", "="])
def test_merge_and_value_keys_are_plain_strings(text):
    assert data(f"{text}: 1\nb: {text}\n") == {text: 1, "b": text}


def test_the_line_of_every_key_and_list_entry_is_kept():
    assert read_yaml_text("a:\n  - x\n  - y\nb:\n  c: 1\n", "q.yaml")[1] == {
        (): 1,
        ("a",): 1,
        ("a", 0): 2,
        ("a", 1): 3,
        ("b",): 4,
        ("b", "c"): 5,
    }


def test_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes('id: itsm\nversion: "1.0"\ntitle: {zh: 变更管理, en: Change}\n'.encode("gbk"))
    assert file_refusal(path) == "gbk.yaml:3: file is not UTF-8 text (save it in your editor with the UTF-8 encoding)"


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffid: itsm\ntitle: {zh: 变更管理}\n".encode())
    assert read_yaml_file(path) == (
        {"id": "itsm", "title": {"zh": "变更管理"}},
        {(): 1, ("id",): 1, ("title",): 2, ("title", "zh"): 2},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\nb: [1, 2\nc: 3\n",
            "q.yaml:3: YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'",
        ),
        (
            "a: 1\nb:\n\tc: 1\n",
            "q.yaml:3: YAML syntax error: "
            "while scanning for the next token found character that cannot start any token",
        ),
        (
            "变更: 1\nb: x\x07\n",
            "q.yaml:2: YAML syntax error: unacceptable character U+0007: control characters are not allowed",
        ),
    ],
    ids=["unclosed-list", "tab", "control-character"],
)
def test_syntax_errors_name_the_line(text, expected):
    assert refusal(text) == expected


def test_missing_file(tmp_path):
    assert file_refusal(tmp_path / "none.yaml") == "none.yaml: file not found"


def test_empty_text_is_none():
    assert read_yaml_text("# only a comment\n", "q.yaml") == (None, {(): 1})


def test_the_c_loader_is_in_use():
    assert yaml.__with_libyaml__
    assert issubclass(safe_yaml._Loader, yaml.CSafeLoader)


YAML_ALPHABET = st.sampled_from(list("ab:-? \n[]{},&*!|>'\"#%@`~<=.0123456789\t\\") + ["\x00", "\x85", "\ufeff", "变"])


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.text(alphabet=YAML_ALPHABET, max_size=200)))
def test_any_text_gives_data_or_a_yaml_problem(text):
    try:
        read_yaml_text(text, "q.yaml")
    except YamlProblem as exc:
        problem = exc.problem
    else:
        return
    assert problem.file == "q.yaml"
    assert problem.render().startswith("q.yaml")
