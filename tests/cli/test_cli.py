"""The command line as a user runs it: exit codes, stdout, stderr, and no partial files."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from assessment.cli import main as cli
from assessment.workspace.core import Workspace
from assessment.workspace.queries import audit_of
from tests.cli import running

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "cli"
QUESTIONNAIRE = FIXTURES / "questionnaire.yaml"
WORKED = FIXTURES / "worked.csv"


def run(*args: str, lang: str | None = None, real: bool = False) -> subprocess.CompletedProcess:
    """`python -m assessment ARGS` with MATURITYMAP_LANG set to `lang` (or unset); as a child process when `real`."""
    return running.command(args, {"MATURITYMAP_LANG": lang or None}, real=real)


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- validate -------------------------------------------------------------------------------------------------------


def test_validate_a_good_questionnaire():
    done = run("validate", rel(QUESTIONNAIRE), real=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "tests/fixtures/cli/questionnaire.yaml: valid questionnaire worked-example 1.0: 2 processes, 10 scored items\n"
    )
    assert done.stderr == ""


def test_validate_reports_every_problem_and_exits_2(tmp_path):
    broken = tmp_path / "q.yaml"
    text = QUESTIONNAIRE.read_text(encoding="utf-8")
    text = text.replace("{id: CHG-1-02, level: 1,", "{id: CHG-1-01, level: 6,").replace("weight: 2,", "weight: 0,")
    broken.write_text(text, encoding="utf-8")
    done = run("validate", str(broken))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{broken}:10: roles[process_owner].weight: must be greater than 0, got 0",
        f"{broken}:20: item id 'CHG-1-01' is used twice (first at {broken}:19)",
        f"{broken}:20: processes[change].items[CHG-1-01].level: level must be between 1 and 5, got 6",
        "3 problem(s) found",
    ]


def test_validate_in_chinese(tmp_path):
    broken = tmp_path / "q.yaml"
    broken.write_text(QUESTIONNAIRE.read_text(encoding="utf-8").replace("dimension: tools", "dimension: tool"), "utf-8")
    done = run("validate", str(broken), "--lang", "zh")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        f"{broken}:22: 题目 CHG-2-02 使用的维度“tool”未声明（已声明：process, tools）"
    )
    assert done.stderr.splitlines()[-1] == "发现 2 个问题"


def test_validate_a_missing_file():
    done = run("validate", "no/such.yaml")
    assert (done.returncode, done.stderr) == (2, "no/such.yaml: file not found\n1 problem(s) found\n")


def test_environment_chooses_chinese():
    done = run("validate", rel(QUESTIONNAIRE), lang="zh", real=True)  # the child inherits the variable
    assert done.stdout.startswith("tests/fixtures/cli/questionnaire.yaml：问卷有效 worked-example 1.0：2 个流程")


# --- score ----------------------------------------------------------------------------------------------------------


def test_score_json_follows_the_spec():
    done = run("score", rel(QUESTIONNAIRE), rel(WORKED), real=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["questionnaire"] == {"id": "worked-example", "version": "1.0"}
    assert (result["rule"], result["respondents"], result["warnings"]) == ("iso33020", 1, [])
    change = result["processes"][0]
    assert {k: change[k] for k in ("id", "level", "score", "coverage", "target", "gap")} == {
        "id": "change",
        "level": 2,
        "score": 2.125,
        "coverage": 7 / 9,
        "target": 3,
        "gap": 1,
    }
    assert change["levels"] == [
        {"level": 1, "achievement": 1.0, "rating": "F", "items": 2, "answered": 2},
        {"level": 2, "achievement": 0.75, "rating": "L", "items": 3, "answered": 3},
        {"level": 3, "achievement": 0.375, "rating": "P", "items": 2, "answered": 2},
        {"level": 4, "achievement": None, "rating": None, "items": 1, "answered": 0},
        {"level": 5, "achievement": None, "rating": None, "items": 1, "answered": 0},
    ]
    assert change["dimensions"] == {"process": (1 + 1 + 1 + 0.5 + 0.25) / 5, "tools": (0.75 + 0.5) / 2}
    assert change["name"] == {"zh": "变更管理", "en": "Change management"}
    items = {item["id"]: item for item in result["items"]}
    assert items["CHG-2-02"] == {
        "id": "CHG-2-02",
        "process": "change",
        "level": 2,
        "achievement": 0.75,
        "answers": 1,
        "spread": 0.0,
        "flagged": False,
        "agreed": False,
        "na": 0,
        "unknown": 0,
        "empty": 0,
    }
    assert (items["CHG-4-01"]["achievement"], items["CHG-4-01"]["na"]) == (None, 1)
    assert "INC-NOTE" not in items  # unscored items are not in the results
    assert result["processes"][1]["level"] == 1  # incident: yes → 1.0 → F


def test_score_with_c2m2_and_targets():
    done = run("score", rel(QUESTIONNAIRE), rel(WORKED), "--rule", "c2m2", "--targets", rel(FIXTURES / "targets.yaml"))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    change, incident = result["processes"]
    assert (result["rule"], change["level"], change["target"], change["gap"]) == ("c2m2", 1, 4, 3)
    assert (incident["level"], incident["target"], incident["gap"]) == (1, 2, 1)


def test_score_table_in_chinese():
    done = run("score", rel(QUESTIONNAIRE), rel(WORKED), "--format", "table", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "问卷 worked-example 1.0 · 规则 iso33020 · 答卷人 1 名"
    assert lines[2].split() == ["流程", "等级", "得分", "覆盖率", "目标", "差距", "各级评定", "L1-L5"]
    assert lines[3].split() == ["变更管理", "2", "2.12", "78%", "3", "1", "F", "L", "P", "-", "-"]
    assert lines[4].split() == ["事件管理", "1", "1.00", "100%", "3", "2", "F", "-", "-", "-", "-"]


def test_score_csv_to_a_file_has_a_bom_for_excel(tmp_path):
    out = tmp_path / "result.csv"
    done = run("score", rel(QUESTIONNAIRE), rel(WORKED), "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", f"wrote {out}\n")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("process,name,level,score,coverage,target,gap,rating_1,")
    assert lines[1].startswith("change,Change management,2,2.125,0.7777777777777778,3,1,F,L,P,,,1.0,0.75,0.375,,")


def test_bad_responses_exit_2_with_every_problem_and_no_output(tmp_path):
    out = tmp_path / "result.json"
    done = run("score", rel(QUESTIONNAIRE), rel(FIXTURES / "bad.csv"), "-o", str(out))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "tests/fixtures/cli/bad.csv:2: column answer: answer '7' is not on the scale of item CHG-1-01 "
        "(allowed: 0, 1, 2, 3, 4, na, unknown)",
        "tests/fixtures/cli/bad.csv:3: column item: item 'CHG-9-99' is not in the questionnaire",
        "tests/fixtures/cli/bad.csv:4: column item: respondent 'bob' answers item CHG-1-01 twice (also on row 2)",
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_failed_command_leaves_an_existing_output_untouched(tmp_path):
    out = tmp_path / "result.json"
    out.write_text("earlier result", encoding="utf-8")
    done = run("score", rel(QUESTIONNAIRE), rel(FIXTURES / "bad.csv"), "-o", str(out))
    assert done.returncode == 2
    assert out.read_text(encoding="utf-8") == "earlier result"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_bad_targets_exit_2(tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text("change: 6\nchnage: 3\n", encoding="utf-8")
    done = run("score", rel(QUESTIONNAIRE), rel(WORKED), "--targets", str(targets))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{targets}:1: target for 'change' must be a whole number from 0 to 5, got 6",
        f"{targets}:2: process 'chnage' is not in the questionnaire (processes: change, incident)",
    ]


def test_output_into_a_missing_folder_is_refused_before_any_work(tmp_path):
    done = run("score", rel(QUESTIONNAIRE), rel(WORKED), "-o", str(tmp_path / "no" / "r.json"))
    assert done.returncode == 2
    assert done.stderr == f"cannot write {tmp_path / 'no' / 'r.json'}: its folder does not exist\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "q.yaml"], "the following arguments are required: RESPONSES"),
        (["score", "q.yaml", "r.csv", "--rule", "cmmi"], "argument --rule: invalid choice: 'cmmi'"),
        (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
        (["template", "q.yaml"], "the following arguments are required: -o/--output"),
    ],
)
def test_bad_arguments_exit_2_with_usage(args, message):
    done = run(*args, real=True)  # argparse's exit ends a real process
    assert done.returncode == 2
    assert "usage: python -m assessment" in done.stderr
    assert message in done.stderr


def test_help_on_every_command():
    for command in ("validate", "template", "score"):
        done = run(command, "--help", real=True)
        assert done.returncode == 0
        assert f"usage: python -m assessment {command}" in done.stdout
        assert "Exit codes: 0 success" in done.stdout


# --- template -------------------------------------------------------------------------------------------------------


def test_template_writes_a_file_the_score_command_reads_back(tmp_path):
    out = tmp_path / "survey.csv"
    done = run("template", rel(QUESTIONNAIRE), "-o", str(out), real=True)
    assert done.returncode == 0, done.stderr
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[:5] == ["respondent", "role", "unit", "method", "CHG-1-01"]
    with out.open("a", encoding="utf-8") as handle:
        handle.write("carol,process_owner,shanghai,survey," + ",".join(["4"] * 9) + ",yes,Jira\n")
    scored = run("score", rel(QUESTIONNAIRE), str(out))
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["processes"][0]["level"] == 5


def test_template_xlsx(tmp_path):
    out = tmp_path / "survey.xlsx"
    done = run("template", rel(QUESTIONNAIRE), "-o", str(out), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:2] == b"PK"


def test_template_of_an_invalid_questionnaire_writes_nothing(tmp_path):
    broken = tmp_path / "q.yaml"
    broken.write_text("id: Bad\n", encoding="utf-8")
    out = tmp_path / "survey.xlsx"
    done = run("template", str(broken), "-o", str(out))
    assert done.returncode == 2
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.yaml"]


def test_template_refuses_an_unknown_suffix(tmp_path):
    done = run("template", rel(QUESTIONNAIRE), "-o", str(tmp_path / "survey.ods"))
    assert done.returncode == 2
    assert done.stderr == f"{tmp_path / 'survey.ods'}: unknown file type '.ods': use .csv or .xlsx\n"


# --- internal errors ------------------------------------------------------------------------------------------------


def test_an_internal_error_exits_1_with_one_line(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("engine on fire")

    monkeypatch.setattr("assessment.analysis.scored.score_files", broken)
    monkeypatch.delenv("MATURITYMAP_DEBUG", raising=False)
    assert cli.main(["score", str(QUESTIONNAIRE), str(WORKED)]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "internal error: RuntimeError: engine on fire (set MATURITYMAP_DEBUG=1 for details; please report it)\n"
    )


# --- coverage -------------------------------------------------------------------------------------------------------


def test_validate_counts_walkthroughs_actions_and_context():
    done = run("validate", "tests/fixtures/questionnaire/plan.yaml")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "tests/fixtures/questionnaire/plan.yaml: valid questionnaire plan-fixture 1.0: 2 processes, 3 scored items, "
        "1 walkthroughs, 3 actions, 2 context sections\n"
    )


def test_coverage_prints_the_counts_per_process_level_and_dimension(tmp_path):
    out = tmp_path / "coverage.md"
    done = run("coverage", "tests/fixtures/questionnaire/plan.yaml", "-o", str(out), real=True)
    assert (done.returncode, done.stderr) == (0, f"wrote {out}\n")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Questionnaire coverage: plan-fixture 1.0"
    assert "| Change management (变更管理) | 2 | 1 | 1 | 0 | 0 | 0 | 2 | 1 (2) | 2 | 4–7 |" in lines
    assert "| Configuration management (配置管理) | 1 | 1 | 0 | 0 | 0 | 0 | 1 | 0 (0) | 1 | 10–20 |" in lines


def test_coverage_of_an_invalid_questionnaire_exits_2(tmp_path):
    broken = tmp_path / "q.yaml"
    broken.write_text("id: x\n", encoding="utf-8")
    done = run("coverage", str(broken))
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{broken}:1: missing required key 'version'" in done.stderr.splitlines()


# --- stored assessments ---------------------------------------------------------------------------------------------


def stored(tmp_path: Path, *args: str, lang: str | None = None, real: bool = False) -> subprocess.CompletedProcess:
    """A command on a throwaway SQLite database in tmp_path."""
    return run(*args, "--database", f"sqlite:///{tmp_path / 'x.db'}", lang=lang, real=real)


def test_create_import_and_score_a_stored_assessment_as_the_files_score(tmp_path):
    created = stored(
        tmp_path,
        "create",
        "--client",
        "示例客户",
        "--name",
        "2026 基线",
        rel(QUESTIONNAIRE),
        "--units",
        "beijing,shanghai",
        real=True,
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout == "1\n"
    assert created.stderr == "created assessment 1: 示例客户 / 2026 基线 (worked-example 1.0, 2 processes, 2 units)\n"
    imported = stored(tmp_path, "import", "1", rel(WORKED), real=True)
    assert (imported.returncode, imported.stderr) == (0, "")
    assert imported.stdout == (
        "imported tests/fixtures/cli/worked.csv into assessment 1: respondents 1 added, 0 changed; "
        "answers 11 added, 0 changed, 0 unchanged\n"
    )
    again = stored(tmp_path, "import", "1", rel(WORKED), "--lang", "zh")
    assert again.stdout.endswith("回答新增 0 条、更新 0 条、未变 11 条\n")
    workspace = Workspace(f"sqlite:///{tmp_path / 'x.db'}")
    imports = audit_of(workspace, 1, entity="answers")
    workspace.dispose()
    assert imports["key"].tolist() == ["worked.csv"]  # the file's name: the audit log keeps no local path
    from_database = stored(tmp_path, "score", "--assessment", "1")
    from_files = run("score", rel(QUESTIONNAIRE), rel(WORKED))
    assert from_database.returncode == 0, from_database.stderr
    assert json.loads(from_database.stdout) == json.loads(from_files.stdout)
    table = stored(tmp_path, "score", "--assessment", "1", "--format", "table", "--rule", "c2m2")
    assert table.stdout.splitlines()[0] == "Questionnaire worked-example 1.0 · rule c2m2 · 1 respondents"


def test_create_with_a_scope_and_targets(tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text("change: 4\n", encoding="utf-8")
    created = stored(tmp_path, "create", "--client", "C", "--name", "N", rel(QUESTIONNAIRE), "--processes", "change")
    assert created.returncode == 0, created.stderr
    created = stored(
        tmp_path,
        "create",
        "--client",
        "C",
        "--name",
        "M",
        rel(QUESTIONNAIRE),
        "--targets",
        str(targets),
        "--rule",
        "c2m2",
    )
    assert created.stdout == "2\n"
    stored(tmp_path, "import", "2", rel(WORKED))
    result = json.loads(stored(tmp_path, "score", "--assessment", "2").stdout)
    assert result["rule"] == "c2m2"
    assert [(p["id"], p["target"]) for p in result["processes"]] == [("change", 4), ("incident", 3)]
    narrow = stored(tmp_path, "score", "--assessment", "1")
    assert [p["id"] for p in json.loads(narrow.stdout)["processes"]] == ["change"]


def test_demo_leaves_a_database_with_other_assessments_alone(tmp_path):
    stored(tmp_path, "create", "--client", "C", "--name", "N", rel(QUESTIONNAIRE))
    done = stored(tmp_path, "demo", "--lang", "zh")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "数据库中已有 1 个评估：未载入演示评估（使用 --force 仍可载入）\n"
    assert len(json.loads(stored(tmp_path, "assessments", "--format", "json").stdout)) == 1


def test_assessments_lists_what_is_stored(tmp_path):
    empty = stored(tmp_path, "assessments", real=True)
    assert (empty.returncode, empty.stdout) == (0, "")
    assert "no stored assessments yet" in empty.stderr
    stored(tmp_path, "create", "--client", "示例客户", "--name", "2026 基线", rel(QUESTIONNAIRE))
    stored(tmp_path, "import", "1", rel(WORKED))
    table = stored(tmp_path, "assessments", "--lang", "zh")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["编号", "客户", "评估", "问卷", "答卷人", "回答", "演示"]
    assert lines[1].split() == ["1", "示例客户", "2026", "基线", "worked-example", "1.0", "1", "11"]
    listed = json.loads(stored(tmp_path, "assessments", "--format", "json").stdout)
    assert listed == [
        {
            "id": 1,
            "client": "示例客户",
            "name": "2026 基线",
            "questionnaire": {"id": "worked-example", "version": "1.0"},
            "rule": "iso33020",
            "processes": 2,
            "respondents": 1,
            "answers": 11,
            "demo": False,
            "started_on": None,
        }
    ]


def test_demo_loads_into_an_empty_database_only(tmp_path):
    first = stored(tmp_path, "demo", real=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "1\n"
    assert first.stderr.startswith("loaded the demo assessment 1: 20 respondents, ")
    second = stored(tmp_path, "demo")
    assert (second.returncode, second.stdout, second.stderr) == (0, "1\n", "the demo is loaded already: assessment 1\n")
    (listed,) = json.loads(stored(tmp_path, "assessments", "--format", "json").stdout)
    assert (listed["demo"], listed["respondents"], listed["questionnaire"]["id"]) == (True, 20, "itsm-core")
    forced = stored(tmp_path, "demo", "--force")  # the demo is there already: refused, not loaded twice
    assert forced.returncode == 2
    assert "already has an assessment named" in forced.stderr
    scored = stored(tmp_path, "score", "--assessment", "1", "--format", "table")
    assert scored.returncode == 0, scored.stderr
    assert scored.stdout.splitlines()[0] == "Questionnaire itsm-core 2.0 · rule iso33020 · 20 respondents"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "--assessment", "42"], "assessment 42 does not exist\n"),
        (["import", "42", rel(WORKED)], "assessment 42 does not exist\n"),
        (["score", "--assessment", "42", "--lang", "zh"], "评估 42 不存在\n"),
    ],
)
def test_an_unknown_assessment_exits_2_with_one_line(tmp_path, args, message):
    done = stored(tmp_path, *args)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["score", "--assessment", "abc"],
            "argument --assessment: an assessment id is a whole number from 1, got 'abc'",
        ),
        (["import", "0", "r.csv"], "argument ASSESSMENT_ID: an assessment id is a whole number from 1, got '0'"),
        (["score", "q.yaml", "r.csv", "--assessment", "1"], "give either QUESTIONNAIRE RESPONSES or --assessment ID"),
        (["score", "--assessment", "1", "--targets", "t.yaml"], "--targets is for scoring files"),
        (["score"], "the following arguments are required: QUESTIONNAIRE, RESPONSES (or --assessment ID)"),
        (["score", "q.yaml", "r.csv", "--database", "sqlite://"], "--database goes with --assessment ID"),
        (["create", "--client", "C", "q.yaml"], "the following arguments are required: --name"),
    ],
)
def test_bad_arguments_on_stored_assessments_exit_2_with_usage(args, message):
    done = run(*args)
    assert done.returncode == 2
    assert "usage: python -m assessment" in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_input_to_stored_assessments_exits_2_and_changes_nothing(tmp_path):
    stored(tmp_path, "create", "--client", "C", "--name", "N", rel(QUESTIONNAIRE))
    bad = stored(tmp_path, "import", "1", rel(FIXTURES / "bad.csv"))
    assert bad.returncode == 2
    assert len(bad.stderr.splitlines()) == 3
    scope = stored(
        tmp_path, "create", "--client", "C", "--name", "M", rel(QUESTIONNAIRE), "--processes", "change,chnage"
    )
    assert (scope.returncode, scope.stderr) == (
        2,
        "process 'chnage' is not in this assessment's scope (scope: change, incident)\n",
    )
    twice = stored(tmp_path, "create", "--client", "C", "--name", "N", rel(QUESTIONNAIRE))
    assert (twice.returncode, twice.stderr) == (2, "client 'C' already has an assessment named 'N'\n")
    (listed,) = json.loads(stored(tmp_path, "assessments", "--format", "json").stdout)
    assert (listed["name"], listed["respondents"], listed["answers"]) == ("N", 0, 0)


def test_a_database_that_cannot_be_opened_exits_2():
    done = run("assessments", "--database", "nosuchdb://x")
    assert done.returncode == 2
    assert done.stderr.startswith("cannot open the database nosuchdb://x: ")
    assert "Traceback" not in done.stderr


def test_help_on_the_stored_assessment_commands():
    for command in ("assessments", "create", "import", "demo", "export", "import-bundle"):
        done = run(command, "--help", "--lang", "zh")
        assert done.returncode == 0
        assert f"usage: python -m assessment {command}" in done.stdout
        assert "MATURITYMAP_DATABASE_URL" in done.stdout


def test_export_and_import_bundle_move_an_assessment_between_databases(tmp_path):
    other = f"sqlite:///{tmp_path / 'other.db'}"
    stored(tmp_path, "create", "--client", "示例客户", "--name", "2026 基线", rel(QUESTIONNAIRE))
    stored(tmp_path, "import", "1", rel(WORKED))
    bundle = tmp_path / "baseline.mmbundle"
    exported = stored(tmp_path, "export", "1", "-o", str(bundle), real=True)
    assert (exported.returncode, exported.stdout, exported.stderr) == (0, "", f"wrote {bundle}\n")
    imported = run("import-bundle", str(bundle), "--database", other, real=True)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == "1\n"
    assert imported.stderr == f"imported {bundle} as assessment 1: 示例客户 / 2026 基线, 1 respondents, 11 answers\n"
    here = stored(tmp_path, "score", "--assessment", "1")
    there = run("score", "--assessment", "1", "--database", other)
    assert json.loads(there.stdout) == json.loads(here.stdout)
    twice = run("import-bundle", str(bundle), "--database", other)
    assert twice.returncode == 2
    assert "already has an assessment named '2026 基线'" in twice.stderr
    renamed = run("import-bundle", str(bundle), "--database", other, "--name", "副本")
    assert (renamed.returncode, renamed.stdout) == (0, "2\n")


def test_export_refuses_a_wrong_suffix_an_unknown_assessment_and_writes_nothing(tmp_path):
    stored(tmp_path, "create", "--client", "C", "--name", "N", rel(QUESTIONNAIRE))
    wrong = stored(tmp_path, "export", "1", "-o", str(tmp_path / "n.zip"))
    assert (wrong.returncode, wrong.stderr) == (2, f"{tmp_path / 'n.zip'}: a bundle file ends in .mmbundle\n")
    unknown = stored(tmp_path, "export", "7", "-o", str(tmp_path / "n.mmbundle"))
    assert (unknown.returncode, unknown.stderr) == (2, "assessment 7 does not exist\n")
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.startswith("x.db")) == []


def test_a_survey_round_trip_for_a_stored_assessment(tmp_path):
    """Template of the assessment's scope → filled in → imported → imported again: nothing changes."""
    created = stored(
        tmp_path, "create", "--client", "Acme", "--name", "2026", rel(QUESTIONNAIRE), "--processes", "change"
    )
    assert created.returncode == 0, created.stderr
    survey = tmp_path / "survey.csv"
    done = stored(tmp_path, "template", "--assessment", "1", "-o", str(survey))
    assert done.returncode == 0, done.stderr
    header = survey.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[4:] == [f"CHG-{k}" for k in ("1-01", "1-02", "2-01", "2-02", "2-03", "3-01", "3-02", "4-01", "5-01")]
    with survey.open("a", encoding="utf-8") as handle:
        handle.write("dora,process_owner,上海,survey," + ",".join(["3"] * 9) + "\n")
    first = stored(tmp_path, "import", "1", str(survey))
    again = stored(tmp_path, "import", "1", str(survey))
    assert (first.returncode, again.returncode) == (0, 0), first.stderr + again.stderr
    assert first.stdout.endswith("respondents 1 added, 0 changed; answers 9 added, 0 changed, 0 unchanged\n")
    assert again.stdout.endswith("respondents 0 added, 0 changed; answers 0 added, 0 changed, 9 unchanged\n")
    scored = json.loads(stored(tmp_path, "score", "--assessment", "1").stdout)
    assert [p["id"] for p in scored["processes"]] == ["change"]
    assert (scored["respondents"], scored["processes"][0]["level"]) == (1, 1)


