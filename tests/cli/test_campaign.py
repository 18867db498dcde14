"""Campaigns from the command line: create with an invitation list (a wrong list refused by row and column, nothing
created), the links as CSV and XLSX (read back by LibreOffice too), the server's address, QR codes and printable
cards decoded back to the links, the message to paste, status, close and reopen."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from openpyxl import load_workbook
from PIL import Image

from assessment.campaigns import answering, service
from assessment.campaigns.answering import Refused
from assessment.campaigns.files import qr_code
from assessment.workspace.core import Workspace
from tests.cli import running
from tests.cli.test_cli import rel, stored

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = ROOT / "tests" / "fixtures" / "campaigns" / "questionnaire.yaml"
BASE = "https://survey.example.com"


def campaign_command(tmp_path: Path, *args: str, lang: str = "en", real: bool = False):
    """`campaign ARGS` on the throwaway database; as a child process when `real`."""
    database = ("--database", f"sqlite:///{tmp_path / 'x.db'}")
    return running.command(
        ["campaign", *args, *database, "--lang", lang], {"MATURITYMAP_LANG": None}, timeout=120, real=real
    )


@pytest.fixture
def assessment(tmp_path) -> int:
    made = stored(
        tmp_path, "create", "--client", "甲公司", "--name", "2026", rel(QUESTIONNAIRE), "--units", "总部,华东"
    )
    assert made.returncode == 0, made.stderr
    return int(made.stdout.strip())


def write_list(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "invitees.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def decoded(png: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_a_wrong_invitation_list_is_refused_by_row_and_column_and_nothing_is_created(tmp_path, assessment):
    path = write_list(
        tmp_path,
        [
            ["答卷人", "角色", "单位", "电子邮件"],
            ["王经理", "流程负责人", "总部", "wang@example.com"],
            ["李用户", "ceo", "总部", ""],
            ["王经理", "key_user", "火星", "not-an-address"],
        ],
    )
    refused = campaign_command(tmp_path, "create", str(assessment), "--name", "第一轮", "--respondents", str(path))
    assert refused.returncode == 2
    lines = refused.stderr.splitlines()
    assert any(line.startswith(f"{path}:3: column role: role 'ceo'") for line in lines), lines
    assert any(line.startswith(f"{path}:4: respondent '王经理' has a second row (first on row 2)") for line in lines)
    assert any(line.startswith(f"{path}:4: column unit: unit '火星'") for line in lines), lines
    assert any(line.startswith(f"{path}:4: column email:") for line in lines), lines
    workspace = Workspace(f"sqlite:///{tmp_path / 'x.db'}")
    assert service.campaigns_of(workspace, assessment) == []
    workspace.dispose()
    unknown = write_list(tmp_path, [["respondent", "role", "department"], ["a", "key_user", "x"]])
    refused = campaign_command(tmp_path, "create", str(assessment), "--name", "x", "--respondents", str(unknown))
    assert refused.returncode == 2
    assert f"{unknown}:1: column 'department' is not one of respondent, role, unit, email, phone" in refused.stderr
    assert f"{unknown}:1: missing required column 'unit'" in refused.stderr


def test_the_life_of_a_campaign_from_the_command_line(tmp_path, assessment):
    path = write_list(
        tmp_path,
        [
            ["respondent", "role", "unit", "email", "phone"],
            ["王经理", "Process owner", "总部", "Wang@Example.com", "+86 138 0000 0000"],
            ["=李用户", "关键用户", "华东", "", ""],  # a name a spreadsheet would take for a formula
        ],
    )
    created = campaign_command(
        tmp_path,
        *("create", str(assessment), "--name", "第一轮", "--respondents", str(path), "--closes", "2099-12-31"),
        real=True,
    )
    assert created.returncode == 0, created.stderr
    campaign = created.stdout.strip()
    assert "2 personal links made" in created.stderr

    no_address = campaign_command(tmp_path, "links", campaign, "-o", str(tmp_path / "links.csv"))
    assert no_address.returncode == 2
    assert "the links need the server's address" in no_address.stderr
    assert campaign_command(tmp_path, "address", "ftp://x").returncode == 2
    assert campaign_command(tmp_path, "address", BASE + "/").returncode == 0

    assert campaign_command(tmp_path, "links", campaign, "-o", str(tmp_path / "links.csv")).returncode == 0
    with (tmp_path / "links.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert [(r["respondent"], r["role"], r["unit"], r["email"], r["status"]) for r in rows] == [
        ("王经理", "process_owner", "总部", "wang@example.com", "invited"),
        ("'=李用户", "key_user", "华东", "", "invited"),
    ]
    assert all(r["link"].startswith(BASE + "/s/") and len(r["link"]) == len(BASE) + 3 + 32 for r in rows)

    xlsx = tmp_path / "links.xlsx"
    assert campaign_command(tmp_path, "links", campaign, "-o", str(xlsx), "--base-url", BASE, lang="zh").returncode == 0
    sheet = load_workbook(xlsx).active
    assert [cell.value for cell in sheet[1]][:4] == ["respondent", "role", "unit", "link"]
    assert sheet["A3"].value == "=李用户"  # text, not a formula
    assert sheet["B2"].value == "流程负责人"
    assert sheet["D2"].value == rows[0]["link"]
    converted = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",  # its own: a shared one lets one run at once
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        capture_output=True,
        timeout=180,
    )
    assert converted.returncode == 0, converted.stderr
    with (tmp_path / "links.csv").open(encoding="utf-8") as file:
        again = list(csv.reader(file))
    assert again[2][0] == "=李用户"
    assert again[1][3] == rows[0]["link"]

    workspace = Workspace(f"sqlite:///{tmp_path / 'x.db'}")
    link = service.links_of(workspace, int(campaign), BASE)[0].link
    assert decoded(qr_code(link)) == [link]
    codes = tmp_path / "qr"
    codes.mkdir()
    assert campaign_command(tmp_path, "qr", campaign, "-o", str(codes)).returncode == 0
    files = sorted(codes.iterdir())
    assert [path.name for path in files] == ["0001-王经理.png", "0002-李用户.png"]  # "=" left out of a file name
    assert [decoded(path.read_bytes()) for path in files] == [[r["link"]] for r in rows]
    cards = tmp_path / "cards.pdf"
    assert campaign_command(tmp_path, "cards", campaign, "-o", str(cards), lang="zh").returncode == 0
    text = subprocess.run(["pdftotext", str(cards), "-"], capture_output=True, text=True, check=True).stdout
    assert "王经理" in text
    assert "第一轮" in text
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(cards), str(tmp_path / "card")], check=True
    )
    page = Image.open(next(tmp_path.glob("card*.png")))
    assert sorted(found.text for found in zxingcpp.read_barcodes(page)) == sorted(r["link"] for r in rows)

    status = campaign_command(tmp_path, "status", campaign, "--format", "json")
    assert json.loads(status.stdout)["progress"] == [
        {"unit": "华东", "role": "key_user", "invited": 1, "started": 0, "completed": 0},
        {"unit": "总部", "role": "process_owner", "invited": 1, "started": 0, "completed": 0},
    ]
    token = link.removeprefix(BASE + "/s/")
    assert campaign_command(tmp_path, "close", campaign).returncode == 0
    with pytest.raises(Refused):
        answering.open_link(workspace, token)
    assert campaign_command(tmp_path, "reopen", campaign).returncode == 0
    assert answering.open_link(workspace, token).respondent == "王经理"
    assert campaign_command(tmp_path, "revoke", campaign, "王经理").returncode == 0
    with pytest.raises(Refused):
        answering.open_link(workspace, token)
    workspace.dispose()


def test_an_anonymous_campaign_has_one_open_link_and_a_message_with_it(tmp_path, assessment):
    created = campaign_command(tmp_path, "create", str(assessment), "--name", "匿名", "--anonymous")
    campaign = created.stdout.strip()
    message = campaign_command(tmp_path, "message", campaign, "--base-url", BASE, lang="zh")
    assert message.returncode == 0, message.stderr
    assert message.stdout.startswith("您好！诚邀您参加“匿名”在线问卷")
    link = message.stdout.strip().splitlines()[-1]
    assert link.startswith(BASE + "/s/")
    refused = campaign_command(tmp_path, "invite", campaign)
    assert refused.returncode == 2
    assert "is anonymous: it has one open link" in refused.stderr
