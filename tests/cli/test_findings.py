"""The consultant's findings and recommendations from the command line: set from a file or standard input, read
back, listed, cleared; a wrong scope exits 2 with one line in the user's language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assessment.workspace.core import Workspace
from assessment.workspace.queries import audit_of
from tests.cli.test_cli import QUESTIONNAIRE, ROOT, rel, stored

TEXT = "变更审批**不统一**。\n\n- 无 CAB\n- 无回顾"


def created(tmp_path: Path) -> None:
    done = stored(tmp_path, "create", "--client", "Acme", "--name", "2026", rel(QUESTIONNAIRE))
    assert done.returncode == 0, done.stderr


def piped(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MATURITYMAP_LANG", None)
    command = [sys.executable, "-m", "assessment", *args, "--database", f"sqlite:///{tmp_path / 'x.db'}"]
    return subprocess.run(command, input=text.encode(), capture_output=True, cwd=ROOT, env=env, timeout=60)


def test_set_read_list_and_clear(tmp_path):
    created(tmp_path)
    source = tmp_path / "summary.md"
    source.write_text(TEXT + "\n", encoding="utf-8-sig")  # a BOM, as Windows' Notepad writes it
    done = stored(tmp_path, "findings", "1", "--summary", "--set", str(source), real=True)
    assert (done.returncode, done.stderr) == (0, "summary findings: saved\n")
    done = piped(
        tmp_path, "1. Weekly CAB\n", "findings", "1", "--process", "change", "--kind", "recommendations", "--set", "-"
    )
    assert done.returncode == 0, done.stderr

    assert stored(tmp_path, "findings", "1", "--summary").stdout == TEXT + "\n"
    listed = json.loads(stored(tmp_path, "findings", "1", "--format", "json").stdout)
    assert [(row["scope"], row["kind"], row["text"]) for row in listed] == [
        ("change", "recommendations", "1. Weekly CAB"),
        ("summary", "findings", TEXT),
    ]
    assert listed[0]["by"].endswith("(command line)")

    again = stored(tmp_path, "findings", "1", "--summary", "--set", str(source), lang="zh")
    assert (again.returncode, again.stderr) == (0, "summary 的结论：未改变\n")
    cleared = stored(tmp_path, "findings", "1", "--summary", "--clear")
    assert (cleared.returncode, cleared.stderr) == (
        0,
        "summary findings: cleared, the report shows the generated text\n",
    )
    none = stored(tmp_path, "findings", "1", "--summary")
    assert (none.stdout, none.stderr) == (
        "",
        "summary findings: nothing written, the report shows the generated text\n",
    )

    workspace = Workspace(f"sqlite:///{tmp_path / 'x.db'}")
    log = audit_of(workspace, 1, entity="consultant text")
    workspace.dispose()
    assert log[["action", "key"]].values.tolist() == [
        ["clear", "summary/findings"],
        ["set", "change/recommendations"],
        ["set", "summary/findings"],
    ]


def test_a_wrong_scope_or_file_exits_2_with_one_line(tmp_path):
    created(tmp_path)
    source = tmp_path / "x.md"
    source.write_text("x", encoding="utf-8")
    unknown = stored(tmp_path, "findings", "1", "--process", "finance", "--set", str(source), lang="zh")
    assert unknown.returncode == 2
    assert unknown.stderr == "“finance”既不是执行摘要（summary），也不是本评估的流程：summary, change, incident\n"
    no_scope = stored(tmp_path, "findings", "1", "--set", str(source))
    assert (no_scope.returncode, no_scope.stderr) == (2, "say which text: --summary or --process ID\n")
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("café".encode("latin-1"))
    bad = stored(tmp_path, "findings", "1", "--summary", "--set", str(latin1))
    assert (bad.returncode, bad.stderr) == (2, f"{latin1} is not UTF-8 text\n")
    long = tmp_path / "long.md"
    long.write_text("字" * 30_000, encoding="utf-8")
    refused = stored(tmp_path, "findings", "1", "--summary", "--set", str(long))
    assert refused.returncode == 2
    assert "more than the limit of 20000" in refused.stderr
    listed = stored(tmp_path, "findings", "1")
    assert listed.stderr == "nothing written yet: the report shows the generated texts\n"


def test_the_help_is_in_the_users_language():
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "findings", "--help", "--lang", "zh"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert "读取、设置或清除顾问撰写的结论与建议" in done.stdout
    assert "python -m assessment findings 1 --summary --clear" in done.stdout