def test_template_takes_a_questionnaire_or_an_assessment_not_both(tmp_path):
    done = run("template", rel(QUESTIONNAIRE), "--assessment", "1", "-o", str(tmp_path / "s.xlsx"))
    assert done.returncode == 2
    assert "give either QUESTIONNAIRE or --assessment ID, not both" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_roadmap_of_the_demo_in_every_format(tmp_path):
    assert stored(tmp_path, "demo").returncode == 0
    for suffix in ("xlsx", "csv", "md"):
        out = tmp_path / f"roadmap.{suffix}"
        args = ("roadmap", "1", "-o", str(out), "--start", "2026-09-01", "--capacity", "60")
        done = stored(tmp_path, *args, real=suffix == "xlsx")
        assert done.returncode == 0, done.stderr
        first, *lines = done.stdout.splitlines()
        said = re.fullmatch(r"(\d+) actions, ([\d.]+) person-days, 2026-09-01 to (\d{4}-\d\d-\d\d)", first)
        assert said, done.stdout
        # then one line per workstream at the capacity given, and the years whose holidays are estimated
        change = next(line for line in lines if line.startswith("  Change management: "))
        assert "at 60 a month, 2026-09-01 to" in change
        assert lines[-1] == "2027: holidays by rule; make-up working days not yet published"
    rows = list(csv.DictReader(io.StringIO((tmp_path / "roadmap.csv").read_text(encoding="utf-8-sig"))))
    assert int(said[1]) == len(rows) >= 50  # the summary counts the file's actions
    assert max(row["due"] for row in rows) == said[3]  # and ends when the last one is due
    first_phase = (tmp_path / "roadmap.md").read_text(encoding="utf-8").splitlines()[2]
    assert first_phase == f"## {rows[0]['phase']}" == "## Quick wins"  # by phase, the roadmap's order: quick wins first
    assert list(rows[0]) == ["summary", "description", "phase", "workstream", "start", "due", "owner", "depends on"]
    refused = stored(tmp_path, "roadmap", "1", "-o", str(tmp_path / "roadmap.pdf"))
    assert (refused.returncode, refused.stderr.strip()) == (
        2,
        f"cannot write {tmp_path / 'roadmap.pdf'}: a roadmap is written as .xlsx, .csv or .md",
    )
    assert not (tmp_path / "roadmap.pdf").exists()


