"""`evidence FILE` as a user runs it: the JSON contract, a table, exit 2 with a message in the user's language, no
name of a person in any output, and the evidence stored with an assessment."""

from __future__ import annotations

import json

from assessment.cli import main as cli
from tests.cli.test_cli import QUESTIONNAIRE, rel, run, stored
from tests.inputs.test_tickets import JIRA, NAMES, SERVICENOW_SNAPSHOT, write


def test_the_json_contract_grouped_by_unit(tmp_path, capsys):
    path = write(tmp_path, SERVICENOW_SNAPSHOT)
    out = tmp_path / "kpis.json"
    assert cli.main(["evidence", str(path), "--by", "unit", "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert list(document) == ["source", "process", "tickets", "events", "kpis"]
    assert (document["source"], document["process"], document["tickets"], document["events"]) == (
        "servicenow",
        "incident",
        4,
        4,
    )
    rows = {(row["by"], row["group"], row["kpi"]): (row["value"], row["tickets"]) for row in document["kpis"]}
    assert rows[(None, None, "resolution_hours_median")] == (12.0, 3)
    assert rows[("unit", "北京总部", "resolution_hours_median")] == (7.0, 2)
    assert ("unit", "Chengdu DC", "problem_linked_rate") in rows
    assert all(set(row) == {"kpi", "by", "group", "value", "tickets"} for row in document["kpis"])
    err = capsys.readouterr().err
    assert "4 tickets, 4 rows (one row per ticket), process incident" in err
    assert not any(name in out.read_text(encoding="utf-8") + err for name in NAMES)


def test_people_grouped_by_are_pseudonyms_and_a_table_in_chinese(tmp_path, capsys):
    path = write(tmp_path, SERVICENOW_SNAPSHOT)
    assert cli.main(["evidence", str(path), "--by", "assignee", "--format", "table", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["指标", "分组字段", "分组", "值", "工单数"]
    assert "SLA 达成率" in out
    assert "P-" in out
    assert not any(name in out for name in NAMES)


def test_bad_input_exits_2_naming_the_problem(tmp_path, capsys):
    path = write(tmp_path, JIRA)
    assert cli.main(["evidence", str(path), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: 这不是 servicenow 导出文件：缺少列 number（工单编号）")
    assert "请尝试 --source jira" in err
    assert cli.main(["evidence", str(path), "--source", "jira", "--by", "unit", "--map", "colour=Status"]) == 2
    assert capsys.readouterr().err == (
        "--map: 'colour' is not a field of a ticket log; the fields are " + ", ".join(_fields()) + "\n"
    )
    assert cli.main(["evidence", str(path), "--source", "jira", "--by", "unit"]) == 2
    assert "--by: cannot group by unit: no column of this file is mapped to it" in capsys.readouterr().err


def _fields() -> list[str]:
    from assessment.inputs.ticket_fields import FIELDS

    return list(FIELDS)


def test_the_real_command_line(tmp_path):
    path = write(tmp_path, SERVICENOW_SNAPSHOT)
    done = run("evidence", str(path), "--format", "table")
    assert done.returncode == 0, done.stderr
    assert "Resolution time, median (hours)" in done.stdout
    assert not any(name in done.stdout + done.stderr for name in NAMES)
    done = run("evidence", str(path), "--database", "sqlite:///x.db")
    assert done.returncode == 2
    assert "--database, --keep-rows, --reference-unit and --bpmn go with --assessment ID" in done.stderr


def test_stored_with_an_assessment(tmp_path):
    from assessment.workspace import evidence
    from assessment.workspace.core import Workspace

    assert stored(tmp_path, "create", "--client", "Acme", "--name", "2026", rel(QUESTIONNAIRE)).returncode == 0
    path = write(tmp_path, SERVICENOW_SNAPSHOT)
    done = stored(tmp_path, "evidence", str(path), "--assessment", "1")
    assert done.returncode == 0, done.stderr
    assert "stored as evidence" in done.stderr
    workspace = Workspace(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        [kept] = evidence.evidence_of(workspace, 1)
    finally:
        workspace.dispose()
    assert (kept.process, kept.tickets, kept.events) == ("incident", 4, 4)
    assert not any(name in (tmp_path / "x.db").read_bytes().decode("utf-8", "replace") for name in NAMES)
