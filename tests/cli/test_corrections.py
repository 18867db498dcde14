"""Putting collected data right from the command line: each command changes exactly what it says, all or nothing,
says what it did in one line, and exits 2 with one line when it cannot."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl

from assessment.workspace.core import Workspace
from assessment.workspace.queries import answers_of, audit_of, respondents_of
from tests.cli.test_cli import QUESTIONNAIRE, WORKED, rel, run, stored
from tests.forms_filling import fill


def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'x.db'}"


def dump(tmp_path: Path) -> list[str]:
    """The whole database as SQL, without the audit log and the import history (which say what was done)."""
    with sqlite3.connect(tmp_path / "x.db") as connection:
        lines = list(connection.iterdump())
    kept = ("audit_log", "import_batches", "import_changes", "assessments")  # revisions count every change
    return [line for line in lines if not any(f'INSERT INTO "{table}"' in line for table in kept)]


def created(tmp_path: Path) -> None:
    done = stored(tmp_path, "create", "--client", "Acme", "--name", "2026", rel(QUESTIONNAIRE), "--units", "beijing")
    assert done.returncode == 0, done.stderr


def people(tmp_path: Path):
    workspace = Workspace(database(tmp_path))
    try:
        return respondents_of(workspace, 1).set_index("respondent")
    finally:
        workspace.dispose()


def test_edit_merge_and_delete_a_respondent(tmp_path):
    created(tmp_path)
    assert stored(tmp_path, "import", "1", rel(WORKED)).returncode == 0
    args = ("edit-respondent", "1", "alice", "--rename", "Alice Wang", "--role", "流程负责人")
    edited = stored(tmp_path, *args, real=True)  # each command of this file runs as a child once
    assert (edited.returncode, edited.stderr) == (0, "respondent Alice Wang changed\n")
    assert people(tmp_path).loc["Alice Wang", "role"] == "process_owner"  # a role by its Chinese name

    twice = tmp_path / "twice.csv"
    twice.write_text("respondent,item,answer\nalice w.,CHG-1-01,2\nalice w.,CHG-3-01,1\n", encoding="utf-8")
    assert stored(tmp_path, "import", "1", str(twice)).returncode == 0
    merged = stored(tmp_path, "merge-respondents", "1", "Alice Wang", "alice w.", real=True)
    assert (merged.returncode, merged.stderr) == (0, "merged alice w. into Alice Wang: 2 answers kept, 0 left out\n")
    workspace = Workspace(database(tmp_path))
    answers = answers_of(workspace, 1, "Alice Wang")
    workspace.dispose()
    assert (answers["CHG-1-01"]["answer"], answers["CHG-3-01"]["answer"]) == ("2", "1")  # the newer answers stay
    assert list(people(tmp_path).index) == ["Alice Wang"]

    deleted = stored(tmp_path, "delete-respondent", "1", "Alice Wang", "--lang", "zh", real=True)
    assert (deleted.returncode, deleted.stderr) == (0, f"已删除 Alice Wang 及其 {len(answers)} 个回答\n")
    assert people(tmp_path).empty


def test_a_wrong_correction_exits_2_with_one_line_and_changes_nothing(tmp_path):
    created(tmp_path)
    assert stored(tmp_path, "import", "1", rel(WORKED)).returncode == 0
    before = dump(tmp_path)
    cases = [
        (("edit-respondent", "1", "alice", "--unit", "shenzhen"), "unit 'shenzhen' is not one of the assessment's"),
        (("edit-respondent", "1", "alice", "--role", "boss"), "role 'boss' is not one of the questionnaire's roles"),
        (("edit-respondent", "1", "alice", "--date", "9 March"), "not a date (YYYY-MM-DD): 9 March"),
        (("merge-respondents", "1", "alice", "alice"), None),
        (("delete-respondent", "1", "nobody"), "respondent 'nobody' does not exist"),
        (("undo-import", "1", "99"), None),
        (("delete-assessment", "1", "--confirm", "2025"), None),
    ]
    for args, message in cases:
        done = stored(tmp_path, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        if message:
            assert message in done.stderr
    assert dump(tmp_path) == before


def test_undo_an_import_gives_back_the_database_as_it_was(tmp_path):
    created(tmp_path)
    assert stored(tmp_path, "import", "1", rel(WORKED)).returncode == 0
    before = dump(tmp_path)
    changes = tmp_path / "changes.csv"
    changes.write_text(
        "respondent,role,unit,method,item,answer,comment\n"
        "alice,practitioner,beijing,interview,CHG-1-01,1,changed\n"  # changes an answer
        "alice,practitioner,beijing,interview,CHG-1-02,[clear],\n"  # takes one away
        "bob,process_owner,beijing,survey,CHG-1-01,3,\n",  # adds a respondent
        encoding="utf-8",
    )
    assert stored(tmp_path, "import", "1", str(changes)).returncode == 0
    assert dump(tmp_path) != before
    listed = json.loads(stored(tmp_path, "imports", "1", "--format", "json", real=True).stdout)
    assert [(row["import"], row["file"]) for row in listed] == [(2, "changes.csv"), (1, "worked.csv")]
    undone = stored(tmp_path, "undo-import", "1", "2", real=True)
    assert undone.returncode == 0, undone.stderr
    assert undone.stderr.startswith("undid import 2: 1 answers removed, 2 put back; 1 respondents removed")
    assert dump(tmp_path) == before  # exactly as before: the answer, its comment, its time; bob gone
    again = stored(tmp_path, "undo-import", "1", "2")
    assert again.returncode == 2
    table = stored(tmp_path, "imports", "1").stdout.splitlines()
    assert table[0].startswith("2\t")
    assert "[undone" in table[0]
    workspace = Workspace(database(tmp_path))
    log = audit_of(workspace, 1)
    workspace.dispose()
    assert "undo" in log["action"].tolist()


def test_archive_restore_and_delete_an_assessment(tmp_path):
    created(tmp_path)
    assert stored(tmp_path, "archive", "1", real=True).stderr == "assessment 1 archived\n"
    listed = stored(tmp_path, "assessments")
    assert "2026" not in listed.stdout
    assert stored(tmp_path, "archive", "1", "--restore").returncode == 0
    assert "2026" in stored(tmp_path, "assessments").stdout
    refused = stored(tmp_path, "delete-assessment", "1", "--confirm", "2025")
    assert refused.returncode == 2
    deleted = stored(tmp_path, "delete-assessment", "1", "--confirm", "2026", real=True)
    assert (deleted.returncode, deleted.stderr) == (0, "assessment 1 deleted\n")
    assert "2026" not in stored(tmp_path, "assessments").stdout


def test_forms_are_written_for_named_respondents_and_imported_strictly(tmp_path):
    created(tmp_path)
    forms = tmp_path / "forms.xlsx"
    made = stored(
        tmp_path,
        "template",
        "--assessment",
        "1",
        "--forms",
        "-o",
        str(forms),
        "--person",
        "李明,流程负责人,beijing",
        "--lang",
        "zh",
    )
    assert made.returncode == 0, made.stderr
    assert openpyxl.load_workbook(forms).sheetnames == ["填写说明", "李明", "选项列表"]
    written = fill(forms, "李明", None, lambda n, item, choices: choices[n % len(choices)] if choices else None)
    imported = stored(tmp_path, "import", "1", str(forms))
    assert imported.returncode == 0, imported.stderr
    assert f"answers {len(written)} added" in imported.stdout
    assert people(tmp_path).loc["李明", ["role", "unit"]].tolist() == ["process_owner", "beijing"]

    wrong = openpyxl.load_workbook(forms)
    wrong["李明"]["C5"] = "shanghai"
    wrong.save(forms)
    refused = stored(tmp_path, "import", "1", str(forms))
    assert refused.returncode == 2
    assert "forms.xlsx:李明:5: column C: unit 'shanghai' is not one of the assessment's units" in refused.stderr
    bad_person = stored(tmp_path, "template", "--assessment", "1", "--forms", "-o", str(forms), "--person", "x,boss")
    assert bad_person.returncode == 2
    assert run("template", rel(QUESTIONNAIRE), "--person", "x", "-o", str(tmp_path / "t.xlsx")).returncode == 2