def test_roadmap_capacity_per_workstream_and_bad_capacities_in_both_languages(tmp_path):
    assert stored(tmp_path, "demo").returncode == 0
    out = tmp_path / "plan.csv"
    args = ("roadmap", "1", "-o", str(out), "--start", "2026-04-01")

    def ends(done) -> dict[str, str]:
        """The last due date of each workstream, from the workstream lines of the summary."""
        assert done.returncode == 0, done.stderr
        found = re.findall(r"^  (.+?): .* to (\d{4}-\d\d-\d\d)$", done.stdout, flags=re.MULTILINE)
        return dict(found)

    default = ends(stored(tmp_path, *args))
    slower = ends(stored(tmp_path, *args, "--capacity", "incident=8"))
    faster = ends(stored(tmp_path, *args, "--capacity", "60", "--capacity", "incident=8"))
    assert slower["Incident management"] > default["Incident management"]
    assert slower["Problem management"] >= default["Problem management"]
    # 60 for every other workstream: none ends later, most sooner (some wait for incident all the same)
    assert all(faster[stream] <= slower[stream] for stream in slower)
    assert sum(faster[stream] < slower[stream] for stream in slower) >= 3
    for given, english, chinese in (
        ("0", "'0' is not a number of person-days above 0", "“0”既不是大于 0 的人天数"),
        ("incident=", "'incident=' is not a number of person-days above 0", "也不是 工作流=人天数"),
        ("=20", "'=20' is not a number", "“=20”既不是"),
        ("finance=20", "'finance' is not a workstream of this assessment's roadmap", "“finance”不是本评估路线图"),
    ):
        for lang, said in (("en", english), ("zh", chinese)):
            done = stored(tmp_path, *args, "--capacity", given, "--lang", lang)
            assert done.returncode == 2, (given, lang)
            assert said in done.stderr, done.stderr


