"""The JSON Schemas of the questionnaire YAML: up to date, described, and agreeing with the loader."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.questionnaire.safe_yaml import read_yaml_file

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "questionnaire"
SCHEMA_FILES = ("schema.json", "fragment.schema.json")


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_schema", ROOT / "scripts" / "generate_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate_schema = _load_generator()


def schema(name: str) -> dict:
    return json.loads((ROOT / "questionnaires" / name).read_text(encoding="utf-8"))


def test_checked_in_schemas_are_up_to_date():
    assert generate_schema.stale_files(ROOT / "questionnaires") == []


def test_the_check_flag_runs_as_a_script():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_schema.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_the_check_flag_fails_on_a_stale_or_missing_file(tmp_path, capsys):
    assert generate_schema.main(["--out-dir", str(tmp_path)]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(SCHEMA_FILES)
    assert generate_schema.main(["--check", "--out-dir", str(tmp_path)]) == 0
    (tmp_path / "schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "fragment.schema.json").unlink()
    capsys.readouterr()
    assert generate_schema.main(["--check", "--out-dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / name}: out of date; run python scripts/generate_schema.py" for name in SCHEMA_FILES
    ]


def test_output_is_deterministic_json_with_sorted_keys():
    texts = generate_schema.schema_texts()
    assert texts == generate_schema.schema_texts()
    for text in texts.values():
        assert text.endswith("}\n")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("name", "schema_id", "required"),
    [
        ("schema.json", "urn:maturitymap:schema:questionnaire", ["id", "title", "version"]),
        ("fragment.schema.json", "urn:maturitymap:schema:questionnaire-fragment", []),
    ],
)
def test_schema_header(name, schema_id, required):
    loaded = schema(name)
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert loaded["$id"] == schema_id
    assert loaded["title"].startswith("MaturityMap questionnaire")
    assert loaded["description"]
    assert loaded["additionalProperties"] is False
    assert sorted(loaded.get("required", [])) == required


def properties_without_description(node, path="") -> list[str]:
    """Every property, anywhere in a schema, that has no description."""
    missing = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            if not (isinstance(prop, dict) and prop.get("description")):
                missing.append(f"{path}.properties.{name}")
        for key, value in node.items():
            missing += properties_without_description(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            missing += properties_without_description(value, f"{path}[{index}]")
    return missing


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_property_has_a_description(name):
    loaded = schema(name)
    assert properties_without_description(loaded) == []
    assert all(definition.get("description") for definition in loaded["$defs"].values())


def test_the_walk_finds_a_property_without_description():
    assert properties_without_description({"$defs": {"A": {"properties": {"x": {"type": "string"}}}}}) == [
        ".$defs.A.properties.x"
    ]


# --- the schemas agree with the loader (needs the jsonschema package) -------------------------


def as_json(value):
    """YAML data as an editor sees it in JSON: mapping keys are strings."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def schema_errors(schema_name: str, data) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed in this environment")
    validator = jsonschema.Draft202012Validator(schema(schema_name))
    return sorted(f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(as_json(data)))


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schemas_are_valid_draft_2020_12(name):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed in this environment")
    jsonschema.Draft202012Validator.check_schema(schema(name))


ROOT_FILES = [
    FIXTURES / "good.yaml",
    FIXTURES / "folder" / "questionnaire.yaml",
    ROOT / "questionnaires" / "itsm-core" / "questionnaire.yaml",
]
FRAGMENT_FILES = [
    path
    for folder in (FIXTURES / "folder", ROOT / "questionnaires" / "itsm-core")
    for path in sorted(folder.glob("*.yaml"))
    if path.name != "questionnaire.yaml"
]


@pytest.mark.parametrize("path", ROOT_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_root_files_validate_against_schema_json(path):
    assert schema_errors("schema.json", read_yaml_file(path)[0]) == []


@pytest.mark.parametrize("path", FRAGMENT_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_included_files_validate_against_fragment_schema_json(path):
    assert schema_errors("fragment.schema.json", read_yaml_file(path)[0]) == []


def test_the_schema_accepts_an_unquoted_whole_number_as_option_key():
    data = read_yaml_file(FIXTURES / "good.yaml")[0]
    data["scales"]["yes_no"][0]["key"] = 1
    assert schema_errors("schema.json", data) == []


def test_the_schema_rejects_what_the_loader_rejects():
    data = read_yaml_file(FIXTURES / "good.yaml")[0]
    data["processes"][0]["items"][1]["level"] = 6
    data["processes"][0]["items"][1]["dimesion"] = "tools"
    data["processes"][0]["levels"][7] = {"zh": "七", "en": "Seven"}
    del data["version"]
    assert schema_errors("schema.json", data) == [
        "['processes', 0, 'items', 1, 'level']: 6 is not valid under any of the given schemas",
        "['processes', 0, 'items', 1]: Additional properties are not allowed ('dimesion' was unexpected)",
        "['processes', 0, 'levels']: '7' does not match '^[1-5]$'",
        "[]: 'version' is a required property",
    ]