def test_compare_a_reassessment_with_its_baseline(tmp_path):
    for name in ("2025", "2026"):
        assert stored(tmp_path, "create", "--client", "Acme", "--name", name, rel(QUESTIONNAIRE)).returncode == 0
    assert stored(tmp_path, "import", "1", rel(WORKED)).returncode == 0
    better = tmp_path / "better.csv"
    better.write_text(WORKED.read_text(encoding="utf-8").replace("CHG-2-03,2,", "CHG-2-03,4,"), encoding="utf-8")
    assert stored(tmp_path, "import", "2", str(better)).returncode == 0
    done = stored(tmp_path, "compare", "1", "2", real=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    change = next(p for p in result["processes"] if p["process"] == "change")
    assert (change["score_before"], change["score_after"]) == (2.125, 2.125 + 0.5 / 3)
    item = next(i for i in result["items"] if i["item"] == "CHG-2-03")
    assert (item["achievement_before"], item["achievement_after"]) == (0.5, 1.0)


def test_raw_data_writes_every_answer_to_a_workbook(tmp_path):
    loaded = stored(tmp_path, "demo")
    assert loaded.returncode == 0
    count = int(loaded.stderr.split("respondents, ")[1].split(" answers")[0])
    out = tmp_path / "raw.xlsx"
    done = stored(tmp_path, "raw-data", "1", "-o", str(out), "--lang", "zh", real=True)
    assert (done.returncode, done.stderr.strip()) == (0, f"已写入 {out}")
    workbook = openpyxl.load_workbook(out, read_only=True)
    assert workbook.sheetnames == ["说明", "回答", "答卷人", "现状背景", "穿行测试"]
    answers = list(workbook["回答"].iter_rows(min_row=2, values_only=True))
    assert len(answers) == count  # the demo's answers, as `demo` says it loaded
    refused = stored(tmp_path, "raw-data", "1", "-o", str(tmp_path / "raw.csv"))
    assert (refused.returncode, refused.stderr.strip()) == (
        2,
        f"cannot write {tmp_path / 'raw.csv'}: raw data is written as .xlsx",
    )


def test_compare_refuses_another_clients_baseline_and_a_later_one_with_one_line(tmp_path):
    for client, name in (("Acme", "2025"), ("Acme", "2026"), ("Globex", "2026")):
        assert stored(tmp_path, "create", "--client", client, "--name", name, rel(QUESTIONNAIRE)).returncode == 0
    output = tmp_path / "comparison.json"
    across = stored(tmp_path, "compare", "3", "2", "-o", str(output))
    assert (across.returncode, across.stdout) == (2, "")
    assert across.stderr.splitlines() == [
        "assessment 3 is of client 'Globex', assessment 2 of client 'Acme': "
        "only assessments of the same client can be compared"
    ]
    assert not output.exists()
    in_chinese = stored(tmp_path, "compare", "2", "3", lang="zh")
    assert (in_chinese.returncode, in_chinese.stderr) == (
        2,
        "评估 2 属于客户“Acme”，评估 3 属于客户“Globex”：只能对比同一客户的评估\n",
    )
    backwards = stored(tmp_path, "compare", "2", "1")  # the same day: the one created first is the earlier
    assert backwards.returncode == 2
    assert backwards.stderr.startswith("the baseline 2 (")
    assert backwards.stderr.count("\n") == 1
